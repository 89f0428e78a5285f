"""The only writers of complaints: each service locks what it changes, checks the Code's rules,
records its events on the case timeline and opens or keeps its deadlines in one transaction."""

from homecase.complaints.services.follow_ups import missed_promises_follow_up
from homecase.complaints.services.intake import (
    Signer,
    complaint_create,
    complaint_point_add,
    complaint_refuse,
    complaint_withdraw,
)
from homecase.complaints.services.offers import complaint_offer_decide, contact_record
from homecase.complaints.services.remedies import (
    compensation_offer,
    compensation_record,
    learning_action_add,
    learning_action_complete,
    ombudsman_determination_record,
    ombudsman_order_comply,
    ombudsman_referral_record,
    remedy_add,
    remedy_complete,
    remedy_update,
    root_cause_record,
)
from homecase.complaints.services.restrictions import (
    contact_restriction_record,
    contact_restriction_review,
)
from homecase.complaints.services.stages import (
    PointDecisionInput,
    complaint_acknowledge,
    complaint_decide_points,
    complaint_escalate,
    complaint_extend,
    complaint_respond,
)

__all__ = [
    "PointDecisionInput",
    "Signer",
    "compensation_offer",
    "compensation_record",
    "complaint_acknowledge",
    "complaint_create",
    "complaint_decide_points",
    "complaint_escalate",
    "complaint_extend",
    "complaint_offer_decide",
    "complaint_point_add",
    "complaint_refuse",
    "complaint_respond",
    "complaint_withdraw",
    "contact_record",
    "contact_restriction_record",
    "contact_restriction_review",
    "learning_action_add",
    "learning_action_complete",
    "missed_promises_follow_up",
    "ombudsman_determination_record",
    "ombudsman_order_comply",
    "ombudsman_referral_record",
    "remedy_add",
    "remedy_complete",
    "remedy_update",
    "root_cause_record",
]
