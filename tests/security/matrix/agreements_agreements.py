"""Who reaches the staff's agreement pages: the board, an agreement's page, its PDFs and preview, the coordinator's
actions, and the placement's agreements panel.

The route's staff read (coordinators act, teachers get 403 on every action), staff of the other route get 404;
company contacts, supervisors, students and partners get 404 here even for their own agreement: they see it in the
portal and sign on the signing pages. Rows use `agreement_world`: the student persona's sent agreement in route A
(three signers), the other company's in route B. POST rows that would change something send a form the service
refuses (the agreement is already sent: the form comes back, 200) or make the change (302).
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories.agreements import agreement_world
from tests.security.matrix.base import Row, statuses

STAFF = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
READ_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
CHANGE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
CHANGE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
NOTHING_STORED_A = statuses(404, anonymous=302)
POST_ONLY = statuses(405)


def done(expect: dict[str, int]) -> dict[str, int]:
    return {persona: 302 if status == 200 else status for persona, status in expect.items()}


def agreement_a(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).agreement.pk}


def agreement_b(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).other_agreement.pk}


def signer_a(w: World) -> dict[str, Any]:
    made = agreement_world(w)
    return {"pk": made.agreement.pk, "signer_pk": made.company_signer.pk}


def signer_b(w: World) -> dict[str, Any]:
    made = agreement_world(w)
    return {"pk": made.other_agreement.pk, "signer_pk": made.other_signer.pk}


def signer_b_under_a(w: World) -> dict[str, Any]:
    made = agreement_world(w)
    return {"pk": made.agreement.pk, "signer_pk": made.other_signer.pk}


def placement_a(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).agreement.placement_id}


def placement_b(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).other_agreement.placement_id}


def version(w: World) -> dict[str, Any]:
    return {"version": agreement_world(w).agreement.version, "signing_order": "parallel"}


def signer_fields(w: World) -> dict[str, Any]:
    return {"name": "Carla Contact", "email": "carla@example.nl", "role": "Directeur"}


def no_reason(w: World) -> dict[str, Any]:
    return {"version": agreement_world(w).agreement.version, "reason": ""}


ROWS: list[Row] = [
    Row("agreements:board", STAFF),
    Row("agreements:board", STAFF, query="?list=signed&route=999999", label="unknown route"),
    Row("agreements:board", POST_ONLY, method="POST", data=lambda w: {}, label="wrong method"),
    Row("agreements:agreement-detail", READ_A, kwargs=agreement_a),
    Row("agreements:agreement-detail", READ_B, kwargs=agreement_b, label="other route"),
    # A sent agreement's preview is its stored PDF: a redirect to it.
    Row("agreements:agreement-preview", done(READ_A), kwargs=agreement_a),
    Row("agreements:agreement-preview", done(READ_B), kwargs=agreement_b, label="other route"),
    Row("agreements:agreement-document", READ_A, kwargs=agreement_a),
    Row("agreements:agreement-document", READ_B, kwargs=agreement_b, label="other route"),
    Row("agreements:agreement-final-document", NOTHING_STORED_A, kwargs=agreement_a, label="not signed yet"),
    Row("agreements:agreement-send", CHANGE_A, kwargs=agreement_a),
    Row("agreements:agreement-send", CHANGE_B, kwargs=agreement_b, label="other route"),
    Row("agreements:agreement-send", CHANGE_A, kwargs=agreement_a, method="POST", data=version, label="already sent"),
    Row("agreements:agreement-remind", POST_ONLY, kwargs=agreement_a, label="wrong method"),
    Row("agreements:agreement-remind", done(CHANGE_A), kwargs=agreement_a, method="POST", data=lambda w: {}),
    Row(
        "agreements:agreement-remind",
        done(CHANGE_B),
        kwargs=agreement_b,
        method="POST",
        data=lambda w: {},
        label="other route",
    ),
    Row("agreements:agreement-cancel", CHANGE_A, kwargs=agreement_a),
    Row("agreements:agreement-cancel", CHANGE_A, kwargs=agreement_a, method="POST", data=no_reason, label="no reason"),
    Row("agreements:agreement-cancel", CHANGE_B, kwargs=agreement_b, label="other route"),
    Row("agreements:agreement-terminate", CHANGE_A, kwargs=agreement_a),
    Row("agreements:agreement-terminate", CHANGE_B, kwargs=agreement_b, label="other route"),
    Row("agreements:agreement-amend", CHANGE_A, kwargs=agreement_a),
    Row("agreements:agreement-amend", CHANGE_B, kwargs=agreement_b, label="other route"),
    Row("agreements:signer-edit", CHANGE_A, kwargs=signer_a),
    Row("agreements:signer-edit", CHANGE_B, kwargs=signer_b, label="other route"),
    Row(
        "agreements:signer-edit",
        statuses(404, teacher=403, anonymous=302),
        kwargs=signer_b_under_a,
        label="signer of another agreement",
    ),
    # Sent: the service refuses to change a signer; the form comes back.
    Row("agreements:signer-edit", CHANGE_A, kwargs=signer_a, method="POST", data=signer_fields, label="sent"),
    Row("agreements:signer-resend", POST_ONLY, kwargs=signer_a, label="wrong method"),
    Row("agreements:signer-resend", done(CHANGE_A), kwargs=signer_a, method="POST", data=lambda w: {}),
    Row(
        "agreements:signer-resend",
        done(CHANGE_B),
        kwargs=signer_b,
        method="POST",
        data=lambda w: {},
        label="other route",
    ),
    Row("agreements:placement-agreements", READ_A, kwargs=placement_a),
    Row("agreements:placement-agreements", READ_B, kwargs=placement_b, label="other route"),
    # The placement already has an open agreement: refused, back to the placement.
    Row("agreements:agreement-create", done(CHANGE_A), kwargs=placement_a, method="POST", data=lambda w: {}),
    Row(
        "agreements:agreement-create",
        done(CHANGE_B),
        kwargs=placement_b,
        method="POST",
        data=lambda w: {},
        label="other route",
    ),
    Row("agreements:agreement-create", POST_ONLY, kwargs=placement_a, label="wrong method"),
]
