"""`verbinder seed_demo`: realistic, deterministic demo data and one working login per role."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from verbinder.accounts.enums import Role
from verbinder.accounts.models import User
from verbinder.core.demo import DEFAULT_PASSWORD, DEMO_DOMAIN
from verbinder.core.models import ActivityLog
from verbinder.partners.enums import OrganisationKind, RelationshipKind, SizeClass, sbi_section
from verbinder.partners.models import Affiliation, Organisation, Person, Relationship, Route
from verbinder.partners.validators import normalise_phone, normalise_postcode

pytestmark = pytest.mark.django_db


def seed(**options: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def parse_logins(output: str) -> list[tuple[str, str, str]]:
    lines = output.splitlines()
    rows = [tuple(line.split("\t")) for line in lines]
    assert all(len(row) == 3 for row in rows), output
    return rows  # type: ignore[return-value]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def test_seed_demo_scale_1_is_one_route_of_about_40_organisations_of_every_kind(debug):
    seed(scale=1)

    assert Route.objects.count() == 1
    assert 38 <= Organisation.objects.count() <= 46
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert Organisation.objects.filter(kind=OrganisationKind.COMPANY).count() >= 30
    assert Organisation.objects.filter(kind=OrganisationKind.COMPANY, size_class=SizeClass.LARGE).exists()
    assert set(Relationship.objects.values_list("kind", flat=True)) == set(RelationshipKind.values)


def test_seed_demo_identifiers_addresses_and_phones_are_valid(debug):
    seed(scale=2)

    organisations = list(Organisation.objects.all())
    kvk_numbers = [o.kvk_number for o in organisations if o.kvk_number]
    assert len(kvk_numbers) == len(set(kvk_numbers))
    assert all(re.fullmatch(r"\d{8}", number) for number in kvk_numbers)
    assert all(re.fullmatch(r"\d{12}", o.establishment_number) for o in organisations if o.establishment_number)
    for organisation in organisations:
        assert normalise_postcode(organisation.postcode) == organisation.postcode
        codes = organisation.sbi_codes.split()
        assert codes and all(re.fullmatch(r"\d{4,5}", code) for code in codes)
        assert organisation.sector == sbi_section(codes[0])
    for affiliation in Affiliation.objects.all():
        assert normalise_phone(affiliation.phone) == affiliation.phone
        assert affiliation.phone.startswith("+31 ")
        assert affiliation.email.endswith(f".{DEMO_DOMAIN}") or affiliation.email == f"praktijkbegeleider@{DEMO_DOMAIN}"
    assert all(re.fullmatch(r"\d{5}", route.croho_code) for route in Route.objects.all())


def test_seed_demo_people_have_roles_and_some_have_two(debug):
    seed(scale=1)

    assert Person.objects.count() >= Organisation.objects.count()
    assert not Person.objects.filter(affiliations__isnull=True).exists()
    two_roles = [p for p in Person.objects.all() if p.affiliations.count() == 2]
    assert len(two_roles) >= 2
    assert Organisation.objects.exclude(notes="").count() >= 10
    assert Organisation.objects.filter(notes__contains="**").exists()


def test_seed_demo_writes_the_activity_log_for_created_objects(debug):
    seed(scale=1)

    created = ActivityLog.objects.filter(action_type="partners.organisation.created")
    assert created.count() == Organisation.objects.count()
    assert ActivityLog.objects.filter(action_type="partners.person.created").count() == Person.objects.count()
    assert ActivityLog.objects.filter(action_type="accounts.user.created").count() == User.objects.count()
    assert created.first().data == {"source": "seed_demo"}


def test_seed_demo_prints_one_line_per_login_and_nothing_else(debug):
    output, progress = seed(scale=1)

    logins = parse_logins(output)
    roles = [role for role, _, _ in logins]
    assert set(roles) == set(Role.values)
    company_contacts = [org for role, _, org in logins if role == Role.COMPANY_CONTACT]
    assert len(company_contacts) == 2
    assert company_contacts[0] != company_contacts[1]
    assert all(email.endswith(f"@{DEMO_DOMAIN}") for _, email, _ in logins)
    assert ("admin", f"beheerder@{DEMO_DOMAIN}", "-") in logins
    assert ("coordinator", f"coordinator@{DEMO_DOMAIN}", "Ad Technische Bedrijfskunde, Hogeschool Utrecht") in logins
    assert "Demo data loaded" in progress
    assert User.objects.get(email=f"beheerder@{DEMO_DOMAIN}").is_superuser


def test_seed_demo_at_larger_scale_adds_a_national_coordinator(debug):
    output, _ = seed(scale=3)

    assert Route.objects.count() == 3
    assert ("coordinator", f"landelijk.coordinator@{DEMO_DOMAIN}", "3 routes") in parse_logins(output)


def test_seed_demo_every_login_logs_in_and_lands_on_its_home_page(debug):
    output, _ = seed(scale=2)
    logins = parse_logins(output)

    for role, email, _ in logins:
        response = Client().post(reverse("account_login"), {"login": email, "password": DEFAULT_PASSWORD}, follow=True)

        assert response.status_code == 200, email
        assert response.context["user"].email == email
        staff = role in (Role.ADMIN, Role.COORDINATOR, Role.TEACHER)
        expected = reverse("partners:route-list") if staff else reverse("portal:home")
        assert response.redirect_chain[-1][0] == expected, email
    assert len(logins) == 9


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed(scale=1)

    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_seed_demo_force_creates_logins_without_debug(settings):
    settings.DEBUG = False

    output, _ = seed(scale=1, force=True)

    assert len(parse_logins(output)) == 8


def test_seed_demo_once_prints_the_logins_again_without_seeding(debug):
    first, _ = seed(scale=1)
    counts = (Organisation.objects.count(), Person.objects.count(), User.objects.count())

    again, progress = seed(scale=1, once=True)

    assert again == first
    assert "already" in progress
    assert (Organisation.objects.count(), Person.objects.count(), User.objects.count()) == counts


def test_seed_demo_once_on_an_empty_database_seeds(debug):
    output, _ = seed(once=True)

    assert len(parse_logins(output)) == 8
    assert Route.objects.count() == 1


def test_seed_demo_twice_without_once_refuses(debug):
    seed(scale=1)

    with pytest.raises(CommandError, match="already"):
        seed(scale=1)


def test_seed_demo_refuses_a_scale_below_one(debug):
    with pytest.raises(CommandError, match="scale"):
        seed(scale=0)


def snapshot() -> tuple[list[tuple[str, str]], list[str], list[str]]:
    organisations = list(Organisation.objects.order_by("name", "kvk_number").values_list("name", "kvk_number"))
    people = sorted(f"{p.first_name} {p.last_name}" for p in Person.objects.all())
    routes = sorted(str(route) for route in Route.objects.all())
    return organisations, people, routes


def test_seed_demo_is_deterministic(debug):
    with transaction.atomic():
        first_output, _ = seed(scale=2)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Organisation.objects.exists()

    second_output, _ = seed(scale=2)

    assert snapshot() == first
    assert second_output == first_output
