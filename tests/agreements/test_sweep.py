"""The scheduled chase: reminders to those who have not signed after the route's N days (once per period, also
when the sweep runs twice), and expiry after M days (links revoked)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from tests.agreements.agreement_helpers import sent_agreement, shared_placement, sign, signer_of
from verbinder.agreements.enums import AgreementEventKind, AgreementStatus, Party, SignerStatus, SigningOrder
from verbinder.agreements.models import AgreementSettings, AgreementSigner
from verbinder.agreements.services.agreements import agreements_sweep
from verbinder.core.links import links_open
from verbinder.core.models import ActivityLog
from verbinder.core.schedule import SCHEDULE
from verbinder.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_the_sweep_is_scheduled():
    (entry,) = [entry for entry in SCHEDULE if entry.task == "verbinder.agreements.tasks.sweep_agreements"]
    assert import_string(entry.task) is not None


def test_reminders_after_the_routes_days_once(world):
    AgreementSettings.objects.create(route=world.route, remind_after_days=3)
    agreement = sent_agreement(world, shared_placement(world), signing_order=SigningOrder.PARALLEL)
    sign(agreement, Party.COMPANY)
    AgreementSigner.objects.filter(agreement=agreement).update(invited_at=days_ago(2))
    assert agreements_sweep() == {"expired": 0, "reminded": 0}

    AgreementSigner.objects.filter(agreement=agreement).update(invited_at=days_ago(4))
    before = OutboxMessage.objects.count()
    assert agreements_sweep() == {"expired": 0, "reminded": 3}
    assert agreements_sweep() == {"expired": 0, "reminded": 0}  # run twice: nothing twice
    assert OutboxMessage.objects.count() == before + 3
    student = signer_of(agreement, Party.STUDENT)
    assert student.reminder_count == 1
    assert signer_of(agreement, Party.COMPANY).reminder_count == 0  # signed
    assert agreement.events.filter(kind=AgreementEventKind.REMINDED).count() == 3
    entries = ActivityLog.objects.filter(action_type="agreements.agreement.reminded")
    assert entries.count() == 3 and {entry.actor_id for entry in entries} == {None}
    assert {entry.data["route_id"] for entry in entries} == {world.route.pk}
    assert all(entry.data["automatic"] for entry in entries)

    later = timezone.now() + datetime.timedelta(days=3, minutes=1)
    assert agreements_sweep(now=later)["reminded"] == 3
    student.refresh_from_db()
    assert student.reminder_count == 2


def test_pending_signers_in_the_order_are_not_reminded(world):
    agreement = sent_agreement(world, shared_placement(world))
    AgreementSigner.objects.filter(agreement=agreement, status=SignerStatus.INVITED).update(invited_at=days_ago(8))
    assert agreements_sweep()["reminded"] == 1
    assert signer_of(agreement, Party.COMPANY).reminder_count == 0


def test_expiry_closes_the_agreement_and_its_links(world):
    agreement = sent_agreement(world, shared_placement(world), signing_order=SigningOrder.PARALLEL)
    type(agreement).objects.filter(pk=agreement.pk).update(expires_at=days_ago(0.01))
    assert agreements_sweep()["expired"] == 1
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRED
    for signer in agreement.signers.all():
        assert links_open(target=signer, purpose="agreement_sign").count() == 0
    assert agreements_sweep() == {"expired": 0, "reminded": 0}
    assert agreement.events.filter(kind=AgreementEventKind.EXPIRED).count() == 1
    (entry,) = ActivityLog.objects.filter(action_type="agreements.agreement.expired")
    assert entry.actor_id is None and entry.object_id == agreement.pk
    assert entry.changes == {"status": [AgreementStatus.SENT, AgreementStatus.EXPIRED]}
    assert entry.data["route_id"] == world.route.pk
