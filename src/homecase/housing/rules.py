"""Pure rules about addresses and buildings (no Django): UPRNs, postcodes, higher-risk blocks."""

import re
from decimal import Decimal

from homecase.common.errors import InvalidInput

# The UK postcode shape (outward code, space, inward code), as in the ONS/Royal Mail format.
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_UPRN = re.compile(r"^[1-9][0-9]{0,11}$")

HIGHER_RISK_MIN_STOREYS = 7
HIGHER_RISK_MIN_HEIGHT_M = Decimal("18")
HIGHER_RISK_MIN_HOMES = 2


def normalise_postcode(raw: str) -> str:
    """'sw1a1aa' -> 'SW1A 1AA'; anything that is not a UK postcode is refused."""
    compact = re.sub(r"\s+", "", (raw or "").upper())
    if not _POSTCODE.match(compact):
        raise InvalidInput(f"'{raw}' is not a UK postcode, like SW1A 1AA.", field="postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def looks_like_postcode(text: str) -> bool:
    try:
        normalise_postcode(text)
    except InvalidInput:
        return False
    return True


def normalise_uprn(raw: str | int) -> str:
    """A UPRN is a number of up to 12 digits (leading zeros are not significant)."""
    text = str(raw).strip()
    significant = text.lstrip("0")
    if not text.isascii() or not text.isdigit() or not _UPRN.match(significant):
        raise InvalidInput(
            f"'{raw}' is not a UPRN: it should be a number of up to 12 digits.", field="uprn"
        )
    return significant


def is_higher_risk_building(*, storeys: int | None, height_m: Decimal | None, homes: int) -> bool:
    """Building Safety Act 2022: at least 7 storeys or 18 metres, with at least 2 homes."""
    tall = (storeys or 0) >= HIGHER_RISK_MIN_STOREYS or (height_m or 0) >= HIGHER_RISK_MIN_HEIGHT_M
    return tall and homes >= HIGHER_RISK_MIN_HOMES
