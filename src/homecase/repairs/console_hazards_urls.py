"""The Awaab's Law hazard pages and the programme view, included by `repairs.console_urls`
(under /console/repairs/, in its namespace)."""

from django.urls import path

from homecase.repairs import console_hazards as hazards
from homecase.repairs import console_programme as programme

urlpatterns = [
    path("hazards/", hazards.hazards, name="repairs-hazards"),
    path("programme/", programme.programme, name="repairs-programme"),
    path("programme/components/new/", programme.component_add, name="repairs-component-add"),
    path(
        "programme/components/<int:component_id>/work/",
        programme.component_work,
        name="repairs-component-work",
    ),
    path("<str:reference>/hazard/triage/", hazards.hazard_triage, name="repairs-hazard-triage"),
    path(
        "<str:reference>/hazard/investigation/",
        hazards.hazard_investigation,
        name="repairs-hazard-investigation",
    ),
    path("<str:reference>/hazard/summary/", hazards.hazard_summary, name="repairs-hazard-summary"),
    path(
        "<str:reference>/hazard/made-safe/",
        hazards.hazard_made_safe,
        name="repairs-hazard-made-safe",
    ),
    path(
        "<str:reference>/hazard/safety-works/",
        hazards.hazard_safety_works,
        name="repairs-hazard-safety-works",
    ),
    path(
        "<str:reference>/hazard/further-works/",
        hazards.hazard_further_works,
        name="repairs-hazard-further-works",
    ),
    path(
        "<str:reference>/hazard/accommodation/",
        hazards.hazard_accommodation,
        name="repairs-hazard-accommodation",
    ),
]
