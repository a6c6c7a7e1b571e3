"""A shared placement (four parties) with a published template, for the tests of area A (services, documents,
signing, sweep, mail)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.factories import AffiliationFactory, OrganisationFactory
from tests.factories.agreements import published_template
from tests.factories.placements import StudentFactory, placement_with_hosts
from verbinder.agreements.enums import Party
from verbinder.agreements.models import Agreement, AgreementSigner, AgreementTemplate
from verbinder.agreements.services.agreements import agreement_create, agreement_send
from verbinder.agreements.services.signing import agreement_sign
from verbinder.placements.models import Placement


@dataclass
class Shared:
    placement: Placement
    template: AgreementTemplate
    second_company: Any
    second_contact: Any


def shared_placement(world: Any) -> Shared:
    """Student Lotte Jansen shared by the world's company (Carla Contact signs) and Metaalwerk Noord (its primary
    contact Henk Hamer signs); both hosts have a supervisor."""
    second = OrganisationFactory(name="Metaalwerk Noord", kvk_number="12345678", street="Havenweg 3",
                                 postcode="9711AA", city="Groningen", routes=[world.route])  # fmt: skip
    second_contact = AffiliationFactory(
        organisation=second, is_primary_contact=True, email="henk@metaalwerk.nl",
        person__first_name="Henk", person__last_name="Hamer", function_title="Directeur",
    )  # fmt: skip
    first_supervisor = AffiliationFactory(
        organisation=world.company, email="wim@korenaar.nl", person__first_name="Wim", person__last_name="Praktijk"
    )
    second_supervisor = AffiliationFactory(
        organisation=second, email="sanne@metaalwerk.nl", person__first_name="Sanne", person__last_name="Smit"
    )
    student = StudentFactory(
        route=world.route, first_name="Lotte", last_name="Jansen", email="lotte@student.nl", student_number="2000002"
    )
    placement = placement_with_hosts(
        student=student,
        hosts=[(world.company, 3), (second, 1)],
        supervisors=[first_supervisor, second_supervisor],
    )
    template = published_template(world.route)
    return Shared(placement=placement, template=template, second_company=second, second_contact=second_contact)


def sent_agreement(world: Any, shared: Shared, *, signing_order: str = "sequential") -> Agreement:
    agreement = agreement_create(by=world.users["coordinator"], placement=shared.placement)
    return agreement_send(
        by=world.users["coordinator"], agreement=agreement, signing_order=signing_order, version=agreement.version
    )


def signer_of(agreement: Agreement, party: str) -> AgreementSigner:
    return agreement.signers.get(party=party)


def sign(agreement: Agreement, party: str, **extra: Any) -> AgreementSigner:
    signer = signer_of(agreement, party)
    agreement.refresh_from_db()
    return agreement_sign(
        signer=signer,
        typed_name=signer.name,
        document_sha256=agreement.document_sha256,
        ip="192.0.2.10",
        user_agent="pytest",
        via=extra.pop("via", "link"),
        **extra,
    )


SEQUENCE = (Party.STUDENT, Party.COMPANY, Party.SECOND_COMPANY, Party.SCHOOL)


def sign_all(agreement: Agreement) -> Agreement:
    for party in SEQUENCE:
        sign(agreement, party)
    agreement.refresh_from_db()
    return agreement
