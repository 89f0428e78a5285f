"""Pure complaint rules (Complaint Handling Code 2024): the status transitions, what a response
must contain before it can be issued, dissatisfaction in a resident's words, and the Ombudsman's
compensation bands. No Django, no I/O."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

RECEIVED = "received"
STAGE_1 = "stage_1"
STAGE_1_RESPONDED = "stage_1_responded"
STAGE_2_REQUESTED = "stage_2_requested"
STAGE_2 = "stage_2"
STAGE_2_RESPONDED = "stage_2_responded"
REFUSED = "refused"
WITHDRAWN = "withdrawn"

# Exactly two stages (Code 5.2): there is no "stage 0" or "informal complaint" to move through.
TRANSITIONS: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({STAGE_1, REFUSED, WITHDRAWN}),
    STAGE_1: frozenset({STAGE_1_RESPONDED, WITHDRAWN}),
    STAGE_1_RESPONDED: frozenset({STAGE_2_REQUESTED}),
    STAGE_2_REQUESTED: frozenset({STAGE_2, WITHDRAWN}),
    STAGE_2: frozenset({STAGE_2_RESPONDED, WITHDRAWN}),
    STAGE_2_RESPONDED: frozenset(),
    REFUSED: frozenset(),
    WITHDRAWN: frozenset(),
}

_BLOCKED_BECAUSE = {
    (RECEIVED, STAGE_1_RESPONDED): "The complaint must be acknowledged before it is answered.",
    (RECEIVED, STAGE_2_REQUESTED): "There is no stage 1 response to escalate from yet.",
    (STAGE_1, STAGE_2_REQUESTED): "There is no stage 1 response to escalate from yet.",
    (STAGE_2_REQUESTED, STAGE_2_RESPONDED): "Acknowledge the stage 2 request before answering.",
}


class TransitionRefused(Exception):
    """The complaint cannot move from its status to the one asked for; the message says why."""


def ensure_transition(old: str, new: str) -> None:
    if new in TRANSITIONS.get(old, frozenset()):
        return
    reason = _BLOCKED_BECAUSE.get((old, new))
    raise TransitionRefused(
        reason
        or f"A complaint that is {old.replace('_', ' ')} cannot become {new.replace('_', ' ')}."
    )


def stage_of(status: str) -> int | None:
    """The stage a status belongs to (None before acceptance, or when refused or withdrawn)."""
    if status in (STAGE_1, STAGE_1_RESPONDED):
        return 1
    if status in (STAGE_2_REQUESTED, STAGE_2, STAGE_2_RESPONDED):
        return 2
    return None


# Decisions on each point of the complaint definition (Code 6.7: every point, with reasons).
UPHELD = "upheld"
PARTLY_UPHELD = "partly_upheld"
NOT_UPHELD = "not_upheld"
DECISIONS = (UPHELD, PARTLY_UPHELD, NOT_UPHELD)


@dataclass(frozen=True)
class PointDecision:
    number: int
    decision: str
    reason: str


def response_gaps(
    *, points: Sequence[PointDecision], explanation: str, outcomes_sought: str
) -> list[str]:
    """What a response still lacks before it may be issued (Code 6.7, 6.9, 6.19); empty if none."""
    gaps = []
    if not points:
        gaps.append("The complaint definition has no points to answer.")
    if not outcomes_sought.strip():
        gaps.append("The complaint definition does not say what outcome the resident wants.")
    for point in points:
        if point.decision not in DECISIONS:
            gaps.append(f"Point {point.number} has no decision (upheld, partly or not upheld).")
        if not point.reason.strip():
            gaps.append(f"Point {point.number} has no reason for its decision.")
    if not explanation.strip():
        gaps.append("The response has no explanation of what was found.")
    return gaps


def overall_outcome(decisions: Iterable[str]) -> str:
    """Upheld if every point is, not upheld if none is, otherwise partly upheld."""
    decided = list(decisions)
    if decided and all(d == UPHELD for d in decided):
        return UPHELD
    if decided and all(d == NOT_UPHELD for d in decided):
        return NOT_UPHELD
    return PARTLY_UPHELD


# Dissatisfaction in a resident's own words (Code 1.2-1.3: they need not say "complaint").
_DISSATISFACTION = re.compile(
    r"\b("
    # "1st time" is the first time of asking, not a chase.
    r"(second|third|fourth|fifth|(?!1st\b)\d+(st|nd|rd|th)) time|"
    r"how many times|again and again|keep (on )?(chasing|calling|ringing|phoning)|"
    r"still (waiting|not (fixed|done|sorted|repaired))|"
    r"unacceptable|not good enough|not acceptable|appalling|disgraceful|disgrace|disgusted|"
    r"ridiculous|outrageous|fed up|sick (and tired )?of|had enough|"
    r"complain(t|ts|ing)?|"
    r"nobody (has|came|called|rang)|no one (has|came|called|rang)|never (came|turned up|called)|"
    r"(didn'?t|did not) turn up|no[- ]show|waste of (my )?time|let down|ignored|"
    r"not happy|unhappy|dissatisfied|angry|furious|upset"
    r")\b",
    re.IGNORECASE,
)


def dissatisfaction_in(text: str) -> list[str]:
    """The phrases in `text` that show dissatisfaction, lower-cased, in order, without repeats."""
    found: list[str] = []
    for match in _DISSATISFACTION.finditer(text or ""):
        phrase = match.group(0).lower()
        if phrase not in found:
            found.append(phrase)
    return found


def escalation_is_late(*, requested_on: date, window_ends_on: date) -> bool:
    return requested_on > window_ends_on


@dataclass(frozen=True)
class Band:
    impact: str
    label: str
    minimum: Decimal
    maximum: Decimal | None


def suggested_band(bands: Sequence[Band], impact: str) -> Band | None:
    """The Ombudsman's remedies band for an impact, from the bands in force."""
    return next((band for band in bands if band.impact == impact), None)
