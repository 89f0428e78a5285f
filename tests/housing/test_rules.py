"""Addresses and buildings: postcodes, UPRNs, higher-risk blocks."""

from decimal import Decimal

import pytest

from homecase.common.errors import InvalidInput
from homecase.housing import rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" E3  2AB ", "E3 2AB"),
        ("cf10 1ep", "CF10 1EP"),
        ("BT1 5GS", "BT1 5GS"),
        ("EH1 1YZ", "EH1 1YZ"),
    ],
)
def test_postcodes_are_normalised(raw, expected):
    assert rules.normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["", "E3", "12345", "SW1A 1A", "QQ1 1AA", "E3 2CI"])
def test_malformed_postcodes_are_refused(raw):
    with pytest.raises(InvalidInput, match="is not a UK postcode") as error:
        rules.normalise_postcode(raw)
    assert error.value.field == "postcode"


@pytest.mark.parametrize(
    ("raw", "expected"), [("100023336956", "100023336956"), ("000012", "12"), (42, "42")]
)
def test_uprns_are_numbers_of_up_to_12_digits(raw, expected):
    assert rules.normalise_uprn(raw) == expected


@pytest.mark.parametrize("raw", ["1000233369561", "ABC123", "", "0", "-5", "12.5"])
def test_malformed_uprns_are_refused(raw):
    with pytest.raises(InvalidInput, match="is not a UPRN"):
        rules.normalise_uprn(raw)


@pytest.mark.parametrize(
    ("storeys", "height", "homes", "expected"),
    [
        (7, None, 2, True),
        (6, Decimal("18"), 2, True),
        (6, Decimal("17.9"), 40, False),
        (12, Decimal("36"), 1, False),
        (None, None, 40, False),
        (20, None, 0, False),
    ],
)
def test_higher_risk_buildings(storeys, height, homes, expected):
    assert rules.is_higher_risk_building(storeys=storeys, height_m=height, homes=homes) is expected
