"""Matching pages per role: the matching page and its filters, proposing, the proposals list with resend and
withdraw, answering logged in, and the public answer page of an e-mailed link."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import AffiliationFactory
from tests.factories.placements import StudentFactory, WorkplaceFactory, placement_world
from verbinder.core.links import link_issue
from verbinder.core.models import ActionLink
from verbinder.mail.models import OutboxMessage
from verbinder.placements.enums import MatchAnswer, MatchParty, MatchStatus, StudentStatus, WorkplaceStatus
from verbinder.placements.models import MatchProposal, Placement
from verbinder.placements.services.matching import LINK_PURPOSE, match_propose

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"/placements/a/([^/\s\"]+)/")
START = datetime.date(2026, 9, 1)


def proposed(world, **kwargs):
    workplace = kwargs.pop("workplace", None) or WorkplaceFactory(
        route=world.route, organisation=world.company, title="Monteur"
    )
    student = kwargs.pop("student", None) or StudentFactory(route=world.route, first_name="Lotte", last_name="Jansen")
    return match_propose(
        by=world.users["coordinator"],
        workplace=workplace,
        student=student,
        start_date=START,
        end_date=datetime.date(2028, 8, 31),
        working_per_week=Decimal(4),
        supervisor=world.affiliation,
        **kwargs,
    )


def link_url(email: str) -> str:
    body = OutboxMessage.objects.filter(recipient=email).latest("pk").body_text
    return reverse("placements:match-answer-link", args=[TOKEN.findall(body)[-1]])


# The matching page


def test_matching_page_shows_open_workplaces_and_students_without_a_placement(world):
    pw = placement_world(world)
    graduated = StudentFactory(route=world.route, status=StudentStatus.GRADUATED)
    free = StudentFactory(route=world.route, status=StudentStatus.APPLICANT)

    response = world.client_for("teacher").get(reverse("placements:matching"), {"route": world.route.pk})

    assert response.status_code == 200
    workplaces = [w.pk for w in response.context["workplaces"].object_list]
    students = {s.pk for s in response.context["students"].object_list}
    assert workplaces == [pw.workplace.pk]  # not the proposed one, not route B's
    assert free.pk in students and pw.proposal.student_id in students
    assert pw.student.pk not in students and graduated.pk not in students and pw.other_student.pk not in students
    assert not response.context["can_propose"]
    assert b"match-propose" not in response.content and "/propose/" not in response.content.decode()


def test_matching_page_filters_by_region_and_hours(world):
    near = WorkplaceFactory(route=world.route, organisation=world.company, postcode="3511 AB", hours_per_week=32)
    far = WorkplaceFactory(route=world.route, organisation=world.company, postcode="9711 AB", hours_per_week=32)
    small = WorkplaceFactory(route=world.route, organisation=world.company, postcode="3512 AB", hours_per_week=16)
    student_near = StudentFactory(route=world.route, postcode="3521 XX", hours_per_week=30)
    student_far = StudentFactory(route=world.route, postcode="9700 XX", hours_per_week=32)
    student_unknown = StudentFactory(route=world.route, postcode="3500 XX", hours_per_week=None)
    client = world.client_for("coordinator")

    response = client.get(reverse("placements:matching"), {"route": world.route.pk, "region": "35"})
    assert {w.pk for w in response.context["workplaces"].object_list} == {near.pk, small.pk}
    assert {s.pk for s in response.context["students"].object_list} == {student_near.pk, student_unknown.pk}

    response = client.get(reverse("placements:matching"), {"route": world.route.pk, "region": "35", "hours": "32"})
    assert {w.pk for w in response.context["workplaces"].object_list} == {near.pk}
    assert {s.pk for s in response.context["students"].object_list} == {student_near.pk}

    response = client.get(reverse("placements:matching"), {"route": world.route.pk, "hours": "32", "margin": "0"})
    assert {w.pk for w in response.context["workplaces"].object_list} == {near.pk, far.pk}
    assert {s.pk for s in response.context["students"].object_list} == {student_far.pk}


def test_matching_page_refuses_another_route(world):
    response = world.client_for("coordinator").get(reverse("placements:matching"), {"route": world.other_route.pk})
    assert response.status_code == 404


def test_matching_page_bad_filter_input_shows_errors_and_everything(world):
    placement_world(world)
    response = world.client_for("coordinator").get(reverse("placements:matching"), {"region": "x", "hours": "abc"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"region", "hours"}
    assert len(response.context["workplaces"].object_list) == 1


def test_matching_page_paginates_both_sides(world):
    for _ in range(27):
        WorkplaceFactory(route=world.route, organisation=world.company)
        StudentFactory(route=world.route)
    client = world.client_for("coordinator")
    response = client.get(reverse("placements:matching"), {"wpage": 2})
    assert len(response.context["workplaces"].object_list) == 2
    assert len(response.context["students"].object_list) == 25
    assert "spage=2" in response.content.decode() and "wpage=1" in response.content.decode()


# Proposing


def test_propose_page_defaults_from_the_workplace(world):
    pw = placement_world(world)
    left = AffiliationFactory(organisation=world.company, ended_on=datetime.date(2025, 1, 1))
    response = world.client_for("coordinator").get(reverse("placements:match-propose", args=[pw.workplace.pk]))
    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["start_date"] == pw.workplace.start_date
    assert form.initial["working_per_week"] == Decimal(4)
    supervisors = set(form.fields["supervisor"].queryset.values_list("pk", flat=True))
    assert world.affiliation.pk in supervisors and pw.supervisor.pk in supervisors and left.pk not in supervisors
    assert world.other_affiliation.pk not in supervisors
    students = set(form.fields["student"].queryset.values_list("pk", flat=True))
    assert pw.proposal.student_id in students and pw.student.pk not in students


def propose_data(student, supervisor, **extra):
    return {
        "student": student.pk,
        "start_date": "2026-09-01",
        "end_date": "2028-08-31",
        "working_per_week": "4",
        "share_unit": "days",
        "supervisor": supervisor.pk if supervisor else "",
        "contract_type": "leerarbeidsovereenkomst",
        "note": "",
        **extra,
    }


def test_coordinator_proposes_and_both_get_an_email(world):
    pw = placement_world(world)
    student = StudentFactory(route=world.route)
    url = reverse("placements:match-propose", args=[pw.workplace.pk])

    response = world.client_for("coordinator").post(url, propose_data(student, world.affiliation))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('placements:match-list')}?route={world.route.pk}"
    proposal = MatchProposal.objects.get(student=student)
    assert proposal.workplace == pw.workplace and proposal.supervisor == world.affiliation
    assert set(OutboxMessage.objects.values_list("recipient", flat=True)) == {
        world.users["company_contact"].email,
        student.email,
    }


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"end_date": "2026-08-01"}, "end_date"),
        ({"working_per_week": "0"}, "working_per_week"),
    ],
)
def test_propose_bad_input_changes_nothing(world, extra, field):
    pw = placement_world(world)
    student = StudentFactory(route=world.route)
    url = reverse("placements:match-propose", args=[pw.workplace.pk])

    response = world.client_for("coordinator").post(url, propose_data(student, world.affiliation, **extra))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MatchProposal.objects.filter(student=student).exists() and not OutboxMessage.objects.exists()


def test_propose_refuses_a_supervisor_or_student_from_another_route(world):
    pw = placement_world(world)
    url = reverse("placements:match-propose", args=[pw.workplace.pk])
    client = world.client_for("coordinator")

    response = client.post(url, propose_data(StudentFactory(route=world.route), world.other_affiliation))
    assert "supervisor" in response.context["form"].errors
    response = client.post(url, propose_data(pw.other_student, world.affiliation))
    assert "student" in response.context["form"].errors
    assert MatchProposal.objects.count() == 2  # the two of placement_world


def test_propose_is_refused_to_the_teacher_and_for_another_route(world):
    pw = placement_world(world)
    student = StudentFactory(route=world.route)
    data = propose_data(student, world.affiliation)
    assert (
        world.client_for("teacher").post(reverse("placements:match-propose", args=[pw.workplace.pk]), data).status_code
        == 403
    )
    url = reverse("placements:match-propose", args=[pw.other_workplace.pk])
    assert world.client_for("coordinator").post(url, data).status_code == 404
    assert not MatchProposal.objects.filter(student=student).exists()


# Proposals list, resend and withdraw


def test_proposals_list_shows_status_and_answers(world):
    pw = placement_world(world)
    response = world.client_for("teacher").get(reverse("placements:match-list"))
    assert [p.pk for p in response.context["page"].object_list] == [pw.proposal.pk]
    assert f'data-proposal="{pw.proposal.pk}"' in response.content.decode()
    assert not response.context["can_change"]
    assert reverse("placements:match-withdraw", args=[pw.proposal.pk]) not in response.content.decode()
    response = world.client_for("coordinator").get(reverse("placements:match-list"), {"status": "declined"})
    assert list(response.context["page"].object_list) == []


def test_withdraw_and_resend_from_the_list(world):
    proposal = proposed(world)
    client = world.client_for("coordinator")
    OutboxMessage.objects.all().delete()

    response = client.post(reverse("placements:match-resend", args=[proposal.pk]))
    assert response.status_code == 302 and OutboxMessage.objects.count() == 2

    response = client.post(reverse("placements:match-withdraw", args=[proposal.pk]), {"version": proposal.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.WITHDRAWN
    assert not ActionLink.objects.filter(used_at__isnull=True, revoked_at__isnull=True).exists()


def test_withdraw_with_a_stale_version_changes_nothing(world):
    proposal = proposed(world)
    response = world.client_for("coordinator").post(
        reverse("placements:match-withdraw", args=[proposal.pk]), {"version": proposal.version - 1}, follow=True
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.PROPOSED


def test_withdraw_and_resend_are_refused_to_the_teacher(world):
    proposal = proposed(world)
    client = world.client_for("teacher")
    assert client.post(reverse("placements:match-resend", args=[proposal.pk])).status_code == 403
    assert client.post(reverse("placements:match-withdraw", args=[proposal.pk]), {"version": 1}).status_code == 403


# Answering logged in


def test_company_contact_answers_in_verbinder(world):
    proposal = proposed(world)
    client = world.client_for("company_contact")
    url = reverse("placements:match-answer", args=[proposal.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"answer": "accept"})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.company_answer == MatchAnswer.ACCEPTED
    assert proposal.company_answered_by == world.users["company_contact"].name
    page = client.get(url)
    assert not page.context["is_open"] and b'id="answer-form"' not in page.content


def test_student_answers_their_own_proposal_and_the_placement_is_made(world):
    student = StudentFactory(route=world.route, user=world.users["student"])
    proposal = proposed(world, student=student)
    world.client_for("company_contact").post(
        reverse("placements:match-answer", args=[proposal.pk]), {"answer": "accept"}
    )

    response = world.client_for("student").post(
        reverse("placements:match-answer", args=[proposal.pk]), {"answer": "accept"}
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.ACCEPTED and Placement.objects.filter(student=student).exists()


def test_answer_page_for_others(world):
    pw = placement_world(world)
    url = reverse("placements:match-answer", args=[pw.proposal.pk])
    assert world.client_for("coordinator").get(url).status_code == 403  # sees it, does not answer for anyone
    assert world.client_for("student").get(url).status_code == 404  # another student's proposal
    assert world.client_for("workplace_supervisor").get(url).status_code == 404
    assert world.client_for("other_company_contact").get(url).status_code == 404
    other = reverse("placements:match-answer", args=[pw.other_proposal.pk])
    assert world.client_for("company_contact").post(other, {"answer": "accept"}).status_code == 404
    pw.other_proposal.refresh_from_db()
    assert pw.other_proposal.company_answer == MatchAnswer.PENDING


# The public answer page of an e-mailed link


def test_link_page_shows_the_proposal_without_login(world):
    proposal = proposed(world, note="Tot snel")
    url = link_url(proposal.student.email)

    client = Client()
    opened = client.get(url)
    # The token moves into the session; the page the browser lands on has none in its URL.
    assert opened.status_code == 302 and opened["Referrer-Policy"] == "no-referrer"
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert token not in opened["Location"]
    response = client.get(opened["Location"])

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Monteur" in body and world.company.name in body and "Lotte Jansen" in body and "Tot snel" in body
    assert world.route.programme_name not in body and world.company.notes not in body
    assert 'name="name"' not in body  # the student is not asked for a name
    assert 'name="csrfmiddlewaretoken"' in body


def test_link_page_answers_once_and_then_says_used(world):
    proposal = proposed(world)
    url = link_url(world.users["company_contact"].email)
    client = Client()
    assert 'name="name"' in client.get(url, follow=True).content.decode()

    response = client.post(url, {"answer": "accept", "name": "Carla de Baas"})

    assert response.status_code == 200
    assert response.context["answered"] and response["Referrer-Policy"] == "same-origin"
    proposal.refresh_from_db()
    assert proposal.company_answer == MatchAnswer.ACCEPTED and proposal.company_answered_by == "Carla de Baas"
    again = client.post(url, {"answer": "decline", "name": "Carla de Baas"})
    assert again.status_code == 410 and 'data-reason="used"' in again.content.decode()
    assert client.get(url).status_code == 410
    proposal.refresh_from_db()
    assert proposal.company_answer == MatchAnswer.ACCEPTED and proposal.status == MatchStatus.PROPOSED


def test_link_page_needs_the_company_name(world):
    proposal = proposed(world)
    url = link_url(world.users["company_contact"].email)

    response = Client().post(url, {"answer": "accept", "name": ""})

    assert response.status_code == 200 and "name" in response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.company_answer == MatchAnswer.PENDING
    assert ActionLink.objects.filter(used_at__isnull=False).count() == 0


def test_link_page_decline_with_reason_through_both_answers(world):
    proposal = proposed(world)
    response = Client().post(link_url(proposal.student.email), {"answer": "decline", "reason": "Te ver"})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == (MatchStatus.DECLINED, "Te ver")
    company = Client().get(link_url(world.users["company_contact"].email))
    assert company.status_code == 410 and 'data-reason="revoked"' in company.content.decode()


def tampered(token: str) -> str:
    return token[:-3] + ("xyz" if not token.endswith("xyz") else "abc")


@pytest.mark.parametrize("method", ["get", "post"])
def test_link_page_tampered_or_unknown_is_404_and_changes_nothing(world, method):
    proposal = proposed(world)
    url = link_url(proposal.student.email)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    for bad in (tampered(token), "nonsense", token.replace(":", "x", 1)):
        response = getattr(Client(), method)(reverse("placements:match-answer-link", args=[bad]), {"answer": "accept"})
        assert response.status_code == 404
        assert response["Referrer-Policy"] == "no-referrer"
    proposal.refresh_from_db()
    assert proposal.student_answer == MatchAnswer.PENDING


def test_link_page_expired_and_revoked_are_410(world):
    proposal = proposed(world)
    url = link_url(proposal.student.email)
    ActionLink.objects.filter(party=MatchParty.STUDENT).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = Client().post(url, {"answer": "accept"})
    assert response.status_code == 410 and 'data-reason="expired"' in response.content.decode()
    with translation.override("en"):
        assert "expired" in Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content.decode()

    world.client_for("coordinator").post(reverse("placements:match-withdraw", args=[proposal.pk]), {"version": 1})
    company = Client().get(link_url(world.users["company_contact"].email))
    assert company.status_code == 410 and 'data-reason="revoked"' in company.content.decode()
    proposal.refresh_from_db()
    assert proposal.student_answer == MatchAnswer.PENDING


def test_a_link_made_for_another_purpose_or_a_students_link_for_the_company_fails(world):
    proposal = proposed(world)
    _, other_purpose = link_issue(purpose="sign_agreement", target=proposal, party="company", email="x@example.nl")
    assert Client().get(reverse("placements:match-answer-link", args=[other_purpose])).status_code == 404

    # The student's link answers for the student only, whatever is posted.
    url = link_url(proposal.student.email)
    response = Client().post(url, {"answer": "accept", "name": "Nep Bedrijf", "party": "company"})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.company_answer == MatchAnswer.PENDING and proposal.student_answer == MatchAnswer.ACCEPTED


def test_link_page_after_the_proposal_closed_otherwise_says_so(world):
    """A link that was not revoked (say, issued by hand) on a closed proposal: refused clearly, link unused."""
    proposal = proposed(world)
    MatchProposal.objects.filter(pk=proposal.pk).update(status=MatchStatus.WITHDRAWN)
    _, token = link_issue(purpose=LINK_PURPOSE, target=proposal, party="student", email="s@example.nl")
    url = reverse("placements:match-answer-link", args=[token])

    response = Client().post(url, {"answer": "accept"})

    assert response.status_code == 200
    assert 'data-status="withdrawn"' in response.content.decode()
    assert ActionLink.objects.filter(used_at__isnull=False).count() == 0
    workplace = proposal.workplace
    workplace.refresh_from_db()
    assert workplace.status == WorkplaceStatus.OPEN


def test_the_tokenless_page_answers_only_the_browser_that_opened_its_link(world):
    proposal = proposed(world)
    student_url = link_url(proposal.student.email)
    company_url = link_url(world.users["company_contact"].email)
    opener = Client()
    student_page = opener.get(student_url)["Location"]
    company_page = Client().get(company_url)["Location"]

    # Another browser without the link, and this browser on another link's page, get nothing.
    assert Client().get(student_page).status_code == 404
    assert opener.get(company_page).status_code == 404
    assert Client().post(student_page, {"answer": "accept"}).status_code == 404

    response = opener.post(student_page, {"answer": "accept"})
    assert response.status_code == 200 and response.context["answered"]
    # Answered: the token left the session, and the link is used.
    assert opener.get(student_page).status_code == 404
    assert Client().get(student_url).status_code == 410
    proposal.refresh_from_db()
    assert proposal.student_answer == MatchAnswer.ACCEPTED
