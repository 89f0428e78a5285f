"""URLs of the Code self-assessment."""

from django.urls import path

from homecase.reports import self_assessment

urlpatterns = [
    path("", self_assessment.index, name="self-assessment"),
    path("self-assessment.csv", self_assessment.export_csv, name="self-assessment-csv"),
    path("<str:provision>/", self_assessment.assess, name="self-assessment-assess"),
]
