"""Who may see an ASB case: ASB officers (and superusers) work every case; other staff see none;
a resident sees only a case they reported, a representative only while consent covers it, and an
alleged perpetrator never, even with a login or a report of their own on the case."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from homecase.asb import access
from homecase.asb.services.evidence import party_add
from homecase.asb.services.intake import PersonInput, asb_report
from homecase.housing.services import representative_add
from tests.asb import factories as make
from tests.factories import ResidentFactory, UserFactory, resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def represent(resident, *, references=None, valid_until=None):
    """A representative of the resident who signs in as a user (returned)."""
    representative = representative_add(
        resident=resident,
        actor=None,
        name="Sam Advocate",
        relationship="advocate",
        consent_given_on=date(2024, 8, 1),
        consent_method="Signed form",
        case_references=references,
        valid_until=valid_until,
    )
    representative.user = UserFactory()
    representative.save(update_fields=["user"])
    return representative.user


@pytest.mark.parametrize(
    ("roles", "works"),
    [
        (["asb_officer"], True),
        (["repairs_planner"], False),
        (["manager"], False),
        (["complaint_officer"], False),
        (["contact_agent"], False),
        (["neighbourhood_officer"], False),
        (["board_member"], False),
        ([], False),
    ],
)
def test_only_asb_officers_work_asb_cases(roles, works):
    assert access.can_work_asb(UserFactory(roles=roles)) is works


def test_superusers_work_asb_but_inactive_officers_and_anonymous_visitors_do_not():
    assert access.can_work_asb(UserFactory(is_superuser=True))
    assert not access.can_work_asb(make.asb_officer(is_active=False))
    assert not access.can_work_asb(AnonymousUser())
    assert not access.can_work_asb(None)


def test_the_reporter_sees_their_case_and_no_other_resident_does():
    # given
    reporter = resident_with_login()
    asb = make.reported_case(reporter=reporter)
    neighbour = resident_with_login(home=reporter.home)  # even in the same home

    # then
    assert access.resident_of(reporter.user) == reporter
    assert access.can_see_as_resident(reporter.user, asb)
    assert not access.can_see_as_resident(neighbour.user, asb)
    assert not access.can_see_as_resident(AnonymousUser(), asb)


@pytest.mark.parametrize("roles", [["repairs_planner"], ["manager"], ["complaint_officer"]])
def test_staff_without_the_asb_role_are_not_residents_of_any_case(roles):
    asb = make.reported_case()
    staff = UserFactory(roles=roles)

    assert not access.can_work_asb(staff)
    assert not access.can_see_as_resident(staff, asb)


def test_an_alleged_perpetrator_never_sees_the_case_even_after_reporting_on_it():
    # given: the reporter names a neighbour, who has a login
    asb = make.reported_case()
    accused = resident_with_login()
    party_add(
        asb=asb,
        actor=asb.officer,
        role="alleged_perpetrator",
        person=PersonInput(resident=accused),
    )
    assert not access.can_see_as_resident(accused.user, asb)

    # when: they make a counter-report that an officer joins to the same case
    asb_report(
        actor=asb.officer,
        channel="phone",
        reporter=accused,
        description="It is my neighbour who is causing the trouble.",
        behaviours=["noise"],
        location="block",
        block=asb.block,
        join=asb,
    )

    # then: still "no such case"
    assert not access.can_see_as_resident(accused.user, asb)


def test_a_further_reporter_joined_to_the_case_sees_it():
    asb = make.reported_case()
    neighbour = resident_with_login()

    asb_report(
        actor=asb.officer,
        channel="phone",
        reporter=neighbour,
        description="Dealing on the stairs again last night.",
        behaviours=["drugs"],
        location="block",
        block=asb.block,
        join=asb,
    )

    assert access.can_see_as_resident(neighbour.user, asb)


def test_a_representative_sees_the_case_while_consent_covers_it():
    # given
    reporter = ResidentFactory()
    asb = make.reported_case(reporter=reporter)
    advocate = represent(reporter)
    for_this_case = represent(reporter, references=[asb.case.reference])
    for_other_cases = represent(reporter, references=["A-2024-999999"])
    withdrawn = represent(reporter, valid_until=date(2024, 8, 31))

    # then
    assert access.can_see_as_resident(advocate, asb)
    assert access.can_see_as_resident(for_this_case, asb)
    assert not access.can_see_as_resident(for_other_cases, asb)
    assert not access.can_see_as_resident(withdrawn, asb)
