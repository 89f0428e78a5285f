"""Repairs with one job number: the repair (one per repair case, `R-2026-004211`), its work
orders, appointments, visits and access attempts, clock pauses, chases, post-inspections,
Awaab's Law hazard records, contractors, and the components of homes and blocks that cyclical
and planned programmes look after.

Every change is written by `repairs.services`, which records it on the case timeline in the
same transaction; every promise (attend, complete, next update, interim measures, reply to a
chase, each Awaab's Law duty, post-inspection) is a `records.Deadline`.
"""

from django.conf import settings
from django.db import models

from homecase.common.models import BaseModel
from homecase.repairs import rules


class RepairStatus(models.TextChoices):
    REPORTED = rules.REPORTED, "Reported, not yet triaged"
    TRIAGED = rules.TRIAGED, "Triaged: work being arranged"
    IN_PROGRESS = rules.IN_PROGRESS, "Work in progress"
    PAUSED = rules.PAUSED, "Waiting for access"
    PLANNED = rules.PLANNED, "Handed to a planned programme"
    COMPLETED = rules.COMPLETED, "Completed: waiting for the resident to confirm"
    CLOSED = rules.CLOSED, "Closed"
    CANCELLED = rules.CANCELLED, "Cancelled"


class Location(models.TextChoices):
    HOME = "home", "In the home"
    COMMUNAL = "communal", "A communal area"


class Route(models.TextChoices):
    RESPONSIVE = "responsive", "Responsive repair"
    SPECIALIST = "specialist", "Specialist system (no responsive timescale)"
    PLANNED = "planned", "Planned programme (no responsive timescale)"


class ResidentVerdict(models.TextChoices):
    NOT_ASKED = "", "Not yet asked"
    CONFIRMED = "confirmed", "Resident confirmed the work is done"
    DISPUTED = "disputed", "Resident says the work is not done"


class Repair(BaseModel):
    """The repair behind a repair case: what is wrong, how urgent, and where it stands. All work
    orders, visits, chases, inspections and any recall hang under its one reference."""

    case = models.OneToOneField("records.Case", on_delete=models.PROTECT, related_name="repair")
    status = models.CharField(
        max_length=20, choices=RepairStatus.choices, default=RepairStatus.REPORTED
    )
    location = models.CharField(max_length=10, choices=Location.choices, default=Location.HOME)
    category = models.CharField(max_length=40, help_text="policy.repairs catalogue code")
    trade = models.CharField(max_length=40)
    route = models.CharField(max_length=12, choices=Route.choices, default=Route.RESPONSIVE)
    priority = models.CharField(max_length=20, help_text="policy.repairs priority code")
    is_emergency = models.BooleanField(default=False, help_text="TSM RP02 split")
    safety = models.BooleanField(default=False)
    hazard = models.CharField(max_length=20, blank=True)
    description = models.TextField(help_text="The problem in the reporter's own words.")
    access_notes = models.TextField(blank=True)
    reported_channel = models.CharField(max_length=20)
    # The mandatory question, asked on every report (residents' demand 3, Equality Act).
    vulnerability_asked_at = models.DateTimeField()
    vulnerability_answer = models.TextField(
        blank=True, help_text="What the reporter said about disability or vulnerability."
    )
    vulnerability_flag = models.BooleanField(default=False)
    # Interim measures for safety jobs (communal doors, locks, lighting, water near electrics).
    interim_measures = models.TextField(blank=True)
    interim_measures_at = models.DateTimeField(null=True, blank=True)
    # The honest promise: the target due moment (None where policy gives no responsive
    # timescale), and who has the job when it is not a responsive repair.
    target_due_at = models.DateTimeField(null=True, blank=True)
    # The soonest open promise the queue orders by: the completion target for a responsive
    # job, else the next update (or interim measures) deadline. Kept by
    # `services.next_due.refresh_next_due` so that the queue reads one indexed column.
    next_due_at = models.DateTimeField(null=True, blank=True)
    responsible = models.CharField(max_length=200, blank=True)
    programme = models.CharField(max_length=200, blank=True)
    planned_for = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    met_target = models.BooleanField(null=True, blank=True, help_text="TSM RP02")
    resident_verdict = models.CharField(
        max_length=10, choices=ResidentVerdict.choices, default="", blank=True
    )
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 (poor) to 5
    cost_pence = models.PositiveIntegerField(default=0)
    recalls = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    joined_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joined_reports",
        help_text="The open job this duplicate report was joined to.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["status", "target_due_at"], name="repairs_status_due"),
            models.Index(fields=["status", "next_due_at"], name="repairs_status_next_due"),
            # The queue of every open job, soonest due first: walked in order, a page at a time.
            models.Index(
                fields=["next_due_at", "id"],
                condition=models.Q(status__in=sorted(rules.OPEN_STATUSES)),
                name="repairs_open_next_due",
            ),
            models.Index(fields=["category", "status"], name="repairs_category_status"),
            # TSM RP02: responsive repairs completed in a period.
            models.Index(fields=["completed_at"], name="repairs_completed_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RepairStatus.values), name="repairs_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="repairs_satisfaction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.case.title}"


class Contractor(BaseModel):
    """A firm that does work orders. Its users (role contractor) see only its own orders."""

    name = models.CharField(max_length=150, unique=True)
    trades = models.CharField(max_length=300, blank=True, help_text="Comma-separated trades")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    code_of_conduct_signed_on = models.DateField(null=True, blank=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="contractors")

    def __str__(self) -> str:
        return self.name


class WorkOrderStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    APPOINTED = "appointed", "Appointment booked"
    IN_PROGRESS = "in_progress", "Work started"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class WorkOrder(BaseModel):
    """An instruction to a trade or contractor, numbered under the job (`R-2026-004211/2`)."""

    repair = models.ForeignKey(Repair, on_delete=models.PROTECT, related_name="work_orders")
    number = models.PositiveSmallIntegerField()
    contractor = models.ForeignKey(
        Contractor, null=True, blank=True, on_delete=models.PROTECT, related_name="work_orders"
    )
    in_house_team = models.CharField(max_length=100, blank=True)
    trade = models.CharField(max_length=40)
    instructions = models.TextField()
    status = models.CharField(
        max_length=12, choices=WorkOrderStatus.choices, default=WorkOrderStatus.ISSUED
    )
    # Copied from the resident's record when issued: the operative must know before knocking.
    vulnerability_notes = models.TextField(blank=True)
    access_notes = models.TextField(blank=True)
    follow_on_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ons"
    )
    cost_pence = models.PositiveIntegerField(default=0)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["repair", "number"]
        constraints = [
            models.UniqueConstraint(fields=["repair", "number"], name="repairs_wo_number"),
            models.CheckConstraint(
                condition=models.Q(contractor__isnull=False) | ~models.Q(in_house_team=""),
                name="repairs_wo_has_assignee",
            ),
        ]
        indexes = [models.Index(fields=["contractor", "status"], name="repairs_wo_contractor")]

    @property
    def reference(self) -> str:
        return f"{self.repair.case.reference}/{self.number}"

    @property
    def assignee(self) -> str:
        return self.contractor.name if self.contractor_id else self.in_house_team

    def __str__(self) -> str:
        return self.reference


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    MOVED = "moved", "Moved to another slot"
    CANCELLED = "cancelled", "Cancelled"
    KEPT = "kept", "Kept (operative came)"
    NO_ACCESS = "no_access", "No access"


class Appointment(BaseModel):
    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    change_reason = models.CharField(max_length=300, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"], name="repairs_appt_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="repairs_appt_ends_after_start",
            )
        ]


class VisitOutcome(models.TextChoices):
    COMPLETED = "completed", "Work completed"
    FOLLOW_ON = "follow_on", "Follow-on work needed"
    NO_ACCESS = "no_access", "No access"
    PARTS_ORDERED = "parts_ordered", "Parts ordered"
    SPECIALIST = "specialist", "Specialist needed"
    MADE_SAFE = "made_safe", "Made safe (more work needed)"


class Visit(BaseModel):
    """An operative's visit on a work order: when they arrived and left, and what happened."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="visits")
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    operative = models.CharField(max_length=150)
    arrived_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=VisitOutcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["arrived_at"]


class AttemptMethod(models.TextChoices):
    KNOCKED = "knocked", "Knocked or rang the bell"
    PHONED = "phoned", "Phoned the resident"
    TEXTED = "texted", "Sent a text message"
    CARD = "card", "Left a calling card"


class AccessAttempt(BaseModel):
    """One recorded try to get in, on a "no access" visit (the evidence of reasonable
    endeavours before any clock is paused)."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="access_attempts")
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=AttemptMethod.choices)
    card_left = models.BooleanField(default=False)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["attempted_at"]


class ClockPause(BaseModel):
    """A pause of the job's clock, always with a reason the resident can see; it ends when they
    offer access (or staff restart it), and the remaining time starts again then."""

    repair = models.ForeignKey(Repair, on_delete=models.PROTECT, related_name="pauses")
    started_at = models.DateTimeField()
    reason = models.CharField(max_length=300)
    remaining_seconds = models.PositiveIntegerField(help_text="Time left on the clock when paused")
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["repair"],
                condition=models.Q(ended_at__isnull=True),
                name="repairs_one_open_pause",
            )
        ]


class Chase(BaseModel):
    """The resident (or someone for them) chasing the job: each one logged with a reply
    deadline; the policy's Nth chase escalates to a manager and offers a complaint."""

    repair = models.ForeignKey(Repair, on_delete=models.PROTECT, related_name="chases")
    number = models.PositiveSmallIntegerField()
    chased_at = models.DateTimeField()
    channel = models.CharField(max_length=20)
    summary = models.TextField()
    reply_deadline = models.OneToOneField(
        "records.Deadline", null=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complaint_offer = models.ForeignKey(
        "complaints.ComplaintOffer", null=True, blank=True, on_delete=models.PROTECT
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["repair", "number"]
        constraints = [
            models.UniqueConstraint(fields=["repair", "number"], name="repairs_chase_number")
        ]


class InspectionReason(models.TextChoices):
    SAMPLE = "sample", "Random sample"
    COMPLAINT = "complaint", "The job has a complaint"
    COST = "cost", "Cost above the threshold"
    DISPUTED = "disputed", "The resident disputed completion"
    REQUESTED = "requested", "Asked for by staff"


class InspectionResult(models.TextChoices):
    PENDING = "", "Not yet inspected"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed: job reopened"


class Inspection(BaseModel):
    repair = models.ForeignKey(Repair, on_delete=models.PROTECT, related_name="inspections")
    reason = models.CharField(max_length=12, choices=InspectionReason.choices)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(
        max_length=8, choices=InspectionResult.choices, default="", blank=True
    )
    notes = models.TextField(blank=True)
    inspected_at = models.DateTimeField(null=True, blank=True)
    deadline = models.OneToOneField(
        "records.Deadline", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]


class HazardSeverity(models.TextChoices):
    EMERGENCY = "emergency", "Emergency: imminent and significant risk of harm"
    SIGNIFICANT = "significant", "Significant hazard"
    NOT_SIGNIFICANT = "not_significant", "Not a significant hazard"


class Hazard(BaseModel):
    """An Awaab's Law hazard record on a repair: when we became aware, the triage decision and
    who made it, the investigation and investigator, the written summary, the works, and any
    alternative accommodation. Each duty is a deadline on the case."""

    repair = models.OneToOneField(Repair, on_delete=models.PROTECT, related_name="awaab_hazard")
    kind = models.CharField(max_length=20, help_text="damp_mould or other_hazard")
    aware_at = models.DateTimeField()
    severity = models.CharField(max_length=16, choices=HazardSeverity.choices, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    investigator = models.CharField(max_length=150, blank=True)
    investigated_at = models.DateTimeField(null=True, blank=True)
    findings = models.TextField(blank=True)
    summary_sent_at = models.DateTimeField(null=True, blank=True)
    summary_sent_how = models.CharField(max_length=20, blank=True)
    made_safe_at = models.DateTimeField(null=True, blank=True)
    safety_works_completed_at = models.DateTimeField(null=True, blank=True)
    further_works_started_at = models.DateTimeField(null=True, blank=True)
    alternative_accommodation_offered_at = models.DateTimeField(null=True, blank=True)
    alternative_accommodation_details = models.TextField(blank=True)


class ComponentKind(models.TextChoices):
    EXTERNAL_DECORATION = "external_decoration", "External decoration"
    COMMUNAL_DECORATION = "communal_decoration", "Communal decoration"
    ROOF = "roof", "Roof"
    FIRE_DOORS = "fire_doors", "Fire doors"
    DOOR_ENTRY = "door_entry", "Door entry system"
    KITCHEN = "kitchen", "Kitchen"
    BATHROOM = "bathroom", "Bathroom"
    BOILER = "boiler", "Boiler"
    WINDOWS = "windows", "Windows"


class Component(BaseModel):
    """A part of a home or block that a cyclical or planned programme looks after, with when it
    was last done and how often it should be (the programme view lists what is due)."""

    kind = models.CharField(max_length=24, choices=ComponentKind.choices)
    home = models.ForeignKey(
        "housing.Home", null=True, blank=True, on_delete=models.PROTECT, related_name="components"
    )
    block = models.ForeignKey(
        "housing.Block", null=True, blank=True, on_delete=models.PROTECT, related_name="components"
    )
    last_done_on = models.DateField(null=True, blank=True)
    cycle_years = models.PositiveSmallIntegerField()
    next_due_on = models.DateField(db_index=True)
    programme = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["next_due_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(home__isnull=False, block__isnull=True)
                | models.Q(home__isnull=True, block__isnull=False),
                name="repairs_component_home_or_block",
            )
        ]


class ComponentWork(BaseModel):
    """Work done to a component (append-only): the history behind its last-done date."""

    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="works")
    done_on = models.DateField()
    description = models.CharField(max_length=300)
    repair = models.ForeignKey(
        Repair, null=True, blank=True, on_delete=models.PROTECT, related_name="component_works"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["component", "done_on"]
