"""URLs of the Tenant Satisfaction Measures pages (under /governance/tsm/). The period is in the
query string: `?year=2025-26`, or `?start=2025-04-01&end=2025-09-30`."""

from django.urls import path

from homecase.reports import tsm

urlpatterns = [
    path("", tsm.tsm, name="tsm"),
    path("tsm.csv", tsm.tsm_csv, name="tsm-csv"),
    path("tsm.pdf", tsm.tsm_pdf, name="tsm-pdf"),
    path("figures/<slug:key>/", tsm.tsm_cases, name="tsm-cases"),
]
