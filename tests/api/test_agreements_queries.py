"""Every agreements list (and the matrix) costs the same number of queries for 1 item as for 3 (no N+1), for
staff and for a company contact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ApiClient
from tests.factories import OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.agreements import (
    AgreementTemplateFactory,
    TemplateClauseFactory,
    agreement_for,
    published_template,
)
from tests.factories.placements import placement_with_hosts
from verbinder.accounts.enums import Role
from verbinder.agreements.enums import Party, Responsibility
from verbinder.agreements.models import AgreementEvent, MatrixCell, MatrixParty, MatrixTask
from verbinder.api.services import api_token_create
from verbinder.mail.services import message_queue

# Per request: the token with its user, the caller's role assignments (their scope), the count, the page, and
# one query per prefetched relation; the matrix its route, columns, rows and their cells.
EXPECTED = {"events": 5, "templates": 4, "agreements": 4, "signatures": 5, "template": 4, "agreement": 4, "matrix": 6}
COMPANY_EXPECTED = {"agreements": 4, "signatures": 5, "agreement": 4, "matrix": 6}


def _world(items: int) -> tuple[Any, Any, dict[str, str]]:
    """A route with `items` of each: templates, articles of the last, agreements at one company (each with
    `items` signers), matrix tasks and columns with all cells set."""
    route = RouteFactory()
    company = OrganisationFactory(routes=[route])
    template = published_template(route, number=1)
    for number in range(2, items + 1):
        template = AgreementTemplateFactory(route=route, number=number)
        TemplateClauseFactory.create_batch(items, template=template)
    agreement = None
    for _ in range(items):
        placement = placement_with_hosts(route=route, hosts=[(company, 4)])
        agreement = agreement_for(
            placement,
            template=route.agreement_templates.get(number=1),
            signers=[
                {"party": party, "name": f"Ondertekenaar {party}", "organisation": company, "user": UserFactory()}
                for party in (Party.COMPANY, Party.STUDENT, Party.SCHOOL)[:items]
            ],
        )
    columns = [
        MatrixParty.objects.create(
            route=route, kind="partner", organisation=OrganisationFactory(), label=f"Partner {n}", position=n
        )
        for n in range(items)
    ]
    for n in range(items):
        task = MatrixTask.objects.create(route=route, name=f"Taak {n}", position=n)
        for column in columns:
            MatrixCell.objects.create(task=task, party=column, value=Responsibility.RESPONSIBLE)
    assert agreement is not None
    for n in range(items):
        message = message_queue(recipient=f"ontvanger{n}@example.nl", subject="Onderteken", body_text="Link")
        AgreementEvent.objects.create(agreement=agreement, kind="invited", actor=UserFactory(), message=message)
    paths = {
        "templates": "/agreements/templates",
        "template": f"/agreements/templates/{template.pk}",
        "agreements": "/agreements",
        "agreement": f"/agreements/{agreement.pk}",
        "signatures": f"/agreements/{agreement.pk}/signatures",
        "events": f"/agreements/{agreement.pk}/events",
        "matrix": f"/agreements/matrix/routes/{route.pk}",
    }
    return route, company, paths


def _client(user: object) -> ApiClient:
    _, secret = api_token_create(user=user, name="count", by=None)
    client = ApiClient(secret)
    client.get("/agreements")  # records the token's first use
    return client


def _count(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(EXPECTED))
@pytest.mark.parametrize("items", [1, 3])
def test_staff_query_count_does_not_grow_with_items(name: str, items: int) -> None:
    route, _, paths = _world(items)
    client = _client(assign(UserFactory(), Role.COORDINATOR, route=route))

    response = client.get(paths[name])
    queries = _count(lambda: client.get(paths[name]))

    assert response.status == 200
    assert queries == EXPECTED[name], f"{name} with {items} item(s): {queries} queries"


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(COMPANY_EXPECTED))
@pytest.mark.parametrize("items", [1, 3])
def test_company_query_count_does_not_grow_with_items(name: str, items: int) -> None:
    _, company, paths = _world(items)
    client = _client(assign(UserFactory(), Role.COMPANY_CONTACT, organisation=company))

    response = client.get(paths[name])
    queries = _count(lambda: client.get(paths[name]))

    assert response.status == 200
    assert queries == COMPANY_EXPECTED[name], f"{name} with {items} item(s): {queries} queries"
