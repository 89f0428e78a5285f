"""The complaint timescales a landlord works to, checked against the Complaint Handling Code 2024.

Pure: no Django. A landlord may be stricter than the Code (answer sooner, give residents longer to
escalate or to bring an old complaint), never looser; `problems_with` says what is looser.
"""

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class ComplaintTimescales:
    # Promises the landlord makes (working days): the Code's figure is the most allowed.
    stage1_acknowledge_days: int = 5  # Code 6.2: of receipt
    stage1_response_days: int = 10  # Code 6.5: of acknowledgement
    stage1_extension_days: int = 10  # Code 6.5: without a recorded good reason
    stage2_acknowledge_days: int = 5  # Code 6.10-6.12: of the escalation request
    stage2_response_days: int = 20  # Code 6.13: of acknowledgement
    stage2_extension_days: int = 20  # Code 6.14
    # Homecase's own promise (the Code sets none, so its default is the most allowed): after a
    # missed deadline the resident gets an apology and a new date this many working days on.
    new_date_after_miss_days: int = 3
    # Time the resident has (the landlord may give more, never less).
    escalation_window_days: int = 20  # landlord policy 5.5.3: of the stage 1 response
    exclusion_months: int = 12  # Code 2.3 / policy 2.4.1: issue older than this may be refused

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


CODE = ComplaintTimescales()
_RESIDENT_ALLOWANCES = frozenset({"escalation_window_days", "exclusion_months"})


def problems_with(timescales: ComplaintTimescales) -> list[str]:
    """Each way these timescales are looser than the Code, in plain English (empty when fine)."""
    problems = []
    for field in fields(ComplaintTimescales):
        value, code = getattr(timescales, field.name), getattr(CODE, field.name)
        if value < 1:
            problems.append(f"{field.name} must be at least 1, not {value}.")
        elif field.name in _RESIDENT_ALLOWANCES and value < code:
            problems.append(f"{field.name} may not be shorter than the Code's {code}.")
        elif field.name not in _RESIDENT_ALLOWANCES and value > code:
            problems.append(f"{field.name} may not be longer than the Code's {code}.")
    return problems


def parse_overrides(text: str) -> ComplaintTimescales:
    """Read `stage1_response_days=8,escalation_window_days=30` (the environment's form)."""
    known = {field.name for field in fields(ComplaintTimescales)}
    values: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, raw = item.partition("=")
        name = name.strip()
        if name not in known:
            raise ValueError(f"'{name}' is not a complaint timescale.")
        try:
            values[name] = int(raw)
        except ValueError:
            raise ValueError(f"{name} must be a whole number of days, not '{raw}'.") from None
    return ComplaintTimescales(**values)
