"""Writes of matching: the coordinator proposes a student for an open workplace; the company and the student
each accept or decline, in the portal or from an e-mailed link (verbinder/core/links.py, purpose
"match_answer", one link per recipient and party). One decline declines the proposal; when both accepted, the
placement is made with the proposed terms and the workplace is filled.

E-mail goes through the outbox in the recipient's language. Who receives what:
- proposed (and resent): the company contacts of the workplace's company (users with the company contact role
  there; if none, the workplace's offerer or the company's primary contact) and the student, each with a link;
- declined: whoever proposed it (else the route's coordinators);
- accepted by both: the company recipients, the student and whoever proposed it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from verbinder.accounts.enums import Role
from verbinder.accounts.models import User
from verbinder.core.activity import log_action
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.links import link_issue, link_reissue, links_open, links_revoke
from verbinder.core.models import ActionLink
from verbinder.mail.services import message_queue
from verbinder.partners.models import Affiliation
from verbinder.placements.enums import (
    CURRENT_PLACEMENT_STATUSES,
    ContractType,
    MatchAnswer,
    MatchParty,
    MatchStatus,
    ShareUnit,
    StudentStatus,
    WorkplaceStatus,
)
from verbinder.placements.models import MatchProposal, Placement, Student, Workplace
from verbinder.placements.services.placements import HostInput, placement_create
from verbinder.placements.services.workplaces import workplace_fill

LINK_PURPOSE = "match_answer"
MATCHABLE_STUDENT_STATUSES = (StudentStatus.APPLICANT, StudentStatus.ACTIVE)
MAX_WORKING = {ShareUnit.DAYS: Decimal(7), ShareUnit.HOURS: Decimal(60)}


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str


def _route_data(proposal: MatchProposal, **extra: Any) -> dict[str, Any]:
    return {"route": str(proposal.route), "route_id": proposal.route_id, "proposal_id": proposal.pk, **extra}


def _user_recipient(user: User) -> Recipient:
    return Recipient(email=user.email, name=user.name or user.email, language=user.language or settings.LANGUAGE_CODE)


def company_recipients(*, workplace: Workplace) -> list[Recipient]:
    """Who answers for the company: its company contacts; if none, the workplace's offerer, else the company's
    primary contact person."""
    users = User.objects.filter(
        role_assignments__role=Role.COMPANY_CONTACT,
        role_assignments__organisation_id=workplace.organisation_id,
        is_active=True,
    ).exclude(email="")
    found = [_user_recipient(user) for user in users.distinct().order_by("name", "pk")]
    if found:
        return found
    offerer = workplace.submitted_by
    if offerer is not None and offerer.is_active and offerer.email:
        return [_user_recipient(offerer)]
    primary = (
        Affiliation.objects.filter(
            organisation_id=workplace.organisation_id, is_primary_contact=True, ended_on__isnull=True
        )
        .exclude(email="")
        .select_related("person")
        .first()
    )
    if primary is not None:
        return [
            Recipient(email=primary.email, name=primary.person.full_name, language=primary.person.preferred_language)
        ]
    return []


def answers_for_company(*, proposal: MatchProposal, email: str) -> bool:
    """Whether `email` is still one of those who answer for the company of the proposal's workplace."""
    return email.lower() in {recipient.email.lower() for recipient in company_recipients(workplace=proposal.workplace)}


def student_recipient(*, student: Student) -> Recipient | None:
    if not student.email:
        return None
    user = student.user
    language = user.language if user is not None and user.language else settings.LANGUAGE_CODE
    return Recipient(email=student.email, name=student.full_name, language=language)


def _coordinator_recipients(proposal: MatchProposal) -> list[Recipient]:
    proposer = proposal.proposed_by
    if proposer is not None and proposer.is_active and proposer.email:
        return [_user_recipient(proposer)]
    users = User.objects.filter(
        role_assignments__role=Role.COORDINATOR, role_assignments__route_id=proposal.route_id, is_active=True
    ).exclude(email="")
    return [_user_recipient(user) for user in users.distinct().order_by("name", "pk")]


def _context(proposal: MatchProposal, recipient: Recipient, **extra: Any) -> dict[str, Any]:
    return {
        "proposal": proposal,
        "workplace": proposal.workplace,
        "company": proposal.workplace.organisation,
        "student": proposal.student,
        "recipient": recipient,
        "language": recipient.language,
        "site_url": settings.SITE_URL,
        "institution_name": settings.VERBINDER_INSTITUTION_NAME,
        **extra,
    }


def _queue(*, recipient: Recipient, subject: str, template: str, context: dict[str, Any], html: bool = False) -> None:
    body_text = render_to_string(f"placements/email/{template}.txt", context).strip()
    body_html = render_to_string(f"placements/email/{template}.html", context).strip() if html else ""
    message_queue(
        recipient=recipient.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=recipient.language,
    )


def answer_url(token: str) -> str:
    return settings.SITE_URL + reverse("placements:match-answer-link", args=[token])


def _send_link(*, proposal: MatchProposal, party: str, link: ActionLink, token: str) -> None:
    recipient = Recipient(email=link.email, name=link.name, language=_link_language(proposal, party, link))
    with translation.override(recipient.language):
        if party == MatchParty.COMPANY:
            subject = _("Proposed student for %(workplace)s: %(student)s") % {
                "workplace": proposal.workplace.title,
                "student": proposal.student.full_name,
            }
        else:
            subject = _("Proposed learning workplace: %(workplace)s at %(company)s") % {
                "workplace": proposal.workplace.title,
                "company": proposal.workplace.organisation.name,
            }
        context = _context(
            proposal,
            recipient,
            party=party,
            for_company=party == MatchParty.COMPANY,
            url=answer_url(token),
            expires_at=link.expires_at,
        )
        _queue(recipient=recipient, subject=subject, template="match_proposed", context=context, html=True)


def _link_language(proposal: MatchProposal, party: str, link: ActionLink) -> str:
    """The language of the person a link is for: a user with that e-mail, else the student's or Dutch."""
    if party == MatchParty.STUDENT:
        recipient = student_recipient(student=proposal.student)
        if recipient is not None:
            return recipient.language
    user = User.objects.filter(email__iexact=link.email, is_active=True).only("language").first()
    if user is not None and user.language:
        return user.language
    person_language = (
        Affiliation.objects.filter(organisation_id=proposal.workplace.organisation_id, email__iexact=link.email)
        .values_list("person__preferred_language", flat=True)
        .first()
    )
    return person_language or settings.LANGUAGE_CODE


def _issue_and_send(*, proposal: MatchProposal, party: str, recipients: list[Recipient]) -> None:
    for recipient in recipients:
        link, token = link_issue(
            purpose=LINK_PURPOSE, target=proposal, party=party, email=recipient.email, name=recipient.name
        )
        _send_link(proposal=proposal, party=party, link=link, token=token)


def closed_message(proposal: MatchProposal) -> str:
    if proposal.status == MatchStatus.WITHDRAWN:
        return _("This proposal was withdrawn by the coordinator; an answer is no longer needed.")
    if proposal.status == MatchStatus.DECLINED:
        return _("This proposal was declined; an answer is no longer needed.")
    return _("This proposal has been accepted by both; the placement has been made.")


def _check_terms(
    *,
    workplace: Workplace,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    working_per_week: Decimal | None,
    share_unit: str,
    supervisor: Affiliation | None,
    contract_type: str,
) -> None:
    errors: dict[str, ValidationError] = {}
    if start_date is None:
        errors["start_date"] = ValidationError(_("Enter a start date."), code="required")
    if end_date is None:
        errors["end_date"] = ValidationError(_("Enter an end date."), code="required")
    elif start_date is not None and end_date <= start_date:
        errors["end_date"] = ValidationError(_("The end date must be after the start date."), code="end_before_start")
    if share_unit not in ShareUnit.values:
        errors["share_unit"] = ValidationError(_("Choose days or hours per week."), code="invalid")
    elif working_per_week is None or working_per_week <= 0:
        errors["working_per_week"] = ValidationError(
            _("The working time per week must be more than zero."), code="working_not_positive"
        )
    elif working_per_week > MAX_WORKING[ShareUnit(share_unit)]:
        errors["working_per_week"] = ValidationError(
            _("The working time per week can be at most %(max)s %(unit)s.")
            % {"max": MAX_WORKING[ShareUnit(share_unit)], "unit": ShareUnit(share_unit).label},
            code="working_too_much",
        )
    if contract_type not in ContractType.values:
        errors["contract_type"] = ValidationError(_("Choose a contract type."), code="invalid")
    if supervisor is not None and (supervisor.organisation_id != workplace.organisation_id or supervisor.ended_on):
        errors["supervisor"] = ValidationError(
            _("Choose a workplace supervisor who works at %(company)s.") % {"company": workplace.organisation.name},
            code="supervisor_elsewhere",
        )
    if errors:
        raise ValidationError(errors)


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_pair(*, workplace: Workplace, student: Student) -> None:
    if workplace.status != WorkplaceStatus.OPEN:
        message = _("This learning workplace is not open (%(status)s).") % {"status": workplace.get_status_display()}
        raise _field_error("workplace", message, "workplace_not_open")
    if workplace.route.archived_at is not None:
        raise _field_error("workplace", _("This route is archived."), "route_archived")
    if student.route_id != workplace.route_id:
        raise _field_error(
            "student", _("The student and the learning workplace belong to different routes."), "other_route"
        )
    if student.status not in MATCHABLE_STUDENT_STATUSES:
        message = _("This student is %(status)s; only applicants and active students can be proposed.") % {
            "status": student.get_status_display().lower()
        }
        raise _field_error("student", message, "student_status")
    if Placement.objects.filter(student=student, status__in=CURRENT_PLACEMENT_STATUSES).exists():
        raise _field_error("student", _("This student already has a current placement."), "student_placed")
    if MatchProposal.objects.filter(student=student, workplace=workplace, status=MatchStatus.PROPOSED).exists():
        raise _field_error(
            "student", _("This student has already been proposed for this workplace."), "already_proposed"
        )
    if not student.email:
        raise _field_error(
            "student",
            _("This student has no e-mail address, so they cannot receive the proposal. Add it first."),
            "student_no_email",
        )


@transaction.atomic
def match_propose(
    *,
    by: Any,
    workplace: Workplace,
    student: Student,
    start_date: datetime.date,
    end_date: datetime.date,
    working_per_week: Decimal,
    share_unit: str = ShareUnit.DAYS,
    supervisor: Affiliation | None = None,
    contract_type: str = ContractType.LEARNING_WORK,
    note: str = "",
) -> MatchProposal:
    """Propose the student for the open workplace with these terms, and e-mail both parties their link."""
    workplace = (
        Workplace.objects.select_for_update(of=("self",)).select_related("route", "organisation").get(pk=workplace.pk)
    )
    _check_pair(workplace=workplace, student=student)
    _check_terms(
        workplace=workplace,
        start_date=start_date,
        end_date=end_date,
        working_per_week=working_per_week,
        share_unit=share_unit,
        supervisor=supervisor,
        contract_type=contract_type,
    )
    company = company_recipients(workplace=workplace)
    if not company:
        message = _(
            "Nobody at %(company)s can receive the proposal: add a company contact with an e-mail address first."
        ) % {"company": workplace.organisation.name}
        raise _field_error("workplace", message, "no_company_contact")
    student_to = student_recipient(student=student)
    assert student_to is not None  # checked above
    proposal = MatchProposal.objects.create(
        route=workplace.route,
        workplace=workplace,
        student=student,
        note=(note or "").strip(),
        start_date=start_date,
        end_date=end_date,
        share_unit=share_unit,
        working_per_week=working_per_week,
        supervisor=supervisor,
        contract_type=contract_type,
        proposed_by=by if getattr(by, "is_authenticated", False) else None,
    )
    log_action(
        actor=by,
        action_type="placements.match.proposed",
        target=proposal,
        data=_route_data(
            proposal,
            workplace_id=workplace.pk,
            student_id=student.pk,
            start_date=str(start_date),
            end_date=str(end_date),
            working_per_week=str(working_per_week),
            share_unit=share_unit,
            supervisor=str(supervisor) if supervisor else "",
            contract_type=contract_type,
        ),
    )
    _issue_and_send(proposal=proposal, party=MatchParty.COMPANY, recipients=company)
    _issue_and_send(proposal=proposal, party=MatchParty.STUDENT, recipients=[student_to])
    return proposal


def _locked(proposal: MatchProposal) -> MatchProposal:
    return (
        MatchProposal.objects.select_for_update(of=("self",))
        .select_related("route", "workplace__organisation", "workplace__route", "student__user", "supervisor")
        .get(pk=proposal.pk)
    )


def _withdraw_open(*, proposals: Any, by: Any, **data: Any) -> int:
    """Withdraw these open proposals (locked) and revoke their links, each logged with `data`."""
    count = 0
    for other in proposals.select_for_update(of=("self",)).filter(status=MatchStatus.PROPOSED).select_related("route"):
        other.status = MatchStatus.WITHDRAWN
        other.version += 1
        other.save(update_fields=["status", "version", "updated_at"])
        links_revoke(target=other, purpose=LINK_PURPOSE)
        log_action(
            actor=by,
            action_type="placements.match.withdrawn",
            target=other,
            changes={"status": [MatchStatus.PROPOSED, MatchStatus.WITHDRAWN]},
            data=_route_data(other, **data),
        )
        count += 1
    return count


def _close_others(*, proposal: MatchProposal, by: Any) -> None:
    """Once a placement is made, the other open proposals of the student or of the workplace cannot be
    accepted any more: withdraw them and revoke their links."""
    others = MatchProposal.objects.filter(
        Q(student_id=proposal.student_id) | Q(workplace_id=proposal.workplace_id)
    ).exclude(pk=proposal.pk)
    _withdraw_open(proposals=others, by=by, because_of_proposal=proposal.pk)


@transaction.atomic
def workplace_proposals_withdraw(*, by: Any, workplace: Workplace) -> int:
    """The workplace was withdrawn: its open proposals can no longer be accepted (their links stop working)."""
    return _withdraw_open(
        proposals=MatchProposal.objects.filter(workplace_id=workplace.pk), by=by, because_of_workplace=workplace.pk
    )


def _notify(*, proposal: MatchProposal, recipients: list[Recipient], template: str, subject: str) -> None:
    """`subject` is an English msgid with %(workplace)s, %(company)s and %(student)s, translated per recipient."""
    for recipient in recipients:
        with translation.override(recipient.language):
            text = _(subject) % {
                "workplace": proposal.workplace.title,
                "company": proposal.workplace.organisation.name,
                "student": proposal.student.full_name,
            }
            _queue(recipient=recipient, subject=text, template=template, context=_context(proposal, recipient))


# Subjects, marked for translation here and translated per recipient in _notify.
DECLINED_SUBJECT = gettext_noop("Proposal declined: %(student)s at %(company)s")
ACCEPTED_SUBJECT = gettext_noop("Placement made: %(student)s at %(company)s")


def _make_placement(*, proposal: MatchProposal, by: Any) -> Placement:
    placement = placement_create(
        by=by,
        student=proposal.student,
        hosts=[
            HostInput(
                organisation=proposal.workplace.organisation,
                share=proposal.working_per_week,
                supervisor=proposal.supervisor,
                contract_type=proposal.contract_type,
                workplace=proposal.workplace,
            )
        ],
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        working_per_week=proposal.working_per_week,
        share_unit=proposal.share_unit,
        teacher=proposal.student.teacher,
        # The coordinator chose this company when proposing; the answers of both do not need the warning again.
        accept_non_sme=True,
    )
    workplace_fill(by=by, workplace=proposal.workplace)
    return placement


@transaction.atomic
def match_answer(
    *, proposal: MatchProposal, party: str, accept: bool, by: Any = None, name: str = "", reason: str = ""
) -> MatchProposal:
    """Record the company's or the student's answer. A decline declines the proposal and tells the coordinator;
    the second accept makes the placement, fills the workplace and tells everyone. `by` is the user answering
    in the portal, or None for an answer through an e-mailed link (then `name` is the name the person typed)."""
    if party not in MatchParty.values:
        raise ValidationError(_("Unknown party."), code="party")
    proposal = _locked(proposal)
    if proposal.status != MatchStatus.PROPOSED:
        raise ValidationError(closed_message(proposal), code="closed")
    answer = MatchAnswer.ACCEPTED if accept else MatchAnswer.DECLINED
    now = timezone.now()
    reason = " ".join((reason or "").split())[:500]
    user = by if getattr(by, "is_authenticated", False) else None
    changes: dict[str, list[Any]] = {}
    if party == MatchParty.COMPANY:
        if proposal.company_answer != MatchAnswer.PENDING:
            raise ValidationError(_("The company has already answered this proposal."), code="already_answered")
        answered_by = " ".join((name or "").split())[:200] or (user.name if user is not None else "")
        if not answered_by:
            raise _field_error("name", _("Enter your name."), "required")
        proposal.company_answer, proposal.company_answered_at, proposal.company_answered_by = answer, now, answered_by
        changes["company_answer"] = [MatchAnswer.PENDING, answer]
    else:
        if proposal.student_answer != MatchAnswer.PENDING:
            raise ValidationError(_("The student has already answered this proposal."), code="already_answered")
        answered_by = proposal.student.full_name
        proposal.student_answer, proposal.student_answered_at = answer, now
        changes["student_answer"] = [MatchAnswer.PENDING, answer]
    # The party has answered: their other links (another company contact's) are no longer needed.
    links_revoke(target=proposal, purpose=LINK_PURPOSE, party=party, now=now)
    proposal.version += 1
    data = _route_data(proposal, party=party, answer=answer, answered_by=answered_by, via="portal" if user else "link")
    if not accept:
        proposal.status = MatchStatus.DECLINED
        proposal.decline_reason = reason
        changes["status"] = [MatchStatus.PROPOSED, MatchStatus.DECLINED]
        proposal.save()
        links_revoke(target=proposal, purpose=LINK_PURPOSE, now=now)
        log_action(
            actor=user, action_type="placements.match.declined", target=proposal, changes=changes,
            data={**data, "reason": reason},
        )  # fmt: skip
        _notify(
            proposal=proposal,
            recipients=_coordinator_recipients(proposal),
            template="match_declined",
            subject=DECLINED_SUBJECT,
        )
        return proposal
    if proposal.company_answer == proposal.student_answer == MatchAnswer.ACCEPTED:
        placement = _make_placement(proposal=proposal, by=user)
        proposal.placement = placement
        proposal.status = MatchStatus.ACCEPTED
        changes["status"] = [MatchStatus.PROPOSED, MatchStatus.ACCEPTED]
        proposal.save()
        log_action(
            actor=user, action_type="placements.match.accepted", target=proposal, changes=changes,
            data={**data, "placement_id": placement.pk},
        )  # fmt: skip
        _close_others(proposal=proposal, by=user)
        student_to = student_recipient(student=proposal.student)
        recipients = [
            *company_recipients(workplace=proposal.workplace),
            *([student_to] if student_to else []),
            *_coordinator_recipients(proposal),
        ]
        _notify(
            proposal=proposal,
            recipients=list({r.email.lower(): r for r in recipients}.values()),
            template="match_accepted",
            subject=ACCEPTED_SUBJECT,
        )
        return proposal
    proposal.save()
    log_action(actor=user, action_type="placements.match.answered", target=proposal, changes=changes, data=data)
    return proposal


@transaction.atomic
def match_withdraw(*, by: Any, proposal: MatchProposal, version: int) -> MatchProposal:
    """The coordinator withdraws a proposal that is still open: its links stop working."""
    proposal = _locked(proposal)
    if proposal.version != version:
        raise StaleVersionError(changed=["status", "company_answer", "student_answer"])
    if proposal.status != MatchStatus.PROPOSED:
        raise ValidationError(closed_message(proposal), code="closed")
    proposal.status = MatchStatus.WITHDRAWN
    proposal.version += 1
    proposal.save(update_fields=["status", "version", "updated_at"])
    revoked = links_revoke(target=proposal, purpose=LINK_PURPOSE)
    log_action(
        actor=by,
        action_type="placements.match.withdrawn",
        target=proposal,
        changes={"status": [MatchStatus.PROPOSED, MatchStatus.WITHDRAWN]},
        data=_route_data(proposal, links_revoked=revoked),
    )
    return proposal


@transaction.atomic
def match_resend(*, by: Any, proposal: MatchProposal) -> MatchProposal:
    """E-mail new links to the parties that have not answered (the old links stop working). A party whose links
    were all used or revoked gets a link to whoever answers for it now."""
    proposal = _locked(proposal)
    if proposal.status != MatchStatus.PROPOSED:
        raise ValidationError(closed_message(proposal), code="closed")
    parties = [
        party
        for party, answer in (
            (MatchParty.COMPANY, proposal.company_answer),
            (MatchParty.STUDENT, proposal.student_answer),
        )
        if answer == MatchAnswer.PENDING
    ]
    sent: list[str] = []
    for party in parties:
        open_links = list(links_open(target=proposal, purpose=LINK_PURPOSE, party=party).select_related("content_type"))
        if party == MatchParty.COMPANY and open_links:
            # Only who answers for the company now: a contact who left gets no new link, and their link stops.
            answering = {recipient.email.lower() for recipient in company_recipients(workplace=proposal.workplace)}
            gone = [link for link in open_links if link.email.lower() not in answering]
            if gone:
                ActionLink.objects.filter(pk__in=[link.pk for link in gone]).update(revoked_at=timezone.now())
            open_links = [link for link in open_links if link.email.lower() in answering]
        if open_links:
            for link in open_links:
                new, token = link_reissue(link=link)
                _send_link(proposal=proposal, party=party, link=new, token=token)
                sent.append(new.email)
            continue
        if party == MatchParty.COMPANY:
            recipients = company_recipients(workplace=proposal.workplace)
        else:
            student_to = student_recipient(student=proposal.student)
            recipients = [student_to] if student_to else []
        _issue_and_send(proposal=proposal, party=party, recipients=recipients)
        sent += [recipient.email for recipient in recipients]
    if not sent:
        raise ValidationError(
            _("Nobody could be e-mailed: check the e-mail addresses of the company contacts and the student."),
            code="no_recipients",
        )
    log_action(
        actor=by,
        action_type="placements.match.resent",
        target=proposal,
        data=_route_data(proposal, parties=[str(party) for party in parties], recipients=len(sent)),
    )
    return proposal
