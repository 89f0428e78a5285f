"""factory_boy factories for the models every test needs. Records (cases, events, deadlines)
are made through their services, never by factories, so tests see real timelines."""

import itertools
from datetime import date

import factory
from django.contrib.auth.models import Group

from homecase.accounts.models import User
from homecase.housing import models as housing
from homecase.records.models import Timeline

_uprns = itertools.count(100000000001)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class EstateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = housing.Estate

    name = factory.Sequence(lambda n: f"Marsh Lane Estate {n}")
    local_authority = "Tower Hamlets"


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = housing.Block

    estate = factory.SubFactory(EstateFactory)
    name = factory.Sequence(lambda n: f"Heron House {n}")
    address = "1-40 Heron House, Marsh Lane"
    postcode = "E3 2AB"
    storeys = 4
    height_m = 12


class HomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = housing.Home

    uprn = factory.LazyFunction(lambda: str(next(_uprns)))
    address_line_1 = factory.Sequence(lambda n: f"Flat {n + 1}, Heron House")
    town = "London"
    postcode = "E3 2AB"
    block = factory.SubFactory(BlockFactory)
    estate = factory.SelfAttribute("block.estate")
    home_type = housing.HomeType.FLAT
    bedrooms = 2


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = housing.Tenancy

    reference = factory.Sequence(lambda n: f"T{n:07d}")
    home = factory.SubFactory(HomeFactory)
    tenure = housing.Tenure.SOCIAL_RENT
    start_date = date(2019, 4, 1)


class TimelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Timeline

    subject = "Resident"


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = housing.Resident

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    home = factory.SubFactory(HomeFactory)
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    phone = "07700 900123"
    household_role = housing.HouseholdRole.LEAD_TENANT
    timeline = factory.SubFactory(TimelineFactory)


def resident_with_login(**kwargs) -> housing.Resident:
    """A resident who can sign in to the portal with their email and the factory password."""
    resident = ResidentFactory(**kwargs)
    resident.user = UserFactory(
        username=resident.email,
        email=resident.email,
        first_name=resident.first_name,
        last_name=resident.last_name,
    )
    resident.save(update_fields=["user"])
    return resident
