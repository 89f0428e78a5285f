"""The writes of an ASB case, each a `@transaction.atomic` function that records its events on
the case timeline: intake (`asb_report`), the risk assessment, the action plan and contact,
evidence and the people in the case, closure, reopening and joining, and case reviews.

Interfaces (portal, console, API) import from here; the sub-modules are an implementation
detail."""

from homecase.asb.services.closure import asb_close, asb_join, asb_reopen, satisfaction_record
from homecase.asb.services.evidence import (
    crime_reference_record,
    diary_add,
    hate_incident_record,
    officer_assign,
    officer_note_add,
    party_add,
    repair_link,
)
from homecase.asb.services.intake import PersonInput, asb_report, officer_for_new_case
from homecase.asb.services.plan import (
    action_add,
    action_cancel,
    action_complete,
    contact_interval_agree,
    contact_record,
    partner_response_record,
)
from homecase.asb.services.review import case_review_decide, case_review_request, threshold_met
from homecase.asb.services.risk import risk_assess

__all__ = [
    "PersonInput",
    "action_add",
    "action_cancel",
    "action_complete",
    "asb_close",
    "asb_join",
    "asb_reopen",
    "asb_report",
    "case_review_decide",
    "case_review_request",
    "contact_interval_agree",
    "contact_record",
    "crime_reference_record",
    "diary_add",
    "hate_incident_record",
    "officer_assign",
    "officer_for_new_case",
    "officer_note_add",
    "partner_response_record",
    "party_add",
    "repair_link",
    "risk_assess",
    "satisfaction_record",
    "threshold_met",
]
