"""The last two parties sign at the same moment (parallel order): both signatures count, the agreement is
completed once (one final PDF, one final e-mail per party). Real concurrent transactions need PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tests.agreements.agreement_helpers import sent_agreement, shared_placement, sign
from verbinder.agreements.enums import AgreementEventKind, AgreementStatus, Party, SignerStatus, SigningOrder
from verbinder.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_last_two_signatures_at_once_complete_the_agreement_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite's test database is one in-memory file)")
    agreement = sent_agreement(world, shared_placement(world), signing_order=SigningOrder.PARALLEL)
    sign(agreement, Party.STUDENT)
    sign(agreement, Party.COMPANY)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(party: str) -> None:
        try:
            barrier.wait(timeout=10)
            sign(agreement, party)
        except BaseException as exc:  # noqa: BLE001 - the thread reports any outcome to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(party,)) for party in (Party.SECOND_COMPANY, Party.SCHOOL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED and agreement.final_sha256
    assert set(agreement.signers.values_list("status", flat=True)) == {SignerStatus.SIGNED}
    assert agreement.events.filter(kind=AgreementEventKind.COMPLETED).count() == 1
    assert OutboxMessage.objects.filter(attachment=agreement.final_document.name).count() == 4
