"""The landlord's anti-social behaviour policy: the victim risk and vulnerability matrix, the
first-contact timescale for each risk level, the action-plan, contact and review timescales, the
case-review ("community trigger") threshold and the reopening window. Pure: no Django.

The matrix follows the shape of the Home Office's ASB risk assessment: yes/no questions about the
victim's circumstances, each with a weight. The total sets the level; a few answers on their own
make the risk high (a threat of violence, a hate incident, the victim feeling unsafe at home),
and a safeguarding concern always asks for a safeguarding referral.
"""

from dataclasses import asdict, dataclass, field, fields, replace

HIGH = "high"
MEDIUM = "medium"
STANDARD = "standard"


@dataclass(frozen=True)
class RiskQuestion:
    code: str
    staff_text: str  # as an officer asks it
    resident_text: str  # as the portal asks it, in plain English
    weight: int
    forces_high: bool = False
    safeguarding: bool = False
    asked_at_intake: bool = False  # asked of the resident in the portal report form too


DEFAULT_RISK_QUESTIONS = (
    RiskQuestion(
        "unsafe_at_home",
        "Does the victim feel unsafe in their home?",
        "Do you feel unsafe in your home because of this?",
        4,
        forces_high=True,
        asked_at_intake=True,
    ),
    RiskQuestion(
        "threats_or_violence",
        "Has there been violence, or a threat of violence?",
        "Has anyone been violent or threatened violence?",
        4,
        forces_high=True,
        asked_at_intake=True,
    ),
    RiskQuestion(
        "repeated",
        "Has it happened before (repeat victimisation)?",
        "Has this happened before?",
        2,
        asked_at_intake=True,
    ),
    RiskQuestion(
        "targeted",
        "Is the victim being targeted personally?",
        "Is it aimed at you or your household?",
        2,
        asked_at_intake=True,
    ),
    RiskQuestion(
        "hate_motivated",
        "Does anyone perceive it as motivated by hostility (disability, race, religion, "
        "sexual orientation, transgender identity)?",
        "Do you think it happens because of who you are (disability, race, religion, "
        "sexual orientation or being transgender)?",
        3,
        forces_high=True,
    ),
    RiskQuestion(
        "health_affected",
        "Is it affecting the victim's physical or mental health?",
        "Is it affecting your health or sleep?",
        2,
        asked_at_intake=True,
    ),
    RiskQuestion(
        "disability_or_illness",
        "Does the victim have a disability or long-term illness?",
        "Do you or someone in your home have a disability or long-term illness?",
        2,
    ),
    RiskQuestion(
        "children", "Are children in the household affected?", "Are children affected?", 1
    ),
    RiskQuestion(
        "isolated",
        "Is the victim isolated, with no one to support them?",
        "Do you feel you have no one to support you?",
        2,
    ),
    RiskQuestion(
        "fear_of_reprisal",
        "Is the victim afraid to report to the police or to give evidence?",
        "Are you afraid to go to the police about it?",
        1,
    ),
    RiskQuestion(
        "safeguarding_concern",
        "Is there a safeguarding concern for a child or an adult at risk?",
        "Is a child or an adult at risk of harm?",
        3,
        safeguarding=True,
    ),
    RiskQuestion(
        "considering_moving",
        "Is the victim thinking of leaving their home because of it?",
        "Are you thinking of leaving your home because of this?",
        1,
    ),
)


@dataclass(frozen=True)
class AsbPolicy:
    risk_questions: tuple[RiskQuestion, ...] = DEFAULT_RISK_QUESTIONS
    high_threshold: int = 10  # a total score at or above this is high risk
    medium_threshold: int = 5
    # First contact with the victim, by risk level, counted from day 0 (the working day the
    # report arrives, or the next one after closing time). High risk: 0, the same working day,
    # which for a report made in the evening or at the weekend is the next working day.
    first_contact_high_working_days: int = 0
    first_contact_medium_working_days: int = 3
    first_contact_standard_working_days: int = 5
    action_plan_working_days: int = 10  # an action plan agreed with the victim
    contact_interval_working_days: int = 10  # until the victim agrees another interval
    risk_review_high_working_days: int = 10
    risk_review_working_days: int = 20  # medium and standard
    case_review_reports: int = 3  # reports about the same matter...
    case_review_months: int = 6  # ...within this many months meet the threshold
    case_review_decision_working_days: int = 10
    reopen_within_days: int = 90  # the same behaviour again within this reopens the case
    behaviour_categories: dict[str, str] = field(
        default_factory=lambda: {
            "noise": "nuisance",
            "drugs": "nuisance",
            "harassment": "personal",
            "intimidation": "personal",
            "violence": "personal",
            "vandalism": "environmental",
            "hate": "personal",
            "squatting": "nuisance",
            "rubbish": "environmental",
            "alcohol": "nuisance",
            "animals": "nuisance",
            "vehicles": "environmental",
            "other": "nuisance",
        }
    )

    def question(self, code: str) -> RiskQuestion:
        for question in self.risk_questions:
            if question.code == code:
                return question
        raise KeyError(code)

    def first_contact_working_days(self, level: str) -> int:
        return {
            HIGH: self.first_contact_high_working_days,
            MEDIUM: self.first_contact_medium_working_days,
        }.get(level, self.first_contact_standard_working_days)

    def risk_review_within(self, level: str) -> int:
        if level == HIGH:
            return self.risk_review_high_working_days
        return self.risk_review_working_days

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT_ASB_POLICY = AsbPolicy()

_NOT_NUMBERS = {"risk_questions", "behaviour_categories"}
# Timescales that may be 0 working days: "by the end of day 0".
_MAY_BE_ZERO = {
    "first_contact_high_working_days",
    "first_contact_medium_working_days",
    "first_contact_standard_working_days",
}


def policy_problems(policy: AsbPolicy) -> list[str]:
    """What is inconsistent in an ASB policy (empty when fine)."""
    problems = [
        f"{item.name} must be at least {int(item.name not in _MAY_BE_ZERO)}."
        for item in fields(AsbPolicy)
        if item.name not in _NOT_NUMBERS
        and getattr(policy, item.name) < int(item.name not in _MAY_BE_ZERO)
    ]
    if policy.medium_threshold >= policy.high_threshold:
        problems.append("medium_threshold must be below high_threshold.")
    return problems


def parse_overrides(text: str, base: AsbPolicy = DEFAULT_ASB_POLICY) -> AsbPolicy:
    """Read `case_review_reports=3,reopen_within_days=60` (the environment's form): the
    whole-number settings of the policy; the matrix and categories keep their defaults."""
    numbers = {item.name for item in fields(AsbPolicy) if item.name not in _NOT_NUMBERS}
    values: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, raw = item.partition("=")
        name = name.strip()
        if name not in numbers:
            raise ValueError(f"'{name}' is not an ASB policy setting.")
        try:
            values[name] = int(raw)
        except ValueError:
            raise ValueError(f"{name} must be a whole number, not '{raw}'.") from None
    return replace(base, **values)
