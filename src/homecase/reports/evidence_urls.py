"""URLs of the Ombudsman evidence pack, under /console/evidence/ (reverse as
`console:evidence:<name>`)."""

from django.urls import path

from homecase.reports import evidence_views

app_name = "evidence"
urlpatterns = [
    path("<str:reference>/", evidence_views.case, name="case"),
    path("<str:reference>/pack.zip", evidence_views.pack, name="pack"),
]
