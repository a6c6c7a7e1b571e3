"""Personas: one of each role in route A and its organisations, and outsiders in route B.

Like healthchecks' alice/bob/charlie: every permission test has someone who should see a thing and
someone of the same role elsewhere who must not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import (
    PASSWORD,
    AffiliationFactory,
    OrganisationFactory,
    RelationshipFactory,
    RouteFactory,
    UserFactory,
    assign,
)
from verbinder.accounts.enums import Role
from verbinder.accounts.models import User
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Affiliation, Organisation, Relationship, Route

PERSONAS = (
    "admin",
    "coordinator",
    "teacher",
    "company_contact",
    "workplace_supervisor",
    "student",
    "partner_contact",
    "other_coordinator",
    "other_company_contact",
    "anonymous",
)


@pytest.fixture(autouse=True)
def _no_cached_parts():
    """Rendered page parts live in the process's memory, which outlasts a test's database: start without any.
    (Data written by factories, not services, does not renew the data version within a test.)"""
    caches["parts"].clear()


@dataclass
class World:
    route: Route
    other_route: Route
    company: Organisation
    branch: Organisation
    other_company: Organisation
    affiliation: Affiliation
    other_affiliation: Affiliation
    relationship: Relationship
    users: dict[str, User]

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


@pytest.fixture
def world(db) -> World:
    route = RouteFactory(programme_name="Ad Technische Bedrijfskunde", croho_code="80045")
    other_route = RouteFactory(programme_name="Bachelor Zorg en Technologie", croho_code="30017")
    company = OrganisationFactory(name="Bakkerij De Korenaar", routes=[route], notes="Geheime notitie A")
    branch = OrganisationFactory(name="Brancheclub Techniek", kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[route])
    other_company = OrganisationFactory(
        name="Zorgtechniek Oost", city="Enschede", routes=[other_route], notes="GEHEIM-B"
    )
    affiliation = AffiliationFactory(organisation=company, person__first_name="Anna", person__last_name="de Vries")
    other_affiliation = AffiliationFactory(
        organisation=other_company, person__first_name="Bram", person__last_name="Outsider"
    )
    relationship = RelationshipFactory(source=company, target=branch)
    users = {
        "admin": assign(UserFactory(name="Ada Beheer"), Role.ADMIN),
        "coordinator": assign(UserFactory(name="Coby Coördinator"), Role.COORDINATOR, route=route),
        "teacher": assign(UserFactory(name="Teun Docent"), Role.TEACHER, route=route),
        "company_contact": assign(UserFactory(name="Carla Contact"), Role.COMPANY_CONTACT, organisation=company),
        "workplace_supervisor": assign(
            UserFactory(name="Wim Praktijk"), Role.WORKPLACE_SUPERVISOR, organisation=company
        ),
        "student": assign(UserFactory(name="Sara Student"), Role.STUDENT, organisation=company),
        "partner_contact": assign(UserFactory(name="Paul Partner"), Role.PARTNER_CONTACT, organisation=branch),
        "other_coordinator": assign(UserFactory(name="Otto Anders"), Role.COORDINATOR, route=other_route),
        "other_company_contact": assign(
            UserFactory(name="Olga Anders"), Role.COMPANY_CONTACT, organisation=other_company
        ),
    }
    return World(
        route=route,
        other_route=other_route,
        company=company,
        branch=branch,
        other_company=other_company,
        affiliation=affiliation,
        other_affiliation=other_affiliation,
        relationship=relationship,
        users=users,
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; Django sends through it (not pytest-django's memory outbox)."""
    from tests.smtp import SMTPServer

    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield server
    server.stop()
