"""Reads of students: a route's list with its filters, one student with their placements and proposals, and the
routes whose students a user reaches. Everything starts from `Student.objects.visible_to(user)` or a route the
user is staff of, so that another route's students answer 404.

For the portal and the API: `student_get_for_user` (any role: 404 outside `visible_to`) and `students_for_route`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from verbinder.accounts.enums import STAFF_ROLES
from verbinder.accounts.models import RoleAssignment, User
from verbinder.partners.models import Route
from verbinder.placements.enums import StudentStatus
from verbinder.placements.models import MatchProposal, Placement, PlacementHost, Student

# Sort keys of the list: key -> order_by fields, each ending on the primary key for a stable order.
STUDENT_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Lower("last_name"), Lower("first_name"), "pk"),
    "-name": (Lower("last_name").desc(), Lower("first_name").desc(), "-pk"),
    "number": ("student_number", "pk"),
    "-number": ("-student_number", "-pk"),
    "cohort": ("cohort", Lower("last_name"), "pk"),
    "-cohort": ("-cohort", Lower("last_name"), "pk"),
    "status": ("status_order", Lower("last_name"), "pk"),
    "-status": ("-status_order", Lower("last_name"), "pk"),
}
NO_TEACHER = "none"  # the teacher filter's value for students without a teacher


@dataclass(frozen=True)
class StudentFilters:
    q: str = ""
    status: str = ""
    cohort: int | None = None
    prior_education: str = ""
    teacher: str = ""  # a user's id as text, or NO_TEACHER
    without_placement: bool = False
    sort: str = "name"


def route_get_for_staff(*, user: Any, pk: int) -> Route:
    """A route whose students the user may read (its staff, administrators); 404 for anyone else."""
    return get_object_or_404(Route.objects.visible_to(user), pk=pk)


def routes_for_students(*, user: Any) -> QuerySet[Route]:
    """The active routes whose students the user reaches, with how many students each has."""
    return (
        Route.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .annotate(student_count=Count("students"))
        .order_by("programme_name", "hogeschool", "pk")
    )


def route_staff(*, route: Route, include: int | None = None) -> QuerySet[User]:
    """The users who may be a student's teacher: the route's active teachers and coordinators (and `include`, the
    student's teacher who may have left the route since)."""
    staff = RoleAssignment.objects.filter(route=route, role__in=STAFF_ROLES).values("user_id")
    condition = Q(pk__in=staff, is_active=True)
    if include is not None:
        condition |= Q(pk=include)
    return User.objects.filter(condition).order_by(Lower("name"), "pk")


def _current_placements() -> Prefetch[Any]:
    hosts = PlacementHost.objects.current().select_related("organisation").order_by("slot", "pk")
    return Prefetch(
        "placements",
        queryset=Placement.objects.current().prefetch_related(
            Prefetch("hosts", queryset=hosts, to_attr="current_hosts")
        ),
        to_attr="current_placements",
    )


def has_current_placement() -> Exists:
    return Exists(Placement.objects.current().filter(student_id=OuterRef("pk")))


def students_for_route(*, route: Route, filters: StudentFilters | None = None) -> QuerySet[Student]:
    """The route's students, filtered and sorted, with their teacher and their current placement with its hosts
    (`student.current_placements`, each with `current_hosts`): three queries for a page of any length."""
    filters = filters or StudentFilters()
    queryset = Student.objects.filter(route=route).select_related("teacher").prefetch_related(_current_placements())
    if filters.q:
        words = filters.q.split()
        for word in words:
            queryset = queryset.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(student_number__icontains=word)
            )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.cohort:
        queryset = queryset.filter(cohort=filters.cohort)
    if filters.prior_education:
        queryset = queryset.filter(prior_education=filters.prior_education)
    if filters.teacher == NO_TEACHER:
        queryset = queryset.filter(teacher__isnull=True)
    elif filters.teacher.isdigit():
        queryset = queryset.filter(teacher_id=int(filters.teacher))
    if filters.without_placement:
        queryset = queryset.filter(~has_current_placement())
    sort = filters.sort if filters.sort in STUDENT_SORTS else "name"
    if sort.lstrip("-") == "status":
        queryset = queryset.annotate(status_order=_status_order())
    return queryset.order_by(*STUDENT_SORTS[sort])


def _status_order() -> Case:
    """The statuses in the order of a study (applicant, active, paused, graduated, stopped), for sorting."""
    return Case(
        *(When(status=status.value, then=Value(index)) for index, status in enumerate(StudentStatus)),
        output_field=IntegerField(),
    )


def student_get_for_user(*, user: Any, pk: int) -> Student:
    """A student the user reaches (Student.objects.visible_to: staff of the route, the student, a company contact or
    supervisor of one of their placements); 404 for anyone else."""
    return get_object_or_404(Student.objects.visible_to(user).select_related("route", "teacher"), pk=pk)


@dataclass(frozen=True)
class StudentPlacements:
    current: Placement | None
    past: list[Placement]


def student_placements(*, student: Student) -> StudentPlacements:
    """The student's placements with their hosts (current ones first, then by slot) and teachers: two queries."""
    hosts = PlacementHost.objects.select_related("organisation", "supervisor__person").order_by(
        "-is_current", "slot", "start_date", "pk"
    )
    placements = list(
        Placement.objects.filter(student=student)
        .select_related("teacher")
        .prefetch_related(Prefetch("hosts", queryset=hosts, to_attr="all_hosts"))
        .order_by("-start_date", "-pk")
    )
    current = next((placement for placement in placements if placement.is_current), None)
    return StudentPlacements(current=current, past=[placement for placement in placements if placement is not current])


def student_proposals(*, student: Student) -> list[MatchProposal]:
    return list(
        MatchProposal.objects.filter(student=student)
        .select_related("workplace__organisation")
        .order_by("-created_at", "-pk")[:50]
    )


def cohorts_of(*, route: Route) -> list[int]:
    return list(Student.objects.filter(route=route).order_by("-cohort").values_list("cohort", flat=True).distinct())
