"""What an external user sees of placements in the portal: a company contact their companies' workplaces,
placements and proposals; a workplace supervisor the students they supervise; a student their own placement,
the open workplaces of their route and the proposals waiting for their answer.

Everything is read through the models' `visible_to(user)` and narrowed to the user's portal roles (a
coordinator reaches every placement of their route, but has their own pages, not these). Of a placement a
viewer sees only their own part: the hosts of their companies or that they supervise, in full; of another
company of a shared placement only its name (and, for a company contact, its share) — never its supervisor,
contract or dates. A student sees all of their own placement. The parts are built here, so that the templates
never hold another company's host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from verbinder.accounts.scope import scope_for
from verbinder.agreements.enums import AgreementStatus, Party, SignerStatus
from verbinder.agreements.models import Agreement, AgreementSigner, own_signer_condition, party_route_condition
from verbinder.partners.models import Organisation, Route
from verbinder.placements.enums import (
    CURRENT_PLACEMENT_STATUSES,
    MatchAnswer,
    MatchStatus,
    WorkplaceStatus,
)
from verbinder.placements.models import MatchProposal, Placement, PlacementHost, Student, Workplace

# ---------------------------------------------------------------------------------------------------------------
# Which placements and hosts are the user's in the portal


def _placement_reach(user: Any) -> Any:
    """Placements in which the user is the student, a contact of a host company, or a host's supervisor."""
    scope = scope_for(user)
    reach: Any = Q(student__user_id=user.pk)
    if scope.contact_organisation_ids:
        reach |= Exists(
            PlacementHost.objects.filter(
                placement_id=OuterRef("pk"), organisation_id__in=scope.contact_organisation_ids
            )
        )
    if scope.supervisor_organisation_ids:
        reach |= Exists(PlacementHost.objects.supervised_by(user).filter(placement_id=OuterRef("pk")))
    return reach


def _own_host_condition(user: Any) -> Q | None:
    """Hosts that are the user's own part: of a company they are a contact of, or supervised by them."""
    scope = scope_for(user)
    condition: Q | None = None
    if scope.contact_organisation_ids:
        condition = Q(organisation_id__in=scope.contact_organisation_ids)
    if scope.supervisor_organisation_ids:
        supervised = Q(pk__in=PlacementHost.objects.supervised_by(user).values("pk"))
        condition = supervised if condition is None else condition | supervised
    return condition


def _flag(condition: Q | None) -> Any:
    if condition is None:
        return Value(False)
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _hosts_for(user: Any) -> QuerySet[PlacementHost]:
    """A placement's hosts, each marked `is_own` (the user's part) and `is_contact` (of the user's companies)."""
    scope = scope_for(user)
    contact = Q(organisation_id__in=scope.contact_organisation_ids) if scope.contact_organisation_ids else None
    return (
        PlacementHost.objects.select_related("organisation", "supervisor__person")
        .annotate(is_own=_flag(_own_host_condition(user)), is_contact=_flag(contact))
        .order_by("-is_current", "slot", "start_date", "pk")
    )


def _current_first() -> Any:
    return Case(When(status__in=CURRENT_PLACEMENT_STATUSES, then=Value(0)), default=Value(1))


def portal_placements(*, user: Any) -> QuerySet[Placement]:
    """The user's placements in the portal (current first, newest first), with student, teacher and hosts
    (`portal_hosts`, marked as in `_hosts_for`). Turn each into a `PlacementPart` before showing it."""
    return (
        Placement.objects.visible_to(user)
        .filter(_placement_reach(user))
        .select_related("student", "teacher")
        .prefetch_related(Prefetch("hosts", queryset=_hosts_for(user), to_attr="portal_hosts"))
        .annotate(current_order=_current_first())
        .order_by("current_order", "-start_date", "-pk")
    )


@dataclass(frozen=True)
class OtherHost:
    """Another company of a shared placement, as far as the viewer may know it."""

    name: str
    share: Decimal | None  # None when the viewer may not see it (a supervisor)


@dataclass(frozen=True)
class PlacementPart:
    """The part of a placement a user may see."""

    placement: Placement
    is_student: bool
    own_hosts: list[PlacementHost] = field(default_factory=list)
    others: list[OtherHost] = field(default_factory=list)

    @property
    def current_own_hosts(self) -> list[PlacementHost]:
        return [host for host in self.own_hosts if host.is_current]


def placement_part(*, user: Any, placement: Placement) -> PlacementPart:
    """Split a placement from `portal_placements` into the viewer's own hosts and the rest, named only.

    The student sees every host. Anyone else sees their own hosts; and, while one of those is current, the
    other current company of a shared placement by name (with its share for a company contact)."""
    hosts: list[PlacementHost] = placement.portal_hosts  # type: ignore[attr-defined]
    if placement.student.user_id == user.pk:
        return PlacementPart(placement=placement, is_student=True, own_hosts=hosts)
    own = [host for host in hosts if host.is_own]  # type: ignore[attr-defined]
    others: list[OtherHost] = []
    current_own = [host for host in own if host.is_current]
    if current_own:
        as_contact = any(host.is_contact for host in current_own)  # type: ignore[attr-defined]
        own_ids = {host.pk for host in own}
        others = [
            OtherHost(name=host.organisation.name, share=host.share if as_contact else None)
            for host in hosts
            if host.is_current and host.pk not in own_ids
        ]
    return PlacementPart(placement=placement, is_student=False, own_hosts=own, others=others)


def placement_get_for_portal(*, user: Any, pk: int) -> PlacementPart:
    """One of the user's placements in the portal, as their part; else 404."""
    placement = get_object_or_404(portal_placements(user=user), pk=pk)
    return placement_part(user=user, placement=placement)


# ---------------------------------------------------------------------------------------------------------------
# A company contact's company


def company_get_for_contact(*, user: Any, pk: int) -> Organisation:
    """A company of which the user is a contact (and which they may see); else 404."""
    contact_ids = scope_for(user).contact_organisation_ids
    return get_object_or_404(Organisation.objects.visible_to(user).active().filter(pk__in=contact_ids), pk=pk)


def company_workplaces(*, user: Any, organisation: Organisation) -> QuerySet[Workplace]:
    """The company's learning workplaces: awaiting approval first, then open, filled, withdrawn."""
    order = Case(
        When(status=WorkplaceStatus.PROPOSED, then=Value(0)),
        When(status=WorkplaceStatus.OPEN, then=Value(1)),
        When(status=WorkplaceStatus.FILLED, then=Value(2)),
        default=Value(3),
    )
    return (
        Workplace.objects.visible_to(user)
        .filter(organisation_id=organisation.pk)
        .annotate(status_order=order)
        .order_by("status_order", "start_date", "title", "pk")
    )


def company_placements(*, user: Any, organisation: Organisation) -> QuerySet[Placement]:
    """The placements in which the company is or was a host: current first (see `portal_placements`)."""
    return portal_placements(user=user).filter(
        Exists(PlacementHost.objects.filter(placement_id=OuterRef("pk"), organisation_id=organisation.pk))
    )


def company_proposals_waiting(*, user: Any, organisation: Organisation) -> QuerySet[MatchProposal]:
    """Proposed matches at the company's workplaces that wait for the company's answer, oldest first."""
    return (
        MatchProposal.objects.visible_to(user)
        .filter(
            workplace__organisation_id=organisation.pk,
            status=MatchStatus.PROPOSED,
            company_answer=MatchAnswer.PENDING,
        )
        .select_related("workplace", "student")
        .order_by("created_at", "pk")
    )


# ---------------------------------------------------------------------------------------------------------------
# A workplace supervisor's students


def supervised_hosts(*, user: Any) -> QuerySet[PlacementHost]:
    """The hosts the user supervises, current first, with the placement, its student and teacher, and the
    placement's current hosts (`current_hosts`, to name the other company of a shared placement)."""
    current = PlacementHost.objects.filter(is_current=True).select_related("organisation").order_by("slot", "pk")
    return (
        PlacementHost.objects.supervised_by(user)
        .filter(placement__in=Placement.objects.visible_to(user))
        .select_related("organisation", "placement__student", "placement__teacher")
        .prefetch_related(Prefetch("placement__hosts", queryset=current, to_attr="current_hosts"))
        .order_by("-is_current", "-placement__start_date", "-pk")
    )


def other_current_names(*, host: PlacementHost) -> list[str]:
    """The other current companies of a supervised host's placement (from `supervised_hosts`), while it is current."""
    if not host.is_current:
        return []
    current: list[PlacementHost] = host.placement.current_hosts  # type: ignore[attr-defined]
    return [other.organisation.name for other in current if other.pk != host.pk]


# ---------------------------------------------------------------------------------------------------------------
# A student's own placement, workplaces and proposals


def student_record(*, user: Any) -> Student | None:
    """The user's own student record, if they have one."""
    return Student.objects.visible_to(user).filter(user_id=user.pk).select_related("teacher").first()


def student_placements(*, user: Any, student: Student) -> QuerySet[Placement]:
    """The student's own placements (current first), with every host and its supervisor."""
    return portal_placements(user=user).filter(student_id=student.pk)


def student_open_workplaces(*, user: Any, student: Student) -> QuerySet[Workplace]:
    """The open learning workplaces of the student's route, soonest start first."""
    return (
        Workplace.objects.visible_to(user)
        .filter(route_id=student.route_id, status=WorkplaceStatus.OPEN)
        .select_related("organisation")
        .order_by("start_date", "title", "pk")
    )


def student_proposals_waiting(*, user: Any, student: Student) -> QuerySet[MatchProposal]:
    """Proposed matches that wait for the student's answer, oldest first."""
    return (
        MatchProposal.objects.visible_to(user)
        .filter(student_id=student.pk, status=MatchStatus.PROPOSED, student_answer=MatchAnswer.PENDING)
        .select_related("workplace__organisation")
        .order_by("created_at", "pk")
    )


# ---------------------------------------------------------------------------------------------------------------
# Agreements: the student's own, and those in which a company the user is a contact of signs


def portal_agreement_reach(user: Any) -> bool:
    """Whether the user has agreements in the portal: as a student or as a company contact."""
    scope = scope_for(user)
    return bool(scope.contact_organisation_ids) or Student.objects.filter(user_id=user.pk).exists()


def portal_agreements(*, user: Any) -> QuerySet[Agreement]:
    """The user's agreements in the portal: those waiting for the user's signature first, then newest first;
    each with its student and signers, and `waiting_for_me` (the user's signature is asked for now)."""
    scope = scope_for(user)
    reach: Any = Q(placement__student__user_id=user.pk)
    if scope.contact_organisation_ids:
        reach |= Exists(
            AgreementSigner.objects.filter(
                agreement_id=OuterRef("pk"),
                party__in=(Party.COMPANY, Party.SECOND_COMPANY),
                organisation_id__in=scope.contact_organisation_ids,
            )
        )
    waiting = Exists(
        AgreementSigner.objects.filter(agreement_id=OuterRef("pk"), status=SignerStatus.INVITED).filter(
            own_signer_condition(user)
        )
    )
    return (
        Agreement.objects.visible_to(user)
        .filter(reach)
        .exclude(status=AgreementStatus.DRAFT)
        .select_related("placement__student")
        .prefetch_related("signers")
        .annotate(waiting_for_me=Case(When(waiting & Q(status=AgreementStatus.SENT), then=Value(True)),
                                      default=Value(False), output_field=BooleanField()))
        .order_by("-waiting_for_me", "-sent_at", "-pk")
    )  # fmt: skip


def agreement_get_for_portal(*, user: Any, pk: int) -> Agreement:
    """One of the user's portal agreements (404 otherwise)."""
    return get_object_or_404(portal_agreements(user=user), pk=pk)


def party_routes(*, user: Any) -> QuerySet[Route]:
    """The routes of which the user is an external party (for the route's responsibility matrix)."""
    return Route.objects.filter(party_route_condition(user, "pk")).order_by("programme_name", "pk")
