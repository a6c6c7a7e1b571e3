"""Demo data of agreements, for `verbinder seed_demo`: written after the placements' demo data.

Per route: the standard template (the first route's made by the services, `template_default_create` and
`template_publish`; the other routes get a published copy of it, written in bulk), the responsibility matrix
(`matrix_ensure`), and an agreement for each placement: a signed one for most
current placements, one waiting for signatures, one draft and one expired per route; the ended placements' ones
signed (completed) or terminated (ended early).

The demo logins' agreements go through the services, with real PDFs: the demo student's shared placement is sent
to all four parties at once, the student has signed, and the two demo company contacts (and the coordinator) are
still to sign; the placement the demo workplace supervisor guides is signed by everyone, with its final PDF. The
other agreements are written with bulk_create and share those two stored PDFs (and so their hashes): rendering
thousands of PDFs would take minutes. Their content is left empty, so that their pages and previews fill the
text from the placement. Dates are counted from the day of seeding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import DateTimeField, Model, Prefetch
from django.utils import timezone

from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.agreements.enums import (
    AgreementEventKind,
    AgreementStatus,
    Party,
    SignedVia,
    SignerStatus,
    SigningOrder,
    TemplateStatus,
)
from verbinder.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementSigner,
    AgreementTemplate,
    TemplateClause,
)
from verbinder.partners.models import Route
from verbinder.placements.enums import PlacementEventKind, PlacementStatus
from verbinder.placements.models import Placement, PlacementHost

BATCH_SIZE = 1000
DEMO_IP = "192.0.2.10"  # TEST-NET-1: documentation addresses, never a real visitor's
DEMO_BROWSER = "Demo (seed_demo)"
PARTY_POSITION: dict[str, int] = {Party.STUDENT: 1, Party.COMPANY: 2, Party.SECOND_COMPANY: 3, Party.SCHOOL: 4}
# Per route, which current placements (by their order: the placements' demo writes three shared ones first) do not
# have a signed agreement: a shared one waits for its four parties, two plain ones are a draft and expired.
OPEN_PLAN = {1: AgreementStatus.SENT, 8: AgreementStatus.DRAFT, 9: AgreementStatus.EXPIRED}


@dataclass
class _Documents:
    """The stored PDFs the bulk-written agreements share: one to sign, one signed."""

    document: str
    document_sha256: str
    final: str
    final_sha256: str


def _moment(day: Any, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _coordinators(routes: Sequence[Route]) -> dict[int, User]:
    found: dict[int, User] = {}
    assignments = RoleAssignment.objects.filter(
        route_id__in=[route.pk for route in routes], role=Role.COORDINATOR
    ).select_related("user")
    for assignment in assignments.order_by("pk"):
        assert assignment.route_id is not None
        if not assignment.user.email.startswith("landelijk."):
            found.setdefault(assignment.route_id, assignment.user)
    return found


def _templates(routes: Sequence[Route], coordinators: dict[int, User]) -> dict[int, AgreementTemplate]:
    """The first route's standard template through the services; a published copy for every other route."""
    from verbinder.agreements.services.templates import template_default_create, template_publish

    first = routes[0]
    by = coordinators.get(first.pk)
    template = template_default_create(by=by, route=first)
    template = template_publish(by=by, template=template, version=template.version)
    clauses = list(template.clauses.order_by("position", "pk"))
    now = timezone.now()
    copies = [
        AgreementTemplate(
            route=route,
            number=1,
            title=template.title,
            introduction=template.introduction,
            include_matrix=template.include_matrix,
            status=TemplateStatus.PUBLISHED,
            created_by=coordinators.get(route.pk),
            published_by=coordinators.get(route.pk),
            published_at=now,
        )
        for route in routes[1:]
    ]
    AgreementTemplate.objects.bulk_create(copies, batch_size=BATCH_SIZE)
    TemplateClause.objects.bulk_create(
        (
            TemplateClause(
                template=copy,
                party=clause.party,
                topic=clause.topic,
                position=clause.position,
                heading=clause.heading,
                body=clause.body,
            )
            for copy in copies
            for clause in clauses
        ),
        batch_size=BATCH_SIZE,
    )
    return {template.route_id: template, **{copy.route_id: copy for copy in copies}}


def _matrices(routes: Sequence[Route]) -> None:
    from verbinder.agreements.services.matrix import matrix_ensure

    for route in routes:
        matrix_ensure(route=route)


def _sign(agreement: Agreement, signer: AgreementSigner) -> None:
    from verbinder.agreements.services.signing import agreement_sign

    agreement.refresh_from_db()
    agreement_sign(
        signer=signer,
        typed_name=signer.name,
        document_sha256=agreement.document_sha256,
        ip=DEMO_IP,
        user_agent=DEMO_BROWSER,
        user=signer.user,
        via=SignedVia.LOGIN if signer.user_id else SignedVia.LINK,
    )


def _featured(first: Route, coordinator: User | None) -> tuple[list[Agreement], _Documents | None]:
    """The demo logins' agreements, through the services (with real PDFs): the demo student's shared placement
    waiting for the companies and the coordinator; the demo workplace supervisor's other student signed by all."""
    from verbinder.agreements.services.agreements import agreement_create, agreement_send
    from verbinder.core.demo import login_email

    student = User.objects.filter(email=login_email("student")).first()
    supervised = (
        Placement.objects.filter(
            route=first,
            status=PlacementStatus.ACTIVE,
            hosts__is_current=True,
            hosts__supervisor__email__iexact=login_email("praktijkbegeleider"),
        )
        .exclude(student__user=student)
        .order_by("-pk")
        .first()
    )
    shared = Placement.objects.filter(route=first, student__user=student).order_by("-pk").first()
    made: list[Agreement] = []
    documents: _Documents | None = None
    if supervised is not None:
        agreement = agreement_create(by=coordinator, placement=supervised)
        agreement = agreement_send(
            by=coordinator, agreement=agreement, signing_order=SigningOrder.SEQUENTIAL, version=agreement.version
        )
        for signer in list(agreement.signers.order_by("position", "pk")):
            _sign(agreement, signer)
        agreement.refresh_from_db()
        made.append(agreement)
        documents = _Documents(
            document=agreement.document.name,
            document_sha256=agreement.document_sha256,
            final=agreement.final_document.name,
            final_sha256=agreement.final_sha256,
        )
    if shared is not None:
        agreement = agreement_create(by=coordinator, placement=shared)
        agreement = agreement_send(
            by=coordinator, agreement=agreement, signing_order=SigningOrder.PARALLEL, version=agreement.version
        )
        _sign(agreement, agreement.signers.get(party=Party.STUDENT))
        agreement.refresh_from_db()
        made.append(agreement)
    return made, documents


class _Bulk:
    """The other agreements, their signers and events, in memory until written."""

    def __init__(
        self, *, documents: _Documents, templates: dict[int, AgreementTemplate], coordinators: dict[int, User]
    ):
        self.documents = documents
        self.templates = templates
        self.coordinators = coordinators
        self.now = timezone.now()
        self.agreements: list[Agreement] = []
        self.signers: list[AgreementSigner] = []
        self.events: list[AgreementEvent] = []
        self.times: list[datetime] = []

    def _event(self, agreement: Agreement, kind: str, at: datetime, *, signer: AgreementSigner | None = None) -> None:
        actor = (
            signer.name
            if signer
            else (self.coordinators[agreement.route_id].name if agreement.route_id in self.coordinators else "")
        )
        self.events.append(
            AgreementEvent(
                agreement=agreement,
                kind=kind,
                signer=signer,
                actor=signer.user if signer else self.coordinators.get(agreement.route_id),
                actor_name=actor,
                ip_address=DEMO_IP if kind == AgreementEventKind.SIGNED else None,
            )
        )
        self.times.append(at)

    def _people(self, placement: Placement) -> list[tuple[str, str, str, str, Any, Any]]:
        """(party, name, e-mail, role, account, organisation) of each signer."""
        student = placement.student
        coordinator = self.coordinators.get(placement.route_id)
        people: list[tuple[str, str, str, str, Any, Any]] = [
            (Party.STUDENT, student.full_name, student.email, "Student", student.user, None),
            (
                Party.SCHOOL,
                coordinator.name if coordinator else placement.route.hogeschool,
                coordinator.email if coordinator else "",
                "Coördinator",
                coordinator,
                None,
            ),
        ]
        hosts: list[PlacementHost] = placement.hosts_list  # type: ignore[attr-defined]
        current = [host for host in hosts if host.is_current]
        # An ended placement has no current host: its last host per slot signed.
        by_slot = {host.slot: host for host in (current or hosts)}
        for host in [by_slot[slot] for slot in sorted(by_slot)][:2]:
            party = Party.COMPANY if host.slot == 1 else Party.SECOND_COMPANY
            supervisor = host.supervisor
            name = supervisor.person.full_name if supervisor else host.organisation.name
            email = supervisor.email if supervisor else ""
            role = (supervisor.function_title if supervisor else "") or "Praktijkbegeleider"
            people.append((party, name, email, role, None, host.organisation))
        return people

    def add(self, placement: Placement, status: str) -> None:
        template = self.templates[placement.route_id]
        started = _moment(placement.start_date) - timedelta(days=21)
        if status in (AgreementStatus.SENT, AgreementStatus.DRAFT):
            started = self.now - timedelta(days=9)
        elif status == AgreementStatus.EXPIRED:
            started = self.now - timedelta(days=44)
        sent = status != AgreementStatus.DRAFT
        agreement = Agreement(
            route_id=placement.route_id,
            placement=placement,
            template=template,
            title=template.title,
            status=status,
            signing_order=SigningOrder.PARALLEL,
            start_date=placement.start_date,
            end_date=placement.end_date,
            created_by=self.coordinators.get(placement.route_id),
        )
        if sent:
            agreement.document.name = self.documents.document
            agreement.document_sha256 = self.documents.document_sha256
            agreement.sent_at = started
            agreement.sent_by = agreement.created_by
            agreement.expires_at = started + timedelta(days=30)
        signed_all = status in (AgreementStatus.SIGNED, AgreementStatus.TERMINATED)
        if signed_all:
            agreement.final_document.name = self.documents.final
            agreement.final_sha256 = self.documents.final_sha256
            agreement.completed_at = started + timedelta(days=6)
        if status == AgreementStatus.TERMINATED:
            ended = placement.ended_on or placement.end_date
            agreement.terminated_on = ended
            agreement.termination_reason = placement.end_reason or "De student is voortijdig gestopt."
        self.agreements.append(agreement)
        self._event(agreement, AgreementEventKind.CREATED, started - timedelta(days=2))
        if sent:
            self._event(agreement, AgreementEventKind.SENT, started)
        people = self._people(placement)
        for index, (party, name, email, role, user, organisation) in enumerate(
            sorted(people, key=lambda person: PARTY_POSITION[person[0]])
        ):
            # Waiting agreements: the student has signed; the expired one: nobody did.
            signed = signed_all or (status == AgreementStatus.SENT and party == Party.STUDENT)
            signed_at = started + timedelta(days=1 + index)
            signer = AgreementSigner(
                agreement=agreement,
                party=party,
                position=PARTY_POSITION[party],
                organisation=organisation,
                user=user,
                name=name[:200],
                email=email,
                role=role[:200],
                status=SignerStatus.SIGNED if signed else SignerStatus.INVITED if sent else SignerStatus.PENDING,
                invited_at=started if sent else None,
            )
            if signed:
                signer.signed_at = signed_at
                signer.signed_name = signer.name
                signer.signed_ip = DEMO_IP
                signer.signed_user_agent = DEMO_BROWSER
                signer.signed_sha256 = self.documents.document_sha256
                signer.signed_via = SignedVia.LOGIN if user else SignedVia.LINK
            self.signers.append(signer)
            if sent and not signed_all:  # the signed ones' trails go from sending to the signatures: fewer rows
                self._event(agreement, AgreementEventKind.INVITED, started, signer=signer)
            if signed:
                self._event(agreement, AgreementEventKind.SIGNED, signed_at, signer=signer)
        if signed_all:
            self._event(agreement, AgreementEventKind.COMPLETED, started + timedelta(days=6))
        if status == AgreementStatus.EXPIRED:
            self._event(agreement, AgreementEventKind.EXPIRED, started + timedelta(days=30))
        if status == AgreementStatus.TERMINATED:
            self._event(agreement, AgreementEventKind.TERMINATED, _moment(agreement.terminated_on))

    def write(self) -> None:
        Agreement.objects.bulk_create(self.agreements, batch_size=BATCH_SIZE)
        AgreementSigner.objects.bulk_create(self.signers, batch_size=BATCH_SIZE)
        for event, at in zip(self.events, self.times, strict=True):
            event.created_at = at
        # created_at is stamped on insert (auto_now_add); the story's own times are kept by turning that off for
        # this one insert (an update afterwards would cost a statement per batch of CASE clauses).
        field = AgreementEvent._meta.get_field("created_at")
        assert isinstance(field, DateTimeField)
        field.auto_now_add = False
        try:
            AgreementEvent.objects.bulk_create(self.events, batch_size=BATCH_SIZE)
        finally:
            field.auto_now_add = True


def _placements(routes: Sequence[Route], skip: set[int]) -> list[Placement]:
    hosts = PlacementHost.objects.select_related("organisation", "supervisor__person").order_by("slot", "pk")
    return list(
        Placement.objects.filter(route_id__in=[route.pk for route in routes])
        .exclude(pk__in=skip)
        .select_related("student__user", "route")
        .prefetch_related(Prefetch("hosts", queryset=hosts, to_attr="hosts_list"))
        .order_by("route_id", "pk")
    )


def agreements_demo_seed(*, routes: list[Route]) -> dict[str, list[Model]]:
    """Write the agreements demo data of the routes (after their placements). Returns the bulk-written rows by
    kind, for the activity log (the services log their own)."""
    if not routes:
        return {}
    coordinators = _coordinators(routes)
    templates = _templates(routes, coordinators)
    _matrices(routes)
    featured, documents = _featured(routes[0], coordinators.get(routes[0].pk))
    if documents is None:
        return {}
    bulk = _Bulk(documents=documents, templates=templates, coordinators=coordinators)
    current_index: dict[int, int] = {}
    ended_early = set(
        Placement.objects.filter(
            route_id__in=[route.pk for route in routes], events__kind=PlacementEventKind.ENDED
        ).values_list("pk", flat=True)
    )
    for placement in _placements(routes, skip={agreement.placement_id for agreement in featured}):
        if not placement.hosts_list:  # type: ignore[attr-defined]
            continue
        if placement.status == PlacementStatus.ENDED:
            bulk.add(placement, AgreementStatus.TERMINATED if placement.pk in ended_early else AgreementStatus.SIGNED)
            continue
        index = current_index.get(placement.route_id, 0)
        current_index[placement.route_id] = index + 1
        bulk.add(placement, OPEN_PLAN.get(index, AgreementStatus.SIGNED))
    bulk.write()
    return {
        "agreements.template.published": [templates[route.pk] for route in routes[1:]],
        "agreements.agreement.created": list(bulk.agreements),
    }
