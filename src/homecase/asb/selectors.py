"""Reads for ASB cases: the officers' queue (soonest promise first), one case with everything its
staff page shows, a resident's own reports and what they may see of one, a resident's own case
about the same thing (to add to instead of opening another), open cases on a place (for staff
to join), and the case-review threshold.

The queue reads one indexed column, `AsbCase.next_due_at` (kept by the services), through the
partial index `asb_open_next_due`: its cost is the page, not the cases behind it. What a resident
sees is built here and nowhere else, as plain values: never the case's people."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import F, Q, QuerySet

from homecase.asb import rules
from homecase.asb.models import (
    ActionStatus,
    AsbAction,
    AsbCase,
    AsbParty,
    AsbReport,
    Behaviour,
    CaseReview,
    DiaryEntry,
    EntrySource,
    Location,
    PartyRole,
    ReviewDecision,
    RiskAssessment,
)
from homecase.asb.suggestions import Suggestion, suggested_actions
from homecase.common.time import now
from homecase.housing.models import Block, CommunalArea, Estate, Home, Resident
from homecase.notify.models import OutboundMessage
from homecase.policy import selectors as policy
from homecase.records.models import Deadline, DeadlineStatus, Event, Visibility

QUEUE_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
WITHHELD = "someone"  # put in place of another person's name in what a resident sees


@dataclass
class QueuePage:
    """One page of the queue, with the total of open cases that match (one count query)."""

    items: list[AsbCase]
    page: int
    per_page: int
    total: int
    has_next: bool = field(init=False)
    has_previous: bool = field(init=False)
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, -(-self.total // self.per_page))
        self.has_next = self.page < self.pages
        self.has_previous = self.page > 1

    def __iter__(self) -> Iterator[AsbCase]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def queue(
    *,
    officer=None,
    risk_level: str = "",
    hate_only: bool = False,
    page: int = 1,
    per_page: int = QUEUE_PAGE_SIZE,
    at: datetime | None = None,
) -> QueuePage:
    """Open cases, the one whose next promise falls due soonest first (cases owing nothing
    last), then by id. Each case carries `overdue`."""
    at = at or now()
    cases = AsbCase.objects.filter(status=rules.OPEN)
    if officer is not None:
        cases = cases.filter(officer=officer)
    if risk_level:
        cases = cases.filter(risk_level=risk_level)
    if hate_only:
        cases = cases.filter(hate_incident=True)
    per_page = max(1, min(per_page, MAX_PAGE_SIZE))
    total = cases.count()
    page = max(1, min(page, max(1, -(-total // per_page))))
    start = (page - 1) * per_page
    # NULLs last on every database: PostgreSQL does so in ascending order already (so the
    # index still serves the order), SQLite puts them first.
    ordered = cases.select_related(
        "case__home", "case__communal_area", "officer", "block", "estate"
    ).order_by(F("next_due_at").asc(nulls_last=True), "id")
    items = list(ordered[start : start + per_page])
    for asb in items:
        asb.overdue = asb.next_due_at is not None and asb.next_due_at < at
    return QueuePage(items=items, page=page, per_page=per_page, total=total)


def _with_case() -> QuerySet[AsbCase]:
    return AsbCase.objects.select_related(
        "case__timeline",
        "case__home",
        "case__resident",
        "case__communal_area",
        "officer",
        "block",
        "estate",
        "joined_into__case",
        "related_repair__case",
    )


def case_by_reference(reference: str) -> AsbCase | None:
    """The ASB case with this reference (None when there is none, or it is not an ASB case)."""
    reference = (reference or "").strip().upper()
    if not reference:
        return None
    return _with_case().filter(case__reference=reference).first()


def case_review_threshold(asb: AsbCase, *, at: datetime | None = None) -> tuple[bool, int]:
    """Whether the case-review threshold is met now, and how many reports count: the reports
    on the case and on cases joined to it, within the policy's months."""
    settings = policy.asb_policy()
    moments = AsbReport.objects.filter(Q(asb=asb) | Q(asb__joined_into=asb)).values_list(
        "received_at", flat=True
    )
    return rules.case_review_threshold_met(
        moments,
        at=at or now(),
        reports=settings.case_review_reports,
        months=settings.case_review_months,
    )


@dataclass
class CasePage:
    """Everything the officer's case page shows, read in a fixed number of queries."""

    asb: AsbCase
    parties: list[AsbParty]
    reports: list[AsbReport]
    assessments: list[RiskAssessment]
    actions: list[AsbAction]
    diary: list[DiaryEntry]
    reviews: list[CaseReview]
    deadlines: list[Deadline]
    timeline: list[Event]
    joined_cases: list[AsbCase]
    threshold_met: bool
    threshold_count: int

    @property
    def open_actions(self) -> list[AsbAction]:
        return [action for action in self.actions if action.status == ActionStatus.OPEN]

    @property
    def owed(self) -> list[Deadline]:
        owing = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
        return [deadline for deadline in self.deadlines if deadline.status in owing]

    def people(self, role: str) -> list[AsbParty]:
        return [party for party in self.parties if party.role == role]

    @property
    def suggestions(self) -> list[Suggestion]:
        """The actions worth considering that are not already on the plan (open or done)."""
        asb = self.asb
        return suggested_actions(
            behaviours=asb.behaviours,
            location=asb.location,
            risk_level=asb.risk_level,
            hate_incident=asb.hate_incident,
            safeguarding=asb.safeguarding,
            perpetrator_known=bool(self.people(PartyRole.ALLEGED_PERPETRATOR)),
            linked_repair=asb.related_repair_id is not None,
            already_planned={
                action.kind for action in self.actions if action.status != ActionStatus.CANCELLED
            },
        )

    @property
    def pending_review(self) -> CaseReview | None:
        pending = (r for r in self.reviews if r.decision == ReviewDecision.PENDING)
        return next(pending, None)


def case_page(asb: AsbCase) -> CasePage:
    """One case for ASB staff: its people, reports, risk assessments, action plan, diary and
    notes (with photos), case reviews, promises and the whole timeline."""
    asb = _with_case().get(pk=asb.pk)
    met, count = case_review_threshold(asb)
    return CasePage(
        asb=asb,
        parties=list(asb.parties.select_related("resident__home", "added_by")),
        reports=list(asb.reports.select_related("reporter", "recorded_by")),
        assessments=list(asb.risk_assessments.select_related("assessed_by")),
        actions=list(asb.actions.select_related("owner", "partner", "deadline", "created_by")),
        diary=list(asb.diary.select_related("resident", "author").prefetch_related("attachments")),
        reviews=list(asb.reviews.select_related("requested_by", "decided_by")),
        deadlines=list(Deadline.objects.filter(case_id=asb.case_id).order_by("due_at", "pk")),
        timeline=list(Event.objects.filter(timeline_id=asb.case.timeline_id).order_by("sequence")),
        joined_cases=list(asb.joined_cases.select_related("case").order_by("pk")),
        threshold_met=met,
        threshold_count=count,
    )


def _reported_ids(resident: Resident) -> list[int]:
    """The cases the resident reported or added a report to. Two indexed lookups rather than
    one OR across a join: at a landlord's scale the OR makes PostgreSQL scan every case."""
    own = AsbCase.objects.filter(case__resident=resident).values_list("pk", flat=True)
    added = AsbReport.objects.filter(reporter=resident).values_list("asb_id", flat=True)
    return sorted(set(own) | set(added))


def _not_accused(resident: Resident) -> Q:
    accused = AsbParty.objects.filter(resident=resident, role=PartyRole.ALLEGED_PERPETRATOR)
    return ~Q(pk__in=accused.values("asb_id"))


def cases_reported_by(resident: Resident) -> list[AsbCase]:
    """ "Your reports": the cases the resident reported (or added a report to), newest first.
    Never a case they are named in as an alleged perpetrator."""
    ids = _reported_ids(resident)
    return list(
        AsbCase.objects.filter(pk__in=ids)
        .filter(_not_accused(resident))
        .select_related("case", "officer")
        .order_by("-case__opened_at", "-pk")
    )


# --- what a resident sees -----------------------------------------------------------------


@dataclass(frozen=True)
class PortalPromise:
    label: str
    due_at: datetime
    status: str
    status_label: str


@dataclass(frozen=True)
class PortalAction:
    kind: str
    kind_label: str
    description: str
    due_on: date
    status: str
    status_label: str


@dataclass(frozen=True)
class PortalDiaryEntry:
    id: int
    happened_at: datetime
    what_happened: str
    recorded_at: datetime
    photo_ids: tuple[int, ...]


@dataclass(frozen=True)
class PortalEvent:
    occurred_at: datetime
    kind: str
    summary: str


@dataclass(frozen=True)
class PortalCasePage:
    """What a resident may see of a case they reported: plain values only (no model objects,
    so a template cannot reach the case's people). Anyone else's name is withheld."""

    reference: str
    status: str
    status_label: str
    what: str  # the kinds of behaviour, in words
    where: str  # the kind of place, in words
    opened_at: datetime
    officer_name: str
    is_case_reporter: bool
    promises: tuple[PortalPromise, ...]
    actions: tuple[PortalAction, ...]
    diary: tuple[PortalDiaryEntry, ...]
    events: tuple[PortalEvent, ...]
    joined_into_reference: str
    closed_at: datetime | None
    closure_reason: str
    can_add_diary: bool
    can_ask_for_review: bool
    can_rate: bool
    review_pending: bool


def _other_names(asb: AsbCase, resident: Resident) -> list[str]:
    """The names of everyone else in the case (and any one-word surname of a resident in it),
    longest first, to be withheld from what the resident reads."""
    own = {resident.full_name.casefold(), resident.first_name.casefold()}
    own.add(resident.last_name.casefold())
    names: set[str] = set()
    for party in asb.parties.exclude(resident=resident).select_related("resident"):
        candidates = [party.name]
        if party.resident is not None:
            candidates += [party.resident.full_name, party.resident.last_name]
        names.update(n.strip() for n in candidates if len(n.strip()) >= 3)
    for report in asb.reports.exclude(reporter=resident):
        if len(report.reporter_name.strip()) >= 3:
            names.add(report.reporter_name.strip())
    return sorted((n for n in names if n.casefold() not in own), key=len, reverse=True)


def _withholder(names: list[str]):
    if not names:
        return lambda text: text
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b", re.IGNORECASE
    )
    return lambda text: pattern.sub(WITHHELD, text)


def _portal_promises(asb: AsbCase, hide) -> tuple[PortalPromise, ...]:
    deadlines = Deadline.objects.filter(case_id=asb.case_id, visible_to_resident=True)
    return tuple(
        PortalPromise(
            label=hide(deadline.label),
            due_at=deadline.due_at,
            status=deadline.status,
            status_label=deadline.get_status_display(),
        )
        for deadline in deadlines.order_by("due_at", "pk")
    )


def _portal_actions(asb: AsbCase, hide) -> tuple[PortalAction, ...]:
    return tuple(
        PortalAction(
            kind=action.kind,
            kind_label=action.get_kind_display(),
            description=hide(action.description),
            due_on=action.due_on,
            status=action.status,
            status_label=action.get_status_display(),
        )
        for action in asb.actions.filter(agreed_with_victim=True)
    )


def _portal_diary(asb: AsbCase, resident: Resident) -> tuple[PortalDiaryEntry, ...]:
    cases = [asb.pk] + ([asb.joined_into_id] if asb.joined_into_id else [])
    entries = DiaryEntry.objects.filter(
        asb_id__in=cases, resident=resident, source=EntrySource.RESIDENT
    ).prefetch_related("attachments")
    return tuple(
        PortalDiaryEntry(
            id=entry.pk,
            happened_at=entry.happened_at,
            what_happened=entry.what_happened,
            recorded_at=entry.recorded_at,
            photo_ids=tuple(attachment.pk for attachment in entry.attachments.all()),
        )
        for entry in entries.order_by("-happened_at", "-pk")
    )


def _portal_events(asb: AsbCase, resident: Resident, hide) -> tuple[PortalEvent, ...]:
    events = Event.objects.filter(
        timeline_id=asb.case.timeline_id, visibility=Visibility.RESIDENT
    ).order_by("sequence")
    # A message to someone else in the case (a further reporter) would tell the reporter that
    # someone else reported: only the reporter's own messages are theirs to see.
    own_messages = set(
        OutboundMessage.objects.filter(case_id=asb.case_id, resident=resident).values_list(
            "pk", flat=True
        )
    )
    return tuple(
        PortalEvent(occurred_at=event.occurred_at, kind=event.kind, summary=hide(event.summary))
        for event in events
        if event.kind != "message.sent" or event.data.get("message_id") in own_messages
    )


def _in_words(asb: AsbCase) -> tuple[str, str]:
    what = ", ".join(Behaviour(code).label for code in asb.behaviours if code in Behaviour.values)
    return what, Location(asb.location).label if asb.location in Location.values else ""


def portal_page(asb: AsbCase, resident: Resident) -> PortalCasePage:
    """What `resident` (who reported the case: check access first) may see of it: its status,
    the named officer, the promises made to residents, the actions agreed with the victim,
    their own diary entries and, for the case's reporter, the resident-visible timeline."""
    asb = _with_case().get(pk=asb.pk)
    hide = _withholder(_other_names(asb, resident))
    is_reporter = asb.case.resident_id == resident.pk
    is_open = asb.status == rules.OPEN
    joined_into = asb.joined_into if asb.status == rules.JOINED else None
    review_pending = asb.reviews.filter(decision=ReviewDecision.PENDING).exists()
    what, where = _in_words(asb)
    officer = asb.officer
    return PortalCasePage(
        reference=asb.case.reference,
        status=asb.status,
        status_label=asb.get_status_display(),
        what=what,
        where=where,
        opened_at=asb.case.opened_at,
        officer_name=(officer.get_full_name() or officer.get_username()) if officer else "",
        is_case_reporter=is_reporter,
        promises=_portal_promises(asb, hide),
        actions=_portal_actions(asb, hide),
        diary=_portal_diary(asb, resident),
        events=_portal_events(asb, resident, hide) if is_reporter else (),
        joined_into_reference=joined_into.case.reference if joined_into is not None else "",
        closed_at=asb.closed_at,
        closure_reason=asb.get_closure_reason_display() if asb.closure_reason else "",
        can_add_diary=is_open or (joined_into is not None and joined_into.status == rules.OPEN),
        can_ask_for_review=is_open and not review_pending,
        can_rate=is_reporter and asb.status == rules.CLOSED and asb.satisfaction is None,
        review_pending=review_pending,
    )


# --- the same matter again ----------------------------------------------------------------


def _place(
    *,
    home: Home | None,
    block: Block | None,
    estate: Estate | None,
    communal_area: CommunalArea | None,
) -> Q | None:
    """Cases at any of the given places (None when no place is given)."""
    found = [
        Q(case__home=home) if home is not None else None,
        Q(block=block) if block is not None else None,
        Q(estate=estate) if estate is not None else None,
        Q(case__communal_area=communal_area) if communal_area is not None else None,
    ]
    query = None
    for part in filter(None, found):
        query = part if query is None else query | part
    return query


def own_case_like(
    resident: Resident,
    *,
    behaviours,
    location: str,
    home: Home | None = None,
    block: Block | None = None,
    estate: Estate | None = None,
    communal_area: CommunalArea | None = None,
) -> AsbCase | None:
    """The resident's own case about the same thing: at the same place, with a behaviour in
    common, open or closed recently enough to reopen. Open cases first, newest first."""
    place = _place(home=home, block=block, estate=estate, communal_area=communal_area)
    if place is None:
        return None
    at = now()
    window = at - timedelta(days=policy.asb_policy().reopen_within_days)
    live = Q(status=rules.OPEN) | Q(status=rules.CLOSED, closed_at__gte=window)
    ids = _reported_ids(resident)
    candidates = (
        AsbCase.objects.filter(pk__in=ids, location=location)
        .filter(place, live)
        .filter(_not_accused(resident))
        .select_related("case", "officer")
        .order_by("-case__opened_at", "-pk")
    )
    wanted = set(behaviours)
    matching = [asb for asb in candidates[:50] if wanted & set(asb.behaviours)]
    matching.sort(key=lambda asb: asb.status != rules.OPEN)
    return matching[0] if matching else None


def open_cases_at(
    *,
    home: Home | None = None,
    block: Block | None = None,
    estate: Estate | None = None,
    communal_area: CommunalArea | None = None,
) -> list[AsbCase]:
    """Open cases at any of the given places, newest first: offered to ASB staff to join a
    report to instead of opening another case."""
    place = _place(home=home, block=block, estate=estate, communal_area=communal_area)
    if place is None:
        return []
    return list(
        AsbCase.objects.filter(place, status=rules.OPEN)
        .select_related("case", "officer")
        .order_by("-case__opened_at", "-pk")[:20]
    )


def open_actions(asb: AsbCase) -> QuerySet[AsbAction]:
    """The case's actions still to do, soonest first."""
    return (
        asb.actions.filter(status=ActionStatus.OPEN)
        .select_related("owner", "partner")
        .order_by("due_on", "pk")
    )


__all__ = [
    "CasePage",
    "PortalCasePage",
    "QueuePage",
    "case_by_reference",
    "case_page",
    "case_review_threshold",
    "cases_reported_by",
    "open_actions",
    "open_cases_at",
    "own_case_like",
    "portal_page",
    "queue",
]
