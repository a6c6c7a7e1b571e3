"""Factories for agreement templates, agreements, signers and the responsibility matrix.

`published_template(route)` makes a template that covers every required topic (it could be published by the
service). `agreement_world(world)` makes the agreement objects around the `world` personas for matrix rows; its
agreements are made directly (with a small stand-in PDF), not by the services, so that they stay fast."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories.placements import placement_world
from verbinder.agreements.enums import (
    REQUIRED_TOPICS,
    AgreementStatus,
    ClauseParty,
    MatrixPartyKind,
    Party,
    Responsibility,
    SignerStatus,
    TemplateStatus,
)
from verbinder.agreements.models import (
    Agreement,
    AgreementSigner,
    AgreementTemplate,
    MatrixCell,
    MatrixParty,
    MatrixTask,
    TemplateClause,
)
from verbinder.agreements.pdf import sha256_hex
from verbinder.placements.models import Placement

FACTORY_PDF = b"%PDF-1.7\n% a stand-in document made by tests/factories/agreements.py\n%%EOF\n"


class AgreementTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementTemplate

    route = factory.SubFactory("tests.factories.RouteFactory")
    number = factory.Sequence(lambda n: n + 1)
    title = "Tripartiete overeenkomst"
    introduction = "Deze overeenkomst gaat over de plaatsing van {student_name} bij {company_name}."
    status = TemplateStatus.DRAFT


class TemplateClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateClause

    template = factory.SubFactory(AgreementTemplateFactory)
    party = ClauseParty.GENERAL
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Artikel {n}")
    body = "De student werkt {working_time} bij {company_name}."


def published_template(route: Any, **fields: Any) -> AgreementTemplate:
    """A published template of the route with one article per required topic and one per party."""
    template = AgreementTemplateFactory(route=route, status=TemplateStatus.PUBLISHED, **fields)
    for position, topic in enumerate(REQUIRED_TOPICS, start=1):
        TemplateClauseFactory(
            template=template, position=position, topic=topic, heading=f"Artikel {topic}", body=f"Tekst over {topic}."
        )
    for position, party in enumerate(
        (ClauseParty.SCHOOL, ClauseParty.STUDENT, ClauseParty.COMPANY, ClauseParty.SECOND_COMPANY), start=10
    ):
        TemplateClauseFactory(template=template, position=position, party=party, heading=f"Verplichtingen {party}")
    return template


def agreement_for(
    placement: Placement,
    *,
    template: AgreementTemplate | None = None,
    status: str = AgreementStatus.SENT,
    signers: list[dict[str, Any]] | None = None,
) -> Agreement:
    """An agreement of the placement made directly; `signers` are AgreementSigner fields (party, name, email,
    user, organisation...). A sent agreement has a stand-in PDF and its hash; its signers are invited."""
    template = template or published_template(placement.route)
    agreement = Agreement(
        route=placement.route,
        placement=placement,
        template=template,
        title=template.title,
        status=status,
        start_date=placement.start_date,
        end_date=placement.end_date,
        content={"articles": [], "parties": []},
    )
    if status != AgreementStatus.DRAFT:
        agreement.document.save("overeenkomst.pdf", ContentFile(FACTORY_PDF), save=False)
        agreement.document_sha256 = sha256_hex(FACTORY_PDF)
        agreement.sent_at = timezone.now()
        agreement.expires_at = timezone.now() + datetime.timedelta(days=30)
    agreement.save()
    for position, fields in enumerate(signers or [], start=1):
        AgreementSigner.objects.create(
            agreement=agreement,
            position=position,
            status=SignerStatus.PENDING if status == AgreementStatus.DRAFT else SignerStatus.INVITED,
            invited_at=None if status == AgreementStatus.DRAFT else agreement.sent_at,
            **fields,
        )
    return agreement


@dataclass
class AgreementWorld:
    """Agreement objects around the `world` personas: in route A a published template, the student persona's
    agreement (sent; the coordinator, the student and the company contact sign) with its signers, a draft
    template, and the route's matrix; in route B an agreement of the other company."""

    template: AgreementTemplate
    draft_template: AgreementTemplate
    agreement: Agreement
    school_signer: AgreementSigner
    student_signer: AgreementSigner
    company_signer: AgreementSigner
    other_template: AgreementTemplate
    other_agreement: Agreement
    other_signer: AgreementSigner
    task: MatrixTask
    party: MatrixParty
    other_task: MatrixTask


def agreement_world(world: Any) -> AgreementWorld:
    """Made once per `world` (kept on it), so that matrix rows can ask for it from their kwargs."""
    existing = getattr(world, "_agreements", None)
    if existing is not None:
        return existing
    placements = placement_world(world)
    template = published_template(world.route, number=1)
    draft_template = AgreementTemplateFactory(route=world.route, number=2, previous=template)
    coordinator = world.users["coordinator"]
    contact = world.users["company_contact"]
    agreement = agreement_for(
        placements.placement,
        template=template,
        signers=[
            {"party": Party.STUDENT, "name": "Sara Student", "email": world.users["student"].email,
             "user": world.users["student"], "role": "Student"},
            {"party": Party.COMPANY, "name": contact.name, "email": contact.email, "organisation": world.company,
             "role": "Contactpersoon"},
            {"party": Party.SCHOOL, "name": coordinator.name, "email": coordinator.email, "user": coordinator,
             "role": "Coördinator"},
        ],
    )  # fmt: skip
    other_template = published_template(world.other_route, number=1)
    other_contact = world.users["other_company_contact"]
    other_agreement = agreement_for(
        placements.other_placement,
        template=other_template,
        signers=[
            {"party": Party.COMPANY, "name": other_contact.name, "email": other_contact.email,
             "organisation": world.other_company, "role": "Contactpersoon"},
        ],
    )  # fmt: skip
    task = MatrixTask.objects.create(route=world.route, name="Werving", position=1)
    party = MatrixParty.objects.create(route=world.route, kind=MatrixPartyKind.SCHOOL, label="Opleiding", position=1)
    MatrixCell.objects.create(task=task, party=party, value=Responsibility.ACCOUNTABLE)
    other_task = MatrixTask.objects.create(route=world.other_route, name="Werving B", position=1)
    signers = {signer.party: signer for signer in agreement.signers.all()}
    made = AgreementWorld(
        template=template,
        draft_template=draft_template,
        agreement=agreement,
        school_signer=signers[Party.SCHOOL],
        student_signer=signers[Party.STUDENT],
        company_signer=signers[Party.COMPANY],
        other_template=other_template,
        other_agreement=other_agreement,
        other_signer=other_agreement.signers.get(),
        task=task,
        party=party,
        other_task=other_task,
    )
    world._agreements = made
    return made
