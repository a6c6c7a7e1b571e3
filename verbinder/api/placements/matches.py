"""Proposed matches: a student at a learning workplace, on proposed terms. Staff of the route read them; its
coordinators propose, withdraw and resend them. The company contact of the workplace and the student each
answer, here when logged in (the e-mailed link without an account stays on the pages). Anyone else: 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from verbinder.api.errors import READ, errors
from verbinder.api.fields import MAX_ID
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.placements.schemas import (
    RouteRef,
    StudentRef,
    SupervisorRef,
    UserRef,
    WorkplaceRef,
    organisation_ref,
    route_ref,
    sees_all,
    supervisor_ref,
    user_ref,
)
from verbinder.placements.enums import ContractType, MatchAnswer, MatchStatus, ShareUnit
from verbinder.placements.models import MatchProposal

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
    placement_id: int | None = Field(description="The placement made when both accepted.")
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
        placement_id=proposal.placement_id,
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
