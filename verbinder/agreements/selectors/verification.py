"""Which agreement a PDF is exactly a document of: the PDF sent to sign or the signed PDF, found by SHA-256.

The verification page is public. It answers only for a file the visitor already holds, so what it shows is what
that PDF itself says (the title, the version, the parties' names) plus the agreement's state: its status and
when everyone signed. Nothing else of the agreement is read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.db.models import Q

from verbinder.agreements.enums import AgreementStatus
from verbinder.agreements.models import Agreement

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Verification:
    sha256: str
    final: bool  # the signed PDF (with signature page) rather than the PDF sent to sign
    title: str
    sequence: int
    status: str
    status_label: str
    signed_at: datetime | None
    parties: list[tuple[str, str]]  # (party label, name of the signer and organisation)


def file_sha256(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def agreement_verify(*, sha256: str) -> Verification | None:
    """The agreement whose PDF to sign or signed PDF has exactly this hash, or None."""
    if len(sha256) != 64:
        return None
    agreement = (
        Agreement.objects.filter(Q(document_sha256=sha256) | Q(final_sha256=sha256))
        .exclude(status=AgreementStatus.DRAFT)
        .only("title", "sequence", "status", "completed_at", "document_sha256", "final_sha256")
        .order_by("pk")
        .first()
    )
    if agreement is None:
        return None
    signers = agreement.signers.select_related("organisation").only(
        "party", "name", "position", "organisation__name", "agreement_id"
    )
    parties = [
        (
            signer.get_party_display(),
            f"{signer.name}, {signer.organisation.name}" if signer.organisation else signer.name,
        )
        for signer in signers
    ]
    return Verification(
        sha256=sha256,
        final=agreement.final_sha256 == sha256,
        title=agreement.title,
        sequence=agreement.sequence,
        status=agreement.status,
        status_label=agreement.get_status_display(),
        signed_at=agreement.completed_at,
        parties=parties,
    )
