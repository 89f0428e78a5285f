"""The resident portal through the Django test client: signing in by password and by one-time
link, "Your home", and changing contact preferences."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from homecase.housing.models import ContactFormat, HouseholdRole
from homecase.housing.services import adjustment_record, representative_add, vulnerability_record
from homecase.records.models import Channel, Event
from tests.factories import ResidentFactory, TenancyFactory, UserFactory, resident_with_login

PASSWORD = "correct horse battery staple"
SIGN_IN = reverse("portal:sign-in")
HOME = reverse("portal:home")
LINK = reverse("portal:sign-in-link")
PREFERENCES = reverse("portal:contact-preferences")
LINK_SENT = "If that email is registered, we have sent a link to it."


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def link_from(message) -> str:
    return re.search(r"http://testserver(/sign-in/link/\S+/)", message.body).group(1)


@pytest.fixture
def resident(db):
    return resident_with_login(first_name="Amara", last_name="Okafor")


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident.user)
    return client


# Signing in with a password


def test_sign_in_with_email_and_password_goes_to_your_home(client, resident):
    # when
    response = client.post(SIGN_IN, {"email": resident.email.upper(), "password": PASSWORD})

    # then
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert signed_in_user_id(client) == str(resident.user.pk)


def test_sign_in_follows_a_safe_next_but_not_another_site(client, resident):
    # when
    inside = client.post(
        SIGN_IN, {"email": resident.email, "password": PASSWORD, "next": PREFERENCES}
    )
    client.logout()
    outside = client.post(
        SIGN_IN, {"email": resident.email, "password": PASSWORD, "next": "https://evil.example/"}
    )

    # then
    assert inside["Location"] == PREFERENCES
    assert outside["Location"] == HOME


def test_sign_in_with_a_wrong_password_is_refused_with_an_error(client, resident):
    # when
    response = client.post(SIGN_IN, {"email": resident.email, "password": "wrong"})

    # then
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    content = response.content.decode()
    assert "<title>Error: Sign in – Your account –" in content
    assert '<a href="#id_email">Enter a correct email address and password</a>' in content


def test_sign_in_with_nothing_entered_shows_each_missing_field(client, db):
    # when
    response = client.post(SIGN_IN, {"email": "", "password": ""})

    # then
    content = response.content.decode()
    assert '<a href="#id_email">Enter your email address</a>' in content
    assert '<a href="#id_password">Enter your password</a>' in content
    assert 'aria-describedby="id_email-error"' in content


def test_your_home_needs_signing_in(client, db):
    # when
    response = client.get(HOME)

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/"


def test_sign_out_signs_out_and_only_by_post(resident_client):
    # when
    refused = resident_client.get(reverse("portal:sign-out"))
    response = resident_client.post(reverse("portal:sign-out"), follow=True)

    # then
    assert refused.status_code == 405
    assert signed_in_user_id(resident_client) is None
    assert response.redirect_chain == [(SIGN_IN, 302)]
    assert "You have signed out." in response.content.decode()


# One-time sign-in links


def test_a_sign_in_link_is_emailed_to_a_registered_resident(client, resident):
    # given
    events_before = Event.objects.count()

    # when
    response = client.post(LINK, {"email": resident.email})

    # then
    assert response.status_code == 200
    assert LINK_SENT in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [resident.email]
    assert message.subject == "Your sign-in link for Riverside Commons Housing"
    assert "The link works once, within 15 minutes." in message.body
    assert link_from(message).startswith("/sign-in/link/")
    assert Event.objects.count() == events_before  # the secret is never on a timeline


@pytest.mark.parametrize("email", ["nobody@example.org", "staff@example.org"])
def test_a_sign_in_link_request_for_anyone_else_looks_the_same_and_sends_nothing(client, db, email):
    # given
    UserFactory(username="staff@example.org", email="staff@example.org", roles=["manager"])

    # when
    response = client.post(LINK, {"email": email})

    # then
    assert response.status_code == 200
    assert LINK_SENT in response.content.decode()
    assert mail.outbox == []


def test_a_sign_in_link_signs_in_once_and_is_refused_the_second_time(client, resident):
    # given
    client.post(LINK, {"email": resident.email})
    link = link_from(mail.outbox[0])

    # when
    opened = client.get(link)
    first = client.post(link)
    client.logout()
    second = client.post(link)

    # then
    assert opened.status_code == 200
    assert "Press the button to sign in." in opened.content.decode()
    assert first.status_code == 302
    assert first["Location"] == HOME
    assert second.status_code == 400
    assert "This link has stopped working" in second.content.decode()
    assert signed_in_user_id(client) is None


def test_opening_a_sign_in_link_does_not_use_it_up(client, resident):
    # given
    client.post(LINK, {"email": resident.email})
    link = link_from(mail.outbox[0])

    # when
    client.get(link)
    response = client.post(link)

    # then
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(resident.user.pk)


def test_signing_in_with_a_password_stops_an_earlier_link_working(client, resident):
    # given
    client.post(LINK, {"email": resident.email})
    link = link_from(mail.outbox[0])
    client.post(SIGN_IN, {"email": resident.email, "password": PASSWORD})
    client.logout()

    # when
    response = client.post(link)

    # then
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(("minutes_later", "status"), [(14, 302), (16, 400)])
def test_a_sign_in_link_expires_after_the_configured_minutes(
    client, resident, settings, minutes_later, status
):
    # given
    settings.HOMECASE_SIGN_IN_LINK_MINUTES = 15
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        client.post(LINK, {"email": resident.email})
    link = link_from(mail.outbox[0])

    # when
    with time_machine.travel(start + timedelta(minutes=minutes_later), tick=False):
        response = client.post(link)
        signed_in = signed_in_user_id(client)

    # then
    assert response.status_code == status
    assert signed_in == (str(resident.user.pk) if status == 302 else None)


@pytest.mark.parametrize(
    "link",
    [
        "/sign-in/link/MQ/not-a-token/",
        "/sign-in/link/!!!/1-abc/",
        "/sign-in/link/OTk5OTk/1-abc/",
    ],
)
def test_a_made_up_sign_in_link_is_refused(client, resident, link):
    # when
    response = client.post(link)

    # then
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


# Your home


def test_your_home_shows_address_tenancy_household_and_support(resident_client, resident):
    # given
    tenancy = TenancyFactory(home=resident.home, start_date=date(2019, 4, 1))
    resident.tenancy = tenancy
    resident.save(update_fields=["tenancy"])
    partner = ResidentFactory(
        home=resident.home,
        first_name="Tomasz",
        last_name="Nowak",
        household_role=HouseholdRole.JOINT_TENANT,
        email="tomasz@example.org",
        phone="07700 900999",
    )
    adjustment_record(
        resident=resident,
        actor=None,
        kind="large_print",
        details="",
        consent_given_on=date(2026, 1, 5),
        review_on=date(2027, 1, 5),
    )
    vulnerability_record(
        resident=resident,
        actor=None,
        kind="mental_health",
        details="Staff-only note",
        consent_given_on=date(2026, 1, 5),
        review_on=date(2027, 1, 5),
    )
    representative_add(
        resident=resident,
        actor=None,
        name="Priya Shah",
        relationship="advocate",
        consent_given_on=date(2026, 1, 5),
        consent_method="Signed form",
        organisation="Tower Advice",
    )

    # when
    response = resident_client.get(HOME)

    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Your home – Your account – Riverside Commons Housing</title>" in content
    assert resident.home.address_line_1 in content
    assert "Tenant (social rent)" in content
    assert "1 April 2019" in content
    assert "Amara Okafor (you): Tenant (lead)" in content
    assert "Tomasz Nowak: Joint tenant" in content
    assert partner.email not in content
    assert partner.phone not in content
    assert "Letters in large print" in content
    assert "Staff-only note" not in content
    assert "Mental health" not in content
    assert "Priya Shah (Advocate or support worker, Tower Advice): for all your cases" in content
    assert resident.email in content


def test_a_signed_in_user_who_is_not_a_resident_is_told_so(client, db):
    # given
    client.force_login(UserFactory(roles=["contact_agent"]))

    # when
    response = client.get(HOME)
    preferences = client.get(PREFERENCES)

    # then
    assert response.status_code == 403
    assert preferences.status_code == 403
    content = response.content.decode()
    assert "This account is not linked to a resident record" in content
    assert reverse("console:search") in content


@pytest.mark.parametrize(("is_superuser", "shown"), [(True, True), (False, False)])
def test_the_admin_link_is_shown_to_superusers_only(client, db, is_superuser, shown):
    # given
    resident = resident_with_login()
    resident.user.is_superuser = is_superuser
    resident.user.save(update_fields=["is_superuser"])
    client.force_login(resident.user)

    # when
    response = client.get(HOME)

    # then
    assert ('href="/admin/"' in response.content.decode()) is shown


# Contact preferences


def preferences(resident, **changes) -> dict[str, str]:
    current = {
        "email": resident.email,
        "phone": resident.phone,
        "preferred_channel": resident.preferred_channel,
        "preferred_format": resident.preferred_format,
        "preferred_language": resident.preferred_language,
        "needs_interpreter": "yes" if resident.needs_interpreter else "no",
    }
    return current | changes


def test_the_preferences_form_starts_from_what_is_recorded(resident_client, resident):
    # when
    response = resident_client.get(PREFERENCES)

    # then
    content = response.content.decode()
    assert f'value="{resident.email}"' in content
    assert (
        'id="id_preferred_format" name="preferred_format" type="radio" value="standard" checked'
    ) in content
    assert (
        'id="id_needs_interpreter-2" name="needs_interpreter" type="radio" value="no" checked'
    ) in content


def test_changing_the_format_is_saved_and_recorded_on_the_resident_timeline(
    resident_client, resident
):
    # when
    response = resident_client.post(
        PREFERENCES,
        preferences(resident, preferred_format=ContactFormat.LARGE_PRINT),
        follow=True,
    )

    # then
    assert response.redirect_chain == [(HOME, 302)]
    content = response.content.decode()
    assert "Your contact preferences have been saved." in content
    assert "Large print" in content
    resident.refresh_from_db()
    assert resident.preferred_format == ContactFormat.LARGE_PRINT
    event = Event.objects.get(
        timeline=resident.timeline, kind="resident.contact_preferences_changed"
    )
    assert event.data == {"preferred_format": {"old": "standard", "new": "large_print"}}
    assert event.channel == Channel.PORTAL
    assert event.actor == resident.user
    assert event.summary == "Contact preferences changed: preferred format"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "'not-an-email' is not an email address."),
        (
            {"email": "taken@example.org"},
            "email",
            "Another resident or account already uses this email address.",
        ),
        (
            {"preferred_channel": "sms", "phone": ""},
            "preferred_channel",
            "To be contacted by text or phone, a phone number is needed.",
        ),
        (
            {"preferred_format": "smoke-signals"},
            "preferred_format",
            "Select a valid choice. smoke-signals is not one of the available choices.",
        ),
        ({"preferred_language": ""}, "preferred_language", "Enter the language we should use"),
    ],
)
def test_bad_preferences_show_the_error_and_change_nothing(
    resident_client, resident, changes, field, message
):
    # given
    ResidentFactory(email="taken@example.org")
    before = preferences(resident)
    events_before = Event.objects.filter(timeline=resident.timeline).count()

    # when
    response = resident_client.post(PREFERENCES, preferences(resident, **changes))

    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Contact preferences" in content
    assert f'<a href="#id_{field}">{escape(message)}</a>' in content
    assert f'<p id="id_{field}-error" class="govuk-error-message">' in content
    resident.refresh_from_db()
    assert preferences(resident) == before
    assert Event.objects.filter(timeline=resident.timeline).count() == events_before
