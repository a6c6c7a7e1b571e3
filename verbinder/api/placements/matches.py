"""Proposed matches: a student at a learning workplace, on proposed terms. Staff of the route read them; its
coordinators propose, withdraw and resend them. The company contact of the workplace and the student each
answer, here when logged in (the e-mailed link without an account stays on the pages). Anyone else: 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from verbinder.api.errors import ACTION, CONFLICT, READ, WRITE, Invalid, errors, stale_conflict
from verbinder.api.fields import MAX_ID, BodyId, Flag, Notes, Text300, Version
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.partners.schemas import InputSchema
from verbinder.api.permissions import require_perm
from verbinder.api.placements.schemas import (
    Amount,
    IsoDate,
    RouteRef,
    StudentRef,
    SupervisorRef,
    UserRef,
    WorkplaceRef,
    amount,
    invalid,
    organisation_ref,
    route_ref,
    sees_all,
    supervisor_ref,
    user_ref,
)
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners.models import Affiliation
from verbinder.placements.enums import ContractType, MatchAnswer, MatchParty, MatchStatus, ShareUnit
from verbinder.placements.models import MatchProposal, Student, Workplace
from verbinder.placements.services import matching as services

router = Router(tags=["matches"])
MatchId = Path(..., ge=1, le=MAX_ID)


class MatchQuery(PageQuery):
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only proposals of this route.")
    status: MatchStatus | None = None


class MatchOut(Schema):
    id: int
    route: RouteRef | None = Field(description="null for callers outside the hogeschool.")
    workplace: WorkplaceRef
    student: StudentRef
    note: str = Field(description="The coordinator's note to both.")
    start_date: date
    end_date: date
    share_unit: ShareUnit
    working_per_week: float
    supervisor: SupervisorRef | None = Field(description="The proposed workplace supervisor (praktijkbegeleider).")
    contract_type: ContractType
    status: MatchStatus
    company_answer: MatchAnswer
    company_answered_at: datetime | None
    company_answered_by: str = Field(description="The name the company answered with.")
    student_answer: MatchAnswer
    student_answered_at: datetime | None
    decline_reason: str
    proposed_by: UserRef | None = Field(description="null for callers outside the hogeschool.")
    placement: int | None = Field(description="The placement made when both accepted.")
    created_at: datetime
    updated_at: datetime
    version: int


class MatchPage(PageOut):
    items: list[MatchOut]


def match_out(user: Any, proposal: MatchProposal) -> MatchOut:
    workplace = proposal.workplace
    student = proposal.student
    return MatchOut(
        id=proposal.pk,
        route=route_ref(user, proposal.route),
        workplace=WorkplaceRef(
            id=workplace.pk, title=workplace.title, organisation=organisation_ref(workplace.organisation)
        ),
        student=StudentRef(id=student.pk, first_name=student.first_name, last_name=student.last_name),
        note=proposal.note,
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        share_unit=ShareUnit(proposal.share_unit),
        working_per_week=float(proposal.working_per_week),
        supervisor=supervisor_ref(proposal.supervisor),
        contract_type=ContractType(proposal.contract_type),
        status=MatchStatus(proposal.status),
        company_answer=MatchAnswer(proposal.company_answer),
        company_answered_at=proposal.company_answered_at,
        company_answered_by=proposal.company_answered_by,
        student_answer=MatchAnswer(proposal.student_answer),
        student_answered_at=proposal.student_answered_at,
        decline_reason=proposal.decline_reason,
        proposed_by=user_ref(proposal.proposed_by) if sees_all(user, proposal.route_id) else None,
        placement=proposal.placement_id,
        created_at=proposal.created_at,
        updated_at=proposal.updated_at,
        version=proposal.version,
    )


def matches_for(user: Any) -> Any:
    return MatchProposal.objects.visible_to(user).select_related(
        "route", "workplace__organisation", "student", "supervisor__person", "proposed_by"
    )


def match_get(user: Any, pk: int) -> MatchProposal:
    return get_object_or_404(matches_for(user), pk=pk)


@router.get("/placements/matches", response={200: MatchPage, **errors(*READ)}, url_name="match-list")
def match_list(request: HttpRequest, filters: Query[MatchQuery]) -> dict[str, Any]:
    """The proposals you may see (staff: of your routes; a company contact: for their company's workplaces; a
    student: their own), newest first."""
    queryset = matches_for(request.user)
    if filters.route is not None:
        queryset = queryset.filter(route_id=filters.route)
    if filters.status is not None:
        queryset = queryset.filter(status=filters.status)
    page = paginate(queryset, filters)
    page["items"] = [match_out(request.user, proposal) for proposal in page["items"]]
    return page


@router.get("/placements/matches/{match_id}", response={200: MatchOut, **errors(*READ)}, url_name="match-detail")
def match_detail(request: HttpRequest, match_id: int = MatchId) -> MatchOut:
    return match_out(request.user, match_get(request.user, match_id))


class MatchIn(InputSchema):
    workplace: BodyId = Field(description="An open learning workplace of a route you coordinate.")
    student: BodyId = Field(description="A student of the same route without a current placement.")
    start_date: IsoDate
    end_date: IsoDate
    working_per_week: Amount
    share_unit: ShareUnit = ShareUnit.DAYS
    supervisor: BodyId | None = Field(None, description="A current affiliation (role) of a person at the company.")
    contract_type: ContractType = ContractType.LEARNING_WORK
    note: Notes = Field("", description="A note to both.")


class WithdrawIn(InputSchema):
    version: Version


class AnswerIn(InputSchema):
    accept: Flag
    reason: Text300 = Field("", description="Why not, when declining.")


@router.post("/placements/matches", response={201: MatchOut, **errors(*WRITE)}, url_name="match-list")
def match_create(request: HttpRequest, payload: MatchIn) -> Status[MatchOut]:
    """Propose a student for an open workplace with these terms (coordinators of the route): the company contacts
    and the student are e-mailed a link to answer. A workplace or student outside your reach: 404."""
    workplace = get_object_or_404(
        Workplace.objects.visible_to(request.user).select_related("organisation", "route"), pk=payload.workplace
    )
    require_perm(request.user, "placements.propose_match", workplace)
    student = get_object_or_404(Student.objects.visible_to(request.user), pk=payload.student)
    supervisor = None
    if payload.supervisor is not None:
        supervisor = Affiliation.objects.filter(pk=payload.supervisor, organisation=workplace.organisation).first()
        if supervisor is None:
            raise Invalid.at(
                ["body", "payload", "supervisor"],
                _("Choose a workplace supervisor who works at %(company)s.") % {"company": workplace.organisation.name},
                "supervisor_elsewhere",
            )
    try:
        proposal = services.match_propose(
            by=request.user,
            workplace=workplace,
            student=student,
            start_date=payload.start_date,
            end_date=payload.end_date,
            working_per_week=amount(payload.working_per_week),
            share_unit=payload.share_unit,
            supervisor=supervisor,
            contract_type=payload.contract_type,
            note=payload.note,
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, match_out(request.user, match_get(request.user, proposal.pk)))


@router.post(
    "/placements/matches/{match_id}/withdraw",
    response={200: MatchOut, **errors(*WRITE, CONFLICT)},
    url_name="match-withdraw",
)
def match_withdraw(request: HttpRequest, payload: WithdrawIn, match_id: int = MatchId) -> MatchOut:
    """Withdraw a proposal that still waits for answers (coordinators of the route): its links stop working.
    Send the `version` you read: 409 when an answer came in since."""
    proposal = match_get(request.user, match_id)
    require_perm(request.user, "placements.propose_match", proposal)
    try:
        services.match_withdraw(by=request.user, proposal=proposal, version=payload.version)
    except StaleVersionError as exc:
        current = MatchProposal.objects.values_list("version", flat=True).get(pk=proposal.pk)
        raise stale_conflict(MatchProposal, exc, current) from exc
    except ValidationError as exc:
        raise invalid(exc) from exc
    return match_out(request.user, match_get(request.user, match_id))


@router.post(
    "/placements/matches/{match_id}/resend", response={200: MatchOut, **errors(*ACTION)}, url_name="match-resend"
)
def match_resend(request: HttpRequest, match_id: int = MatchId) -> MatchOut:
    """E-mail new links to the parties that have not answered yet; their old links stop working (coordinators)."""
    proposal = match_get(request.user, match_id)
    require_perm(request.user, "placements.propose_match", proposal)
    try:
        services.match_resend(by=request.user, proposal=proposal)
    except ValidationError as exc:
        raise invalid(exc) from exc
    return match_out(request.user, match_get(request.user, match_id))


@router.post(
    "/placements/matches/{match_id}/answer", response={200: MatchOut, **errors(*WRITE)}, url_name="match-answer"
)
def match_answer(request: HttpRequest, payload: AnswerIn, match_id: int = MatchId) -> MatchOut:
    """Accept or decline a proposal: a company contact of the workplace's company for the company, the student for
    themselves (others who see it: 403). When both accept, the placement is made (`placement`). The e-mailed
    link, for those without an account, is answered on its page."""
    proposal = match_get(request.user, match_id)
    if request.user.has_perm("placements.answer_match_for_company", proposal):
        party = MatchParty.COMPANY
    elif request.user.has_perm("placements.answer_match_for_student", proposal):
        party = MatchParty.STUDENT
    else:
        raise PermissionDenied
    try:
        services.match_answer(
            proposal=proposal, party=party, accept=payload.accept, by=request.user, reason=payload.reason
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    return match_out(request.user, match_get(request.user, match_id))
