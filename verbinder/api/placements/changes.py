"""Changes of a placement, each an action with the `version` you read (409 when stale), a date within the
placement's period (`on`) and a reason, and each kept as an event on the placement's timeline. For the route's
coordinators (and administrators); others who see the placement: 403. The services check everything and answer
their messages and codes as a 422 at the field to blame."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router

from verbinder.accounts.models import User
from verbinder.api.errors import CONFLICT, WRITE, Invalid, errors, stale_conflict
from verbinder.api.fields import BodyId, Flag, Notes, Version
from verbinder.api.partners.schemas import InputSchema
from verbinder.api.permissions import require_perm
from verbinder.api.placements.placements import PlacementDetailOut, PlacementId, placement_detail_out, placement_get
from verbinder.api.placements.schemas import Amount, IsoDate, amount, invalid
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners.models import Affiliation, Organisation
from verbinder.partners.selectors import organisation_get_for_user
from verbinder.placements.enums import ContractType
from verbinder.placements.models import Placement, PlacementHost, Workplace
from verbinder.placements.services import placements as services
from verbinder.placements.services.placements import HostInput
from verbinder.placements.services.students import route_staff_ids

router = Router(tags=["placements"])


class ChangeIn(InputSchema):
    version: Version
    on: IsoDate = Field(description="The day the change takes effect, within the placement's period.")
    reason: Notes = Field(description="Why: kept on the placement's timeline.")


class HostIn(InputSchema):
    organisation: BodyId = Field(description="A company of the placement's route.")
    supervisor: BodyId | None = Field(None, description="A current affiliation (role) of a person at the company.")
    contract_type: ContractType = ContractType.LEARNING_WORK
    workplace: BodyId | None = Field(None, description="A learning workplace of the company in the route.")


class NewHostIn(HostIn):
    share: Amount


class ShareIn(InputSchema):
    host: BodyId = Field(description="A current host (its id in `hosts`).")
    share: Amount


class HostAddIn(ChangeIn):
    host: NewHostIn
    shares: list[ShareIn] = Field(max_length=2, description="The current host's new (lower) share.")
    accept_non_sme: Flag = Field(False, description="Add the company even though it is not an SME.")


class HostRemoveIn(ChangeIn):
    host: BodyId = Field(description="The current host that leaves; the other one gets the whole week.")


class EmployerChangeIn(ChangeIn):
    host: BodyId = Field(description="The current host that is replaced; the new company takes its share.")
    new: HostIn
    accept_non_sme: Flag = Field(False, description="Change to the company even though it is not an SME.")


class SharesChangeIn(ChangeIn):
    shares: list[ShareIn] = Field(min_length=1, max_length=2)
    working_per_week: Amount | None = Field(None, description="A new working time; the shares add up to it.")


class HostUpdateIn(ChangeIn):
    host: BodyId
    supervisor: BodyId | None = Field(description="A current affiliation at the host company, or null for none.")
    contract_type: ContractType


class DetailsUpdateIn(ChangeIn):
    teacher: BodyId | None = Field(description="A teacher or coordinator of the route, or null for none.")
    end_date: IsoDate


class PauseIn(ChangeIn):
    expected_return: IsoDate | None = Field(None, description="When the student is expected back, if known.")


def _host_of(placement: Placement, pk: int, loc: str = "host") -> PlacementHost:
    host = placement.hosts.filter(pk=pk).select_related("organisation").first()
    if host is None:
        raise Invalid.at(
            ["body", "payload", loc], _("This company is not a current host of the placement."), "unknown_host"
        )
    return host


def _supervisor(pk: int | None, organisation: Organisation, loc: list[str | int]) -> Affiliation | None:
    """Only a person at the host company: an id of anyone else's role is refused without naming them."""
    if pk is None:
        return None
    found = Affiliation.objects.filter(pk=pk, organisation=organisation, ended_on__isnull=True).first()
    if found is None:
        raise Invalid.at(
            ["body", "payload", *loc],
            _("Choose a workplace supervisor who works at %(company)s.") % {"company": organisation.name},
            "supervisor_not_at_host",
        )
    return found


def _host_input(request: HttpRequest, host: HostIn, share: Decimal, loc: str) -> HostInput:
    organisation = organisation_get_for_user(user=request.user, pk=host.organisation)
    workplace = None
    if host.workplace is not None:
        workplace = get_object_or_404(Workplace.objects.visible_to(request.user), pk=host.workplace)
    return HostInput(
        organisation=organisation,
        share=share,
        supervisor=_supervisor(host.supervisor, organisation, [loc, "supervisor"]),
        contract_type=host.contract_type,
        workplace=workplace,
    )


def _shares(shares: list[ShareIn]) -> dict[int, Decimal]:
    return {item.host: amount(item.share) for item in shares}


def _change(request: HttpRequest, placement_id: int, change: Callable[[Placement], Any]) -> PlacementDetailOut:
    """Find the placement (404), check the coordinator's right (403), make the change (409 when stale, 422 with
    the service's messages), and answer the placement as it is now."""
    placement = placement_get(request.user, placement_id)
    require_perm(request.user, "placements.change_placement", placement)
    try:
        change(placement)
    except StaleVersionError as exc:
        current = Placement.objects.values_list("version", flat=True).get(pk=placement.pk)
        raise stale_conflict(Placement, exc, current) from exc
    except ValidationError as exc:
        raise invalid(exc) from exc
    return placement_detail_out(request.user, placement_get(request.user, placement_id))


CHANGED = {200: PlacementDetailOut, **errors(*WRITE, CONFLICT)}


@router.post("/placements/{placement_id}/add-host", response=CHANGED, url_name="placement-host-add")
def placement_host_add(request: HttpRequest, payload: HostAddIn, placement_id: int = PlacementId) -> Any:
    """Add a second host company from `on`, making it a shared placement: give the current host its new, lower
    share in `shares`; the new host's share makes up the rest. A company that is not an SME: 422 with type
    `not_sme` (naming its size), unless `accept_non_sme` is true."""

    def change(placement: Placement) -> Any:
        return services.placement_host_add(
            by=request.user,
            placement=placement,
            host=_host_input(request, payload.host, amount(payload.host.share), "host"),
            shares=_shares(payload.shares),
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
            accept_non_sme=payload.accept_non_sme,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/remove-host", response=CHANGED, url_name="placement-host-remove")
def placement_host_remove(request: HttpRequest, payload: HostRemoveIn, placement_id: int = PlacementId) -> Any:
    """One of two host companies leaves from `on` (it stays in `past_hosts`); the other gets the whole week."""

    def change(placement: Placement) -> Any:
        return services.placement_host_remove(
            by=request.user,
            placement=placement,
            host=_host_of(placement, payload.host),
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/change-employer", response=CHANGED, url_name="placement-employer-change")
def placement_employer_change(request: HttpRequest, payload: EmployerChangeIn, placement_id: int = PlacementId) -> Any:
    """The student changes employer from `on`: the host closes, the new company takes its place and share, with
    its own supervisor and contract. Not an SME: 422 `not_sme` unless `accept_non_sme`."""

    def change(placement: Placement) -> Any:
        old = _host_of(placement, payload.host)
        return services.placement_employer_change(
            by=request.user,
            placement=placement,
            host=old,
            new=_host_input(request, payload.new, old.share, "new"),
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
            accept_non_sme=payload.accept_non_sme,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/change-shares", response=CHANGED, url_name="placement-shares-change")
def placement_shares_change(request: HttpRequest, payload: SharesChangeIn, placement_id: int = PlacementId) -> Any:
    """New shares for the current hosts (the ones left out keep theirs) and optionally a new working time; they
    must add up."""

    def change(placement: Placement) -> Any:
        return services.placement_shares_change(
            by=request.user,
            placement=placement,
            shares=_shares(payload.shares),
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
            working_per_week=amount(payload.working_per_week) if payload.working_per_week is not None else None,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/update-host", response=CHANGED, url_name="placement-host-update")
def placement_host_update(request: HttpRequest, payload: HostUpdateIn, placement_id: int = PlacementId) -> Any:
    """A current host's workplace supervisor (praktijkbegeleider) or contract type changes from `on`."""

    def change(placement: Placement) -> Any:
        host = _host_of(placement, payload.host)
        return services.placement_host_update(
            by=request.user,
            placement=placement,
            host=host,
            supervisor=_supervisor(payload.supervisor, host.organisation, ["supervisor"]),
            contract_type=payload.contract_type,
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/update-details", response=CHANGED, url_name="placement-details-update")
def placement_details_update(request: HttpRequest, payload: DetailsUpdateIn, placement_id: int = PlacementId) -> Any:
    """Another teacher (docent-begeleider) or end date."""

    def change(placement: Placement) -> Any:
        teacher = None
        if payload.teacher is not None:
            teacher = User.objects.filter(pk=payload.teacher, pk__in=route_staff_ids(route=placement.route)).first()
            if teacher is None:
                raise Invalid.at(
                    ["body", "payload", "teacher"],
                    _("The teacher must be a teacher or coordinator of this route."),
                    "teacher_not_staff",
                )
        return services.placement_details_update(
            by=request.user,
            placement=placement,
            teacher=teacher,
            end_date=payload.end_date,
            on=payload.on,
            reason=payload.reason,
            version=payload.version,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/pause", response=CHANGED, url_name="placement-pause")
def placement_pause(request: HttpRequest, payload: PauseIn, placement_id: int = PlacementId) -> Any:
    """A break in learning from `on`, with the reason and, when known, the expected return."""

    def change(placement: Placement) -> Any:
        return services.placement_pause(
            by=request.user,
            placement=placement,
            on=payload.on,
            reason=payload.reason,
            expected_return=payload.expected_return,
            version=payload.version,
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/resume", response=CHANGED, url_name="placement-resume")
def placement_resume(request: HttpRequest, payload: ChangeIn, placement_id: int = PlacementId) -> Any:
    """A paused placement goes on from `on`."""

    def change(placement: Placement) -> Any:
        return services.placement_resume(
            by=request.user, placement=placement, on=payload.on, reason=payload.reason, version=payload.version
        )

    return _change(request, placement_id, change)


@router.post("/placements/{placement_id}/end", response=CHANGED, url_name="placement-end")
def placement_end(request: HttpRequest, payload: ChangeIn, placement_id: int = PlacementId) -> Any:
    """End the placement early on `on`, with the reason (at most 500 characters)."""

    def change(placement: Placement) -> Any:
        return services.placement_end(
            by=request.user, placement=placement, on=payload.on, reason=payload.reason, version=payload.version
        )

    return _change(request, placement_id, change)
