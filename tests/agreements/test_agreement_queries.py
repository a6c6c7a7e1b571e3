"""No N+1: the board (every list), an agreement's page (signers and audit trail with e-mails) and the placement's
agreements panel make the same number of queries for 1 item as for 3."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.agreements import agreement_for, published_template
from tests.factories.placements import placement_with_hosts
from tests.parts import measure_part
from verbinder.accounts.enums import Role
from verbinder.agreements.enums import AgreementEventKind, AgreementStatus, Party
from verbinder.agreements.models import Agreement, AgreementEvent
from verbinder.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db

SIZES = [1, 3]


def measure(client, url: str, django_assert_num_queries, expected: int, **kwargs) -> None:
    assert client.get(url, **kwargs).status_code == 200
    with django_assert_num_queries(expected):
        assert client.get(url, **kwargs).status_code == 200


def signers(count: int, company) -> list[dict]:
    parties = [Party.STUDENT, Party.COMPANY, Party.SECOND_COMPANY][:count]
    return [
        {"party": party, "name": f"Ondertekenaar {party}", "email": f"{party}@example.nl", "organisation": company}
        for party in parties
    ]


def route_with_agreements(count: int):
    route = RouteFactory()
    coordinator = assign(UserFactory(), Role.COORDINATOR, route=route)
    company = OrganisationFactory(routes=[route])
    template = published_template(route)
    made = []
    for status in (AgreementStatus.SENT, AgreementStatus.SIGNED, AgreementStatus.DRAFT, AgreementStatus.CANCELLED):
        for _number in range(count):
            placement = placement_with_hosts(route=route, hosts=[(company, 4)])
            made.append(agreement_for(placement, template=template, status=status, signers=signers(count, company)))
    soon = timezone.localdate() + datetime.timedelta(days=30)
    Agreement.objects.filter(route=route, status=AgreementStatus.SIGNED).update(
        start_date=soon - datetime.timedelta(days=300), end_date=soon
    )
    return route, coordinator, made


@pytest.mark.parametrize("bucket", ["waiting", "signed", "drafts", "ended", "expiring"])
@pytest.mark.parametrize("count", SIZES)
def test_board_queries(count, bucket, client, django_assert_num_queries):
    route, coordinator, _made = route_with_agreements(count)
    client.force_login(coordinator)
    url = reverse("agreements:board") + f"?route={route.pk}&list={bucket}"
    # rendered: session, user, roles, data version, routes, counts, page count, page rows (+ whom they wait for);
    # reused (a cached part): session, user, roles, data version
    rendered = 9 if bucket == "waiting" else 8
    measure_part(client, url, django_assert_num_queries, rendered=rendered, reused=4)


@pytest.mark.parametrize("count", SIZES)
def test_agreement_page_queries(count, client, django_assert_num_queries):
    _route, coordinator, made = route_with_agreements(count)
    agreement = made[0]
    for number in range(count):
        signer = agreement.signers.all()[number]
        message = OutboxMessage.objects.create(
            recipient=signer.email, subject="x", body_text="x", message_id=f"<q{number}@test>", status="failed",
            attempts=3, last_error="(550, b'User unknown')",
        )  # fmt: skip
        AgreementEvent.objects.create(
            agreement=agreement, kind=AgreementEventKind.INVITED, signer=signer, message=message
        )
        AgreementEvent.objects.create(agreement=agreement, kind=AgreementEventKind.REMINDED, signer=signer)
    client.force_login(coordinator)
    url = reverse("agreements:agreement-detail", args=[agreement.pk])
    # rendered: session, user, roles, agreement, data version, signers, events count, events, amendments;
    # reused (a cached part): session, user, roles, agreement, data version
    measure_part(client, url, django_assert_num_queries, rendered=9, reused=5)


@pytest.mark.parametrize("count", SIZES)
def test_placement_panel_queries(count, client, django_assert_num_queries):
    route, coordinator, made = route_with_agreements(count)
    placement = made[0].placement
    template = made[0].template
    for number in range(2, count + 1):
        Agreement.objects.create(
            route=route, placement=placement, template=template, title=template.title, sequence=number,
            start_date=placement.start_date, end_date=placement.end_date,
        )  # fmt: skip
    client.force_login(coordinator)
    url = reverse("agreements:placement-agreements", args=[placement.pk])
    # session, user, roles, placement, agreements
    measure(client, url, django_assert_num_queries, 5, HTTP_HX_REQUEST="true")
