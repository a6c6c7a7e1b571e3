"""The staff's agreement pages: the board, an agreement's page with its delivery states, the placement's panel, and
the coordinator's actions through the services (create, signer, send, remind, resend, cancel, terminate, amend)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.agreements.agreement_helpers import shared_placement
from tests.factories.agreements import agreement_for, agreement_world
from tests.factories.placements import placement_with_hosts
from verbinder.agreements.enums import AgreementEventKind, AgreementStatus, SignerStatus
from verbinder.agreements.models import Agreement, AgreementEvent
from verbinder.agreements.selectors.agreements import delivery_of
from verbinder.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_board_counts_and_waiting_list(world):
    made = agreement_world(world)
    response = world.client_for("coordinator").get(reverse("agreements:board"))
    assert response.status_code == 200
    assert response.context["counts"] == {"drafts": 0, "waiting": 1, "signed": 0, "expiring": 0, "ended": 0}
    rows = list(response.context["page"].object_list)
    assert [a.pk for a in rows] == [made.agreement.pk]
    assert {s.party for s in rows[0].waiting_for} == {"school", "student", "company"}
    assert rows[0].waiting_since is not None
    assert b"<svg" in response.content
    assert "0 concepten, 1 wacht op ondertekening, 0 ondertekend." in response.content.decode()  # singular, plural
    assert made.other_agreement.pk not in [a.pk for a in rows]


def test_board_lists_and_route_filter(world):
    made = agreement_world(world)
    placement = made.agreement.placement
    soon = timezone.localdate() + datetime.timedelta(days=20)
    Agreement.objects.filter(pk=made.agreement.pk).update(status=AgreementStatus.SIGNED, end_date=soon)
    client = world.client_for("admin")
    response = client.get(reverse("agreements:board") + f"?route={world.route.pk}&list=expiring")
    assert [a.pk for a in response.context["page"].object_list] == [made.agreement.pk]
    assert response.context["counts"]["signed"] == 1
    assert response.context["counts"]["expiring"] == 1
    assert response.context["route"] == world.route
    everything = client.get(reverse("agreements:board") + "?list=waiting")
    assert [a.pk for a in everything.context["page"].object_list] == [made.other_agreement.pk]
    bad = client.get(reverse("agreements:board") + "?route=999999&list=nonsense")
    assert bad.status_code == 200 and bad.context["bucket"] == "waiting"
    assert placement.pk


def test_board_not_for_externals(world):
    agreement_world(world)
    for persona in ("company_contact", "student", "workplace_supervisor"):
        assert world.client_for(persona).get(reverse("agreements:board")).status_code == 404


def test_agreement_page_shows_delivery_state(world):
    made = agreement_world(world)
    message = OutboxMessage.objects.create(
        recipient="carla@example.nl", subject="x", body_text="x", message_id="<m1@test>", status="queued",
        attempts=2, last_error="[Errno 111] Connection refused",
    )  # fmt: skip
    AgreementEvent.objects.create(
        agreement=made.agreement, kind=AgreementEventKind.INVITED, signer=made.company_signer, message=message
    )
    response = world.client_for("coordinator").get(reverse("agreements:agreement-detail", args=[made.agreement.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-delivery="queued"' in body and "2 pogingen" in body
    assert 'id="agreement-actions"' in body and 'id="remind-form"' in body


def test_plain_errors_in_english():
    from django.utils import translation

    with translation.override("en"):
        failed = OutboxMessage(status="failed", attempts=1, last_error="(550, b'5.1.1 User unknown')")
        assert delivery_of(failed).problem == "The receiving server does not know this address."
        later = OutboxMessage(status="queued", attempts=1, last_error="(451, b'Try again later')")
        assert delivery_of(later).problem == "The receiving server asked to try again later."
        assert delivery_of(later).label == "Will be tried again"
        sent = OutboxMessage(status="sent", attempts=1)
        assert delivery_of(sent).problem == ""
    assert delivery_of(None) is None


def test_teacher_reads_but_may_not_act(world):
    made = agreement_world(world)
    client = world.client_for("teacher")
    response = client.get(reverse("agreements:agreement-detail", args=[made.agreement.pk]))
    assert response.status_code == 200 and 'id="agreement-actions"' not in response.content.decode()
    assert client.post(reverse("agreements:agreement-remind", args=[made.agreement.pk])).status_code == 403


def test_the_coordinator_who_signs_for_the_programme_finds_the_sign_link(world):
    made = agreement_world(world)
    sign_url = reverse("agreements:agreement-sign", args=[made.agreement.pk]).encode()
    page = reverse("agreements:agreement-detail", args=[made.agreement.pk])
    body = world.client_for("coordinator").get(page).content
    assert sign_url in body  # the school's signer, invited
    assert reverse("agreements:verify").encode() in body  # where a PDF is checked against it
    assert sign_url not in world.client_for("admin").get(page).content  # not a signer of this agreement
    Agreement.objects.filter(pk=made.agreement.pk).update(status=AgreementStatus.CANCELLED)
    assert sign_url not in world.client_for("coordinator").get(page).content


def test_other_route_is_404(world):
    made = agreement_world(world)
    client = world.client_for("other_coordinator")
    assert client.get(reverse("agreements:agreement-detail", args=[made.agreement.pk])).status_code == 404
    assert client.get(reverse("agreements:agreement-document", args=[made.agreement.pk])).status_code == 404


def test_create_send_and_remind_through_the_pages(world):
    shared = shared_placement(world)
    client = world.client_for("coordinator")
    panel = client.get(reverse("agreements:placement-agreements", args=[shared.placement.pk]), HTTP_HX_REQUEST="true")
    assert panel.context["can_create"] is True
    response = client.post(reverse("agreements:agreement-create", args=[shared.placement.pk]))
    agreement = Agreement.objects.get(placement=shared.placement)
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:agreement-detail", args=[agreement.pk])
    assert agreement.status == AgreementStatus.DRAFT and agreement.signers.count() == 4
    panel = client.get(reverse("agreements:placement-agreements", args=[shared.placement.pk]))
    assert panel.context["can_create"] is False
    again = client.post(reverse("agreements:agreement-create", args=[shared.placement.pk]))
    assert again.status_code == 302 and Agreement.objects.filter(placement=shared.placement).count() == 1

    signer = agreement.signers.get(party="second_company")
    edit = client.post(
        reverse("agreements:signer-edit", args=[agreement.pk, signer.pk]),
        {"name": "Henk Hamer", "email": "henk.hamer@metaalwerk.nl", "role": "Directeur"},
    )
    assert edit.status_code == 302
    signer.refresh_from_db()
    assert signer.email == "henk.hamer@metaalwerk.nl"

    send = client.post(
        reverse("agreements:agreement-send", args=[agreement.pk]),
        {"signing_order": "parallel", "version": agreement.version + 50},
    )
    assert send.status_code == 200 and send.context["stale"]
    agreement.refresh_from_db()
    assert f'name="version" value="{agreement.version}"' in send.content.decode()
    assert agreement.status == AgreementStatus.DRAFT
    send = client.post(
        reverse("agreements:agreement-send", args=[agreement.pk]),
        {"signing_order": "parallel", "version": agreement.version},
    )
    assert send.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SENT and agreement.document_sha256
    assert agreement.signers.filter(status=SignerStatus.INVITED).count() == 4

    remind = client.post(reverse("agreements:agreement-remind", args=[agreement.pk]))
    assert remind.status_code == 302
    assert agreement.signers.filter(reminder_count=1).count() == 4
    resend = client.post(reverse("agreements:signer-resend", args=[agreement.pk, signer.pk]))
    assert resend.status_code == 302
    page = client.get(reverse("agreements:agreement-detail", args=[agreement.pk]))
    assert any(delivery is not None for _event, delivery in page.context["trail"])
    pdf = client.get(reverse("agreements:agreement-document", args=[agreement.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("agreements:agreement-final-document", args=[agreement.pk])).status_code == 404


def test_send_without_email_is_refused_nothing_changed(world):
    shared = shared_placement(world)
    client = world.client_for("coordinator")
    client.post(reverse("agreements:agreement-create", args=[shared.placement.pk]))
    agreement = Agreement.objects.get(placement=shared.placement)
    signer = agreement.signers.get(party="second_company")
    signer.email = ""
    signer.save()
    response = client.post(
        reverse("agreements:agreement-send", args=[agreement.pk]),
        {"signing_order": "sequential", "version": agreement.version},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT and not agreement.document_sha256


def test_cancel_terminate_amend(world):
    made = agreement_world(world)
    client = world.client_for("coordinator")
    agreement = made.agreement
    blank = client.post(reverse("agreements:agreement-cancel", args=[agreement.pk]), {"reason": "", "version": 1})
    assert blank.status_code == 200 and "reason" in blank.context["form"].errors
    amend = client.post(reverse("agreements:agreement-amend", args=[agreement.pk]), {"reason": "Andere uren"})
    assert amend.status_code == 302
    new = Agreement.objects.get(previous=agreement)
    assert amend["Location"] == reverse("agreements:agreement-detail", args=[new.pk])
    cancel = client.post(
        reverse("agreements:agreement-cancel", args=[new.pk]), {"reason": "Toch niet", "version": new.version}
    )
    assert cancel.status_code == 302
    new.refresh_from_db()
    assert new.status == AgreementStatus.CANCELLED

    placement = placement_with_hosts(route=world.route, hosts=[(world.company, 4)])
    signed = agreement_for(placement, template=made.template, status=AgreementStatus.SIGNED)
    terminate = client.post(
        reverse("agreements:agreement-terminate", args=[signed.pk]),
        {"on": signed.start_date.isoformat(), "reason": "Bedrijf gesloten", "version": signed.version},
    )
    assert terminate.status_code == 302, terminate.context and terminate.context["form"].errors
    signed.refresh_from_db()
    assert signed.status == AgreementStatus.TERMINATED and signed.termination_reason == "Bedrijf gesloten"


def test_preview_of_a_draft_is_a_pdf(world):
    shared = shared_placement(world)
    client = world.client_for("coordinator")
    client.post(reverse("agreements:agreement-create", args=[shared.placement.pk]))
    agreement = Agreement.objects.get(placement=shared.placement)
    response = client.get(reverse("agreements:agreement-preview", args=[agreement.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]


def test_placement_page_loads_the_panel(world):
    shared = shared_placement(world)
    response = world.client_for("coordinator").get(reverse("placements:placement-detail", args=[shared.placement.pk]))
    assert reverse("agreements:placement-agreements", args=[shared.placement.pk]) in response.content.decode()


def test_create_without_published_template_is_refused(world):
    placement = placement_with_hosts(route=world.route, hosts=[(world.company, 4)])
    client = world.client_for("coordinator")
    response = client.post(reverse("agreements:agreement-create", args=[placement.pk]), follow=True)
    assert response.redirect_chain[0][0] == reverse("placements:placement-detail", args=[placement.pk])
    assert not Agreement.objects.filter(placement=placement).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_terminate_only_signed_and_bad_date(world):
    made = agreement_world(world)
    client = world.client_for("coordinator")
    url = reverse("agreements:agreement-terminate", args=[made.agreement.pk])
    response = client.post(url, {"version": made.agreement.version, "on": "2026-10-01", "reason": "Gestopt"})
    assert response.status_code == 200 and response.context["form"].errors
    made.agreement.refresh_from_db()
    assert made.agreement.status == AgreementStatus.SENT
