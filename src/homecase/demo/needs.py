"""What a randomly drawn resident needs from their landlord, and how they want to be reached.

Pure Python over a seeded random: vulnerabilities and reasonable adjustments (recorded later
with consent), the letter format a need calls for (large print, Braille, audio, easy read), and
a preferred channel that can actually reach them (the housing services refuse one that cannot).
"""

import random
from dataclasses import dataclass, field

from homecase.demo.people import Person, email_slug

OTHER_NEED_SHARE = 0.07
OLDER_AGE = 75


@dataclass(frozen=True)
class Need:
    vulnerability: tuple[str, str]
    adjustment: tuple[str, str]
    format: str = "standard"
    channel: str = ""


_OTHER_NEEDS = (
    Need(
        ("mental_health", "Depression; finds phone calls hard."),
        ("named_contact", "One named officer for all contact."),
    ),
    Need(
        ("long_term_illness", "Dialysis three days a week."),
        ("access_times", "Appointments on Tuesdays or Thursdays only."),
    ),
    Need(
        ("learning_disability", "Mild learning disability."),
        ("extra_time", "Extra time to read and reply."),
        format="easy_read",
    ),
    Need(
        ("domestic_abuse", "Survivor of domestic abuse."),
        ("other", "Never discuss the case at the door; mobile number only."),
        channel="sms",
    ),
    Need(("mobility", "Uses a wheelchair."), ("home_visit", "Meetings at home.")),
    Need(
        ("hearing", "Hard of hearing."), ("other", "Text or email; no phone calls."), channel="sms"
    ),
    Need(("sight", "Sight loss."), ("large_print", "Letters in 16 point."), format="large_print"),
    Need(("sight", "Registered blind."), ("other", "Letters in Braille."), format="braille"),
    Need(("sight", "Registered blind."), ("other", "Letters as audio recordings."), format="audio"),
)


@dataclass
class Needs:
    vulnerabilities: list[tuple[str, str]] = field(default_factory=list)
    adjustments: list[tuple[str, str]] = field(default_factory=list)
    format: str = "standard"
    channel: str = ""


def needs_of(rng: random.Random, person: Person, *, age: int, lives_alone: bool) -> Needs:
    """The vulnerabilities and adjustments a resident agreed to have recorded (often none)."""
    # Draw the same numbers whatever the person, so the demo does not change with the date.
    alone_roll, need_roll, need = rng.random(), rng.random(), rng.choice(_OTHER_NEEDS)
    needs = Needs()
    if not person.adult:
        return needs
    if person.needs_interpreter:
        needs.vulnerabilities.append(("language", f"Speaks {person.language}; little English."))
        needs.adjustments.append(("interpreter", f"{person.language} interpreter."))
    if age >= OLDER_AGE and lives_alone and alone_roll < 0.6:
        needs.vulnerabilities.append(("older_person", "Lives alone."))
    if need_roll < OTHER_NEED_SHARE:
        needs.vulnerabilities.append(need.vulnerability)
        needs.adjustments.append(need.adjustment)
        needs.format, needs.channel = need.format, need.channel
    return needs


def contact_for(
    rng: random.Random,
    person: Person,
    *,
    age: int,
    serial: int,
    needs: Needs,
    domain: str = "example.org",
) -> dict[str, str]:
    """How to reach someone: children by letter to the home; older people mostly by letter,
    some in large print; phone when an interpreter is booked for calls. Phone numbers are from
    Ofcom's range for drama; emails are unique by `serial` within `domain`."""
    phone_roll, email_roll, channel_roll, print_roll = (rng.random() for _ in range(4))
    if not person.adult:
        return {"preferred_channel": "letter"}
    phone = f"07700 900{serial % 1000:03d}" if needs.channel or phone_roll < 0.9 else ""
    email = ""
    if email_roll < 0.65:
        email = f"{email_slug(person.first_name, person.last_name)}.{serial}@{domain}"
    older = age >= OLDER_AGE
    if needs.channel:
        channel = needs.channel
    elif person.needs_interpreter and phone:
        channel = "phone"
    elif older or needs.format != "standard" or not (email or phone):
        channel = "letter"
    elif email and phone:
        channel = "email" if channel_roll < 0.45 else "sms"
    else:
        channel = "email" if email else "sms"
    fmt = needs.format
    if fmt == "standard" and older and channel == "letter" and print_roll < 0.4:
        fmt = "large_print"
        needs.adjustments.append(("large_print", "Letters in 16 point."))
    return {"email": email, "phone": phone, "preferred_channel": channel, "preferred_format": fmt}
