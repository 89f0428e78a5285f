"""The public performance page at /performance/: no sign-in."""

from django.urls import path

from homecase.reports import public

app_name = "performance"
urlpatterns = [
    path("", public.performance, name="performance"),
]
