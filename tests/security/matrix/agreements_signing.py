"""Who reaches the signing pages. Logged in, only the person whose signature it is signs (`agreements.sign`):
on the world's agreement (route A) the coordinator (the programme's signer), the student and the company contact
(their company, their e-mail address); others who see the agreement (administrators, the teacher) get 403,
anyone else 404. The pages of an e-mailed link need no login: without a valid link everyone gets the same 404.
The portal's agreement pages have their rows in portal_agreements.py.
"""

from __future__ import annotations

from typing import Any

from django.core import signing

from tests.conftest import World
from tests.factories.agreements import agreement_world
from tests.security.matrix.base import Row, statuses

SIGN_A = statuses(404, admin=403, coordinator=200, teacher=403, company_contact=200, student=200, anonymous=302)
SIGN_B = statuses(404, admin=403, other_coordinator=403, other_company_contact=200, anonymous=302)
NOT_FOUND_FOR_EVERYONE = statuses(404)


def agreement_a(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).agreement.pk}


def agreement_b(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).other_agreement.pk}


def tampered_token(w: World) -> dict[str, Any]:
    signer = agreement_world(w).company_signer
    return {"token": signing.dumps([signer.pk, "guessed"], salt="verbinder.core.links.match_answer")}


def wrong_name(w: World) -> dict[str, Any]:
    """A signature attempt with a name nobody has: the form is shown again (200) to whoever may sign."""
    return {"typed_name": "Niemand Bekend", "confirm": "on", "document_sha256": "0" * 64}


ROWS: list[Row] = [
    Row("agreements:agreement-sign", SIGN_A, kwargs=agreement_a),
    Row("agreements:agreement-sign", SIGN_B, kwargs=agreement_b, label="other route"),
    Row("agreements:agreement-sign", SIGN_A, kwargs=agreement_a, method="POST", data=wrong_name),
    Row("agreements:agreement-sign", SIGN_B, kwargs=agreement_b, method="POST", data=wrong_name, label="other route"),
    Row("agreements:agreement-sign-document", SIGN_A, kwargs=agreement_a),
    Row("agreements:agreement-sign-document", SIGN_B, kwargs=agreement_b, label="other route"),
    Row("agreements:sign-link", NOT_FOUND_FOR_EVERYONE, kwargs=tampered_token, label="tampered"),
    Row(
        "agreements:sign-link",
        NOT_FOUND_FOR_EVERYONE,
        kwargs=tampered_token,
        method="POST",
        data=wrong_name,
        label="tampered",
    ),
    # The pages a link redirects to answer only the browser that opened it (its token is in that session).
    Row("agreements:sign-open", NOT_FOUND_FOR_EVERYONE, kwargs=lambda w: {}, label="no link opened"),
    Row(
        "agreements:sign-open",
        NOT_FOUND_FOR_EVERYONE,
        method="POST",
        data=lambda w: {**wrong_name(w), "link": "1"},
        label="no link opened",
    ),
    Row("agreements:sign-document", NOT_FOUND_FOR_EVERYONE, label="no link opened"),
]
