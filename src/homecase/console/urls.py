"""URLs (placeholder until the shell lands)."""

app_name = "console"
urlpatterns: list = []
