"""The administrator keeps contractors in the Django admin."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db


def test_an_administrator_records_when_a_contractor_signed_the_code_of_conduct():
    # given
    admin = UserFactory(is_staff=True, is_superuser=True)
    firm = make.contractor(name="Quickfix Ltd", code_of_conduct_signed_on=None)
    client = Client()
    client.force_login(admin)
    # when
    page = client.get(f"/admin/repairs/contractor/{firm.pk}/change/")
    # then
    assert page.status_code == 200
    assert b"Code of conduct signed on" in page.content
