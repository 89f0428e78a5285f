"""URLs (placeholder until the shell lands)."""

app_name = "portal"
urlpatterns: list = []
