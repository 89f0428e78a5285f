"""Top-level URLs: the resident portal at /, the staff console at /console/, Django admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("console/", include("homecase.console.urls")),
    path("", include("homecase.portal.urls")),
]
