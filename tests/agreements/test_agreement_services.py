"""The agreement services: drawing up from a placement, signers, sending, chasing, ending, amending, and the
new version proposed after a change of employer."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.agreements.agreement_helpers import sent_agreement, shared_placement, sign, sign_all, signer_of
from tests.factories import OrganisationFactory
from tests.factories.agreements import agreement_world, published_template
from tests.factories.placements import StudentFactory, placement_with_hosts
from verbinder.agreements.enums import (
    AgreementEventKind,
    AgreementStatus,
    ClauseTopic,
    Party,
    SignerStatus,
    SigningOrder,
)
from verbinder.agreements.models import Agreement, AgreementSettings
from verbinder.agreements.services import agreements as services
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.links import links_open
from verbinder.core.models import ActivityLog
from verbinder.mail.models import OutboxMessage
from verbinder.placements.enums import PlacementStatus
from verbinder.placements.services.placements import HostInput, placement_employer_change

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    error = exc.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_create_fills_four_signers_of_a_shared_placement(world):
    shared = shared_placement(world)
    coordinator = world.users["coordinator"]
    agreement = services.agreement_create(by=coordinator, placement=shared.placement)
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.template == shared.template and agreement.sequence == 1 and agreement.previous is None
    signers = {signer.party: signer for signer in agreement.signers.all()}
    assert set(signers) == {Party.STUDENT, Party.COMPANY, Party.SECOND_COMPANY, Party.SCHOOL}
    assert [s.party for s in agreement.signers.order_by("position")] == [
        Party.STUDENT, Party.COMPANY, Party.SECOND_COMPANY, Party.SCHOOL
    ]  # fmt: skip
    assert signers[Party.STUDENT].name == "Lotte Jansen" and signers[Party.STUDENT].email == "lotte@student.nl"
    contact = world.users["company_contact"]
    assert (signers[Party.COMPANY].email, signers[Party.COMPANY].user) == (contact.email, contact)
    assert signers[Party.COMPANY].organisation == world.company
    assert signers[Party.SECOND_COMPANY].email == "henk@metaalwerk.nl"
    assert signers[Party.SECOND_COMPANY].name == "Henk Hamer"
    assert signers[Party.SECOND_COMPANY].organisation == shared.second_company
    assert signers[Party.SCHOOL].user == coordinator
    assert agreement.events.filter(kind=AgreementEventKind.CREATED).count() == 1
    entry = ActivityLog.objects.get(action_type="agreements.agreement.created")
    assert entry.data["route_id"] == world.route.pk


def test_create_by_an_administrator_names_the_routes_coordinator(world):
    shared = shared_placement(world)
    agreement = services.agreement_create(by=world.users["admin"], placement=shared.placement)
    assert signer_of(agreement, Party.SCHOOL).user == world.users["coordinator"]


def test_create_refuses_without_template_for_an_ended_placement_and_when_one_is_open(world):
    student = StudentFactory(route=world.route)
    placement = placement_with_hosts(student=student, hosts=[(world.company, 4)])
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(by=world.users["coordinator"], placement=placement)
    assert codes(exc) == {"no_template"}
    published_template(world.route)
    services.agreement_create(by=world.users["coordinator"], placement=placement)
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(by=world.users["coordinator"], placement=placement)
    assert codes(exc) == {"agreement_open"}
    ended = placement_with_hosts(route=world.route, status=PlacementStatus.ENDED)
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(by=world.users["coordinator"], placement=ended)
    assert codes(exc) == {"placement_ended"}
    assert Agreement.objects.count() == 1


def test_signer_update_on_a_draft_only(world):
    shared = shared_placement(world)
    agreement = services.agreement_create(by=world.users["coordinator"], placement=shared.placement)
    signer = signer_of(agreement, Party.SECOND_COMPANY)
    with pytest.raises(ValidationError) as exc:
        services.agreement_signer_update(by=world.users["coordinator"], signer=signer, name=" ", email="x", role="")
    assert codes(exc) == {"required", "invalid"}
    updated = services.agreement_signer_update(
        by=world.users["coordinator"], signer=signer, name="Henk  Hamer", email="directie@metaalwerk.nl", role="CEO"
    )
    assert (updated.name, updated.email, updated.role) == ("Henk Hamer", "directie@metaalwerk.nl", "CEO")
    sent = services.agreement_send(
        by=world.users["coordinator"], agreement=agreement, signing_order="sequential", version=agreement.version + 1
    )
    with pytest.raises(ValidationError) as exc:
        services.agreement_signer_update(by=world.users["coordinator"], signer=signer, name="A", email="", role="")
    assert codes(exc) == {"not_draft"}
    assert sent.status == AgreementStatus.SENT


def test_send_freezes_content_stores_the_pdf_and_invites_the_first_in_order(world):
    shared = shared_placement(world)
    agreement = sent_agreement(world, shared)
    assert agreement.status == AgreementStatus.SENT
    assert agreement.document_sha256 and len(agreement.document_sha256) == 64
    assert agreement.content["articles"] and len(agreement.content["parties"]) == 4
    assert agreement.expires_at - agreement.sent_at == datetime.timedelta(days=30)
    statuses = dict(agreement.signers.values_list("party", "status"))
    assert statuses == {
        Party.STUDENT: SignerStatus.INVITED, Party.COMPANY: SignerStatus.PENDING,
        Party.SECOND_COMPANY: SignerStatus.PENDING, Party.SCHOOL: SignerStatus.PENDING,
    }  # fmt: skip
    assert OutboxMessage.objects.filter(recipient="lotte@student.nl").count() == 1
    invited = agreement.events.get(kind=AgreementEventKind.INVITED)
    assert invited.message.recipient == "lotte@student.nl"
    assert links_open(target=signer_of(agreement, Party.STUDENT), purpose="agreement_sign").count() == 1


def test_send_in_parallel_invites_everyone_and_uses_the_routes_expiry(world):
    shared = shared_placement(world)
    AgreementSettings.objects.create(route=world.route, expire_after_days=10)
    agreement = sent_agreement(world, shared, signing_order=SigningOrder.PARALLEL)
    assert set(agreement.signers.values_list("status", flat=True)) == {SignerStatus.INVITED}
    assert OutboxMessage.objects.count() == 4
    assert agreement.expires_at - agreement.sent_at == datetime.timedelta(days=10)


def test_send_refuses_bad_input_and_changes_nothing(world):
    shared = shared_placement(world)
    coordinator = world.users["coordinator"]
    agreement = services.agreement_create(by=coordinator, placement=shared.placement)

    def send(version=None):
        return services.agreement_send(
            by=coordinator, agreement=agreement, signing_order="sequential", version=version or agreement.version
        )

    with pytest.raises(StaleVersionError):
        send(version=agreement.version + 5)
    signer = signer_of(agreement, Party.SECOND_COMPANY)
    signer.email = ""
    signer.save()
    with pytest.raises(ValidationError) as exc:
        send()
    assert codes(exc) == {"no_email"}
    host = shared.placement.hosts.get(slot=2)
    host.supervisor = None
    host.save()
    with pytest.raises(ValidationError) as exc:
        send()
    assert codes(exc) == {"no_supervisor"}
    shared.template.clauses.filter(topic=ClauseTopic.EARLY_END).update(topic="")
    with pytest.raises(ValidationError) as exc:
        send()
    assert codes(exc) == {"minimum_content"}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT and not agreement.document_sha256
    assert OutboxMessage.objects.count() == 0


def test_remind_and_resend_issue_new_links(world):
    shared = shared_placement(world)
    agreement = sent_agreement(world, shared, signing_order=SigningOrder.PARALLEL)
    student = signer_of(agreement, Party.STUDENT)
    old = links_open(target=student, purpose="agreement_sign").get()
    sign(agreement, Party.COMPANY)
    assert services.agreement_remind(by=world.users["coordinator"], agreement=agreement) == 3
    old.refresh_from_db()
    assert old.revoked_at is not None
    student.refresh_from_db()
    assert student.reminder_count == 1 and student.reminded_at is not None
    assert OutboxMessage.objects.filter(recipient=world.users["company_contact"].email).count() == 1  # signed: none
    services.agreement_resend(by=world.users["coordinator"], signer=student)
    assert links_open(target=student, purpose="agreement_sign").count() == 1
    assert agreement.events.filter(kind=AgreementEventKind.RESENT).count() == 1
    with pytest.raises(ValidationError) as exc:
        services.agreement_resend(by=world.users["coordinator"], signer=signer_of(agreement, Party.COMPANY))
    assert codes(exc) == {"not_invited"}


def test_cancel_revokes_links(world):
    shared = shared_placement(world)
    agreement = sent_agreement(world, shared)
    with pytest.raises(ValidationError) as exc:
        services.agreement_cancel(
            by=world.users["coordinator"], agreement=agreement, reason="", version=agreement.version
        )
    assert codes(exc) == {"required"}
    cancelled = services.agreement_cancel(
        by=world.users["coordinator"], agreement=agreement, reason="Verkeerde periode", version=agreement.version
    )
    assert cancelled.status == AgreementStatus.CANCELLED
    assert links_open(target=signer_of(agreement, Party.STUDENT), purpose="agreement_sign").count() == 0
    with pytest.raises(ValidationError) as exc:
        services.agreement_cancel(by=None, agreement=cancelled, reason="x", version=cancelled.version)
    assert codes(exc) == {"not_open"}


def test_terminate_a_signed_agreement_only(world):
    shared = shared_placement(world)
    agreement = sent_agreement(world, shared)
    coordinator = world.users["coordinator"]
    on = datetime.date(2027, 3, 1)
    with pytest.raises(ValidationError) as exc:
        services.agreement_terminate(by=coordinator, agreement=agreement, on=on, reason="x", version=agreement.version)
    assert codes(exc) == {"not_signed"}
    agreement = sign_all(agreement)
    with pytest.raises(ValidationError) as exc:
        services.agreement_terminate(
            by=coordinator, agreement=agreement, on=datetime.date(2020, 1, 1), reason="x", version=agreement.version
        )
    assert codes(exc) == {"before_start"}
    done = services.agreement_terminate(
        by=coordinator, agreement=agreement, on=on, reason="Student gestopt", version=agreement.version
    )
    assert (done.status, done.terminated_on, done.termination_reason) == (
        AgreementStatus.TERMINATED, on, "Student gestopt"
    )  # fmt: skip


def test_an_amendment_supersedes_the_signed_agreement_once_signed(world):
    shared = shared_placement(world)
    first = sign_all(sent_agreement(world, shared))
    amendment = services.agreement_amend(by=world.users["coordinator"], agreement=first, reason="Andere uren")
    assert (amendment.sequence, amendment.previous, amendment.status) == (2, first, AgreementStatus.DRAFT)
    assert amendment.signers.count() == 4
    sent = services.agreement_send(
        by=world.users["coordinator"], agreement=amendment, signing_order="parallel", version=amendment.version
    )
    sign_all(sent)
    first.refresh_from_db()
    assert first.status == AgreementStatus.SUPERSEDED


def test_a_change_of_employer_proposes_a_new_version(world):
    shared = shared_placement(world)
    first = sent_agreement(world, shared)
    new_company = OrganisationFactory(name="Nieuw Bedrijf", routes=[world.route])
    placement = shared.placement
    placement.refresh_from_db()
    placement_employer_change(
        by=world.users["coordinator"],
        placement=placement,
        host=placement.hosts.get(slot=2, is_current=True),
        new=HostInput(organisation=new_company, share=placement.hosts.get(slot=2).share),
        on=timezone.localdate(),
        reason="Bedrijf failliet",
        version=placement.version,
    )
    draft = Agreement.objects.get(placement=placement, status=AgreementStatus.DRAFT)
    assert draft.previous == first and draft.sequence == 2 and draft.amendment_reason == "Bedrijf failliet"
    assert signer_of(draft, Party.SECOND_COMPANY).organisation == new_company
    assert draft.events.filter(kind=AgreementEventKind.PROPOSED).exists()
    assert OutboxMessage.objects.filter(recipient=world.users["coordinator"].email).count() == 1
    # A second change while the draft is open proposes nothing more.
    assert services.agreement_propose(placement=placement, reason="nog eens") is None


def test_propose_without_an_agreement_does_nothing(world):
    placement = placement_with_hosts(route=world.route)
    assert services.agreement_propose(placement=placement, reason="x") is None


def test_the_agreement_world_stays_usable(world):
    made = agreement_world(world)
    assert services.agreement_remind(by=world.users["coordinator"], agreement=made.agreement) == 3


def test_send_refuses_a_draft_whose_companies_changed(world):
    shared = shared_placement(world)
    coordinator = world.users["coordinator"]
    agreement = services.agreement_create(by=coordinator, placement=shared.placement)
    agreement.signers.filter(party=Party.SECOND_COMPANY).delete()
    with pytest.raises(ValidationError) as exc:
        services.agreement_send(
            by=coordinator, agreement=agreement, signing_order="parallel", version=agreement.version
        )
    assert codes(exc) == {"parties_changed"}
