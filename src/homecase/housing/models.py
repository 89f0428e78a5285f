"""Estates, blocks, homes, communal areas, tenancies, residents and what they need from us."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from homecase.common.models import BaseModel
from homecase.housing import rules


class Estate(BaseModel):
    name = models.CharField(max_length=120, unique=True)
    local_authority = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Block(BaseModel):
    """A building of several homes. Storeys and height tell whether it is higher-risk."""

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="blocks")
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=200)
    postcode = models.CharField(max_length=8)
    storeys = models.PositiveSmallIntegerField(null=True, blank=True)
    height_m = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["estate__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="housing_block_name_in_estate")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.estate.name}"

    def is_higher_risk(self, *, homes: int | None = None) -> bool:
        count = self.homes.count() if homes is None else homes
        return rules.is_higher_risk_building(
            storeys=self.storeys, height_m=self.height_m, homes=count
        )


class HomeType(models.TextChoices):
    FLAT = "flat", "Flat"
    MAISONETTE = "maisonette", "Maisonette"
    HOUSE = "house", "House"
    BUNGALOW = "bungalow", "Bungalow"
    BEDSIT = "bedsit", "Bedsit"


class Nation(models.TextChoices):
    """The working-day calendar a home's deadlines follow (its bank holidays)."""

    ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class Home(BaseModel):
    uprn = models.CharField("UPRN", max_length=12, unique=True)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8, db_index=True)
    estate = models.ForeignKey(
        Estate, null=True, blank=True, on_delete=models.PROTECT, related_name="homes"
    )
    block = models.ForeignKey(
        Block, null=True, blank=True, on_delete=models.PROTECT, related_name="homes"
    )
    home_type = models.CharField(max_length=12, choices=HomeType.choices)
    bedrooms = models.PositiveSmallIntegerField(default=1)
    floor = models.SmallIntegerField(null=True, blank=True)
    nation = models.CharField(
        max_length=20, choices=Nation.choices, default=Nation.ENGLAND_AND_WALES
    )

    class Meta:
        ordering = ["postcode", "address_line_1"]
        indexes = [models.Index(Lower("address_line_1"), name="housing_home_address_ci")]

    def __str__(self) -> str:
        return self.one_line_address

    @property
    def one_line_address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)


class CommunalAreaKind(models.TextChoices):
    ENTRANCE = "entrance", "Entrance and door"
    DOOR_ENTRY = "door_entry", "Door entry system"
    STAIRS = "stairs", "Stairs and landings"
    LIFT = "lift", "Lift"
    CORRIDOR = "corridor", "Corridor"
    BIN_STORE = "bin_store", "Bin store"
    GROUNDS = "grounds", "Grounds and gardens"
    CAR_PARK = "car_park", "Car park"
    LIGHTING = "lighting", "Communal lighting"


class CommunalArea(BaseModel):
    """A shared part of a block or, where it has no block, of an estate."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=CommunalAreaKind.choices)
    block = models.ForeignKey(
        Block, null=True, blank=True, on_delete=models.PROTECT, related_name="communal_areas"
    )
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="communal_areas")

    class Meta:
        ordering = ["estate__name", "name"]

    def __str__(self) -> str:
        where = self.block.name if self.block_id else self.estate.name
        return f"{self.name} ({where})"


class Tenure(models.TextChoices):
    SOCIAL_RENT = "social_rent", "Tenant (social rent)"
    AFFORDABLE_RENT = "affordable_rent", "Tenant (affordable rent)"
    LEASEHOLD = "leasehold", "Leaseholder"
    SHARED_OWNERSHIP = "shared_ownership", "Shared owner"


class Tenancy(BaseModel):
    reference = models.CharField(max_length=20, unique=True)
    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="tenancies")
    tenure = models.CharField(max_length=20, choices=Tenure.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "tenancies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="housing_tenancy_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["home"],
                condition=models.Q(end_date__isnull=True),
                name="housing_one_current_tenancy_per_home",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_tenure_display()})"


class HouseholdRole(models.TextChoices):
    LEAD_TENANT = "lead_tenant", "Tenant (lead)"
    JOINT_TENANT = "joint_tenant", "Joint tenant"
    LEASEHOLDER = "leaseholder", "Leaseholder"
    HOUSEHOLD_MEMBER = "household_member", "Household member"


class ContactChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone call"


class ContactFormat(models.TextChoices):
    STANDARD = "standard", "Standard"
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"


class Resident(BaseModel):
    """Anyone living in a home, named on the tenancy or not."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.PROTECT, related_name="residents"
    )
    tenancy = models.ForeignKey(
        Tenancy, null=True, blank=True, on_delete=models.PROTECT, related_name="residents"
    )
    household_role = models.CharField(
        max_length=20, choices=HouseholdRole.choices, default=HouseholdRole.HOUSEHOLD_MEMBER
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    preferred_channel = models.CharField(
        max_length=10, choices=ContactChannel.choices, default=ContactChannel.EMAIL
    )
    preferred_format = models.CharField(
        max_length=12, choices=ContactFormat.choices, default=ContactFormat.STANDARD
    )
    preferred_language = models.CharField(
        max_length=40,
        default="English",
        help_text="The language the resident prefers to be written to in.",
    )
    needs_interpreter = models.BooleanField(default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resident",
    )
    timeline = models.OneToOneField(
        "records.Timeline", on_delete=models.PROTECT, related_name="resident"
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(Lower("last_name"), name="housing_resident_last_ci"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="housing_resident_email_unique_ci",
                violation_error_message="Another resident already uses this email address.",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ConsentedRecord(BaseModel):
    """Sensitive information recorded only with the resident's consent, and reviewed."""

    consent_given_on = models.DateField()
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    review_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True


class VulnerabilityKind(models.TextChoices):
    MOBILITY = "mobility", "Limited mobility"
    SIGHT = "sight", "Sight loss"
    HEARING = "hearing", "Deaf or hard of hearing"
    MENTAL_HEALTH = "mental_health", "Mental health condition"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    LONG_TERM_ILLNESS = "long_term_illness", "Long-term illness"
    OLDER_PERSON = "older_person", "Older person living alone"
    YOUNG_CHILDREN = "young_children", "Young children in the home"
    DOMESTIC_ABUSE = "domestic_abuse", "Survivor of domestic abuse"
    LANGUAGE = "language", "Limited English"
    OTHER = "other", "Other"


class Vulnerability(ConsentedRecord):
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="vulnerabilities")
    kind = models.CharField(max_length=24, choices=VulnerabilityKind.choices)
    details = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "vulnerabilities"

    def __str__(self) -> str:
        return self.get_kind_display()


class AdjustmentKind(models.TextChoices):
    LARGE_PRINT = "large_print", "Letters in large print"
    PHONE_NOT_WRITING = "phone_not_writing", "Phone rather than writing"
    NAMED_CONTACT = "named_contact", "A named contact for all cases"
    EXTRA_TIME = "extra_time", "Extra time to respond"
    INTERPRETER = "interpreter", "An interpreter"
    HOME_VISIT = "home_visit", "Meetings at home"
    ACCESS_TIMES = "access_times", "Appointments only at certain times"
    OTHER = "other", "Other"


class ReasonableAdjustment(ConsentedRecord):
    """An adjustment under the Equality Act 2010 (Code 3.2, 5.10)."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField(max_length=24, choices=AdjustmentKind.choices)
    details = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class RepresentativeRelationship(models.TextChoices):
    FAMILY = "family", "Family member or friend"
    ADVOCATE = "advocate", "Advocate or support worker"
    ADVICE_AGENCY = "advice_agency", "Advice agency"
    SOLICITOR = "solicitor", "Solicitor"
    MP = "mp", "MP"
    COUNCILLOR = "councillor", "Councillor"
    TRA = "tra", "Tenants' and residents' association"


class Representative(BaseModel):
    """Someone acting for a resident with their consent: for all cases or for named ones
    (`case_references`, one per line), until `valid_until`."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="representatives")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=RepresentativeRelationship.choices)
    organisation = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representations",
    )
    consent_given_on = models.DateField()
    consent_method = models.CharField(max_length=100, help_text="How consent was given.")
    all_cases = models.BooleanField(default=True)
    case_references = models.TextField(blank=True)
    valid_until = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} for {self.resident}"

    def covers(self, reference: str, on: date) -> bool:
        """Whether this consent covers a case on a given date."""
        if self.withdrawn_on and self.withdrawn_on <= on:
            return False
        if self.valid_until and self.valid_until < on:
            return False
        return self.all_cases or reference in self.case_references.split()


class DecencyAssessment(BaseModel):
    """A stock-condition survey's verdict on one home against the Decent Homes Standard (TSM
    RP01). The latest assessment on or before a date is the home's standing on that date."""

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="decency_assessments")
    assessed_on = models.DateField()
    meets_standard = models.BooleanField()
    failing_reasons = models.TextField(
        blank=True, help_text="Why the home fails the standard (one reason a line)."
    )

    class Meta:
        ordering = ["home", "-assessed_on"]
        indexes = [models.Index(fields=["home", "assessed_on"], name="housing_decency_home_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meets_standard=True) | ~models.Q(failing_reasons=""),
                name="housing_decency_failure_has_reason",
                violation_error_message="Say why the home fails the Decent Homes Standard.",
            )
        ]

    def __str__(self) -> str:
        verdict = "meets" if self.meets_standard else "fails"
        return f"{self.home}: {verdict} the Decent Homes Standard ({self.assessed_on})"


class SafetyCheckKind(models.TextChoices):
    """The building-safety checks behind TSMs BS01-BS05, in the Regulator's order."""

    GAS = "gas", "Gas safety check"
    FIRE = "fire", "Fire risk assessment"
    ASBESTOS = "asbestos", "Asbestos survey or re-inspection"
    WATER = "water", "Legionella (water safety) risk assessment"
    LIFT = "lift", "Communal passenger lift check"


class SafetyCheckStatus(models.TextChoices):
    SATISFACTORY = "satisfactory", "Carried out: satisfactory"
    ACTIONS = "actions", "Carried out: remedial actions needed"
    NOT_DONE = "not_done", "Required but not carried out"


class SafetyCheck(BaseModel):
    """A building-safety check a home or a block needs: the date it was done (none while only
    required), when the next is due, and its status. One row per check carried out: old rows
    are kept, so that a past year's return reads what was in date then. A check on a block
    covers every home in it; a home "needs" a kind of check when it, or its block, has one."""

    kind = models.CharField(max_length=12, choices=SafetyCheckKind.choices)
    home = models.ForeignKey(
        Home, null=True, blank=True, on_delete=models.PROTECT, related_name="safety_checks"
    )
    block = models.ForeignKey(
        Block, null=True, blank=True, on_delete=models.PROTECT, related_name="safety_checks"
    )
    done_on = models.DateField(null=True, blank=True)
    next_due_on = models.DateField()
    status = models.CharField(max_length=12, choices=SafetyCheckStatus.choices)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "-next_due_on"]
        indexes = [
            models.Index(fields=["home", "kind"], name="housing_check_home_kind"),
            models.Index(fields=["block", "kind"], name="housing_check_block_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(home__isnull=True, block__isnull=False)
                | models.Q(home__isnull=False, block__isnull=True),
                name="housing_check_home_xor_block",
                violation_error_message="A check is for one home or for one block, not both.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SafetyCheckStatus.values),
                name="housing_check_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="not_done") | models.Q(done_on__isnull=False),
                name="housing_check_done_has_date",
                violation_error_message="A check carried out needs the date it was done.",
            ),
        ]

    def __str__(self) -> str:
        where = self.home or self.block
        return f"{self.get_kind_display()}: {where}"
