"""The demo's named households: the residents a demonstration is walked through.

Each is placed in a fixed home and has the needs a landlord must plan for: an interpreter, large
print, a Deaf resident who texts, an elderly resident whose daughter acts for her. Everyone else
in the demo is drawn at random (see `people.py`).
"""

from dataclasses import dataclass
from datetime import date

from homecase.demo.staff import DEMO_RESIDENT_EMAIL
from homecase.housing.models import AdjustmentKind as Adjustment
from homecase.housing.models import ContactChannel as By
from homecase.housing.models import ContactFormat as Format
from homecase.housing.models import HouseholdRole as Role
from homecase.housing.models import Tenure
from homecase.housing.models import VulnerabilityKind as Need


@dataclass(frozen=True)
class Member:
    first_name: str
    last_name: str
    born: date
    role: str = Role.HOUSEHOLD_MEMBER
    email: str = ""
    phone: str = ""
    channel: str = By.LETTER
    format: str = Format.STANDARD
    language: str = "English"
    interpreter: bool = False
    vulnerabilities: tuple[tuple[str, str], ...] = ()
    adjustments: tuple[tuple[str, str], ...] = ()
    signs_in: bool = False


@dataclass(frozen=True)
class Household:
    key: str
    place: str  # a block or a street of houses
    number: int  # the flat or house number
    tenure: str
    since: date
    members: tuple[Member, ...]


FEATURED: tuple[Household, ...] = (
    Household(
        "amina",
        "Heron House",
        36,
        Tenure.SOCIAL_RENT,
        date(2015, 6, 1),
        (
            Member(
                "Amina",
                "Hassan",
                date(1987, 3, 14),
                Role.LEAD_TENANT,
                DEMO_RESIDENT_EMAIL,
                "07700 900101",
                By.EMAIL,
                signs_in=True,
            ),
            Member("Yusuf", "Hassan", date(2013, 9, 2)),
            Member("Hodan", "Hassan", date(2016, 5, 20)),
            Member(
                "Faadumo",
                "Warsame",
                date(1957, 11, 8),
                phone="07700 900102",
                channel=By.PHONE,
                language="Somali",
                interpreter=True,
                vulnerabilities=(
                    (Need.LANGUAGE, "Speaks Somali; little English."),
                    (Need.MOBILITY, "Uses a walking frame; relies on the lift."),
                ),
                adjustments=((Adjustment.INTERPRETER, "Somali interpreter for calls and visits."),),
            ),
        ),
    ),
    Household(
        "margaret",
        "Kingfisher House",
        3,
        Tenure.SOCIAL_RENT,
        date(1978, 2, 13),
        (
            Member(
                "Margaret",
                "Collins",
                date(1938, 7, 30),
                Role.LEAD_TENANT,
                phone="020 7946 0321",
                channel=By.LETTER,
                format=Format.LARGE_PRINT,
                vulnerabilities=(
                    (Need.OLDER_PERSON, "Lives alone since her husband died."),
                    (Need.SIGHT, "Macular degeneration."),
                ),
                adjustments=(
                    (Adjustment.LARGE_PRINT, "16 point or larger."),
                    (
                        Adjustment.NAMED_CONTACT,
                        "Her daughter Susan deals with us for her; copy Susan in.",
                    ),
                    (Adjustment.HOME_VISIT, "Cannot manage the stairs to the office."),
                ),
            ),
        ),
    ),
    Household(
        "abdul",
        "Salmon Court",
        14,
        Tenure.SOCIAL_RENT,
        date(1996, 10, 7),
        (
            Member(
                "Abdul",
                "Miah",
                date(1961, 1, 5),
                Role.LEAD_TENANT,
                phone="07700 900131",
                channel=By.PHONE,
                language="Bengali",
                interpreter=True,
                vulnerabilities=(
                    (Need.LONG_TERM_ILLNESS, "Asthma: made worse by damp."),
                    (Need.LANGUAGE, "Speaks Bengali (Sylheti)."),
                ),
                adjustments=((Adjustment.INTERPRETER, "Sylheti interpreter."),),
            ),
            Member(
                "Rahima",
                "Begum",
                date(1967, 4, 22),
                Role.JOINT_TENANT,
                channel=By.LETTER,
                language="Bengali",
            ),
            Member(
                "Rubel",
                "Miah",
                date(1998, 8, 16),
                email="rubel.miah@example.org",
                phone="07700 900132",
                channel=By.EMAIL,
            ),
        ),
    ),
    Household(
        "agnieszka",
        "Lime Tree House",
        22,
        Tenure.AFFORDABLE_RENT,
        date(2019, 3, 4),
        (
            Member(
                "Agnieszka",
                "Nowak",
                date(1985, 12, 1),
                Role.LEAD_TENANT,
                "agnieszka.nowak@example.org",
                "07700 900141",
                By.SMS,
                language="Polish",
                interpreter=True,
                adjustments=((Adjustment.INTERPRETER, "Polish interpreter for phone calls."),),
            ),
            Member("Zofia", "Nowak", date(2017, 2, 9)),
        ),
    ),
    Household(
        "delroy",
        "Teal Court",
        9,
        Tenure.LEASEHOLD,
        date(2004, 9, 20),
        (
            Member(
                "Delroy",
                "Campbell",
                date(1956, 6, 11),
                Role.LEASEHOLDER,
                "delroy.campbell@example.org",
                "07700 900151",
                By.EMAIL,
            ),
            Member(
                "Marcia",
                "Campbell",
                date(1959, 2, 27),
                Role.LEASEHOLDER,
                phone="07700 900152",
                channel=By.PHONE,
            ),
        ),
    ),
    Household(
        "chloe",
        "Aspen Court",
        5,
        Tenure.SHARED_OWNERSHIP,
        date(2021, 11, 15),
        (
            Member(
                "Chloe",
                "Turner",
                date(1994, 10, 3),
                Role.LEASEHOLDER,
                "chloe.turner@example.org",
                "07700 900161",
                By.EMAIL,
            ),
        ),
    ),
    Household(
        "paul",
        "Repton House",
        11,
        Tenure.SOCIAL_RENT,
        date(2009, 5, 18),
        (
            Member(
                "Paul",
                "Hughes",
                date(1970, 9, 9),
                Role.LEAD_TENANT,
                "paul.hughes@example.org",
                "07700 900171",
                By.SMS,
                vulnerabilities=((Need.HEARING, "Deaf; British Sign Language user."),),
                adjustments=(
                    (Adjustment.INTERPRETER, "BSL interpreter for visits and meetings."),
                    (Adjustment.OTHER, "Text, never phone."),
                ),
            ),
        ),
    ),
    Household(
        "nazma",
        "Dunbar Court",
        7,
        Tenure.SOCIAL_RENT,
        date(2012, 1, 9),
        (
            Member(
                "Nazma",
                "Begum",
                date(1979, 3, 3),
                Role.LEAD_TENANT,
                "nazma.begum@example.org",
                "07700 900181",
                By.EMAIL,
                vulnerabilities=((Need.YOUNG_CHILDREN, "Baby and a toddler."),),
            ),
            Member(
                "Jamal",
                "Uddin",
                date(1976, 12, 12),
                Role.JOINT_TENANT,
                phone="07700 900182",
                channel=By.SMS,
            ),
            Member("Ayaan", "Uddin", date(2022, 6, 1)),
            Member("Sumaiya", "Uddin", date(2024, 8, 19)),
        ),
    ),
    Household(
        "morag",
        "Restalrig Court",
        3,
        Tenure.SOCIAL_RENT,
        date(2001, 8, 27),
        (
            Member(
                "Morag",
                "Stewart",
                date(1964, 4, 16),
                Role.LEAD_TENANT,
                "morag.stewart@example.org",
                "07700 900191",
                By.EMAIL,
                vulnerabilities=((Need.MENTAL_HEALTH, "Anxiety; prefers written contact."),),
                adjustments=((Adjustment.EXTRA_TIME, "A week to reply to letters."),),
            ),
        ),
    ),
    Household(
        "rhys",
        "Clive Street",
        14,
        Tenure.AFFORDABLE_RENT,
        date(2018, 7, 2),
        (
            Member(
                "Rhys",
                "Davies",
                date(1981, 5, 25),
                Role.LEAD_TENANT,
                "rhys.davies@example.org",
                "07700 900195",
                By.EMAIL,
            ),
            Member(
                "Cerys",
                "Davies",
                date(1983, 1, 17),
                Role.JOINT_TENANT,
                "cerys.davies@example.org",
                "07700 900196",
                By.EMAIL,
            ),
            Member("Megan", "Davies", date(2012, 3, 30)),
        ),
    ),
)
