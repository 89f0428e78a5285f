"""URLs of the annual complaints performance and service improvement report."""

from django.urls import path

from homecase.reports import annual

urlpatterns = [
    path("", annual.report, name="complaints-report"),
    path("pdf/", annual.report_pdf, name="complaints-report-pdf"),
    path("cases/", annual.report_cases, name="complaints-report-cases"),
]
