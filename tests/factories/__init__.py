"""Factories without surprises: every value is plain and predictable."""

from __future__ import annotations

import factory

from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.partners.enums import CrohoArea, DegreeType, OrganisationKind, RelationshipKind, SizeClass
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route

PASSWORD = "verbinder-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    name = factory.Sequence(lambda n: f"Gebruiker {n}")
    language = "nl"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    programme_name = factory.Sequence(lambda n: f"Opleiding {n}")
    degree_type = DegreeType.ASSOCIATE
    croho_code = factory.Sequence(lambda n: f"{80000 + n}")
    croho_area = CrohoArea.ENGINEERING
    hogeschool = "Hogeschool Test"
    start_year = 2026


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bedrijf {n}")
    kind = OrganisationKind.COMPANY
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n}")
    size_class = SizeClass.SMALL
    street = "Hoofdstraat 1"
    postcode = "1234 AB"
    city = "Utrecht"

    @factory.post_generation
    def routes(obj, create, extracted, **kwargs):
        if create and extracted:
            for route in extracted:
                Partnership.objects.create(route=route, organisation=obj)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    function_title = "Eigenaar"
    email = factory.Sequence(lambda n: f"contact{n}@bedrijf.nl")
    phone = "+31 6 12345678"


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    source = factory.SubFactory(OrganisationFactory)
    kind = RelationshipKind.MEMBER_OF
    target = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.BRANCH_ASSOCIATION)


def assign(user: User, role: Role, *, route: Route | None = None, organisation: Organisation | None = None) -> User:
    RoleAssignment.objects.create(user=user, role=role, route=route, organisation=organisation)
    return user
