"""Review of issue 4: bad input and edge cases that must give a page, not a server error."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, assign
from tests.factories.placements import StudentFactory, WorkplaceFactory, placement_world
from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment
from verbinder.core.links import links_open
from verbinder.mail.models import OutboxMessage
from verbinder.placements.enums import MatchAnswer, MatchParty, WorkplaceStatus
from verbinder.placements.models import Workplace
from verbinder.placements.services.matching import LINK_PURPOSE, match_propose, match_resend

pytestmark = pytest.mark.django_db


def test_propose_page_for_a_workplace_starting_near_the_last_year_shows_the_form(world):
    """A workplace may start in 9999 (nothing refuses it); the default end date two years on cannot be made."""
    pw = placement_world(world)
    Workplace.objects.filter(pk=pw.workplace.pk).update(start_date=datetime.date(9999, 6, 1))
    response = world.client_for("coordinator").get(reverse("placements:match-propose", args=[pw.workplace.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["end_date"] > datetime.date(9999, 6, 1)


@pytest.mark.parametrize(
    "role,name", [("coordinator", "workplace-withdraw"), ("company_contact", "offered-workplace-withdraw")]
)
def test_withdraw_with_a_stale_version_says_so_and_changes_nothing(world, role, name):
    pw = placement_world(world)
    workplace = pw.workplace
    response = world.client_for(role).post(
        reverse(f"placements:{name}", args=[workplace.pk]), {"version": workplace.version + 5, "reason": "Vervallen"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"].initial["version"] == workplace.version
    workplace.refresh_from_db()
    assert workplace.status == WorkplaceStatus.OPEN


def test_resend_does_not_send_a_new_link_to_someone_who_no_longer_answers_for_the_company(world):
    """A company contact who left (their role removed) must not get a fresh link to the proposal on a resend;
    their old link stops working and whoever answers for the company now gets one."""
    pw = placement_world(world)
    workplace = WorkplaceFactory(route=world.route, organisation=world.company, title="Monteur")
    student = StudentFactory(route=world.route, email="lotte@student.example.nl")
    proposal = match_propose(
        by=world.users["coordinator"],
        workplace=workplace,
        student=student,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
        working_per_week=Decimal(4),
        supervisor=pw.supervisor,
    )
    leaver = world.users["company_contact"]
    assert links_open(target=proposal, purpose=LINK_PURPOSE, party=MatchParty.COMPANY).filter(email=leaver.email)
    RoleAssignment.objects.filter(user=leaver, role=Role.COMPANY_CONTACT, organisation=world.company).delete()
    successor = assign(
        UserFactory(email="opvolger@bedrijf.example.nl"), Role.COMPANY_CONTACT, organisation=world.company
    )
    OutboxMessage.objects.all().delete()

    match_resend(by=world.users["coordinator"], proposal=proposal)

    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert leaver.email not in recipients
    assert successor.email in recipients
    assert not links_open(target=proposal, purpose=LINK_PURPOSE).filter(email=leaver.email).exists()


def test_the_link_of_a_company_contact_who_left_no_longer_works(world):
    """The e-mailed link is bound to the person answering for the company: once their role there is removed, it
    is gone (410) and answering through it changes nothing."""
    pw = placement_world(world)
    workplace = WorkplaceFactory(route=world.route, organisation=world.company, title="Monteur")
    student = StudentFactory(route=world.route, email="lotte@student.example.nl")
    proposal = match_propose(
        by=world.users["coordinator"],
        workplace=workplace,
        student=student,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
        working_per_week=Decimal(4),
        supervisor=pw.supervisor,
    )
    leaver = world.users["company_contact"]
    body = OutboxMessage.objects.filter(recipient=leaver.email).latest("pk").body_text
    url = re.findall(r"/placements/a/[^/\s\"]+/", body)[-1]
    RoleAssignment.objects.filter(user=leaver, role=Role.COMPANY_CONTACT, organisation=world.company).delete()
    assign(UserFactory(email="opvolger@bedrijf.example.nl"), Role.COMPANY_CONTACT, organisation=world.company)

    client = Client()
    assert client.get(url, follow=True).status_code == 410
    assert client.post(url, {"answer": "accept", "name": "Carla", "reason": ""}).status_code == 410
    proposal.refresh_from_db()
    assert proposal.company_answer == MatchAnswer.PENDING


@pytest.mark.parametrize("name", ["placement-host-add", "placement-supervisors"])
def test_a_non_ascii_digit_as_company_is_no_company_not_a_500(world, name):
    pw = placement_world(world)
    client = world.client_for("coordinator")
    url = reverse(f"placements:{name}", args=[pw.placement.pk])
    response = (
        client.get(url, {"organisation": "²"})
        if name == "placement-supervisors"
        else client.post(url, {"organisation": "²", "share": "1", "on": "2027-01-01", "reason": "x", "version": "1"})
    )
    assert response.status_code == 200
