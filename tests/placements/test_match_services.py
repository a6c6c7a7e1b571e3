"""Matching services: propose (with links e-mailed through the outbox), answer, withdraw and resend."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import AffiliationFactory, OrganisationFactory, UserFactory, assign
from tests.factories.placements import MatchProposalFactory, StudentFactory, WorkplaceFactory, placement_with_hosts
from verbinder.accounts.enums import Role
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.links import REVOKED, USED, LinkError, link_check, link_use
from verbinder.core.models import ActionLink, ActivityLog
from verbinder.mail.models import OutboxMessage
from verbinder.placements.enums import (
    ContractType,
    MatchAnswer,
    MatchParty,
    MatchStatus,
    PlacementStatus,
    ShareUnit,
    StudentStatus,
    WorkplaceStatus,
)
from verbinder.placements.models import MatchProposal, Placement
from verbinder.placements.services.matching import (
    LINK_PURPOSE,
    match_answer,
    match_propose,
    match_resend,
    match_withdraw,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)
END = datetime.date(2028, 8, 31)
TOKEN = re.compile(r"/placements/a/([^/\s\"]+)/")


def make(world, **student_kwargs):
    workplace = WorkplaceFactory(route=world.route, organisation=world.company, title="Monteur")
    student = StudentFactory(
        route=world.route,
        first_name="Lotte",
        last_name="Jansen",
        teacher=world.users["teacher"],
        **student_kwargs,
    )
    return workplace, student


def propose(world, workplace, student, **kwargs):
    terms = {
        "by": world.users["coordinator"],
        "workplace": workplace,
        "student": student,
        "start_date": START,
        "end_date": END,
        "working_per_week": Decimal(4),
        "supervisor": world.affiliation,
        "note": "Een mooie match.",
    }
    return match_propose(**{**terms, **kwargs})


def token_for(email: str) -> str:
    message = OutboxMessage.objects.filter(recipient=email).latest("pk")
    found = TOKEN.findall(message.body_text)
    assert found, message.body_text
    return found[-1]


def nothing_changed() -> None:
    assert MatchProposal.objects.count() == 0
    assert ActionLink.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert not ActivityLog.objects.filter(action_type__startswith="placements.match").exists()


def test_match_propose_saves_and_emails_a_link_to_the_company_contact_and_the_student(world):
    workplace, student = make(world)

    proposal = propose(world, workplace, student)

    assert proposal.status == MatchStatus.PROPOSED and proposal.proposed_by == world.users["coordinator"]
    assert (proposal.start_date, proposal.end_date, proposal.working_per_week) == (START, END, Decimal(4))
    contact = world.users["company_contact"]
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == sorted([contact.email, student.email])
    company_link = link_check(purpose=LINK_PURPOSE, token=token_for(contact.email), party=MatchParty.COMPANY)
    student_link = link_check(purpose=LINK_PURPOSE, token=token_for(student.email), party=MatchParty.STUDENT)
    assert company_link.target == proposal == student_link.target
    assert (company_link.email, company_link.name) == (contact.email, contact.name)
    assert student_link.email == student.email
    company_mail = OutboxMessage.objects.get(recipient=contact.email)
    assert "Lotte Jansen" in company_mail.subject and "Lotte Jansen" in company_mail.body_text
    assert "Anna de Vries" in company_mail.body_text  # the supervisor in the terms
    assert "Een mooie match." in company_mail.body_text
    assert company_link.expires_at.date().strftime("%-d") in company_mail.body_text
    assert ActivityLog.objects.get(action_type="placements.match.proposed").data["route_id"] == world.route.pk


def test_match_propose_writes_in_the_recipients_language(world):
    workplace, student = make(world)
    english = assign(UserFactory(name="Eve English", language="en"), Role.STUDENT, organisation=world.company)
    student.user = english
    student.save()

    propose(world, workplace, student)

    message = OutboxMessage.objects.get(recipient=student.email)
    assert message.language == "en"
    assert message.subject == f"Proposed learning workplace: Monteur at {world.company.name}"
    assert "You do not need an account." in message.body_text
    dutch = OutboxMessage.objects.get(recipient=world.users["company_contact"].email)
    assert dutch.language == "nl"


def test_match_propose_without_company_contacts_mails_the_offerer_or_the_primary_contact(world):
    company = OrganisationFactory(routes=[world.route])
    offerer = UserFactory()
    workplace = WorkplaceFactory(route=world.route, organisation=company, submitted_by=offerer)
    _, student = make(world)
    propose(world, workplace, student, supervisor=None)
    assert OutboxMessage.objects.filter(recipient=offerer.email).count() == 1

    other = OrganisationFactory(routes=[world.route])
    primary = AffiliationFactory(organisation=other, is_primary_contact=True)
    AffiliationFactory(organisation=other, is_primary_contact=False)
    workplace = WorkplaceFactory(route=world.route, organisation=other)
    propose(world, workplace, student, supervisor=None)
    assert OutboxMessage.objects.filter(recipient=primary.email).count() == 1
    link = ActionLink.objects.get(email=primary.email)
    assert link.party == MatchParty.COMPANY and link.name == primary.person.full_name


def bad(world, code, field=None, **kwargs):
    workplace, student = kwargs.pop("pair", None) or make(world)
    with pytest.raises(ValidationError) as caught:
        propose(world, workplace, student, **kwargs)
    exc = caught.value
    codes = {e.code for errors in exc.error_dict.values() for e in errors} if hasattr(exc, "error_dict") else {exc.code}
    assert code in codes, codes
    if field:
        assert field in exc.error_dict
    nothing_changed()


def test_match_propose_refuses_a_workplace_that_is_not_open(world):
    workplace, student = make(world)
    workplace.status = WorkplaceStatus.PROPOSED
    workplace.save()
    bad(world, "workplace_not_open", "workplace", pair=(workplace, student))


def test_match_propose_refuses_a_student_of_another_route(world):
    workplace, _ = make(world)
    bad(world, "other_route", "student", pair=(workplace, StudentFactory(route=world.other_route)))


def test_match_propose_refuses_a_student_with_a_current_placement(world):
    workplace, student = make(world)
    placement_with_hosts(student=student)
    OutboxMessage.objects.all().delete()
    bad(world, "student_placed", "student", pair=(workplace, student))


def test_match_propose_refuses_a_second_open_proposal_for_the_same_workplace(world):
    workplace, student = make(world)
    MatchProposalFactory(workplace=workplace, student=student)
    with pytest.raises(ValidationError) as caught:
        propose(world, workplace, student)
    assert caught.value.error_dict["student"][0].code == "already_proposed"
    assert MatchProposal.objects.count() == 1 and OutboxMessage.objects.count() == 0


def test_match_propose_refuses_dates_out_of_order(world):
    bad(world, "end_before_start", "end_date", end_date=START)


def test_match_propose_refuses_working_time_that_is_not_positive(world):
    bad(world, "working_not_positive", "working_per_week", working_per_week=Decimal(0))


def test_match_propose_refuses_more_days_than_a_week_has(world):
    bad(world, "working_too_much", "working_per_week", working_per_week=Decimal(8))


def test_match_propose_refuses_a_supervisor_of_another_company(world):
    bad(world, "supervisor_elsewhere", "supervisor", supervisor=world.other_affiliation)


def test_match_propose_refuses_a_supervisor_who_left(world):
    left = AffiliationFactory(organisation=world.company, ended_on=datetime.date(2025, 1, 1))
    bad(world, "supervisor_elsewhere", "supervisor", supervisor=left)


def test_match_propose_refuses_a_student_without_email(world):
    workplace, student = make(world, email="")
    bad(world, "student_no_email", "student", pair=(workplace, student))


def test_match_propose_refuses_a_graduated_student(world):
    workplace, student = make(world, status=StudentStatus.GRADUATED)
    bad(world, "student_status", "student", pair=(workplace, student))


def test_match_propose_refuses_when_nobody_at_the_company_can_answer(world):
    workplace = WorkplaceFactory(route=world.route, organisation=OrganisationFactory(routes=[world.route]))
    _, student = make(world)
    bad(world, "no_company_contact", "workplace", pair=(workplace, student), supervisor=None)


def test_both_accept_through_their_links_makes_the_placement_and_fills_the_workplace(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    contact = world.users["company_contact"]
    company_link = link_check(purpose=LINK_PURPOSE, token=token_for(contact.email))
    student_link = link_check(purpose=LINK_PURPOSE, token=token_for(student.email))
    OutboxMessage.objects.all().delete()

    link_use(link=company_link)
    proposal = match_answer(proposal=proposal, party=company_link.party, accept=True, name="Carla C.")
    assert proposal.status == MatchStatus.PROPOSED and proposal.company_answer == MatchAnswer.ACCEPTED
    assert proposal.company_answered_by == "Carla C." and proposal.company_answered_at is not None
    assert not OutboxMessage.objects.exists()

    link_use(link=student_link)
    proposal = match_answer(proposal=proposal, party=student_link.party, accept=True)

    assert proposal.status == MatchStatus.ACCEPTED and proposal.student_answer == MatchAnswer.ACCEPTED
    placement = Placement.objects.get(student=student)
    assert proposal.placement == placement
    assert (placement.start_date, placement.end_date, placement.working_per_week) == (START, END, Decimal(4))
    assert placement.status == PlacementStatus.ACTIVE and placement.teacher == world.users["teacher"]
    host = placement.hosts.get()
    assert (host.organisation, host.share, host.supervisor, host.workplace) == (
        world.company,
        Decimal(4),
        world.affiliation,
        workplace,
    )
    assert host.contract_type == ContractType.LEARNING_WORK
    workplace.refresh_from_db()
    assert workplace.status == WorkplaceStatus.FILLED
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == sorted(
        [contact.email, student.email, world.users["coordinator"].email]
    )
    assert ActivityLog.objects.filter(action_type="placements.match.accepted", object_id=proposal.pk).exists()


def test_accepting_withdraws_the_students_other_open_proposals(world):
    workplace, student = make(world)
    other_workplace = WorkplaceFactory(route=world.route, organisation=world.company)
    proposal = propose(world, workplace, student)
    other = propose(world, other_workplace, student)
    other_token = token_for(student.email)

    match_answer(proposal=proposal, party=MatchParty.COMPANY, accept=True, by=world.users["company_contact"])
    match_answer(proposal=proposal, party=MatchParty.STUDENT, accept=True)

    other.refresh_from_db()
    assert other.status == MatchStatus.WITHDRAWN
    with pytest.raises(LinkError) as caught:
        link_check(purpose=LINK_PURPOSE, token=other_token)
    assert caught.value.reason == REVOKED


def test_a_decline_declines_the_proposal_and_tells_the_coordinator(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    company_token = token_for(world.users["company_contact"].email)
    OutboxMessage.objects.all().delete()

    proposal = match_answer(proposal=proposal, party=MatchParty.STUDENT, accept=False, reason="Te ver weg")

    assert proposal.status == MatchStatus.DECLINED and proposal.decline_reason == "Te ver weg"
    assert proposal.student_answer == MatchAnswer.DECLINED
    message = OutboxMessage.objects.get()
    assert message.recipient == world.users["coordinator"].email
    assert "Te ver weg" in message.body_text
    with pytest.raises(LinkError) as caught:
        link_check(purpose=LINK_PURPOSE, token=company_token)
    assert caught.value.reason == REVOKED
    workplace.refresh_from_db()
    assert workplace.status == WorkplaceStatus.OPEN and not Placement.objects.filter(student=student).exists()


def test_an_answer_after_the_proposal_was_withdrawn_is_refused(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    match_withdraw(by=world.users["coordinator"], proposal=proposal, version=proposal.version)

    with pytest.raises(ValidationError) as caught:
        match_answer(proposal=proposal, party=MatchParty.STUDENT, accept=True)

    assert caught.value.code == "closed"
    proposal.refresh_from_db()
    assert proposal.student_answer == MatchAnswer.PENDING


def test_a_party_answers_only_once(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    match_answer(proposal=proposal, party=MatchParty.COMPANY, accept=True, by=world.users["company_contact"])
    with pytest.raises(ValidationError) as caught:
        match_answer(proposal=proposal, party=MatchParty.COMPANY, accept=False, name="Iemand")
    assert caught.value.code == "already_answered"


def test_the_company_answering_through_a_link_must_give_a_name(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    with pytest.raises(ValidationError) as caught:
        match_answer(proposal=proposal, party=MatchParty.COMPANY, accept=True, name="  ")
    assert "name" in caught.value.error_dict
    proposal.refresh_from_db()
    assert proposal.company_answer == MatchAnswer.PENDING


def test_answering_in_the_portal_revokes_that_partys_links(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    token = token_for(world.users["company_contact"].email)

    proposal = match_answer(proposal=proposal, party=MatchParty.COMPANY, accept=True, by=world.users["company_contact"])

    assert proposal.company_answered_by == world.users["company_contact"].name
    with pytest.raises(LinkError) as caught:
        link_check(purpose=LINK_PURPOSE, token=token)
    assert caught.value.reason == REVOKED
    assert link_check(purpose=LINK_PURPOSE, token=token_for(student.email))


def test_match_withdraw_revokes_the_links_and_refuses_a_stale_version(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    token = token_for(student.email)

    with pytest.raises(StaleVersionError):
        match_withdraw(by=world.users["coordinator"], proposal=proposal, version=proposal.version - 1)
    assert link_check(purpose=LINK_PURPOSE, token=token)

    proposal = match_withdraw(by=world.users["coordinator"], proposal=proposal, version=proposal.version)

    assert proposal.status == MatchStatus.WITHDRAWN
    with pytest.raises(LinkError) as caught:
        link_check(purpose=LINK_PURPOSE, token=token)
    assert caught.value.reason == REVOKED
    with pytest.raises(ValidationError) as closed:
        match_withdraw(by=world.users["coordinator"], proposal=proposal, version=proposal.version)
    assert closed.value.code == "closed"


def test_match_resend_sends_new_links_only_to_parties_that_have_not_answered(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    old_student_token = token_for(student.email)
    match_answer(proposal=proposal, party=MatchParty.COMPANY, accept=True, by=world.users["company_contact"])
    OutboxMessage.objects.all().delete()

    match_resend(by=world.users["coordinator"], proposal=proposal)

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [student.email]
    with pytest.raises(LinkError) as caught:
        link_check(purpose=LINK_PURPOSE, token=old_student_token)
    assert caught.value.reason == REVOKED
    new = link_check(purpose=LINK_PURPOSE, token=token_for(student.email), party=MatchParty.STUDENT)
    assert ActionLink.objects.get(replaced_by=new).party == MatchParty.STUDENT
    assert ActivityLog.objects.filter(action_type="placements.match.resent").exists()


def test_match_resend_of_an_expired_link(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    ActionLink.objects.update(expires_at=timezone.now() - datetime.timedelta(days=1))
    OutboxMessage.objects.all().delete()

    match_resend(by=world.users["coordinator"], proposal=proposal)

    assert OutboxMessage.objects.count() == 2
    assert link_check(purpose=LINK_PURPOSE, token=token_for(student.email)).party == MatchParty.STUDENT


def test_match_resend_refuses_a_closed_proposal(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    match_answer(proposal=proposal, party=MatchParty.STUDENT, accept=False)
    OutboxMessage.objects.all().delete()
    with pytest.raises(ValidationError) as caught:
        match_resend(by=world.users["coordinator"], proposal=proposal)
    assert caught.value.code == "closed"
    assert not OutboxMessage.objects.exists()


def test_a_used_link_cannot_answer_twice(world):
    workplace, student = make(world)
    propose(world, workplace, student)
    link = link_check(purpose=LINK_PURPOSE, token=token_for(student.email))
    link_use(link=link)
    with pytest.raises(LinkError) as caught:
        link_use(link=link)
    assert caught.value.reason == USED


def test_hours_unit_allows_up_to_sixty(world):
    workplace, student = make(world)
    proposal = propose(world, workplace, student, share_unit=ShareUnit.HOURS, working_per_week=Decimal(32))
    assert proposal.share_unit == ShareUnit.HOURS


def test_withdrawing_the_workplace_withdraws_its_open_proposals_and_stops_their_links(world):
    from verbinder.placements.services.workplaces import workplace_withdraw

    workplace, student = make(world)
    proposal = propose(world, workplace, student)
    token = token_for(student.email)
    workplace.refresh_from_db()

    workplace_withdraw(
        by=world.users["coordinator"], workplace=workplace, version=workplace.version, reason="Vervallen"
    )

    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.WITHDRAWN
    with pytest.raises(LinkError) as caught:
        link_check(purpose=LINK_PURPOSE, token=token)
    assert caught.value.reason == REVOKED
    assert ActivityLog.objects.filter(action_type="placements.match.withdrawn", object_id=proposal.pk).exists()
