"""The staff search: by name, address, postcode, UPRN or case reference."""

import pytest

from homecase.housing.selectors import household_of, search_everything
from homecase.records.services import case_open
from tests.factories import HomeFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    heron = HomeFactory(address_line_1="Flat 12, Heron House", postcode="E3 2AB", uprn="10023")
    swan = HomeFactory(address_line_1="4 Swan Road", postcode="E14 7HG", uprn="10024")
    return {
        "amina": ResidentFactory(first_name="Amina", last_name="Hassan", home=heron),
        "joe": ResidentFactory(
            first_name="Joe", last_name="Hassan", home=heron, household_role="household_member"
        ),
        "mary": ResidentFactory(first_name="Mary", last_name="Okafor", home=swan),
        "heron": heron,
        "swan": swan,
    }


def test_by_name(people):
    found = search_everything(query="amina hassan")
    assert found.residents == [people["amina"]]
    assert {r.first_name for r in search_everything(query="hassan").residents} == {"Amina", "Joe"}


def test_by_address(people):
    assert search_everything(query="swan road").homes == [people["swan"]]


def test_by_full_postcode_in_any_shape(people):
    found = search_everything(query="e32ab")
    assert found.homes == [people["heron"]]
    assert set(found.residents) == {people["amina"], people["joe"]}


def test_by_outward_code(people):
    assert search_everything(query="E14").homes == [people["swan"]]


def test_by_uprn(people):
    assert search_everything(query="10024").homes == [people["swan"]]


def test_by_case_reference_in_any_case(people):
    case = case_open(
        kind="repair",
        title="Leak",
        actor=None,
        channel="phone",
        summary="Leak from above",
        resident=people["mary"],
    )
    short = case.reference.lower().replace("-00000", "-")
    assert search_everything(query=short).cases == [case]


def test_nothing_found_or_too_short(people):
    assert search_everything(query="zzzz").empty
    assert search_everything(query="a").empty


def test_household(people):
    assert set(household_of(resident=people["amina"])) == {people["amina"], people["joe"]}
