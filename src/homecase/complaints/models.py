"""Complaints under the Complaint Handling Code 2024: the complaint (one per complaint case), its
two stages with their definitions and responses, putting things right (actions, compensation),
learning, Ombudsman referrals, offers of a complaint made on other cases, and contact
restrictions for unacceptable behaviour. Every change is written by `complaints.services`, which
records it on the case timeline; every promise is a `records.Deadline`."""

from django.conf import settings
from django.db import models

from homecase.common.models import BaseModel
from homecase.complaints import rules


class ComplaintStatus(models.TextChoices):
    RECEIVED = rules.RECEIVED, "Received, not yet acknowledged"
    STAGE_1 = rules.STAGE_1, "Stage 1: being investigated"
    STAGE_1_RESPONDED = rules.STAGE_1_RESPONDED, "Stage 1 response sent"
    STAGE_2_REQUESTED = rules.STAGE_2_REQUESTED, "Stage 2 requested"
    STAGE_2 = rules.STAGE_2, "Stage 2: being reviewed"
    STAGE_2_RESPONDED = rules.STAGE_2_RESPONDED, "Final response sent"
    REFUSED = rules.REFUSED, "Not accepted as a complaint"
    WITHDRAWN = rules.WITHDRAWN, "Withdrawn"


class Complainant(models.TextChoices):
    RESIDENT = "resident", "The resident"
    REPRESENTATIVE = "representative", "A representative with consent"
    THIRD_PARTY = "third_party", "A third party affected by our actions"
    PETITION = "petition", "A petition (several residents)"


class Exclusion(models.TextChoices):
    """The reasons a complaint may be refused (Code 2.3, landlord policy 2.4)."""

    OVER_12_MONTHS = "over_12_months", "The issue happened or was found over 12 months ago"
    LEGAL_ACTION = "legal_action", "Legal proceedings have been filed at court"
    ALREADY_CONSIDERED = "already_considered", "Already considered under the complaints policy"
    SURVEY = "survey", "Feedback given through a survey"
    FIRST_ASB_REPORT = "first_asb_report", "A first report of anti-social behaviour"
    OTHER_APPEAL = "other_appeal", "A decision with its own appeal route"
    RENT_REVIEW = "rent_review", "A rent review (set by government guidelines)"
    LIABILITY_CLAIM = "liability_claim", "A liability or personal injury claim"
    SERVICE_CHARGE_SETTING = (
        "service_charge_setting",
        "Service charge setting (First-tier Tribunal)",
    )


class Complaint(BaseModel):
    case = models.OneToOneField("records.Case", on_delete=models.PROTECT, related_name="complaint")
    status = models.CharField(
        max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    complainant = models.CharField(
        max_length=20, choices=Complainant.choices, default=Complainant.RESIDENT
    )
    representative = models.ForeignKey(
        "housing.Representative", null=True, blank=True, on_delete=models.PROTECT
    )
    third_party_name = models.CharField(max_length=200, blank=True)
    third_party_contact = models.CharField(max_length=300, blank=True)
    received_channel = models.CharField(max_length=20)
    description = models.TextField(help_text="The complaint in the resident's own words.")
    desired_outcome = models.TextField(blank=True)
    about_conduct = models.BooleanField(default=False)
    conduct_subject = models.CharField(
        max_length=200, blank=True, help_text="Whose conduct (staff only; never shown to them)."
    )
    related_case = models.ForeignKey(
        "records.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_about",
        help_text="The service request (repair, ASB case...) the resident is dissatisfied with.",
    )
    exclusion = models.CharField(max_length=30, choices=Exclusion.choices, blank=True)
    exclusion_explanation = models.TextField(blank=True)
    discretion_reason = models.TextField(blank=True)
    root_cause = models.TextField(blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"], name="complaints_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ComplaintStatus.values),
                name="complaints_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ComplaintStatus.REFUSED) | ~models.Q(exclusion=""),
                name="complaints_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        return self.case.reference


class Signatory(BaseModel):
    """One signer of a petition; letters go to the first (policy 4.2)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="signatories")
    position = models.PositiveSmallIntegerField()
    resident = models.ForeignKey(
        "housing.Resident", null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField(max_length=200)
    circumstances = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "position"], name="complaints_signatory_position"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    UPHELD = rules.UPHELD, "Upheld"
    PARTLY_UPHELD = rules.PARTLY_UPHELD, "Partly upheld"
    NOT_UPHELD = rules.NOT_UPHELD, "Not upheld"


class Stage(BaseModel):
    """One stage of a complaint: who handles it, its definition (Code 5.6) and its response."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveSmallIntegerField()
    requested_at = models.DateTimeField(help_text="Received (stage 1) or escalation asked for.")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    outcomes_sought = models.TextField(blank=True)
    escalation_reason = models.TextField(blank=True, help_text="Optional: never demanded.")
    late_escalation_reason = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    remedy_summary = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalate_by = models.DateTimeField(null=True, blank=True)
    response_letter = models.ForeignKey(
        "notify.OutboundMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        indexes = [
            # TSM CH01 (received in a period) and CH02 (responded to in a period).
            models.Index(fields=["requested_at"], name="complaints_stage_requested"),
            models.Index(fields=["responded_at"], name="complaints_stage_responded"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="complaints_stage_once"),
            models.CheckConstraint(
                condition=models.Q(number__in=[1, 2]), name="complaints_two_stages_only"
            ),
        ]

    def __str__(self) -> str:
        return f"Stage {self.number}"


class Point(BaseModel):
    """One point of the complaint definition, with its decision and reason once decided."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="points")
    number = models.PositiveSmallIntegerField()
    summary = models.TextField()
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    reason = models.TextField(blank=True)
    added_after_acknowledgement = models.BooleanField(default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "number"], name="complaints_point_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.summary}"


class RemedyKind(models.TextChoices):
    """Putting things right (Code 7.1)."""

    APOLOGY = "apology", "Apology"
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledging what went wrong"
    EXPLANATION = "explanation", "Explanation"
    ACTION = "action", "Action to put things right"
    RECONSIDER = "reconsider", "Reconsidering a decision"
    RECORD = "record", "Amending a record"
    POLICY = "policy", "Changing a policy or procedure"


class Remedy(BaseModel):
    """Something promised to put things right. An action has an owner and a deadline and is
    followed to done; the complaint shows "actions outstanding" until then."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="remedies")
    stage_number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=RemedyKind.choices)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    deadline = models.OneToOneField(
        "records.Deadline", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def outstanding(self) -> bool:
        return self.deadline_id is not None and self.done_at is None


class CompensationStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    PAID = "paid", "Paid"


class Impact(models.TextChoices):
    """The Ombudsman's remedies guidance: how much the failure affected the resident."""

    MINIMAL = "minimal", "Minimal impact"
    ADVERSE = "adverse", "A failure that adversely affected the resident"
    SIGNIFICANT = "significant", "Significant impact"
    SEVERE = "severe", "Severe, long-lasting impact"


class CompensationBand(BaseModel):
    """The Ombudsman's remedies bands, effective-dated reference data (not code)."""

    effective_from = models.DateField()
    impact = models.CharField(max_length=20, choices=Impact.choices)
    minimum = models.DecimalField(max_digits=9, decimal_places=2)
    maximum = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-effective_from", "minimum"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "impact"], name="complaints_band_once"
            )
        ]

    def __str__(self) -> str:
        top = f"£{self.maximum:,.0f}" if self.maximum is not None else "more"
        return f"{self.get_impact_display()}: £{self.minimum:,.0f} to {top}"


class Compensation(BaseModel):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="compensations")
    stage_number = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    impact = models.CharField(max_length=20, choices=Impact.choices, blank=True)
    reason = models.TextField()
    status = models.CharField(
        max_length=10, choices=CompensationStatus.choices, default=CompensationStatus.OFFERED
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="complaints_compensation_positive"
            )
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} ({self.get_status_display()})"


class LearningAction(BaseModel):
    """Learning from an upheld or partly upheld complaint (Code 9): owner, deadline, done."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="learning")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    deadline = models.OneToOneField("records.Deadline", on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.description


class Finding(models.TextChoices):
    NO_MALADMINISTRATION = "no_maladministration", "No maladministration"
    SERVICE_FAILURE = "service_failure", "Service failure"
    MALADMINISTRATION = "maladministration", "Maladministration"
    SEVERE_MALADMINISTRATION = "severe_maladministration", "Severe maladministration"
    REDRESS = "redress", "Reasonable redress"
    OUTSIDE_JURISDICTION = "outside_jurisdiction", "Outside jurisdiction"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OmbudsmanReferral(BaseModel):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="ombudsman_referrals"
    )
    ombudsman_reference = models.CharField(max_length=40, blank=True)
    referred_at = models.DateTimeField()
    determined_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.ombudsman_reference or f"Referral of {self.referred_at:%d %B %Y}"


class OmbudsmanFinding(BaseModel):
    """The Ombudsman's finding on one element of the complaint."""

    referral = models.ForeignKey(
        OmbudsmanReferral, on_delete=models.PROTECT, related_name="findings"
    )
    element = models.CharField(max_length=300)
    finding = models.CharField(max_length=30, choices=Finding.choices)

    def __str__(self) -> str:
        return f"{self.element}: {self.get_finding_display()}"


class OmbudsmanOrder(BaseModel):
    """An order with its deadline; complied with only with evidence."""

    referral = models.ForeignKey(OmbudsmanReferral, on_delete=models.PROTECT, related_name="orders")
    text = models.TextField()
    deadline = models.OneToOneField("records.Deadline", on_delete=models.PROTECT, related_name="+")
    complied_at = models.DateTimeField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.text


class OfferChoice(models.TextChoices):
    PENDING = "pending", "Not yet asked"
    ACCEPTED = "accepted", "Wants to complain"
    DECLINED = "declined", "Does not want to complain"


class ComplaintOffer(BaseModel):
    """Dissatisfaction shown in a contact on any case (Code 1.3): the resident must be offered
    the choice to complain, and that choice is recorded."""

    case = models.ForeignKey(
        "records.Case", on_delete=models.PROTECT, related_name="complaint_offers"
    )
    contact_summary = models.TextField()
    phrases = models.JSONField(default=list, blank=True)
    flagged_by_staff = models.BooleanField(default=False)
    choice = models.CharField(
        max_length=10, choices=OfferChoice.choices, default=OfferChoice.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    complaint = models.OneToOneField(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="offer"
    )

    def __str__(self) -> str:
        return f"Complaint offered on {self.case_id}: {self.get_choice_display()}"


class ContactRestriction(BaseModel):
    """A restriction for unacceptable behaviour (Code 5.14-5.15). It limits how the resident is
    contacted, never whether their complaint is handled, and is kept under review."""

    resident = models.ForeignKey(
        "housing.Resident", on_delete=models.PROTECT, related_name="contact_restrictions"
    )
    behaviour = models.TextField()
    evidence = models.TextField()
    equality_act_consideration = models.TextField()
    arrangement = models.TextField(help_text="How we will be in touch while it lasts.")
    starts_on = models.DateField()
    review_on = models.DateField()
    ended_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_on__gte=models.F("starts_on")),
                name="complaints_restriction_review_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Contact restriction from {self.starts_on:%d %B %Y}"


class MissedPromise(BaseModel):
    """A missed complaint deadline and the new date given with the apology (once per miss)."""

    deadline = models.OneToOneField(
        "records.Deadline", on_delete=models.PROTECT, related_name="missed_promise"
    )
    new_deadline = models.OneToOneField(
        "records.Deadline", on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"New date for {self.deadline}"
