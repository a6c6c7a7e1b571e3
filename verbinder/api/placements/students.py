"""Students of a route: staff of the route read them, coordinators add and change them. A company contact reads
the students placed at or proposed to their company, a workplace supervisor the students they supervise, a
student their own record; of someone else's record they get the name, e-mail, phone, cohort and status only.
Anyone else: 404."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from verbinder.accounts.models import User
from verbinder.accounts.scope import scope_for
from verbinder.api.errors import CONFLICT, READ, WRITE, Conflict, ConflictOut, Invalid, errors, stale_conflict
from verbinder.api.fields import (
    MAX_ID,
    BodyId,
    Email,
    JsonInt,
    Phone,
    Postcode,
    RequiredText100,
    RequiredText150,
    Text100,
    Version,
    unchanged,
)
from verbinder.api.pagination import PageOut, PageQuery, paginate
from verbinder.api.partners.schemas import InputSchema, PatchSchema
from verbinder.api.permissions import require_perm
from verbinder.api.placements.schemas import (
    Hours,
    RouteRef,
    UserRef,
    amount,
    invalid,
    route_ref,
    sees_all,
    user_ref,
)
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners.models import Route
from verbinder.placements.enums import PriorEducation, StudentStatus
from verbinder.placements.models import Placement, Student
from verbinder.placements.services import students as services

router = Router(tags=["students"])
StudentId = Path(..., ge=1, le=MAX_ID)
STUDENT_NUMBER = r"^ *[0-9A-Za-z]{1,20} *$"


def _student_number(value: str) -> str:
    if not re.fullmatch(STUDENT_NUMBER, value):
        raise PydanticCustomError("string_pattern_mismatch", "String should match pattern")
    return value.strip()


# Digits and letters, at most 20 (stored in capitals), as the student information system has them.
StudentNumber = Annotated[
    str,
    Field(max_length=22, json_schema_extra={"pattern": STUDENT_NUMBER}, description="Digits and letters, at most 20."),
    AfterValidator(_student_number),
]


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


class StudentIn(InputSchema):
    route: BodyId = Field(description="A route you coordinate.")
    student_number: StudentNumber
    first_name: RequiredText100
    last_name: RequiredText150
    email: Email = ""
    phone: Phone = ""
    postcode: Postcode = ""
    city: Text100 = ""
    cohort: JsonInt = Field(ge=2000, le=2100, description="The start year.")
    prior_education: PriorEducation
    status: StudentStatus = StudentStatus.APPLICANT
    hours_per_week: Hours | None = None
    teacher: BodyId | None = Field(None, description="A teacher or coordinator of the route (docent-begeleider).")


class StudentPatch(PatchSchema):
    version: Version
    student_number: StudentNumber = unchanged()
    first_name: RequiredText100 = unchanged()
    last_name: RequiredText150 = unchanged()
    email: Email = unchanged()
    phone: Phone = unchanged()
    postcode: Postcode = unchanged()
    city: Text100 = unchanged()
    cohort: JsonInt = unchanged(ge=2000, le=2100)
    prior_education: PriorEducation = unchanged()
    status: StudentStatus = unchanged()
    hours_per_week: Hours | None = unchanged()
    teacher: BodyId | None = unchanged(description="A teacher or coordinator of the route, or null for none.")


def _student_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The body's values as the service takes them: a teacher is a user (an unknown id is refused as one outside
    the route), working hours a decimal."""
    if data.get("teacher") is not None:
        data["teacher"] = User.objects.filter(pk=data["teacher"]).first() or ""
        if data["teacher"] == "":
            raise Invalid.at(
                ["body", "payload", "teacher"],
                _("The teacher must be a teacher or coordinator of this route."),
                "teacher_not_staff",
            )
    if data.get("hours_per_week") is not None:
        data["hours_per_week"] = amount(data["hours_per_week"])
    for name in ("prior_education", "status"):
        if name in data and data[name] is not None:
            data[name] = str(data[name].value)
    return data


def _duplicate(exc: ValidationError) -> Conflict | None:
    """A student number that is already registered in the route is a conflict (409), as duplicates are."""
    errors_ = getattr(exc, "error_dict", {}).get("student_number", [])
    if any(error.code == "student_number_taken" for error in errors_):
        message = next(str(message) for error in errors_ for message in error)
        return Conflict(ConflictOut(detail=message, code="duplicate", fields=["student_number"]))
    return None


@router.post("/placements/students", response={201: StudentOut, **errors(*WRITE, CONFLICT)}, url_name="student-list")
def student_create(request: HttpRequest, payload: StudentIn) -> Status[StudentOut]:
    """Add a student to a route you coordinate (a route outside your reach: 404). A student number that is already
    registered in the route: 409 (`duplicate`). When an account with the student's e-mail address exists (not a
    staff account), it becomes the student's login."""
    route = get_object_or_404(Route.objects.visible_to(request.user), pk=payload.route)
    require_perm(request.user, "placements.change_student", route)
    try:
        student = services.student_create(
            by=request.user, route=route, fields=_student_fields(payload.model_dump(exclude={"route"}))
        )
    except ValidationError as exc:
        raise _duplicate(exc) or invalid(exc) from exc
    return Status(201, student_out(request.user, student_get(request.user, student.pk)))


@router.patch(
    "/placements/students/{student_id}",
    response={200: StudentOut, **errors(*WRITE, CONFLICT)},
    url_name="student-detail",
)
def student_update(request: HttpRequest, payload: StudentPatch, student_id: int = StudentId) -> StudentOut:
    """Change a student (the route's coordinators). Send the `version` you read: 409 (`stale_version`) when someone
    saved the student since, or (`duplicate`) for a student number already registered in the route."""
    student = student_get(request.user, student_id)
    require_perm(request.user, "placements.change_student", student)
    try:
        services.student_update(
            by=request.user, student=student, version=payload.version, fields=_student_fields(payload.changes())
        )
    except StaleVersionError as exc:
        current = Student.objects.values_list("version", flat=True).get(pk=student.pk)
        raise stale_conflict(Student, exc, current) from exc
    except ValidationError as exc:
        raise _duplicate(exc) or invalid(exc) from exc
    return student_out(request.user, student_get(request.user, student_id))
