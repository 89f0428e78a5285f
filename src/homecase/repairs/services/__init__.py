"""The only writers of repairs: each service locks what it changes, checks the policy's rules,
records its events on the case timeline and opens or keeps its deadlines in one transaction."""

from homecase.repairs.services.appointments import (
    after_sweep,
    appointment_book,
    appointment_cancel,
    appointment_move,
    appointment_reminders_send,
)
from homecase.repairs.services.awaab import (
    hazard_alternative_accommodation_offer,
    hazard_further_works_started,
    hazard_investigation_record,
    hazard_made_safe,
    hazard_open,
    hazard_safety_works_completed,
    hazard_summary_sent,
    hazard_triage,
)
from homecase.repairs.services.chases import chase_record, chase_reply
from homecase.repairs.services.completion import (
    completion_confirm,
    inspection_record,
    repair_close,
    repair_complete,
)
from homecase.repairs.services.components import component_add, component_work_record
from homecase.repairs.services.intake import repair_report
from homecase.repairs.services.triage import (
    interim_measures_record,
    repair_cancel,
    repair_hand_to_programme,
    repair_priority_change,
    repair_triage,
    repair_update_give,
)
from homecase.repairs.services.visits import AttemptInput, clock_pause, clock_resume, visit_record
from homecase.repairs.services.work_orders import work_order_cancel, work_order_issue

__all__ = [
    "AttemptInput",
    "after_sweep",
    "appointment_book",
    "appointment_cancel",
    "appointment_move",
    "appointment_reminders_send",
    "chase_record",
    "chase_reply",
    "clock_pause",
    "clock_resume",
    "completion_confirm",
    "component_add",
    "component_work_record",
    "hazard_alternative_accommodation_offer",
    "hazard_further_works_started",
    "hazard_investigation_record",
    "hazard_made_safe",
    "hazard_open",
    "hazard_safety_works_completed",
    "hazard_summary_sent",
    "hazard_triage",
    "inspection_record",
    "interim_measures_record",
    "repair_cancel",
    "repair_close",
    "repair_complete",
    "repair_hand_to_programme",
    "repair_priority_change",
    "repair_report",
    "repair_triage",
    "repair_update_give",
    "visit_record",
    "work_order_cancel",
    "work_order_issue",
]
