"""Workplace pages per role: the coordinator's list, entering, approving and withdrawing; the teacher reads; the
company contact offers and edits their offer; students see open workplaces; others get 404."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory
from tests.factories.placements import MatchProposalFactory, WorkplaceFactory, placement_world
from verbinder.mail.models import OutboxMessage
from verbinder.partners.enums import SizeClass
from verbinder.placements.enums import MatchStatus, WorkplaceStatus
from verbinder.placements.models import Workplace
from verbinder.placements.selectors.workplaces import workplaces_for_company
from verbinder.placements.services import workplaces as services

pytestmark = pytest.mark.django_db


def start() -> str:
    return (timezone.localdate() + datetime.timedelta(days=45)).isoformat()


def form(**changes):
    data = {
        "title": "Servicemonteur",
        "tasks": "**Storingen** verhelpen <script>alert(1)</script>",
        "hours_per_week": "32",
        "start_date": start(),
        "requirements": "",
        "location": "Hoofdstraat 1, Utrecht",
        "postcode": "3511 AB",
    }
    data.update(changes)
    return data


def list_url(world) -> str:
    return reverse("placements:workplace-list", args=[world.route.pk])


# The route's list


def test_coordinator_list_shows_the_awaiting_ones_first_with_a_count(world):
    places = placement_world(world)

    response = world.client_for("coordinator").get(list_url(world))

    assert response.status_code == 200
    shown = [workplace.pk for workplace in response.context["page"].object_list]
    assert shown == [places.proposed_workplace.pk, places.workplace.pk]
    assert response.context["awaiting"] == 1
    assert b'id="workplaces-awaiting"' in response.content
    assert reverse("placements:workplace-create", args=[world.route.pk]).encode() in response.content
    assert places.other_workplace.title.encode() not in response.content


def test_the_list_shows_the_waiting_proposals_of_each_workplace(world):
    places = placement_world(world)
    MatchProposalFactory(workplace=places.workplace, route=world.route, status=MatchStatus.DECLINED)

    response = world.client_for("coordinator").get(list_url(world))

    counts = {workplace.pk: workplace.proposal_count for workplace in response.context["page"].object_list}
    assert counts[places.workplace.pk] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=proposed", ["proposed"]),
        ("status=open", ["open", "elsewhere"]),
        ("region=35", ["proposed", "open"]),
        ("region=10", ["elsewhere"]),
        ("hours_min=20", ["proposed", "open"]),
        ("hours_max=20", ["elsewhere"]),
        ("start_from=2027-01-01", ["elsewhere"]),
        ("organisation={other}", ["elsewhere"]),
        ("region=x", ["proposed", "open", "elsewhere"]),
    ],
)
def test_list_filters(world, query, expected):
    places = placement_world(world)
    other = OrganisationFactory(name="Ander Bedrijf", routes=[world.route])
    elsewhere = WorkplaceFactory(
        route=world.route,
        organisation=other,
        title="Elders",
        postcode="1011 AB",
        hours_per_week=Decimal("16"),
        start_date=datetime.date(2027, 2, 1),
    )
    names = {places.proposed_workplace.pk: "proposed", places.workplace.pk: "open", elsewhere.pk: "elsewhere"}

    response = world.client_for("coordinator").get(list_url(world) + "?" + query.format(other=other.pk))

    assert [names[workplace.pk] for workplace in response.context["page"].object_list] == expected


def test_teacher_reads_but_cannot_enter_or_approve(world):
    places = placement_world(world)
    client = world.client_for("teacher")

    listed = client.get(list_url(world))
    detail = client.get(reverse("placements:workplace-detail", args=[places.proposed_workplace.pk]))

    assert listed.status_code == 200
    assert reverse("placements:workplace-create", args=[world.route.pk]).encode() not in listed.content
    assert detail.status_code == 200
    assert b'id="workplace-approve"' not in detail.content
    assert client.get(reverse("placements:workplace-create", args=[world.route.pk])).status_code == 403
    approve = client.post(reverse("placements:workplace-approve", args=[places.proposed_workplace.pk]), {"version": 1})
    assert approve.status_code == 403
    places.proposed_workplace.refresh_from_db()
    assert places.proposed_workplace.status == WorkplaceStatus.PROPOSED


# A workplace's page, entering, editing


def test_detail_renders_tasks_as_sanitised_markdown_and_counts_proposals(world):
    places = placement_world(world)
    Workplace.objects.filter(pk=places.workplace.pk).update(tasks="**Storingen** <script>alert(1)</script>")

    response = world.client_for("coordinator").get(reverse("placements:workplace-detail", args=[places.workplace.pk]))

    assert response.status_code == 200
    assert b"<strong>Storingen</strong>" in response.content
    assert b"<script>alert(1)" not in response.content
    assert response.context["proposal_counts"][MatchStatus.PROPOSED] == 1
    assert response.context["can_edit"] is True


def test_coordinator_enters_a_workplace(world):
    response = world.client_for("coordinator").post(
        reverse("placements:workplace-create", args=[world.route.pk]), {**form(), "organisation": world.company.pk}
    )

    workplace = Workplace.objects.get(title="Servicemonteur")
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:workplace-detail", args=[workplace.pk])
    assert workplace.status == WorkplaceStatus.OPEN
    assert workplace.organisation == world.company


def test_a_large_company_asks_to_continue_anyway(world):
    large = OrganisationFactory(name="Groot Concern", size_class=SizeClass.LARGE, routes=[world.route])
    client = world.client_for("coordinator")
    url = reverse("placements:workplace-create", args=[world.route.pk])

    warned = client.post(url, {**form(), "organisation": large.pk})

    assert warned.status_code == 200
    assert warned.context["form"].warns_not_sme
    assert b'name="accept_non_sme"' in warned.content
    assert not Workplace.objects.filter(organisation=large).exists()

    saved = client.post(url, {**form(), "organisation": large.pk, "accept_non_sme": "on"})

    assert saved.status_code == 302
    assert Workplace.objects.get(organisation=large).status == WorkplaceStatus.OPEN


def test_bad_input_shows_errors_and_saves_nothing(world):
    response = world.client_for("coordinator").post(
        reverse("placements:workplace-create", args=[world.route.pk]),
        {**form(hours_per_week="90", start_date="2020-01-01"), "organisation": world.company.pk},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"hours_per_week"}
    assert not Workplace.objects.filter(title="Servicemonteur").exists()


def test_edit_over_a_newer_save_is_refused(world):
    places = placement_world(world)
    services.workplace_update(
        by=world.users["coordinator"], workplace=places.workplace, version=1, fields={"title": "Eerder"}
    )

    response = world.client_for("coordinator").post(
        reverse("placements:workplace-edit", args=[places.workplace.pk]), {**form(title="Later"), "version": 1}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    places.workplace.refresh_from_db()
    assert places.workplace.title == "Eerder"


def test_a_withdrawn_workplace_cannot_be_edited(world):
    places = placement_world(world)
    Workplace.objects.filter(pk=places.workplace.pk).update(status=WorkplaceStatus.WITHDRAWN)

    response = world.client_for("coordinator").get(reverse("placements:workplace-edit", args=[places.workplace.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("placements:workplace-detail", args=[places.workplace.pk])


# Approve and withdraw


def test_coordinator_approves_with_one_click_and_the_offerer_is_mailed(world):
    places = placement_world(world)
    contact = world.users["company_contact"]
    Workplace.objects.filter(pk=places.proposed_workplace.pk).update(submitted_by=contact)

    response = world.client_for("coordinator").post(
        reverse("placements:workplace-approve", args=[places.proposed_workplace.pk]), {"version": 1}
    )

    assert response.status_code == 302
    places.proposed_workplace.refresh_from_db()
    assert places.proposed_workplace.status == WorkplaceStatus.OPEN
    assert places.proposed_workplace.approved_by == world.users["coordinator"]
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [contact.email]


def test_approve_with_an_old_version_changes_nothing(world):
    places = placement_world(world)
    services.workplace_update(
        by=world.users["coordinator"], workplace=places.proposed_workplace, version=1, fields={"title": "Nieuw"}
    )

    response = world.client_for("coordinator").post(
        reverse("placements:workplace-approve", args=[places.proposed_workplace.pk]), {"version": 1}
    )

    assert response.status_code == 302
    places.proposed_workplace.refresh_from_db()
    assert places.proposed_workplace.status == WorkplaceStatus.PROPOSED


def test_coordinator_withdraws_with_a_reason(world):
    places = placement_world(world)

    response = world.client_for("coordinator").post(
        reverse("placements:workplace-withdraw", args=[places.workplace.pk]), {"version": 1, "reason": "Vervallen"}
    )

    assert response.status_code == 302
    places.workplace.refresh_from_db()
    assert places.workplace.status == WorkplaceStatus.WITHDRAWN
    detail = world.client_for("coordinator").get(reverse("placements:workplace-detail", args=[places.workplace.pk]))
    assert b"Vervallen" in detail.content
    assert b'id="workplace-approve"' not in detail.content
    assert detail.context["can_edit"] is False


# The company's pages


def offer_url(world, organisation=None) -> str:
    return reverse("placements:workplace-offer", args=[(organisation or world.company).pk])


def test_company_contact_offers_a_workplace_that_awaits_approval(world):
    client = world.client_for("company_contact")

    page = client.get(offer_url(world))
    response = client.post(offer_url(world), {**form(), "route": world.route.pk})

    assert page.status_code == 200
    assert [pk for pk, _label in page.context["form"].fields["route"].choices] == [world.route.pk]
    assert world.route.programme_name.encode() not in page.content
    workplace = Workplace.objects.get(title="Servicemonteur")
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:offered-workplace", args=[workplace.pk])
    assert workplace.status == WorkplaceStatus.PROPOSED
    assert workplace.submitted_by == world.users["company_contact"]
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [world.users["coordinator"].email]
    assert workplaces_for_company(user=world.users["company_contact"], organisation=world.company).first() == workplace


def test_workplaces_for_company_newest_first_within_reach(world):
    places = placement_world(world)
    newest = WorkplaceFactory(route=world.route, organisation=world.company, title="Nieuwste")

    contact = list(workplaces_for_company(user=world.users["company_contact"], organisation=world.company))
    student = list(workplaces_for_company(user=world.users["student"], organisation=world.company))
    outsider = list(workplaces_for_company(user=world.users["other_company_contact"], organisation=world.company))

    assert contact == [newest, places.proposed_workplace, places.workplace]
    assert student == [newest, places.workplace]
    assert outsider == []


def test_company_contact_sees_their_offer_and_edits_it_until_approved(world):
    places = placement_world(world)
    client = world.client_for("company_contact")
    offered = reverse("placements:offered-workplace", args=[places.proposed_workplace.pk])
    edit = reverse("placements:offered-workplace-edit", args=[places.proposed_workplace.pk])

    page = client.get(offered)
    saved = client.post(edit, {**form(title="Aangepast"), "version": 1})

    assert page.status_code == 200
    assert b'id="offered-awaiting"' in page.content
    assert edit.encode() in page.content
    assert world.route.programme_name.encode() not in page.content
    assert saved.status_code == 302
    places.proposed_workplace.refresh_from_db()
    assert places.proposed_workplace.title == "Aangepast"

    services.workplace_approve(by=world.users["coordinator"], workplace=places.proposed_workplace, version=2)
    after = client.get(edit)
    assert after.status_code == 302
    assert after["Location"] == offered


def test_company_contact_withdraws_their_open_workplace(world):
    places = placement_world(world)
    client = world.client_for("company_contact")
    offered = reverse("placements:offered-workplace", args=[places.workplace.pk])
    withdraw = reverse("placements:offered-workplace-withdraw", args=[places.workplace.pk])

    page = client.get(offered)
    response = client.post(withdraw, {"version": 1, "reason": "Geen plek meer"})

    assert withdraw.encode() in page.content
    assert response.status_code == 302
    assert response["Location"] == offered
    places.workplace.refresh_from_db()
    assert places.workplace.status == WorkplaceStatus.WITHDRAWN
    again = client.get(withdraw)
    assert again.status_code == 302
    assert withdraw.encode() not in client.get(offered).content


def test_a_route_choice_outside_the_companys_routes_is_refused(world):
    response = world.client_for("company_contact").post(offer_url(world), {**form(), "route": world.other_route.pk})

    assert response.status_code == 200
    assert "route" in response.context["form"].errors
    assert not Workplace.objects.filter(title="Servicemonteur").exists()


def test_a_company_without_routes_is_told_so(world):
    world.company.partnerships.all().delete()

    response = world.client_for("company_contact").get(offer_url(world))

    assert response.status_code == 200
    assert b'id="offer-no-routes"' in response.content


def test_another_company_contact_gets_404(world):
    places = placement_world(world)
    client = world.client_for("other_company_contact")

    assert client.get(offer_url(world)).status_code == 404
    assert client.get(reverse("placements:offered-workplace", args=[places.workplace.pk])).status_code == 404
    assert client.get(reverse("placements:workplace-detail", args=[places.workplace.pk])).status_code == 404
    assert client.post(offer_url(world), {**form(), "route": world.route.pk}).status_code == 404
    assert not Workplace.objects.filter(title="Servicemonteur").exists()


def test_student_sees_open_workplaces_of_their_route_only(world):
    places = placement_world(world)
    client = world.client_for("student")

    assert client.get(reverse("placements:offered-workplace", args=[places.workplace.pk])).status_code == 200
    assert client.get(reverse("placements:offered-workplace", args=[places.proposed_workplace.pk])).status_code == 404
    assert client.get(reverse("placements:workplace-detail", args=[places.workplace.pk])).status_code == 403
    assert client.get(offer_url(world)).status_code == 403
    assert client.get(list_url(world)).status_code == 404


@pytest.mark.parametrize("persona", ["workplace_supervisor", "partner_contact"])
def test_supervisor_and_partner_do_not_reach_workplaces(world, persona):
    places = placement_world(world)
    client = world.client_for(persona)

    assert client.get(reverse("placements:offered-workplace", args=[places.workplace.pk])).status_code == 404
    assert client.get(reverse("placements:workplace-detail", args=[places.workplace.pk])).status_code == 404
    assert client.get(list_url(world)).status_code == 404


def test_anonymous_is_sent_to_the_login(world):
    places = placement_world(world)
    client = world.client_for("anonymous")

    for url in (
        list_url(world),
        offer_url(world),
        reverse("placements:offered-workplace", args=[places.workplace.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
