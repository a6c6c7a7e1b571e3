"""Who reaches the portal's agreements: the student and the company contacts of a signing company see the
agreement list and download the PDFs of their own agreements; staff (who have the board), supervisors and
partner contacts find nothing here (404); another company's agreement is 404.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from tests.conftest import World
from tests.factories.agreements import FACTORY_PDF, agreement_world
from tests.security.matrix.base import Row, statuses

LIST = statuses(404, company_contact=200, student=200, other_company_contact=200, anonymous=302)
OWN_A = statuses(404, company_contact=200, student=200, anonymous=302)
OWN_B = statuses(404, other_company_contact=200, anonymous=302)


def with_agreements(w: World) -> dict[str, Any]:
    agreement_world(w)
    return {}


def agreement_a(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).agreement.pk}


def agreement_b(w: World) -> dict[str, Any]:
    return {"pk": agreement_world(w).other_agreement.pk}


def signed(attribute: str) -> Any:
    """The agreement with a stand-in signed PDF."""

    def kwargs(w: World) -> dict[str, Any]:
        agreement = getattr(agreement_world(w), attribute)
        if not agreement.final_document:
            agreement.final_document.save("ondertekend.pdf", ContentFile(FACTORY_PDF))
        return {"pk": agreement.pk}

    return kwargs


ROWS: list[Row] = [
    Row("portal:agreements", LIST, kwargs=with_agreements),
    Row("portal:agreement-document", OWN_A, kwargs=agreement_a),
    Row("portal:agreement-document", OWN_B, kwargs=agreement_b, label="other route"),
    Row("portal:agreement-signed-document", OWN_A, kwargs=signed("agreement")),
    Row("portal:agreement-signed-document", OWN_B, kwargs=signed("other_agreement"), label="other route"),
    Row(
        "portal:agreement-signed-document",
        statuses(404, anonymous=302),
        kwargs=agreement_a,
        label="not signed by all yet",
    ),
]
