"""The portal's placements: each external role sees their own part and nothing of another company's.

A shared placement (the `shared` fixture): a student at world.company (3 days, supervised by the supervisor
persona, Wim Praktijk) and at a second company (1 day, supervised by Henk Tweede, with another contract and
other dates). Each company contact sees their own host in full and the other only as "shared with <company>
(<share>)".
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import AffiliationFactory, OrganisationFactory, UserFactory, assign
from tests.factories.placements import (
    MatchProposalFactory,
    StudentFactory,
    WorkplaceFactory,
    placement_with_hosts,
    placement_world,
)
from tests.partners.html import parse
from tests.portal.conftest import OTHER_HOST_START, client_of
from verbinder.accounts.enums import Role
from verbinder.placements.enums import ContractType, MatchAnswer, PlacementStatus, WorkplaceStatus
from verbinder.placements.models import PlacementHost
from verbinder.placements.services.placements import HostInput, placement_create, placement_end, placement_host_add
from verbinder.portal.templatetags.portal import per_week

pytestmark = pytest.mark.django_db


def get(client: Client, name: str, *args) -> tuple[int, str]:
    with translation.override("en"):
        response = client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE="en")
    return response.status_code, response.content.decode()


def host_ids(body: str) -> set[int]:
    return {int(e.attrs["data-host"]) for e in parse(body).find_all() if "data-host" in e.attrs}


def shared_with(body: str) -> list[str]:
    return [e.text for e in parse(body).find_all("span") if "data-shared-with" in e.attrs]


# A shared placement, from each side


def test_company_contact_sees_only_their_own_host_of_a_shared_placement(world, shared):
    status, body = get(world.client_for("company_contact"), "portal:placement", shared.placement.pk)

    assert status == 200
    assert host_ids(body) == {shared.own_host.pk}
    assert "Wim Praktijk" in body
    assert "Henk Tweede" not in body
    assert "henk@tweede.example.nl" not in body
    assert "06 11112222" not in body
    assert OTHER_HOST_START.strftime("%d-%m-%Y") not in body
    assert str(ContractType.EMPLOYMENT.label) not in body
    assert shared_with(body) == [f"gedeeld met {shared.second.name} (1 dag per week)"]


def test_the_other_company_contact_sees_only_their_own_host(world, shared):
    status, body = get(client_of(shared.second_contact), "portal:placement", shared.placement.pk)

    assert status == 200
    assert host_ids(body) == {shared.other_host.pk}
    assert "Henk Tweede" in body
    assert "Wim Praktijk" not in body
    assert world.company.notes not in body
    assert shared_with(body) == [f"gedeeld met {world.company.name} (3 dagen per week)"]


def test_each_company_page_lists_the_shared_placement_with_only_its_own_part(world, shared):
    _, mine = get(world.client_for("company_contact"), "portal:company", world.company.pk)
    _, theirs = get(client_of(shared.second_contact), "portal:company", shared.second.pk)

    for body, absent in ((mine, "Henk Tweede"), (theirs, "Wim Praktijk")):
        row = parse(body).find("tr", data_placement=str(shared.placement.pk))
        assert row is not None
        assert "Dirk Gedeeld" in row.text
        assert absent not in body
    assert shared.second.name in shared_with(mine)[0]
    assert world.company.name in shared_with(theirs)[0]


def test_another_companys_contact_gets_404_for_the_placement_and_the_company(world, shared):
    client = world.client_for("other_company_contact")

    assert get(client, "portal:placement", shared.placement.pk)[0] == 404
    assert get(client, "portal:placement", shared.pw.placement.pk)[0] == 404
    assert get(client, "portal:company", world.company.pk)[0] == 404


def test_the_second_companys_contact_does_not_reach_a_placement_only_at_the_first(world, shared):
    assert get(client_of(shared.second_contact), "portal:placement", shared.pw.placement.pk)[0] == 404


# Company contact


def test_company_page_lists_workplaces_awaiting_approval_first_and_proposals_to_answer(world, shared):
    pw = shared.pw
    answered = MatchProposalFactory(
        workplace=pw.workplace, route=world.route, company_answer=MatchAnswer.ACCEPTED, student__route=world.route
    )

    status, body = get(world.client_for("company_contact"), "portal:company", world.company.pk)

    assert status == 200
    page = parse(body)
    offer = page.by_id("offer-workplace")
    assert offer.attrs["href"] == reverse("placements:workplace-offer", kwargs={"organisation_pk": world.company.pk})
    workplaces = [int(e.attrs["data-workplace"]) for e in page.find_all("tr") if "data-workplace" in e.attrs]
    assert workplaces == [pw.proposed_workplace.pk, pw.workplace.pk]
    assert page.find("span", data_status="proposed") is not None
    proposals = [int(e.attrs["data-proposal"]) for e in page.find_all("tr") if "data-proposal" in e.attrs]
    assert proposals == [pw.proposal.pk]
    assert answered.pk not in proposals
    answer = page.find("tr", data_proposal=str(pw.proposal.pk)).find("a")
    assert answer.attrs["href"] == reverse("placements:match-answer", args=[pw.proposal.pk])
    placements = [int(e.attrs["data-placement"]) for e in page.find_all("tr") if "data-placement" in e.attrs]
    assert placements == [shared.placement.pk, pw.placement.pk]
    assert pw.other_workplace.title not in body


def test_company_page_shows_past_placements_after_the_current_ones(world, shared):
    ended = placement_with_hosts(
        student=StudentFactory(route=world.route, first_name="Eva", last_name="Oud"),
        hosts=[(world.company, 4)],
        status=PlacementStatus.ENDED,
        start_date=datetime.date(2023, 9, 1),
        end_date=datetime.date(2025, 8, 31),
    )

    _, body = get(world.client_for("company_contact"), "portal:company", world.company.pk)

    placements = [int(e.attrs["data-placement"]) for e in parse(body).find_all("tr") if "data-placement" in e.attrs]
    assert placements[-1] == ended.pk
    assert set(placements) == {shared.placement.pk, shared.pw.placement.pk, ended.pk}


def test_a_former_host_sees_its_own_past_part_and_not_the_new_employer(world, shared):
    """After a change of employer the old company keeps its part; the new company is not theirs to know."""
    new_employer = OrganisationFactory(name="Nieuwe Werkgever BV", routes=[world.route])
    placement = shared.pw.placement
    host = shared.pw.host
    PlacementHost.objects.filter(pk=host.pk).update(is_current=False, end_date=datetime.date(2027, 1, 31))
    PlacementHost.objects.create(
        placement=placement, organisation=new_employer, slot=1, share=Decimal(4), start_date=datetime.date(2027, 2, 1)
    )

    status, body = get(world.client_for("company_contact"), "portal:placement", placement.pk)

    assert status == 200
    assert host_ids(body) == {host.pk}
    assert new_employer.name not in body
    assert shared_with(body) == []


def test_company_page_of_a_company_the_user_is_not_a_contact_of_is_404(world, shared):
    assert get(world.client_for("workplace_supervisor"), "portal:company", world.company.pk)[0] == 404
    assert get(world.client_for("student"), "portal:company", world.company.pk)[0] == 404
    assert get(world.client_for("partner_contact"), "portal:company", world.branch.pk)[0] == 404


# Workplace supervisor


def test_supervisor_sees_their_students_with_teacher_and_only_the_other_companys_name(world, shared):
    status, body = get(world.client_for("workplace_supervisor"), "portal:supervised-students")

    assert status == 200
    assert host_ids(body) == {shared.own_host.pk, shared.pw.host.pk}
    row = parse(body).find("tr", data_host=str(shared.own_host.pk))
    assert "Dirk Gedeeld" in row.text
    assert "dirk@student.example.nl" in row.text
    assert "Teun Docent" in row.text
    assert "teun@hogeschool.example.nl" in row.text
    assert "3 dagen per week" in row.text
    assert shared_with(body) == [f"gedeeld met {shared.second.name}"]
    assert "Henk Tweede" not in body
    assert "henk@tweede.example.nl" not in body


def test_supervisor_reaches_the_placement_page_of_their_part(world, shared):
    status, body = get(world.client_for("workplace_supervisor"), "portal:placement", shared.placement.pk)

    assert status == 200
    assert host_ids(body) == {shared.own_host.pk}
    assert "Henk Tweede" not in body
    assert shared_with(body) == [f"gedeeld met {shared.second.name}"]


def test_supervised_students_page_is_404_for_anyone_not_a_supervisor(world, shared):
    for persona in ("company_contact", "student", "partner_contact", "coordinator", "admin"):
        assert get(world.client_for(persona), "portal:supervised-students")[0] == 404, persona


def test_a_supervisor_of_the_same_company_does_not_see_anothers_students(world, shared):
    colleague = assign(UserFactory(name="Collega Begeleider"), Role.WORKPLACE_SUPERVISOR, organisation=world.company)
    client = client_of(colleague)

    assert host_ids(get(client, "portal:supervised-students")[1]) == set()
    assert get(client, "portal:placement", shared.placement.pk)[0] == 404


# Student


def test_student_sees_every_host_of_their_shared_placement_with_supervisors(world, shared):
    status, body = get(client_of(shared.student_user), "portal:placement", shared.placement.pk)

    assert status == 200
    assert host_ids(body) == {shared.own_host.pk, shared.other_host.pk}
    for text in ("Wim Praktijk", "Henk Tweede", "henk@tweede.example.nl", "06 11112222", "Teun Docent"):
        assert text in body
    assert str(ContractType.EMPLOYMENT.label) in body


def test_student_page_shows_placement_open_workplaces_of_the_route_and_proposals_to_answer(world, shared):
    pw = shared.pw
    elsewhere = WorkplaceFactory(route=world.route, organisation=shared.second, title="Tweede werkplek")
    waiting = MatchProposalFactory(workplace=elsewhere, route=world.route, student=pw.student)
    MatchProposalFactory(
        workplace=pw.workplace, route=world.route, student=pw.student, student_answer=MatchAnswer.ACCEPTED
    )
    WorkplaceFactory(route=world.route, organisation=shared.second, status=WorkplaceStatus.FILLED, title="Vol")

    status, body = get(world.client_for("student"), "portal:my-placement")

    assert status == 200
    page = parse(body)
    assert [int(e.attrs["data-placement"]) for e in page.find_all("article") if "data-placement" in e.attrs] == [
        pw.placement.pk
    ]
    assert host_ids(body) == {pw.host.pk}
    assert "Wim Praktijk" in body
    workplaces = [int(e.attrs["data-workplace"]) for e in page.find_all("tr") if "data-workplace" in e.attrs]
    assert workplaces == [elsewhere.pk, pw.workplace.pk]  # same start date, then by title
    assert pw.proposed_workplace.pk not in workplaces
    assert pw.other_workplace.title not in body
    assert [int(e.attrs["data-proposal"]) for e in page.find_all("tr") if "data-proposal" in e.attrs] == [waiting.pk]
    answer = page.find("tr", data_proposal=str(waiting.pk)).find("a")
    assert answer.attrs["href"] == reverse("placements:match-answer", args=[waiting.pk])


def test_student_does_not_reach_another_students_placement(world, shared):
    client = world.client_for("student")

    assert get(client, "portal:placement", shared.placement.pk)[0] == 404
    assert get(client, "portal:placement", shared.pw.other_placement.pk)[0] == 404


def test_my_placement_is_404_without_a_student_record(world, shared):
    for persona in ("company_contact", "workplace_supervisor", "partner_contact", "coordinator"):
        assert get(world.client_for(persona), "portal:my-placement")[0] == 404, persona


# Home, partner contacts and staff


def test_home_links_each_role_to_its_pages_and_lists_the_placements(world, shared):
    _, body = get(world.client_for("company_contact"), "portal:home")
    page = parse(body)
    links = [a.attrs["href"] for a in page.by_id("portal-pages").find_all("a")]
    placements = [a.attrs["href"] for a in page.by_id("placements").find_all("a")]

    matrix = reverse("agreements:matrix", args=[world.route.pk])  # the responsibility matrix of their route
    assert links == [reverse("portal:company", args=[world.company.pk]), reverse("portal:agreements"), matrix]
    assert sorted(placements) == sorted(
        reverse("portal:placement", args=[pk]) for pk in (shared.placement.pk, shared.pw.placement.pk)
    )
    assert "Henk Tweede" not in body


def test_home_of_the_supervisor_and_the_student_link_their_pages(world, shared):
    _, supervisor = get(world.client_for("workplace_supervisor"), "portal:home")
    _, student = get(world.client_for("student"), "portal:home")
    matrix = reverse("agreements:matrix", args=[world.route.pk])

    assert [a.attrs["href"] for a in parse(supervisor).by_id("portal-pages").find_all("a")] == [
        reverse("portal:supervised-students"),
        matrix,
    ]
    assert [a.attrs["href"] for a in parse(student).by_id("portal-pages").find_all("a")] == [
        reverse("portal:my-placement"),
        reverse("portal:agreements"),
        matrix,
    ]
    assert [a.attrs["href"] for a in parse(student).by_id("placements").find_all("a")] == [
        reverse("portal:placement", args=[shared.pw.placement.pk])
    ]


def test_partner_contact_sees_no_placements(world, shared):
    client = world.client_for("partner_contact")
    status, body = get(client, "portal:home")

    assert status == 200
    page = parse(body)
    assert page.by_id("placements") is None
    # Their organisation is a partner of route A: they read its responsibility matrix, nothing of route B.
    assert [a.attrs["href"] for a in page.by_id("portal-pages").find_all("a")] == [
        reverse("agreements:matrix", args=[world.route.pk])
    ]
    assert "Dirk Gedeeld" not in body
    assert get(client, "portal:placement", shared.placement.pk)[0] == 404


@pytest.mark.parametrize("persona", ["admin", "coordinator", "teacher"])
def test_staff_are_sent_to_their_own_pages_and_the_portal_shows_them_no_placements(world, shared, persona):
    client = world.client_for(persona)

    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:route-list")
    _, body = get(client, "portal:home")
    assert parse(body).by_id("placements") is None
    assert get(client, "portal:placement", shared.placement.pk)[0] == 404


def test_shares_are_shown_with_their_unit_in_the_singular_and_plural():
    with translation.override("en"):
        assert per_week(Decimal("1"), "days") == "1 day per week"
        assert per_week(Decimal("2.5"), "days") == "2.5 days per week"
        assert per_week(Decimal("32.0"), "hours") == "32 hours per week"
        assert per_week(Decimal("1.0"), "hours") == "1 hour per week"


def test_the_portals_links_to_offer_and_answer_open_for_the_company_contact_and_the_student(world, shared):
    """The offer and answer pages belong to the placements app; the portal's links must land on them."""
    pw = shared.pw
    contact = world.client_for("company_contact")
    page = parse(get(contact, "portal:company", world.company.pk)[1])
    offer = page.by_id("offer-workplace").attrs["href"]
    answer = page.find("tr", data_proposal=str(pw.proposal.pk)).find("a").attrs["href"]
    assert contact.get(offer).status_code == 200
    assert contact.get(answer).status_code == 200

    waiting = MatchProposalFactory(workplace=pw.workplace, route=world.route, student=pw.student)
    student = world.client_for("student")
    page = parse(get(student, "portal:my-placement")[1])
    answer = page.find("tr", data_proposal=str(waiting.pk)).find("a").attrs["href"]
    assert student.get(answer).status_code == 200


def test_a_second_host_added_by_the_services_shows_in_both_companies_portals(world):
    """The issue's journey, through the placement services: one host, then a second with 3 and 1 days; each
    company contact sees the shared placement with their own supervisor; once ended, it is a past placement."""
    pw = placement_world(world)
    second = OrganisationFactory(name="Installatiebedrijf Tweede", routes=[world.route])
    henk = AffiliationFactory(organisation=second, person__first_name="Henk", person__last_name="Tweede")
    second_contact = assign(UserFactory(), Role.COMPANY_CONTACT, organisation=second)
    student = StudentFactory(route=world.route, first_name="Dirk", last_name="Gedeeld")
    placement = placement_create(
        by=world.users["coordinator"],
        student=student,
        hosts=[HostInput(organisation=world.company, share=Decimal(4), supervisor=pw.supervisor)],
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
        working_per_week=Decimal(4),
        accept_non_sme=True,
    )
    first_host = placement.hosts.get()
    placement = placement_host_add(
        by=world.users["coordinator"],
        placement=placement,
        host=HostInput(organisation=second, share=Decimal(1), supervisor=henk),
        shares={first_host.pk: Decimal(3)},
        on=datetime.date(2026, 11, 1),
        reason="Tweede bedrijf",
        version=placement.version,
        accept_non_sme=True,
    )

    _, mine = get(world.client_for("company_contact"), "portal:placement", placement.pk)
    _, theirs = get(client_of(second_contact), "portal:placement", placement.pk)
    assert "Wim Praktijk" in mine and "Henk Tweede" not in mine
    assert "Henk Tweede" in theirs and "Wim Praktijk" not in theirs
    assert shared_with(mine) == [f"gedeeld met {second.name} (1 dag per week)"]
    assert shared_with(theirs) == [f"gedeeld met {world.company.name} (3 dagen per week)"]

    placement_end(
        by=world.users["coordinator"], placement=placement, on=datetime.date(2027, 1, 31), reason="Gestopt",
        version=placement.version,
    )  # fmt: skip
    _, company = get(world.client_for("company_contact"), "portal:company", world.company.pk)
    row = parse(company).find("tr", data_placement=str(placement.pk))
    with translation.override("nl"):  # the page speaks the user's language
        assert str(PlacementStatus.ENDED.label) in row.text
    assert "Henk Tweede" not in company
