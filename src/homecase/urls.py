"""Top-level URLs: the resident portal at /, the staff console at /console/, the API at /api/,
Django admin."""

from django.contrib import admin
from django.urls import include, path

from homecase.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("console/", include("homecase.console.urls")),
    path("api/", api.urls),
    path("contractor/", include("homecase.repairs.contractor_urls")),
    path("governance/", include("homecase.reports.urls")),
    path("performance/", include("homecase.reports.public_urls")),
    path("", include("homecase.portal.urls")),
]
