"""Believable households for the demo and synthetic landlords, drawn from a seeded random.

No database access: names by community (East London's, with Welsh and Scottish ones for the
homes there), the language a household may prefer and how often someone needs an interpreter,
and household shapes (a lead tenant, perhaps a partner, children, an older parent).
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date

from homecase.housing.models import HouseholdRole, Tenure


@dataclass(frozen=True)
class Community:
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    language: str = "English"
    prefers_own_language: float = 0.0  # share of adults who want to be written to in it
    needs_interpreter: float = 0.0  # of those, the share who need an interpreter to talk to us


COMMUNITIES: dict[str, Community] = {
    "english": Community(
        (
            "Margaret",
            "John",
            "Susan",
            "David",
            "Emma",
            "James",
            "Sophie",
            "Daniel",
            "Lily",
            "Jack",
            "Karen",
            "Paul",
            "Chloe",
            "Ryan",
            "Joan",
            "Terry",
            "Stacey",
            "Lee",
        ),
        (
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Wilson",
            "Walker",
            "Wright",
            "Hughes",
            "Clarke",
            "Turner",
            "Hill",
            "Ward",
            "Cooper",
            "Price",
            "Collins",
            "Baker",
        ),
    ),
    "bangladeshi": Community(
        (
            "Abdul",
            "Rahima",
            "Shamim",
            "Nazma",
            "Rubel",
            "Fatema",
            "Jahanara",
            "Mohammed",
            "Sumaiya",
            "Ayaan",
            "Tahmina",
            "Rafiq",
            "Shirin",
            "Jamal",
        ),
        (
            "Begum",
            "Miah",
            "Uddin",
            "Ahmed",
            "Rahman",
            "Islam",
            "Ali",
            "Khatun",
            "Hussain",
            "Chowdhury",
        ),
        language="Bengali",
        prefers_own_language=0.35,
        needs_interpreter=0.5,
    ),
    "somali": Community(
        (
            "Amina",
            "Hodan",
            "Abdirahman",
            "Faadumo",
            "Mohamed",
            "Sahra",
            "Yusuf",
            "Khadra",
            "Ayan",
            "Liban",
            "Ismail",
            "Sagal",
        ),
        ("Hassan", "Abdi", "Warsame", "Farah", "Mohamud", "Jama", "Osman", "Aden"),
        language="Somali",
        prefers_own_language=0.3,
        needs_interpreter=0.6,
    ),
    "polish": Community(
        ("Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Zofia", "Marek", "Ewa", "Jakub"),
        ("Nowak", "Kowalczyk", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"),
        language="Polish",
        prefers_own_language=0.3,
        needs_interpreter=0.4,
    ),
    "west_african": Community(
        (
            "Chidi",
            "Ngozi",
            "Tunde",
            "Adaeze",
            "Kwame",
            "Abena",
            "Folake",
            "Emeka",
            "Kofi",
            "Yetunde",
        ),
        ("Okafor", "Adeyemi", "Mensah", "Boateng", "Okonkwo", "Balogun", "Owusu", "Eze"),
    ),
    "caribbean": Community(
        ("Delroy", "Marcia", "Winston", "Paulette", "Jermaine", "Shanice", "Errol", "Beverley"),
        ("Campbell", "Williams", "Francis", "Thomas", "Grant", "Samuels", "Reid"),
    ),
    "turkish": Community(
        ("Mehmet", "Ayşe", "Emre", "Zeynep", "Hasan", "Elif", "Murat", "Fatma"),
        ("Yılmaz", "Demir", "Kaya", "Aydın", "Çelik", "Şahin"),
        language="Turkish",
        prefers_own_language=0.25,
        needs_interpreter=0.4,
    ),
    "welsh": Community(
        ("Rhys", "Cerys", "Gareth", "Bethan", "Owain", "Siân", "Dylan", "Megan", "Huw", "Ffion"),
        ("Davies", "Jones", "Williams", "Evans", "Thomas", "Morgan", "Roberts", "Lewis"),
        language="English",
    ),
    "scottish": Community(
        ("Callum", "Morag", "Fraser", "Eilidh", "Hamish", "Iona", "Ewan", "Kirsty"),
        ("MacDonald", "Campbell", "Stewart", "Robertson", "Fraser", "Murray", "Reid"),
    ),
}


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    date_of_birth: date
    adult: bool
    language: str
    needs_interpreter: bool


def weighted_choice(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    names, weights = zip(*mix, strict=True)
    return rng.choices(names, weights=weights)[0]


def _birth_date(rng: random.Random, today: date, age_from: int, age_to: int) -> date:
    age_days = rng.randint(age_from * 365 + 1, age_to * 365 + 300)
    return date.fromordinal(today.toordinal() - age_days)


def _adult(
    rng: random.Random, community: Community, last_name: str, today: date, ages: tuple[int, int]
) -> Person:
    speaks_own = rng.random() < community.prefers_own_language
    return Person(
        first_name=rng.choice(community.first_names),
        last_name=last_name,
        date_of_birth=_birth_date(rng, today, *ages),
        adult=True,
        language=community.language if speaks_own else "English",
        needs_interpreter=speaks_own and rng.random() < community.needs_interpreter,
    )


def household(rng: random.Random, community_name: str, size: int, today: date) -> list[Person]:
    """A household of `size` people: a lead adult first, then perhaps a partner, an older
    parent, and children."""
    community = COMMUNITIES[community_name]
    last_name = rng.choice(community.last_names)
    lead_ages = (68, 92) if size == 1 and rng.random() < 0.35 else (22, 64)
    people = [_adult(rng, community, last_name, today, lead_ages)]
    if size >= 2 and (size > 2 or rng.random() < 0.6):
        people.append(_adult(rng, community, last_name, today, (22, 64)))
    if size >= 4 and rng.random() < 0.2:
        people.append(_adult(rng, community, last_name, today, (65, 88)))
    while len(people) < size:
        people.append(
            Person(
                rng.choice(community.first_names),
                last_name,
                _birth_date(rng, today, 0, 17),
                adult=False,
                language="English",
                needs_interpreter=False,
            )
        )
    return people


def household_size(rng: random.Random, bedrooms: int) -> int:
    """How many people live in a home of this size (fewer than it sleeps, sometimes more)."""
    top = bedrooms * 2
    return max(1, min(top, round(rng.triangular(1, top + 0.5, bedrooms + 0.5))))


def household_role(tenure: str, index: int, *, adult: bool) -> str:
    """The lead and a second adult are named on the tenancy or lease; the rest live with them."""
    owns = tenure in (Tenure.LEASEHOLD, Tenure.SHARED_OWNERSHIP)
    if index == 0:
        return HouseholdRole.LEASEHOLDER if owns else HouseholdRole.LEAD_TENANT
    if index == 1 and adult:
        return HouseholdRole.LEASEHOLDER if owns else HouseholdRole.JOINT_TENANT
    return HouseholdRole.HOUSEHOLD_MEMBER


def email_slug(first_name: str, last_name: str) -> str:
    """'Siân', 'Wiśniewski' -> 'sian.wisniewski' (ASCII for an email address)."""
    text = unicodedata.normalize("NFKD", f"{first_name}.{last_name}".replace("ı", "i"))
    ascii_text = text.encode("ascii", "ignore").decode().lower()
    return "".join(c for c in ascii_text if c.isalnum() or c == ".")
