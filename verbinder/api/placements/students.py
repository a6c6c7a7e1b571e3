"""Students of a route: staff of the route read them, coordinators add and change them. A company contact reads
the students placed at or proposed to their company, a workplace supervisor the students they supervise, a
student their own record; of someone else's record they get the name, e-mail, phone, cohort and status only.
Anyone else: 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from verbinder.accounts.scope import scope_for
from verbinder.api.errors import READ, errors
from verbinder.api.fields import MAX_ID, Text100
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.placements.schemas import RouteRef, UserRef, route_ref, sees_all, user_ref
from verbinder.placements.enums import PriorEducation, StudentStatus
from verbinder.placements.models import Placement, Student

router = Router(tags=["students"])
StudentId = Path(..., ge=1, le=MAX_ID)


class StudentQuery(PageQuery):
    route: int | None = Field(None, ge=1, le=MAX_ID, description="Only students of this route.")
    status: StudentStatus | None = None
    cohort: int | None = Field(None, ge=2000, le=2100, description="Only students who started in this year.")
    without_placement: bool = Field(False, description="Only students without a current placement.")
    q: Text100 = Field("", description="Part of the name, the student number or the e-mail address.")


class StudentOut(Schema):
    id: int
    route: RouteRef | None = Field(description="null for callers outside the hogeschool.")
    first_name: str
    last_name: str
    email: str
    phone: str
    cohort: int
    status: StudentStatus
    has_current_placement: bool
    teacher: UserRef | None = Field(description="The teacher (docent-begeleider).")
    student_number: str | None = Field(description="null for callers outside the hogeschool (but the student).")
    postcode: str | None = Field(description="null for callers outside the hogeschool (but the student).")
    city: str | None = Field(description="null for callers outside the hogeschool (but the student).")
    prior_education: PriorEducation | None = Field(
        description="null for callers outside the hogeschool (but the student)."
    )
    hours_per_week: float | None = Field(description="The hours the student wants to work; null when not known.")
    created_at: datetime
    updated_at: datetime
    version: int


class StudentPage(PageOut):
    items: list[StudentOut]


def student_out(user: Any, student: Student) -> StudentOut:
    full = sees_all(user, student.route_id) or student.user_id == user.pk
    current = getattr(student, "has_current_placement", None)
    if current is None:
        current = Placement.objects.current().filter(student=student).exists()
    return StudentOut(
        id=student.pk,
        route=route_ref(user, student.route),
        first_name=student.first_name,
        last_name=student.last_name,
        email=student.email,
        phone=student.phone,
        cohort=student.cohort,
        status=StudentStatus(student.status),
        has_current_placement=current,
        teacher=user_ref(student.teacher),
        student_number=student.student_number if full else None,
        postcode=student.postcode if full else None,
        city=student.city if full else None,
        prior_education=PriorEducation(student.prior_education) if full else None,
        hours_per_week=float(student.hours_per_week) if full and student.hours_per_week is not None else None,
        created_at=student.created_at,
        updated_at=student.updated_at,
        version=student.version,
    )


def students_for(user: Any) -> Any:
    current = Placement.objects.current().filter(student_id=OuterRef("pk"))
    return (
        Student.objects.visible_to(user)
        .select_related("route", "teacher")
        .annotate(has_current_placement=Exists(current))
    )


def student_get(user: Any, pk: int) -> Student:
    return get_object_or_404(students_for(user), pk=pk)


@router.get("/placements/students", response={200: StudentPage, **errors(*READ)}, url_name="student-list")
def student_list(request: HttpRequest, filters: Query[StudentQuery]) -> dict[str, Any]:
    """The students you may see, by name."""
    queryset = students_for(request.user)
    if filters.route is not None:
        queryset = queryset.filter(route_id=filters.route)
    if filters.status is not None:
        queryset = queryset.filter(status=filters.status)
    if filters.cohort is not None:
        queryset = queryset.filter(cohort=filters.cohort)
    if filters.without_placement:
        queryset = queryset.filter(has_current_placement=False)
    text = filters.q.strip()
    if text:
        name = Q()
        for word in text.split():
            name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        condition = name | Q(email__iexact=text)
        if scope_for(request.user).is_staff_member:
            # Only staff see student numbers, so only they may search by one.
            condition |= Q(student_number__iexact=text)
        queryset = queryset.filter(condition)
    page = paginate(queryset, filters)
    page["items"] = [student_out(request.user, student) for student in page["items"]]
    return page


@router.get("/placements/students/{student_id}", response={200: StudentOut, **errors(*READ)}, url_name="student-detail")
def student_detail(request: HttpRequest, student_id: int = StudentId) -> StudentOut:
    return student_out(request.user, student_get(request.user, student_id))
