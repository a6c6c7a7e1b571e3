"""Writes of agreements: draw one up from a placement, edit its signers, send it for signature, chase and end it.

Lifecycle: draft -> sent (content frozen, the PDF to sign stored with its SHA-256, signers invited with an
e-mailed link) -> signed (verbinder/agreements/services/signing.py) | expired (the sweep, after the route's
`expire_after_days`) | cancelled (draft or sent) ; signed -> terminated | superseded (by a signed amendment).

Signers (one per party): the student; the company contact of each current host (slot 1 "company", slot 2
"second_company": who answers for a company is decided as in matching, `company_recipients`); the programme:
the coordinator drawing it up, else the route's first coordinator. In the set order (sequential) the student
signs first, then the companies, the programme last; "parallel" invites everyone at once.

Every signer gets a link (verbinder/core/links.py, purpose "agreement_sign", bound to their party and e-mail
address, valid until the agreement expires), so that nobody needs an account; a signer with an account may also
sign logged in. A reminder or a resend revokes the old link and issues a new one. Every change writes an
AgreementEvent (with the e-mail it sent, whose delivery state the coordinator sees) and `log_action`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from verbinder.accounts.enums import Role
from verbinder.accounts.models import User
from verbinder.agreements.documents import DOCUMENT_LANGUAGE, agreement_content, agreement_html, current_hosts
from verbinder.agreements.enums import (
    REQUIRED_TOPICS,
    AgreementEventKind,
    AgreementStatus,
    Party,
    SignerStatus,
    SigningOrder,
    TemplateStatus,
)
from verbinder.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementSettings,
    AgreementSigner,
    AgreementTemplate,
)
from verbinder.agreements.pdf import pdf_render, sha256_hex
from verbinder.core.activity import log_action
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.links import link_issue, links_revoke
from verbinder.core.models import ActivityLog
from verbinder.mail.models import OutboxMessage
from verbinder.mail.services import message_queue
from verbinder.placements.enums import PlacementStatus
from verbinder.placements.models import Placement, PlacementHost, Workplace
from verbinder.placements.services.matching import company_recipients

LINK_PURPOSE = "agreement_sign"
OPEN_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.SENT)
# Who signs in which position in the set order: the student first, the programme last.
PARTY_POSITION: dict[str, int] = {Party.STUDENT: 1, Party.COMPANY: 2, Party.SECOND_COMPANY: 3, Party.SCHOOL: 4}

INVITATION_SUBJECT = gettext_noop("Please sign: %(title)s (%(student)s)")
REMINDER_SUBJECT = gettext_noop("Reminder: please sign %(title)s (%(student)s)")
COMPLETED_SUBJECT = gettext_noop("Signed by all parties: %(title)s (%(student)s)")
PROPOSED_SUBJECT = gettext_noop("New agreement proposed after a change of employer: %(student)s")


# --- helpers shared with signing.py -------------------------------------------------------------------------


def _route_data(agreement: Agreement, **extra: Any) -> dict[str, Any]:
    route = agreement.route
    return {"route": str(route), "route_id": route.pk, "agreement_id": agreement.pk, **extra}


def _actor_name(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return str(actor.name or actor.email)


def _event_record(
    agreement: Agreement,
    kind: str,
    *,
    actor: Any = None,
    actor_name: str = "",
    signer: AgreementSigner | None = None,
    detail: str = "",
    ip: str | None = None,
    message: OutboxMessage | None = None,
) -> AgreementEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AgreementEvent.objects.create(
        agreement=agreement,
        kind=kind,
        signer=signer,
        actor=user,
        actor_name=(actor_name or _actor_name(user))[:200],
        detail=detail,
        ip_address=ip or None,
        message=message,
    )


def _locked(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("route", "placement__student", "template")
        .get(pk=agreement.pk)
    )


def _bump(agreement: Agreement, *fields: str) -> None:
    agreement.version += 1
    agreement.save(update_fields=[*fields, "version", "updated_at"])


def _changed_since(agreement: Agreement, version: int) -> list[str]:
    entries = ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Agreement), object_id=agreement.pk
    ).order_by("-created_at", "-pk")[: max(agreement.version - version, 0)]
    fields: list[str] = []
    for entry in entries:
        fields.extend(name for name in entry.changes if name not in fields)
    return fields or ["status"]


def _check_version(agreement: Agreement, version: int) -> None:
    if agreement.version != version:
        raise StaleVersionError(changed=_changed_since(agreement, version))


def settings_of(route: Any) -> AgreementSettings:
    return AgreementSettings.objects.filter(route=route).first() or AgreementSettings(route=route)


def signer_language(signer: AgreementSigner) -> str:
    user = signer.user
    if user is not None and user.language:
        return str(user.language)
    return DOCUMENT_LANGUAGE


def sign_url(token: str) -> str:
    return settings.SITE_URL + reverse("agreements:sign-link", args=[token])


def agreement_url(agreement: Agreement) -> str:
    try:
        path = reverse("agreements:agreement-detail", args=[agreement.pk])
    except NoReverseMatch:
        path = f"/agreements/{agreement.pk}/"
    return settings.SITE_URL + path


def _subject(msgid: str, agreement: Agreement) -> str:
    return _(msgid) % {"title": agreement.title, "student": agreement.placement.student.full_name}


def _mail_context(agreement: Agreement, signer: AgreementSigner, **extra: Any) -> dict[str, Any]:
    return {
        "agreement": agreement,
        "signer": signer,
        "student": agreement.placement.student,
        "route": agreement.route,
        "language": signer_language(signer),
        "site_url": settings.SITE_URL,
        "verify_url": settings.SITE_URL + reverse("agreements:verify"),
        "institution_name": settings.VERBINDER_INSTITUTION_NAME,
        **extra,
    }


def _mail_signer(
    *,
    agreement: Agreement,
    signer: AgreementSigner,
    template: str,
    subject: str,
    attach_final: bool = False,
    **extra: Any,
) -> OutboxMessage:
    """Queue one e-mail to a signer in their language (agreements/email/<template>.txt + .html)."""
    language = signer_language(signer)
    with translation.override(language):
        context = _mail_context(agreement, signer, **extra)
        body_text = render_to_string(f"agreements/email/{template}.txt", context).strip()
        body_html = render_to_string(f"agreements/email/{template}.html", context).strip()
        attachment = {}
        if attach_final and agreement.final_document:
            attachment = {
                "attachment": agreement.final_document.name,
                "attachment_name": _("agreement-%(number)s-signed.pdf") % {"number": agreement.pk},
                "attachment_type": "application/pdf",
            }
        return message_queue(
            recipient=signer.email,
            subject=_subject(subject, agreement),
            body_text=body_text,
            body_html=body_html,
            language=language,
            **attachment,
        )


def _invite(
    *,
    agreement: Agreement,
    signer: AgreementSigner,
    by: Any,
    kind: str = AgreementEventKind.INVITED,
    now: datetime.datetime | None = None,
) -> AgreementSigner:
    """Issue the signer a new link (their open ones revoked) and e-mail it: an invitation, a reminder or a
    resend (`kind`)."""
    now = now or timezone.now()
    links_revoke(target=signer, purpose=LINK_PURPOSE, now=now)
    valid_for = (agreement.expires_at - now) if agreement.expires_at and agreement.expires_at > now else None
    link, token = link_issue(
        purpose=LINK_PURPOSE,
        target=signer,
        party=signer.party,
        email=signer.email,
        name=signer.name,
        valid_for=valid_for,
        now=now,
    )
    reminder = kind == AgreementEventKind.REMINDED
    message = _mail_signer(
        agreement=agreement,
        signer=signer,
        template="invitation",
        subject=REMINDER_SUBJECT if reminder else INVITATION_SUBJECT,
        url=sign_url(token),
        expires_at=link.expires_at,
        reminder=reminder,
    )
    fields = []
    if signer.status == SignerStatus.PENDING or kind == AgreementEventKind.INVITED:
        signer.status = SignerStatus.INVITED
        signer.invited_at = now
        fields += ["status", "invited_at"]
    if reminder:
        signer.reminded_at = now
        signer.reminder_count += 1
        fields += ["reminded_at", "reminder_count"]
    if fields:
        signer.save(update_fields=fields)
    _event_record(agreement, kind, actor=by, signer=signer, detail=signer.email, message=message)
    return signer


# --- signers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    name: str
    email: str
    role: str
    user: User | None = None


def route_coordinators(route: Any) -> list[User]:
    return list(
        User.objects.filter(
            role_assignments__role=Role.COORDINATOR, role_assignments__route_id=route.pk, is_active=True
        )
        .distinct()
        .order_by("name", "pk")
    )


def _is_coordinator(user: Any, route: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return User.objects.filter(
        pk=user.pk, role_assignments__role=Role.COORDINATOR, role_assignments__route_id=route.pk
    ).exists()


def _school_signer(route: Any, by: Any) -> _Person:
    user = by if _is_coordinator(by, route) else next(iter(route_coordinators(route)), None)
    if user is None and getattr(by, "is_authenticated", False):
        user = by
    if user is None:
        return _Person(name="", email="", role=_("Coordinator"))
    return _Person(name=user.name or user.email, email=user.email, role=_("Coordinator"), user=user)


def _company_contact(host: PlacementHost) -> _Person:
    """Who signs for the host company: its company contact as matching decides (`company_recipients`), else
    the host's workplace supervisor."""
    workplace = host.workplace or Workplace(organisation_id=host.organisation_id)
    recipients = company_recipients(workplace=workplace)
    if recipients:
        first = recipients[0]
        user = (
            User.objects.filter(
                email__iexact=first.email,
                role_assignments__role=Role.COMPANY_CONTACT,
                role_assignments__organisation_id=host.organisation_id,
                is_active=True,
            )
            .distinct()
            .first()
        )
        return _Person(name=first.name, email=first.email, role=_("Company contact"), user=user)
    supervisor = host.supervisor
    if supervisor is not None:
        return _Person(
            name=supervisor.person.full_name,
            email=supervisor.email,
            role=supervisor.function_title or _("Workplace supervisor"),
        )
    return _Person(name="", email="", role=_("Company contact"))


def _signers_create(*, agreement: Agreement, placement: Placement, by: Any) -> None:
    with translation.override(DOCUMENT_LANGUAGE):
        student = placement.student
        people: list[tuple[str, _Person, Any]] = [
            (Party.STUDENT, _Person(student.full_name, student.email, _("Student"), student.user), None),
            (Party.SCHOOL, _school_signer(placement.route, by), None),
        ]
        for host in current_hosts(placement)[:2]:
            party = Party.COMPANY if host.slot == 1 else Party.SECOND_COMPANY
            people.append((party, _company_contact(host), host.organisation))
    AgreementSigner.objects.bulk_create(
        AgreementSigner(
            agreement=agreement,
            party=party,
            position=PARTY_POSITION[party],
            organisation=organisation,
            user=person.user,
            name=person.name[:200],
            email=person.email,
            role=person.role[:200],
        )
        for party, person, organisation in people
    )


def published_template(route: Any) -> AgreementTemplate | None:
    return AgreementTemplate.objects.filter(route=route, status=TemplateStatus.PUBLISHED).first()


def _previous_signed(placement: Placement) -> Agreement | None:
    return Agreement.objects.filter(placement=placement, status=AgreementStatus.SIGNED).order_by("-sequence").first()


def _next_sequence(placement: Placement) -> int:
    return (Agreement.objects.filter(placement=placement).aggregate(top=Max("sequence"))["top"] or 0) + 1


def _new_draft(
    *,
    by: Any,
    placement: Placement,
    template: AgreementTemplate,
    signing_order: str,
    previous: Agreement | None,
    reason: str = "",
) -> Agreement:
    agreement = Agreement.objects.create(
        route=placement.route,
        placement=placement,
        template=template,
        sequence=_next_sequence(placement),
        previous=previous,
        amendment_reason=reason,
        title=template.title,
        signing_order=signing_order,
        start_date=placement.start_date,
        end_date=placement.end_date,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _signers_create(agreement=agreement, placement=placement, by=by)
    return agreement


def _lock_placement(placement: Placement) -> Placement:
    return Placement.objects.select_for_update(of=("self",)).select_related("route", "student").get(pk=placement.pk)


@transaction.atomic
def agreement_create(*, by: Any, placement: Placement, signing_order: str | None = None) -> Agreement:
    """A draft agreement of the placement from its route's published template, with its signers."""
    placement = _lock_placement(placement)
    if placement.status == PlacementStatus.ENDED:
        raise ValidationError(
            _("This placement has ended: no agreement can be drawn up for it."), code="placement_ended"
        )
    if Agreement.objects.filter(placement=placement, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("This placement already has an agreement in draft or waiting for signatures."), code="agreement_open"
        )
    template = published_template(placement.route)
    if template is None:
        raise ValidationError(
            _("The route has no published agreement template: publish one first."), code="no_template"
        )
    order = signing_order or settings_of(placement.route).signing_order
    if order not in SigningOrder.values:
        raise ValidationError({"signing_order": ValidationError(_("Choose a signing order."), code="invalid")})
    agreement = _new_draft(
        by=by, placement=placement, template=template, signing_order=order, previous=_previous_signed(placement)
    )
    _event_record(agreement, AgreementEventKind.CREATED, actor=by)
    log_action(
        actor=by,
        action_type="agreements.agreement.created",
        target=agreement,
        data=_route_data(agreement, placement_id=placement.pk, template_id=template.pk, sequence=agreement.sequence),
    )
    return agreement


def _account_for(signer: AgreementSigner, email: str) -> User | None:
    """The account that may sign logged in, after the e-mail address changed."""
    if signer.party == Party.STUDENT:
        return signer.user
    if not email:
        return None
    users = User.objects.filter(email__iexact=email, is_active=True)
    if signer.party == Party.SCHOOL:
        users = users.filter(
            role_assignments__role=Role.COORDINATOR, role_assignments__route_id=signer.agreement.route_id
        )
    elif signer.organisation_id is not None:
        users = users.filter(
            role_assignments__role=Role.COMPANY_CONTACT, role_assignments__organisation_id=signer.organisation_id
        )
    else:
        return None
    return users.distinct().first()


@transaction.atomic
def agreement_signer_update(*, by: Any, signer: AgreementSigner, name: str, email: str, role: str) -> AgreementSigner:
    """Change who signs for a party (name, e-mail address, "signs as") while the agreement is a draft."""
    agreement = _locked(signer.agreement)
    signer = AgreementSigner.objects.select_for_update().get(pk=signer.pk, agreement=agreement)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Signers can only be changed while the agreement is a draft."), code="not_draft")
    name = " ".join((name or "").split())[:200]
    email = (email or "").strip()
    role = " ".join((role or "").split())[:200]
    errors: dict[str, ValidationError] = {}
    if not name:
        errors["name"] = ValidationError(_("Enter the signer's full name."), code="required")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ValidationError(_("Enter a valid e-mail address."), code="invalid")
    if errors:
        raise ValidationError(errors)
    before = {"name": signer.name, "email": signer.email, "role": signer.role}
    if email.casefold() != signer.email.casefold():
        signer.user = _account_for(signer, email)
    signer.name, signer.email, signer.role = name, email, role
    signer.save(update_fields=["name", "email", "role", "user"])
    changes = {key: [before[key], value] for key, value in (("name", name), ("email", email), ("role", role))}
    changes = {key: pair for key, pair in changes.items() if pair[0] != pair[1]}
    _bump(agreement)
    log_action(
        actor=by,
        action_type="agreements.signer.updated",
        target=agreement,
        changes=changes,
        data=_route_data(agreement, signer_id=signer.pk, party=signer.party),
    )
    return signer


def missing_topics(template: AgreementTemplate) -> list[str]:
    covered = {clause.topic for clause in template.clauses.all() if clause.topic and clause.body.strip()}
    return [topic for topic in REQUIRED_TOPICS if topic not in covered]


def _send_checks(agreement: Agreement, signers: list[AgreementSigner], hosts: list[PlacementHost]) -> None:
    from verbinder.agreements.enums import ClauseTopic

    missing = missing_topics(agreement.template)
    if missing:
        raise ValidationError(
            _("The template lacks the minimum content: %(topics)s.")
            % {"topics": ", ".join(str(ClauseTopic(topic).label) for topic in missing)},
            code="minimum_content",
        )
    if agreement.placement.status == PlacementStatus.ENDED:
        raise ValidationError(_("This placement has ended: the agreement cannot be sent."), code="placement_ended")
    without = [host.organisation.name for host in hosts if host.supervisor_id is None]
    if without or not hosts:
        raise ValidationError(
            _("Every host company needs a workplace supervisor first: %(companies)s.")
            % {"companies": ", ".join(without) or "–"},
            code="no_supervisor",
        )
    expected: dict[str, int | None] = {Party.STUDENT: None, Party.SCHOOL: None}
    for host in hosts[:2]:
        expected[Party.COMPANY if host.slot == 1 else Party.SECOND_COMPANY] = host.organisation_id
    if {signer.party: signer.organisation_id for signer in signers} != expected:
        raise ValidationError(
            _(
                "The placement's companies changed after this draft was drawn up: cancel it and draw up a new "
                "agreement."
            ),
            code="parties_changed",
        )
    no_email = [signer.name or signer.get_party_display() for signer in signers if not signer.email]
    if no_email:
        raise ValidationError(
            _("Every signer needs an e-mail address: %(signers)s.") % {"signers": ", ".join(map(str, no_email))},
            code="no_email",
        )
    no_name = [str(signer.get_party_display()) for signer in signers if not signer.name]
    if no_name:
        raise ValidationError(
            _("Every signer needs a name: %(parties)s.") % {"parties": ", ".join(no_name)}, code="no_name"
        )


def first_to_sign(agreement: Agreement, signers: list[AgreementSigner]) -> list[AgreementSigner]:
    """Whom to invite now: everyone not yet signed (parallel), or the first of them in the order (sequential)."""
    waiting = [signer for signer in signers if signer.status != SignerStatus.SIGNED]
    if agreement.signing_order == SigningOrder.PARALLEL:
        return waiting
    return waiting[:1]


def _document_store(agreement: Agreement, *, final: bool = False) -> str:
    """Render the PDF (to sign, or the final one), store it on the agreement and return its SHA-256."""
    pdf = pdf_render(agreement_html(agreement, final=final))
    digest = sha256_hex(pdf)
    suffix = "ondertekend" if final else "te-ondertekenen"
    name = f"overeenkomst-{agreement.pk}-v{agreement.sequence}-{suffix}.pdf"
    if final:
        agreement.final_document.save(name, ContentFile(pdf), save=False)
        agreement.final_sha256 = digest
    else:
        agreement.document.save(name, ContentFile(pdf), save=False)
        agreement.document_sha256 = digest
    return digest


@transaction.atomic
def agreement_send(*, by: Any, agreement: Agreement, signing_order: str, version: int) -> Agreement:
    """Freeze the content, store the PDF to sign and its SHA-256, set the expiry and invite the signers."""
    agreement = _locked(agreement)
    _check_version(agreement, version)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent."), code="not_draft")
    if signing_order not in SigningOrder.values:
        raise ValidationError({"signing_order": ValidationError(_("Choose a signing order."), code="invalid")})
    placement = Placement.objects.select_related("route", "student", "teacher").get(pk=agreement.placement_id)
    hosts = list(
        PlacementHost.objects.filter(placement=placement, is_current=True)
        .select_related("organisation", "supervisor__person")
        .order_by("slot")
    )
    signers = list(agreement.signers.select_related("organisation", "user").order_by("position", "pk"))
    _send_checks(agreement, signers, hosts)
    now = timezone.now()
    school = next((signer for signer in signers if signer.party == Party.SCHOOL), None)
    agreement.content = agreement_content(template=agreement.template, placement=placement, coordinator=school)
    agreement.status = AgreementStatus.SENT
    agreement.signing_order = signing_order
    agreement.sent_at = now
    agreement.sent_by = by if getattr(by, "is_authenticated", False) else None
    agreement.expires_at = now + datetime.timedelta(days=settings_of(agreement.route).expire_after_days)
    agreement.start_date, agreement.end_date = placement.start_date, placement.end_date
    digest = _document_store(agreement)
    _bump(
        agreement,
        "content",
        "status",
        "signing_order",
        "sent_at",
        "sent_by",
        "expires_at",
        "start_date",
        "end_date",
        "document",
        "document_sha256",
    )
    _event_record(agreement, AgreementEventKind.SENT, actor=by, detail=f"SHA-256 {digest}")
    for signer in first_to_sign(agreement, signers):
        _invite(agreement=agreement, signer=signer, by=by)
    log_action(
        actor=by,
        action_type="agreements.agreement.sent",
        target=agreement,
        changes={"status": [AgreementStatus.DRAFT, AgreementStatus.SENT]},
        data=_route_data(agreement, signing_order=signing_order, document_sha256=digest),
    )
    return agreement


def _check_open(agreement: Agreement) -> None:
    if agreement.status != AgreementStatus.SENT:
        raise ValidationError(_("This agreement is not waiting for signatures."), code="not_open")


@transaction.atomic
def agreement_remind(*, by: Any, agreement: Agreement) -> int:
    """Send a reminder with a new link to every invited signer who has not signed; returns how many."""
    agreement = _locked(agreement)
    _check_open(agreement)
    waiting = list(agreement.signers.filter(status=SignerStatus.INVITED).select_related("user").order_by("position"))
    for signer in waiting:
        _invite(agreement=agreement, signer=signer, by=by, kind=AgreementEventKind.REMINDED)
    log_action(
        actor=by,
        action_type="agreements.agreement.reminded",
        target=agreement,
        data=_route_data(agreement, signers=[signer.pk for signer in waiting], automatic=by is None),
    )
    return len(waiting)


@transaction.atomic
def agreement_resend(*, by: Any, signer: AgreementSigner) -> AgreementSigner:
    """Send one signer a new link (the old one stops working)."""
    agreement = _locked(signer.agreement)
    signer = (
        AgreementSigner.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=signer.pk, agreement=agreement)
    )
    _check_open(agreement)
    if signer.status != SignerStatus.INVITED:
        raise ValidationError(
            _("Only a signer who has been invited and has not signed yet can get a new link."), code="not_invited"
        )
    _invite(agreement=agreement, signer=signer, by=by, kind=AgreementEventKind.RESENT)
    log_action(
        actor=by,
        action_type="agreements.signer.resent",
        target=agreement,
        data=_route_data(agreement, signer_id=signer.pk, party=signer.party),
    )
    return signer


def _revoke_links(agreement: Agreement) -> None:
    for signer in agreement.signers.all():
        links_revoke(target=signer, purpose=LINK_PURPOSE)


def _reason(reason: str, field: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(_("Give a reason."), code="required")})
    return text[:2000]


@transaction.atomic
def agreement_cancel(*, by: Any, agreement: Agreement, reason: str, version: int) -> Agreement:
    """Cancel a draft or an agreement waiting for signatures; its links stop working."""
    agreement = _locked(agreement)
    _check_version(agreement, version)
    reason = _reason(reason)
    if agreement.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Only a draft or an agreement waiting for signatures can be cancelled."), code="not_open"
        )
    before = agreement.status
    agreement.status = AgreementStatus.CANCELLED
    _bump(agreement, "status")
    _revoke_links(agreement)
    _event_record(agreement, AgreementEventKind.CANCELLED, actor=by, detail=reason)
    log_action(
        actor=by,
        action_type="agreements.agreement.cancelled",
        target=agreement,
        changes={"status": [before, AgreementStatus.CANCELLED]},
        data=_route_data(agreement, reason=reason),
    )
    return agreement


@transaction.atomic
def agreement_terminate(*, by: Any, agreement: Agreement, on: datetime.date, reason: str, version: int) -> Agreement:
    """Record that a signed agreement ended early: the date and the reason."""
    agreement = _locked(agreement)
    _check_version(agreement, version)
    reason = _reason(reason)
    if agreement.status != AgreementStatus.SIGNED:
        raise ValidationError(_("Only a signed agreement can be terminated."), code="not_signed")
    if on is None:
        raise ValidationError({"on": ValidationError(_("Enter the date."), code="required")})
    if on < agreement.start_date:
        raise ValidationError(
            {"on": ValidationError(_("The date cannot be before the agreement's start date."), code="before_start")}
        )
    agreement.status = AgreementStatus.TERMINATED
    agreement.terminated_on = on
    agreement.termination_reason = reason
    _bump(agreement, "status", "terminated_on", "termination_reason")
    _event_record(agreement, AgreementEventKind.TERMINATED, actor=by, detail=f"{on:%d-%m-%Y}: {reason}")
    log_action(
        actor=by,
        action_type="agreements.agreement.terminated",
        target=agreement,
        changes={"status": [AgreementStatus.SIGNED, AgreementStatus.TERMINATED], "terminated_on": [None, str(on)]},
        data=_route_data(agreement, reason=reason),
    )
    return agreement


@transaction.atomic
def agreement_amend(*, by: Any, agreement: Agreement, reason: str) -> Agreement:
    """A new draft version of a signed (or sent) agreement, linked to it; once signed, it supersedes it."""
    agreement = _locked(agreement)
    reason = _reason(reason)
    if agreement.status not in (AgreementStatus.SIGNED, AgreementStatus.SENT):
        raise ValidationError(_("Only a signed or sent agreement can be amended."), code="not_signed")
    placement = _lock_placement(agreement.placement)
    if Agreement.objects.filter(placement=placement, status=AgreementStatus.DRAFT).exists():
        raise ValidationError(_("This placement already has a draft agreement."), code="agreement_open")
    if placement.status == PlacementStatus.ENDED:
        raise ValidationError(
            _("This placement has ended: no agreement can be drawn up for it."), code="placement_ended"
        )
    template = published_template(placement.route) or agreement.template
    amendment = _new_draft(
        by=by,
        placement=placement,
        template=template,
        signing_order=agreement.signing_order,
        previous=agreement,
        reason=reason,
    )
    _event_record(amendment, AgreementEventKind.CREATED, actor=by, detail=reason)
    _event_record(agreement, AgreementEventKind.AMENDED, actor=by, detail=reason)
    log_action(
        actor=by,
        action_type="agreements.agreement.amended",
        target=amendment,
        data=_route_data(amendment, previous_id=agreement.pk, sequence=amendment.sequence, reason=reason),
    )
    return amendment


@transaction.atomic
def agreement_propose(*, placement: Placement, reason: str, by: Any = None) -> Agreement | None:
    """After a change of employer: a draft new version of the placement's signed or sent agreement, and an
    e-mail to the route's coordinators. None when the placement has no such agreement, already has a draft,
    or has no published template."""
    placement = _lock_placement(placement)
    current = (
        Agreement.objects.filter(placement=placement, status__in=(AgreementStatus.SIGNED, AgreementStatus.SENT))
        .order_by("-sequence")
        .first()
    )
    if current is None or placement.status == PlacementStatus.ENDED:
        return None
    if Agreement.objects.filter(placement=placement, status=AgreementStatus.DRAFT).exists():
        return None
    template = published_template(placement.route) or current.template
    reason = (reason or "").strip()[:2000] or _("Change of employer")
    draft = _new_draft(
        by=by, placement=placement, template=template, signing_order=current.signing_order, previous=current,
        reason=reason,
    )  # fmt: skip
    _event_record(draft, AgreementEventKind.PROPOSED, actor=by, detail=reason)
    for coordinator in route_coordinators(placement.route):
        if not coordinator.email:
            continue
        language = coordinator.language or DOCUMENT_LANGUAGE
        with translation.override(language):
            context = {
                "agreement": draft,
                "previous": current,
                "student": placement.student,
                "recipient": coordinator,
                "reason": reason,
                "url": agreement_url(draft),
                "institution_name": settings.VERBINDER_INSTITUTION_NAME,
                "language": language,
            }
            message = message_queue(
                recipient=coordinator.email,
                subject=_subject(PROPOSED_SUBJECT, draft),
                body_text=render_to_string("agreements/email/proposed.txt", context).strip(),
                body_html=render_to_string("agreements/email/proposed.html", context).strip(),
                language=language,
            )
        _event_record(draft, AgreementEventKind.PROPOSED, actor=by, detail=coordinator.email, message=message)
    log_action(
        actor=by,
        action_type="agreements.agreement.proposed",
        target=draft,
        data=_route_data(draft, previous_id=current.pk, reason=reason),
    )
    return draft


def _expire(agreement: Agreement, now: datetime.datetime) -> None:
    agreement.status = AgreementStatus.EXPIRED
    _bump(agreement, "status")
    _revoke_links(agreement)
    _event_record(agreement, AgreementEventKind.EXPIRED)
    log_action(
        actor=None,
        action_type="agreements.agreement.expired",
        target=agreement,
        changes={"status": [AgreementStatus.SENT, AgreementStatus.EXPIRED]},
        data=_route_data(agreement, expires_at=agreement.expires_at.isoformat() if agreement.expires_at else ""),
    )


def agreements_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The scheduled chase: agreements past their expiry expire (links revoked); invited signers who have not
    signed get a reminder when the route's `remind_after_days` passed since their invitation or last reminder.
    Each agreement in its own transaction, _locked, so a sweep running twice sends nothing twice."""
    now = now or timezone.now()
    counts = {"expired": 0, "reminded": 0}
    due = Agreement.objects.filter(status=AgreementStatus.SENT, expires_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update(of=("self",)).select_related("route").get(pk=pk)
            if agreement.status == AgreementStatus.SENT and agreement.expires_at and agreement.expires_at <= now:
                _expire(agreement, now)
                counts["expired"] += 1
    remind_days = {s.route_id: s.remind_after_days for s in AgreementSettings.objects.all()}
    default_days = AgreementSettings._meta.get_field("remind_after_days").default
    waiting = (
        AgreementSigner.objects.filter(
            agreement__status=AgreementStatus.SENT, agreement__expires_at__gt=now, status=SignerStatus.INVITED
        )
        .exclude(email="")
        .values_list("pk", "agreement__route_id", "invited_at", "reminded_at")
    )
    for pk, route_id, invited_at, reminded_at in list(waiting):
        days = remind_days.get(route_id, default_days)
        last = max(moment for moment in (invited_at, reminded_at) if moment) if (invited_at or reminded_at) else None
        if last is None or last > now - datetime.timedelta(days=days):
            continue
        with transaction.atomic():
            signer = (
                AgreementSigner.objects.select_for_update(of=("self",))
                .select_related("agreement__route", "agreement__placement__student", "user")
                .get(pk=pk)
            )
            agreement = signer.agreement
            current_last = max(m for m in (signer.invited_at, signer.reminded_at) if m)
            if (
                agreement.status != AgreementStatus.SENT
                or signer.status != SignerStatus.INVITED
                or current_last > now - datetime.timedelta(days=days)
            ):
                continue
            _invite(agreement=agreement, signer=signer, by=None, kind=AgreementEventKind.REMINDED, now=now)
            log_action(
                actor=None,
                action_type="agreements.agreement.reminded",
                target=agreement,
                data=_route_data(agreement, signers=[signer.pk], automatic=True),
            )
            counts["reminded"] += 1
    return counts
