"""Anti-social behaviour cases: the case behind an `A-…` reference, the people in it (reporter,
victims, alleged perpetrators, witnesses), each report about the matter, the victim risk
assessments, the action plan with its owners and partners, the incident diary and officer notes,
and case reviews (the "community trigger").

Every change is written by `asb.services`, which records it on the case timeline in the same
transaction; every promise (first contact, the action plan, each agreed contact, each action, the
risk review, a case-review decision) is a `records.Deadline`. A police crime reference is
recorded when there is one and is never asked for before anything is done.
"""

from django.conf import settings
from django.db import models

from homecase.asb import rules
from homecase.common.models import BaseModel


class AsbStatus(models.TextChoices):
    OPEN = rules.OPEN, "Open"
    CLOSED = rules.CLOSED, "Closed"
    JOINED = rules.JOINED, "Joined to another case about the same matter"


class Category(models.TextChoices):
    PERSONAL = "personal", "Personal (aimed at a person or household)"
    NUISANCE = "nuisance", "Nuisance (affecting the community)"
    ENVIRONMENTAL = "environmental", "Environmental (affecting the surroundings)"


class Behaviour(models.TextChoices):
    NOISE = "noise", "Noise"
    DRUGS = "drugs", "Drug dealing or drug use"
    HARASSMENT = "harassment", "Harassment"
    INTIMIDATION = "intimidation", "Intimidation or threats"
    VIOLENCE = "violence", "Violence"
    VANDALISM = "vandalism", "Vandalism, damage or graffiti"
    HATE = "hate", "Hate incident or hate crime"
    SQUATTING = "squatting", "Squatters or people staying in shared areas"
    RUBBISH = "rubbish", "Rubbish or fly-tipping"
    ALCOHOL = "alcohol", "Drunken or rowdy behaviour"
    ANIMALS = "animals", "Animals or pets"
    VEHICLES = "vehicles", "Vehicles or parking nuisance"
    OTHER = "other", "Something else"


class Location(models.TextChoices):
    HOME = "home", "At a home"
    BLOCK = "block", "In a block (entrances, stairs, corridors)"
    COMMUNAL = "communal", "A communal area (car park, garden, bin store)"
    ESTATE = "estate", "Elsewhere on the estate"


class HateMotivation(models.TextChoices):
    """The five monitored strands: hostility based on one of these, as perceived by the victim
    or anyone else."""

    DISABILITY = "disability", "Disability"
    RACE = "race", "Race or ethnicity"
    RELIGION = "religion", "Religion or belief"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    TRANSGENDER = "transgender", "Transgender identity"


class ClosureReason(models.TextChoices):
    RESOLVED = "resolved", "Resolved: the behaviour has stopped"
    NO_FURTHER_INCIDENTS = "no_further_incidents", "No further incidents reported"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", "Not enough evidence to take further action"
    VICTIM_WITHDREW = "victim_withdrew", "The victim asked us to stop"
    PERPETRATOR_MOVED = "perpetrator_moved", "The person responsible has moved away"
    LEGAL_ACTION = "legal_action", "Legal action taken (injunction, order or possession)"
    LEAD_AGENCY = "lead_agency", "Another agency (police or council) leads on it"
    OTHER = "other", "Another reason (explained)"


class AsbCase(BaseModel):
    """The ASB matter behind an ASB case: what is happening, where, how serious, who runs it,
    and where it stands. Every further report about the same matter joins it."""

    case = models.OneToOneField("records.Case", on_delete=models.PROTECT, related_name="asb")
    status = models.CharField(max_length=10, choices=AsbStatus.choices, default=AsbStatus.OPEN)
    category = models.CharField(max_length=15, choices=Category.choices)
    behaviours = models.JSONField(default=list, help_text="Behaviour codes")
    location = models.CharField(max_length=10, choices=Location.choices)
    # Case.home and Case.communal_area hold a home or a communal area; a block or an estate
    # as a whole is held here.
    block = models.ForeignKey(
        "housing.Block", null=True, blank=True, on_delete=models.PROTECT, related_name="asb_cases"
    )
    estate = models.ForeignKey(
        "housing.Estate", null=True, blank=True, on_delete=models.PROTECT, related_name="asb_cases"
    )
    where_details = models.CharField(max_length=300, blank=True)
    description = models.TextField(help_text="The first report in the reporter's own words.")
    hate_incident = models.BooleanField(default=False, help_text="TSM NM01 (2)")
    hate_motivations = models.JSONField(default=list, blank=True)
    hate_perceived_by = models.CharField(max_length=150, blank=True)
    crime_reference = models.CharField(max_length=40, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asb_cases",
        help_text="The named officer the victim deals with.",
    )
    risk_level = models.CharField(max_length=10, blank=True)  # rules.RISK_LEVELS
    safeguarding = models.BooleanField(default=False)
    contact_interval_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # The soonest open promise, kept by services so that the queue reads one indexed column.
    next_due_at = models.DateTimeField(null=True, blank=True)
    related_repair = models.ForeignKey(
        "repairs.Repair",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asb_cases",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=25, choices=ClosureReason.choices, blank=True)
    closure_explanation = models.TextField(blank=True)
    victim_view = models.TextField(blank=True, help_text="What the victim said about closing.")
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 (poor) to 5
    reopened_count = models.PositiveSmallIntegerField(default=0)
    joined_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joined_cases",
        help_text="The case about the same matter this one was joined to.",
    )

    class Meta:
        verbose_name = "ASB case"
        indexes = [
            models.Index(
                fields=["next_due_at", "id"],
                condition=models.Q(status=rules.OPEN),
                name="asb_open_next_due",
            ),
            models.Index(fields=["status", "officer"], name="asb_status_officer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AsbStatus.values), name="asb_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="asb_satisfaction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.case.title}"


class PartyRole(models.TextChoices):
    REPORTER = "reporter", "Reporter"
    VICTIM = "victim", "Victim"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    WITNESS = "witness", "Witness"


class AsbParty(BaseModel):
    """A person in the case, a resident or not. Reporters' and victims' identities are never
    shown to alleged perpetrators or other residents."""

    asb = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    resident = models.ForeignKey(
        "housing.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asb_parties",
    )
    name = models.CharField(max_length=150, help_text="As known (a description if unnamed)")
    contact = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=PartyRole.values), name="asb_party_role_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class AsbReport(BaseModel):
    """One report about the matter: the first opens the case, each further one joins it (TSM
    NM01 counts cases, not reports; the case-review threshold counts reports)."""

    asb = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        "housing.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asb_reports",
    )
    reporter_name = models.CharField(max_length=150)
    on_behalf_of = models.CharField(max_length=150, blank=True)
    channel = models.CharField(max_length=20)
    received_at = models.DateTimeField()
    description = models.TextField()
    behaviours = models.JSONField(default=list)
    happened_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["asb", "received_at"], name="asb_report_case_received")]

    def __str__(self) -> str:
        return f"{self.asb_id}: report of {self.received_at:%Y-%m-%d}"


class AssessmentStage(models.TextChoices):
    INTAKE = "intake", "At the first report"
    REVIEW = "review", "At a review"


class RiskAssessment(BaseModel):
    """The victim risk and vulnerability matrix, answered (policy.asb's questions). Never
    changed: a review is a new assessment."""

    asb = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="risk_assessments")
    stage = models.CharField(max_length=10, choices=AssessmentStage.choices)
    answers = models.JSONField(default=dict, help_text="question code -> yes/no")
    score = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10)  # rules.RISK_LEVELS
    safeguarding = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    assessed_at = models.DateTimeField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.asb_id}: {self.level} ({self.score})"


class PartnerKind(models.TextChoices):
    POLICE = "police", "Police"
    COUNCIL_ASB = "council_asb", "Council ASB team"
    SAFER_NEIGHBOURHOOD = "safer_neighbourhood", "Safer neighbourhood team"
    SOCIAL_CARE = "social_care", "Social care"
    VICTIM_SUPPORT = "victim_support", "Victim support service"
    MEDIATION = "mediation", "Mediation service"
    OTHER = "other", "Other organisation"


class Partner(BaseModel):
    """An organisation we work ASB cases with."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    area = models.CharField(max_length=150, blank=True, help_text="The area it covers")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ActionKind(models.TextChoices):
    SITE_VISIT = "site_visit", "Site visit"
    SPEAK_TO_NEIGHBOURS = "speak_to_neighbours", "Speak to neighbours and other residents"
    WARNING_LETTER = "warning_letter", "Warning letter"
    ABC = "acceptable_behaviour", "Acceptable behaviour agreement"
    MEDIATION = "mediation", "Mediation"
    PARTNER_REFERRAL = "partner_referral", "Referral to a partner"
    PATROLS = "patrols", "Ask for patrols (police or safer neighbourhood team)"
    POLICE_REPORT = "police_report", "Report to the police on the victim's behalf"
    SAFEGUARDING = "safeguarding", "Safeguarding referral"
    VICTIM_SUPPORT = "victim_support", "Support for the victim"
    SECURITY_WORKS = "security_works", "Security works (doors, locks, lighting)"
    LEGAL = "legal", "Legal remedy (injunction, notice or order)"
    OTHER = "other", "Something else"


class ActionStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class AsbAction(BaseModel):
    """One step of the action plan: what, who owns it (an officer or a partner), by when, and
    what came of it. Each open action is a promise (`deadline`)."""

    asb = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=25, choices=ActionKind.choices)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asb_actions",
    )
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    due_on = models.DateField()
    deadline = models.OneToOneField(
        "records.Deadline", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    agreed_with_victim = models.BooleanField(default=False)
    victim_consent = models.BooleanField(
        default=False, help_text="The victim agreed (needed to report to police on their behalf)"
    )
    outcome = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    partner_response = models.TextField(blank=True)
    partner_responded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values), name="asb_action_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(owner__isnull=False) | models.Q(partner__isnull=False),
                name="asb_action_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.due_on}"


class EntrySource(models.TextChoices):
    RESIDENT = "resident", "Incident diary (resident)"
    OFFICER = "officer", "Officer note"


class DiaryEntry(BaseModel):
    """An incident written down as it happens (by a reporter or victim, in the portal or by
    phone) or an officer's note, with any photos. A resident sees only their own entries."""

    asb = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="diary")
    source = models.CharField(max_length=10, choices=EntrySource.choices)
    resident = models.ForeignKey(
        "housing.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asb_diary_entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    happened_at = models.DateTimeField()
    what_happened = models.TextField()
    recorded_at = models.DateTimeField()
    attachments = models.ManyToManyField("records.Attachment", blank=True, related_name="+")

    class Meta:
        ordering = ["happened_at", "pk"]
        verbose_name_plural = "diary entries"

    def __str__(self) -> str:
        return f"{self.asb_id}: {self.happened_at:%Y-%m-%d %H:%M}"


class ReviewDecision(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    REVIEW_HELD = "review_held", "Case review held"
    NOT_MET = "not_met", "Threshold not met: no review"


class CaseReview(BaseModel):
    """A case review ("community trigger") asked for by a reporter, with whether the threshold
    was met when asked and the decision and its recommendations."""

    asb = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="reviews")
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        "housing.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asb_reviews",
    )
    reason = models.TextField()
    threshold_met = models.BooleanField()
    reports_counted = models.PositiveSmallIntegerField(default=0)
    decision = models.CharField(
        max_length=12, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.asb_id}: review asked {self.requested_at:%Y-%m-%d}"
