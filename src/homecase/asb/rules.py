"""The pure rules of an ASB case: its statuses and the moves between them, the risk matrix's
score, the case-review ("community trigger") threshold and the reopening window. No Django."""

import calendar
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

OPEN = "open"
CLOSED = "closed"
JOINED = "joined"  # a further report opened as its own case, then joined to the case it is about
STATUSES = (OPEN, CLOSED, JOINED)
OPEN_STATUSES = frozenset({OPEN})

# The moves a case may make: closed only from open; reopened only when closed; joined into
# another case only while open. A joined case never moves again.
TRANSITIONS: dict[str, frozenset[str]] = {
    OPEN: frozenset({CLOSED, JOINED}),
    CLOSED: frozenset({OPEN}),
    JOINED: frozenset(),
}

HIGH = "high"
MEDIUM = "medium"
STANDARD = "standard"
RISK_LEVELS = (HIGH, MEDIUM, STANDARD)

PERSONAL = "personal"
NUISANCE = "nuisance"
ENVIRONMENTAL = "environmental"
# The most serious category among a report's behaviours names the case.
CATEGORY_ORDER = (PERSONAL, NUISANCE, ENVIRONMENTAL)


class TransitionRefused(Exception):
    """A status change the transitions table does not allow."""


def ensure_transition(old: str, new: str) -> None:
    if new not in TRANSITIONS.get(old, frozenset()):
        raise TransitionRefused(f"An ASB case cannot go from {old} to {new}.")


class Question(Protocol):
    """What the score needs of a risk question (`policy.asb.RiskQuestion`)."""

    @property
    def code(self) -> str: ...
    @property
    def weight(self) -> int: ...
    @property
    def forces_high(self) -> bool: ...
    @property
    def safeguarding(self) -> bool: ...


@dataclass(frozen=True)
class RiskResult:
    score: int
    level: str
    safeguarding: bool


def risk_score(
    answers: Mapping[str, bool],
    questions: Sequence[Question],
    high_threshold: int,
    medium_threshold: int,
) -> RiskResult:
    """Add the weights of the questions answered yes. A yes to a question that forces high
    risk makes it high whatever the total; a yes to a safeguarding question flags a concern.
    An answer to a question not in the matrix is refused (ValueError)."""
    by_code = {question.code: question for question in questions}
    unknown = sorted(set(answers) - set(by_code))
    if unknown:
        raise ValueError(f"Not a question of the risk matrix: {', '.join(unknown)}")
    yes = [by_code[code] for code, answer in answers.items() if answer]
    score = sum(question.weight for question in yes)
    if score >= high_threshold or any(question.forces_high for question in yes):
        level = HIGH
    elif score >= medium_threshold:
        level = MEDIUM
    else:
        level = STANDARD
    return RiskResult(
        score=score, level=level, safeguarding=any(question.safeguarding for question in yes)
    )


def months_before(at: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last
    day when the month is shorter)."""
    index = at.year * 12 + at.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(at.day, calendar.monthrange(year, month)[1])
    return at.replace(year=year, month=month, day=day)


def case_review_threshold_met(
    report_moments: Iterable[datetime], *, at: datetime, reports: int, months: int
) -> tuple[bool, int]:
    """Whether the case-review threshold is met at `at`: at least `reports` reports about the
    matter received within the last `months` months (later reports are not counted).
    Returns (met, how many reports were counted)."""
    since = months_before(at, months)
    counted = sum(1 for moment in report_moments if since <= moment <= at)
    return counted >= reports, counted


def may_reopen(closed_at: datetime | None, *, at: datetime, within_days: int) -> bool:
    """A closed case reopens when the behaviour recurs within `within_days` days of closing;
    after that a further report is a new case."""
    if closed_at is None or at < closed_at:
        return False
    return at - closed_at <= timedelta(days=within_days)


def category_for(behaviours: Collection[str], categories: Mapping[str, str]) -> str:
    """The case's category: personal over nuisance over environmental, from the policy's
    category of each behaviour (a behaviour the policy does not know counts as nuisance)."""
    found = {categories.get(behaviour, NUISANCE) for behaviour in behaviours}
    for category in CATEGORY_ORDER:
        if category in found:
            return category
    return NUISANCE
