"""The administrator keeps the partner organisations in the Django admin; ASB cases are not in
the admin at all (they are confidential), and a partner is never deleted."""

import pytest
from django.test import Client

from homecase.asb.models import Partner
from tests.asb import factories as make
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_an_administrator_lists_adds_and_changes_partners(admin_client):
    # given
    make.partner(name="Marsh Lane Safer Neighbourhood Team")

    # when / then: listed
    listing = admin_client.get("/admin/asb/partner/")
    assert listing.status_code == 200
    assert b"Marsh Lane Safer Neighbourhood Team" in listing.content

    # when: added
    added = admin_client.post(
        "/admin/asb/partner/add/",
        {"name": "Tower Hamlets Council ASB Team", "kind": "council_asb", "area": "E3"},
    )

    # then
    assert added.status_code == 302
    council = Partner.objects.get(name="Tower Hamlets Council ASB Team")
    assert (council.kind, council.area) == ("council_asb", "E3")
    assert admin_client.get(f"/admin/asb/partner/{council.pk}/change/").status_code == 200


def test_a_partner_cannot_be_deleted_and_asb_cases_are_not_in_the_admin(admin_client):
    partner = make.partner()

    assert admin_client.get(f"/admin/asb/partner/{partner.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/asb/asbcase/").status_code == 404
    assert b"ASB case" not in admin_client.get("/admin/").content
    assert Partner.objects.filter(pk=partner.pk).exists()
