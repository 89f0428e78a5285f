"""The actions an officer should consider for a case, from what is happening and where: the
supportive, multi-agency response the Ombudsman expects (determination 202425093: site visits,
speaking to other residents, asking the safer neighbourhood team for patrols, reporting to the
police on the victim's behalf when they are afraid to). Pure: no Django.

A suggestion is only proposed: the officer agrees the plan with the victim and adds the actions.
Suggestions already on the plan (open or done) are not proposed again.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

SITE_VISIT = "site_visit"
SPEAK_TO_NEIGHBOURS = "speak_to_neighbours"
PATROLS = "patrols"
POLICE_REPORT = "police_report"
SAFEGUARDING = "safeguarding"
VICTIM_SUPPORT = "victim_support"
SECURITY_WORKS = "security_works"
WARNING_LETTER = "warning_letter"
MEDIATION = "mediation"

# Behaviour that is a crime, or that the police should hear about.
_CRIMINAL = frozenset({"drugs", "violence", "hate", "intimidation", "vandalism", "squatting"})
# Behaviour in shared places that patrols deter.
_PATROLLED = frozenset({"drugs", "squatting", "alcohol", "intimidation", "vandalism"})
_SHARED_PLACES = frozenset({"block", "communal", "estate"})
# Neighbour disputes that mediation can settle when nobody is at risk.
_MEDIATABLE = frozenset({"noise", "animals", "vehicles", "rubbish"})


LABELS = {
    SAFEGUARDING: "Make a safeguarding referral",
    SITE_VISIT: "Visit the place",
    SPEAK_TO_NEIGHBOURS: "Speak to neighbours and other residents",
    POLICE_REPORT: "Report it to the police on the victim's behalf",
    PATROLS: "Ask for patrols",
    VICTIM_SUPPORT: "Offer support to the victim",
    SECURITY_WORKS: "Make the place secure",
    WARNING_LETTER: "Send a warning letter",
    MEDIATION: "Offer mediation",
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    why: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def suggested_actions(
    *,
    behaviours: Iterable[str],
    location: str,
    risk_level: str,
    hate_incident: bool,
    safeguarding: bool,
    perpetrator_known: bool,
    linked_repair: bool,
    already_planned: Collection[str] = (),
) -> list[Suggestion]:
    """The actions worth considering, most urgent first, leaving out kinds already planned."""
    seen = frozenset(behaviours)
    shared = location in _SHARED_PLACES
    candidates = [
        (safeguarding, SAFEGUARDING, "The risk assessment raised a safeguarding concern."),
        (
            True,
            SITE_VISIT,
            "See the place for yourself and gather evidence (photos, what is left behind).",
        ),
        (
            shared,
            SPEAK_TO_NEIGHBOURS,
            "Ask other residents what they have seen: evidence, and how serious it is.",
        ),
        (
            bool(seen & _CRIMINAL),
            POLICE_REPORT,
            "This may be a crime: report it for the victim if they are afraid to (with their "
            "agreement). A crime reference is never needed before we act.",
        ),
        (
            shared and bool(seen & _PATROLLED),
            PATROLS,
            "Ask the police or safer neighbourhood team for patrols of the place.",
        ),
        (
            hate_incident or risk_level == "high",
            VICTIM_SUPPORT,
            "Offer the victim support (Victim Support, a hate crime service).",
        ),
        (
            shared and not linked_repair and bool(seen & (_PATROLLED | {"squatting"})),
            SECURITY_WORKS,
            "Check doors, locks and lighting: insecure entrances let this happen.",
        ),
        (
            perpetrator_known and risk_level != "high",
            WARNING_LETTER,
            "Write to the person responsible about their behaviour.",
        ),
        (
            perpetrator_known and bool(seen) and seen <= _MEDIATABLE and risk_level != "high",
            MEDIATION,
            "A neighbour dispute with no one at risk: offer mediation.",
        ),
    ]
    planned = frozenset(already_planned)
    return [
        Suggestion(kind, why) for wanted, kind, why in candidates if wanted and kind not in planned
    ]
