"""The staff console through the Django test client: who may use it, search, and the resident,
home and case pages (with their query counts pinned)."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from homecase.housing.models import HouseholdRole
from homecase.housing.services import adjustment_record, representative_add, vulnerability_record
from homecase.records.models import Channel, Visibility
from homecase.records.services import case_open, deadline_open, event_record
from tests.factories import (
    BlockFactory,
    HomeFactory,
    ResidentFactory,
    TenancyFactory,
    UserFactory,
    resident_with_login,
)

PASSWORD = "correct horse battery staple"
SIGN_IN = reverse("console:sign-in")
SEARCH = reverse("console:search")


def open_case(resident, title="Leaking kitchen tap"):
    return case_open(
        kind="repair",
        title=title,
        actor=None,
        channel=Channel.PHONE,
        summary=f"Reported by phone: {title}",
        home=resident.home,
        resident=resident,
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def resident(db):
    home = HomeFactory(postcode="E3 2AB", uprn="100023336956", address_line_1="Flat 7, Heron House")
    return ResidentFactory(home=home, first_name="Amara", last_name="Okafor")


# Who may use the console


def _page(name, resident):
    if name == "search":
        return SEARCH
    if name == "resident":
        return reverse("console:resident", kwargs={"resident_id": resident.pk})
    if name == "home":
        return reverse("console:home", kwargs={"home_id": resident.home_id})
    return reverse("console:case", kwargs={"reference": open_case(resident).reference})


def _sign_in_as(client, who):
    if who == "anonymous":
        return
    user = {
        "resident": lambda: resident_with_login().user,
        "no role": lambda: UserFactory(),
        "contractor": lambda: UserFactory(roles=["contractor"]),
        "board member": lambda: UserFactory(roles=["board_member"]),
        "contact agent": lambda: UserFactory(roles=["contact_agent"]),
        "manager": lambda: UserFactory(roles=["manager"]),
        "superuser": lambda: UserFactory(is_superuser=True),
    }[who]()
    client.force_login(user)


@pytest.mark.parametrize("page", ["search", "resident", "home", "case"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("no role", 403),
        ("contractor", 403),
        ("board member", 403),
        ("contact agent", 200),
        ("manager", 200),
        ("superuser", 200),
    ],
)
def test_console_permission_matrix(client, resident, page, who, status):
    # given
    url = _page(page, resident)
    _sign_in_as(client, who)

    # when
    response = client.get(url)

    # then
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"{SIGN_IN}?next={url}"
    if status == 403:
        assert "You cannot use the staff console" in response.content.decode()
        assert resident.full_name not in response.content.decode()


def test_staff_sign_in_goes_to_search(client, staff_user):
    # when
    response = client.post(SIGN_IN, {"email": staff_user.email, "password": PASSWORD})

    # then
    assert response.status_code == 302
    assert response["Location"] == SEARCH
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_a_resident_signing_in_to_the_console_is_refused_and_not_signed_in(client, db):
    # given
    resident = resident_with_login()

    # when
    response = client.post(SIGN_IN, {"email": resident.email, "password": PASSWORD})

    # then
    assert response.status_code == 403
    assert "this account has no staff role" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_is_refused_with_an_error(client, staff_user):
    # when
    response = client.post(SIGN_IN, {"email": staff_user.email, "password": "nope"})

    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Sign in – Staff console –" in content
    assert "Enter a correct email address and password" in content
    assert "_auth_user_id" not in client.session


def test_staff_sign_out(staff_client):
    # when
    response = staff_client.post(reverse("console:sign-out"))

    # then
    assert response["Location"] == SIGN_IN
    assert "_auth_user_id" not in staff_client.session


@pytest.mark.parametrize(("is_superuser", "shown"), [(True, True), (False, False)])
def test_the_admin_link_is_shown_to_superusers_only(client, db, is_superuser, shown):
    # given
    client.force_login(UserFactory(roles=["manager"], is_superuser=is_superuser))

    # when
    response = client.get(SEARCH)

    # then
    assert ('href="/admin/"' in response.content.decode()) is shown


@pytest.mark.parametrize(("role", "shown"), [("manager", True), ("contact_agent", False)])
def test_the_governance_link_is_shown_to_those_who_may_open_it(client, db, role, shown):
    # given
    client.force_login(UserFactory(roles=[role]))

    # when
    response = client.get(SEARCH)

    # then
    assert ('href="/governance/"' in response.content.decode()) is shown


# Search


def test_the_search_page_has_one_box(staff_client):
    # when
    response = staff_client.get(SEARCH)

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "Search by name, address, postcode, UPRN or case reference" in content
    assert content.count('class="govuk-input') == 1


@pytest.mark.parametrize("query", ["Amara Okafor", "okafor", "E3 2AB", "e32ab", "E3"])
def test_search_finds_the_resident_by_name_and_postcode(staff_client, resident, query):
    # given
    ResidentFactory(first_name="Someone", last_name="Else", home=HomeFactory(postcode="N1 9GU"))

    # when
    response = staff_client.get(SEARCH, {"q": query})

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("console:resident", kwargs={"resident_id": resident.pk}) in content
    assert "Someone Else" not in content


@pytest.mark.parametrize("query", ["100023336956", "Heron House"])
def test_search_finds_the_home_by_uprn_and_address(staff_client, resident, query):
    # when
    response = staff_client.get(SEARCH, {"q": query})

    # then
    content = response.content.decode()
    assert reverse("console:home", kwargs={"home_id": resident.home_id}) in content
    assert "100023336956" in content


def test_an_exact_case_reference_goes_straight_to_the_case(staff_client, resident):
    # given
    case = open_case(resident)

    # when
    response = staff_client.get(SEARCH, {"q": case.reference.lower()})

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("console:case", kwargs={"reference": case.reference})


def test_a_search_with_no_results_says_so(staff_client, db):
    # when
    response = staff_client.get(SEARCH, {"q": "Zebedee"})

    # then
    assert "Nothing matches." in response.content.decode()


def test_a_one_character_search_is_an_error(staff_client, db):
    # when
    response = staff_client.get(SEARCH, {"q": "Z"})

    # then
    content = response.content.decode()
    assert "<title>Error: Search" in content
    assert '<a href="#id_q">Enter at least 2 characters to search</a>' in content


def test_the_search_page_query_count_does_not_grow_with_results(
    staff_client, django_assert_max_num_queries
):
    # given
    block = BlockFactory()
    for _ in range(15):
        ResidentFactory(home=HomeFactory(block=block, postcode="E3 2AB"))

    # when: session, user, roles, homes, residents
    with django_assert_max_num_queries(5):
        response = staff_client.get(SEARCH, {"q": "E3 2AB"})

    # then
    assert response.content.decode().count('href="/console/residents/') == 15


# The resident, home and case pages


def test_the_resident_page_shows_the_record_and_its_timeline(staff_client, resident):
    # given
    ResidentFactory(
        home=resident.home,
        first_name="Tomasz",
        last_name="Nowak",
        household_role=HouseholdRole.JOINT_TENANT,
    )
    vulnerability_record(
        resident=resident,
        actor=None,
        kind="sight",
        details="Uses a reader",
        consent_given_on=date(2026, 1, 5),
        review_on=date(2027, 1, 5),
    )
    adjustment_record(
        resident=resident,
        actor=None,
        kind="large_print",
        details="",
        consent_given_on=date(2026, 1, 5),
        review_on=date(2026, 2, 5),
    )
    representative_add(
        resident=resident,
        actor=None,
        name="Priya Shah",
        relationship="advocate",
        consent_given_on=date(2026, 1, 5),
        consent_method="Signed form",
        email="priya@example.org",
    )
    case = open_case(resident)
    event_record(
        timeline=resident.timeline,
        kind="note",
        summary="Secret internal note",
        actor=None,
        visibility=Visibility.INTERNAL,
    )

    # when
    response = staff_client.get(reverse("console:resident", kwargs={"resident_id": resident.pk}))

    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Amara Okafor – Staff console – Riverside Commons Housing</title>" in content
    assert resident.email in content
    assert "Tomasz Nowak" in content
    assert "Sight loss" in content
    assert "5 January 2027" in content
    assert "Letters in large print" in content
    assert "Review overdue" in content
    assert "priya@example.org" in content
    assert case.reference in content
    assert "Vulnerability recorded with consent: Sight loss" in content
    assert "Secret internal note" not in content


def test_the_resident_page_query_count_does_not_grow_with_the_record(
    staff_client, resident, django_assert_max_num_queries
):
    # given
    for n in range(5):
        ResidentFactory(home=resident.home, household_role=HouseholdRole.HOUSEHOLD_MEMBER)
        open_case(resident, title=f"Repair {n}")
        adjustment_record(
            resident=resident,
            actor=None,
            kind="extra_time",
            details=str(n),
            consent_given_on=date(2026, 1, 5),
            review_on=date(2027, 1, 5),
        )
        vulnerability_record(
            resident=resident,
            actor=UserFactory(),
            kind="sight",
            details=str(n),
            consent_given_on=date(2026, 1, 5),
            review_on=date(2027, 1, 5),
        )
        representative_add(
            resident=resident,
            actor=None,
            name=f"Rep {n}",
            relationship="family",
            consent_given_on=date(2026, 1, 5),
            consent_method="Phone call",
        )
    url = reverse("console:resident", kwargs={"resident_id": resident.pk})

    # when: session, user, roles, resident with 3 prefetches, household, cases, timeline,
    # contact restrictions
    with django_assert_max_num_queries(11):
        response = staff_client.get(url)

    # then
    assert response.status_code == 200
    assert response.content.decode().count('class="homecase-timeline__item"') == 15


def test_the_home_page_shows_the_block_tenancy_residents_and_cases(staff_client, db):
    # given
    block = BlockFactory(name="Kestrel Tower", storeys=12)
    home = HomeFactory(block=block, uprn="100000000777")
    HomeFactory(block=block)
    TenancyFactory(home=home, reference="T0001234", start_date=date(2020, 6, 1))
    resident = ResidentFactory(home=home, first_name="Amara", last_name="Okafor")
    case = open_case(resident)

    # when
    response = staff_client.get(reverse("console:home", kwargs={"home_id": home.pk}))

    # then
    content = response.content.decode()
    assert "100000000777" in content
    assert "Kestrel Tower" in content
    assert "Higher-risk building" in content
    assert block.estate.name in content
    assert "T0001234: Tenant (social rent), since 1 June 2020" in content
    assert "Amara Okafor" in content
    assert case.reference in content


def test_the_case_page_shows_deadlines_in_local_time_and_the_staff_timeline(staff_client, resident):
    # given
    case = open_case(resident)
    deadline_open(
        case=case,
        duty="repair.complete",
        label="Complete the repair",
        started_at=case.opened_at,
        due_at=datetime(2027, 6, 1, 16, 0, tzinfo=UTC),
        basis={},
        actor=None,
    )
    event_record(
        timeline=case.timeline,
        kind="note",
        summary="Called the resident back",
        actor=None,
        channel=Channel.PHONE,
    )
    event_record(
        timeline=case.timeline,
        kind="note",
        summary="Restricted detail",
        actor=None,
        visibility=Visibility.INTERNAL,
    )

    # when
    response = staff_client.get(reverse("console:case", kwargs={"reference": case.reference}))

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert case.reference in content
    assert "Leaking kitchen tap" in content
    assert "Complete the repair" in content
    assert "1 June 2027, 17:00" in content  # 16:00 UTC is 17:00 British Summer Time
    assert '<strong class="govuk-tag govuk-tag--blue">Open</strong>' in content
    assert "Called the resident back" in content
    assert "Restricted detail" not in content
    assert resident.full_name in content


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/console/residents/999999/", "There is no resident with that number."),
        ("/console/homes/999999/", "There is no home with that number."),
        ("/console/cases/R-2026-999999/", "There is no case with the reference R-2026-999999."),
        ("/console/cases/nonsense/", "There is no case with the reference nonsense."),
    ],
)
def test_unknown_records_are_a_plain_404(staff_client, url, message):
    # when
    response = staff_client.get(url)

    # then
    assert response.status_code == 404
    assert message in response.content.decode()


# Anti-social behaviour cases are open to the ASB role only


@pytest.fixture
def asb_case(db, settings, tmp_path):
    from homecase.asb.services import PersonInput
    from tests.asb import factories as asb

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return asb.reported_case(location="home", perpetrators=[PersonInput(name="Gary from number 9")])


def test_staff_without_the_asb_role_never_see_an_asb_case(client, asb_case):
    # given: a repairs planner
    reference = asb_case.case.reference
    client.force_login(UserFactory(roles=["repairs_planner"]))
    unknown = client.get(reverse("console:case", args=["A-2026-999999"]))

    # when
    found = client.get(SEARCH, {"q": reference})
    case = client.get(reverse("console:case", args=[reference]))
    resident = client.get(reverse("console:resident", args=[asb_case.case.resident_id]))
    home = client.get(reverse("console:home", args=[asb_case.case.home_id]))

    # then: searched, it is not there; opened, it is "no such case" like an unknown reference
    assert found.status_code == 200
    assert found.context["results"].cases == []
    assert case.status_code == unknown.status_code == 404
    assert f"There is no case with the reference {reference}." in case.content.decode()
    for page in (resident, home):
        assert page.status_code == 200
        assert reference not in page.content.decode()
        assert asb_case.case.title not in page.content.decode()


def test_an_asb_officer_finds_an_asb_case_and_is_sent_to_its_asb_page(client, asb_case):
    # given
    reference = asb_case.case.reference
    client.force_login(UserFactory(roles=["asb_officer"]))

    # when
    found = client.get(SEARCH, {"q": reference.lower()})
    case = client.get(reverse("console:case", args=[reference]))
    resident = client.get(reverse("console:resident", args=[asb_case.case.resident_id]))
    home = client.get(reverse("console:home", args=[asb_case.case.home_id]))

    # then
    assert found.status_code == 302
    assert found["Location"] == reverse("console:case", args=[reference])
    assert case.status_code == 302
    assert case["Location"] == reverse("console:console-asb:case", args=[reference])
    assert reference in resident.content.decode()
    assert reference in home.content.decode()


def test_a_complaint_about_an_asb_case_shows_its_reference_only(client, asb_case):
    # given: the reporter complains about how the case was handled
    from homecase.complaints.services import complaint_create
    from tests.complaints.factories import complaint_officer

    complaint = complaint_create(
        actor=None,
        channel=Channel.PORTAL,
        resident=asb_case.case.resident,
        description="Nobody called me back about the dealing.",
        related_case=asb_case.case,
    )
    client.force_login(complaint_officer())

    # when
    url = reverse("console:console-complaints:complaint", args=[complaint.case.reference])
    response = client.get(url)

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert asb_case.case.reference in body
    assert asb_case.case.title not in body
    assert "Gary from number 9" not in body
