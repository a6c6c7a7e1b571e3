"""Writes of students: a student of a route, entered by hand or imported (services/student_import.py).

Every field is checked here, so that the form, the import and the API give the same clear messages: the
student number (digits and letters, at most 20, unique in the route), names, e-mail, a Dutch postcode, the
cohort (start year 2000-2100), prior education and status from the enums, the working hours (1-60) and the
teacher (docent-begeleider), who must be staff of the route (a teacher or coordinator of it).

The student's login: when a user with the student's e-mail address exists, the record is linked to that user
(so that they see their own placement in the portal), but only when that user holds no staff role (coordinator,
teacher, administrator) and is not linked to another student record already. A staff account is never linked:
it would give a student's view to a colleague, and the link is made from an e-mail address anyone can type.
When the e-mail address changes, the link is made again from the new address (or removed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.enums import STAFF_ROLES, Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.core.activity import diff, fields_changed_since, log_action, snapshot
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners import validators
from verbinder.partners.models import Route
from verbinder.placements.enums import PriorEducation, StudentStatus
from verbinder.placements.models import Student

STUDENT_FIELDS = (
    "student_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "city",
    "cohort",
    "prior_education",
    "status",
    "hours_per_week",
    "teacher",
)
LOGGED_FIELDS = (*STUDENT_FIELDS, "user")
STUDENT_NUMBER_RE = re.compile(r"^[0-9A-Z]{1,20}$")
TEXT_LIMITS = {"first_name": 100, "last_name": 150, "city": 100}
LINKED_ROLES = frozenset({*STAFF_ROLES, Role.ADMIN})

NUMBER_TAKEN = _("A student with student number %(number)s is already registered in this route.")


def _log_data(route: Route) -> dict[str, Any]:
    return {"route": str(route), "route_id": route.pk}


def route_staff_ids(*, route: Route) -> set[int]:
    """The users who may be a student's teacher in the route: its teachers and coordinators (active ones)."""
    return set(
        RoleAssignment.objects.filter(route=route, role__in=STAFF_ROLES, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def normalise_student_number(value: str) -> str:
    return re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", value or "")).upper()


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _error(message: Any, code: str, **params: Any) -> list[ValidationError]:
    return [ValidationError(message, code=code, params=params or None)]


def clean_student_fields(
    fields: Mapping[str, Any], *, staff_ids: Collection[int], partial: bool = False
) -> dict[str, Any]:
    """The fields checked and normalised, without database queries (the import checks thousands of rows):
    `staff_ids` are the users who may be the teacher. With `partial`, only the given fields are checked.
    Raises ValidationError with a dict of field errors."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    names = [name for name in STUDENT_FIELDS if name in fields] if partial else list(STUDENT_FIELDS)
    for name in names:
        value = fields.get(name)
        if isinstance(value, str):
            try:
                validators.reject_control_characters(value, multiline=False)
            except ValidationError as exc:
                errors[name] = exc.error_list
                continue
        try:
            cleaned[name] = _clean_field(name, value, staff_ids)
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_field(name: str, value: Any, staff_ids: Collection[int]) -> Any:
    if name == "student_number":
        number = normalise_student_number(str(value or ""))
        if not number:
            raise ValidationError(_("Enter the student number."), code="required")
        if not STUDENT_NUMBER_RE.match(number):
            raise ValidationError(_("A student number has at most 20 digits and letters."), code="student_number")
        return number
    if name in ("first_name", "last_name", "city"):
        text = _text(value)
        if not text and name != "city":
            message = _("Enter the first name.") if name == "first_name" else _("Enter the last name.")
            raise ValidationError(message, code="required")
        if len(text) > TEXT_LIMITS[name]:
            raise ValidationError(
                _("At most %(limit)s characters."), code="max_length", params={"limit": TEXT_LIMITS[name]}
            )
        return text
    if name == "email":
        email = _text(value).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError as exc:
                raise ValidationError(_("Enter a valid e-mail address."), code="email") from exc
        return email
    if name == "phone":
        return validators.normalise_phone(str(value or ""))
    if name == "postcode":
        return validators.normalise_postcode(str(value or ""))
    if name == "cohort":
        return _clean_cohort(value)
    if name == "prior_education":
        if value in (None, ""):
            raise ValidationError(_("Choose the prior education."), code="required")
        if value not in PriorEducation.values:
            raise ValidationError(_("Choose one of the kinds of prior education."), code="invalid_choice")
        return value
    if name == "status":
        if value in (None, ""):
            return StudentStatus.APPLICANT
        if value not in StudentStatus.values:
            raise ValidationError(_("Choose one of the statuses."), code="invalid_choice")
        return value
    if name == "hours_per_week":
        return _clean_hours(value)
    if name == "teacher":
        if value is None or value == "":
            return None
        if not isinstance(value, User) or value.pk not in staff_ids:
            raise ValidationError(
                _("The teacher must be a teacher or coordinator of this route."), code="teacher_not_staff"
            )
        return value
    raise AssertionError(name)


def _clean_cohort(value: Any) -> int:
    if value in (None, ""):
        raise ValidationError(_("Enter the cohort (the start year)."), code="required")
    try:
        year = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Enter the cohort as a year, such as 2026."), code="cohort") from exc
    if not 2000 <= year <= 2100:
        raise ValidationError(_("The cohort is a year from 2000 to 2100."), code="cohort")
    return year


def _clean_hours(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value).replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("Enter the hours per week as a number."), code="hours") from exc
    if not hours.is_finite() or not Decimal(1) <= hours <= Decimal(60) or hours != hours.quantize(Decimal("0.1")):
        raise ValidationError(_("The working hours are from 1 to 60 per week, in steps of at most 0.1."), code="hours")
    return hours.quantize(Decimal("0.1"))


def logins_for_emails(emails: Iterable[str], *, exclude_student: int | None = None) -> dict[str, int]:
    """E-mail address (lower case) -> the user to link as the student's login: an active user with that
    address who holds no staff role and is not linked to another student record. Two queries in all."""
    wanted = {email.lower() for email in emails if email}
    if not wanted:
        return {}
    users = {
        user_id: email.lower()
        for user_id, email, superuser in User.objects.filter(email__in=wanted, is_active=True).values_list(
            "pk", "email", "is_superuser"
        )
        if not superuser
    }
    if not users:
        return {}
    taken = set(
        RoleAssignment.objects.filter(user_id__in=users, role__in=LINKED_ROLES).values_list("user_id", flat=True)
    )
    linked = Student.objects.filter(user_id__in=users)
    if exclude_student is not None:
        linked = linked.exclude(pk=exclude_student)
    taken.update(linked.values_list("user_id", flat=True))
    return {email: user_id for user_id, email in users.items() if user_id not in taken}


def _link_login(student: Student) -> None:
    student.user_id = logins_for_emails([student.email], exclude_student=student.pk).get(student.email)


def _number_taken(route: Route, number: str, *, exclude: int | None = None) -> bool:
    students = Student.objects.filter(route=route, student_number=number)
    if exclude is not None:
        students = students.exclude(pk=exclude)
    return students.exists()


def _taken_error(number: str) -> ValidationError:
    return ValidationError({"student_number": _error(NUMBER_TAKEN, "student_number_taken", number=number)})


def _loggable(student: Student) -> dict[str, Any]:
    values = snapshot(student, STUDENT_FIELDS)
    values["teacher"] = student.teacher.name if student.teacher_id and student.teacher else None
    values["user"] = student.user_id
    return values


@transaction.atomic
def student_create(*, by: Any, route: Route, fields: Mapping[str, Any]) -> Student:
    """A new student of the route; linked to their login when one exists (see the module's docstring)."""
    if route.archived_at is not None:
        raise ValidationError(_("This route is archived."), code="route_archived")
    cleaned = clean_student_fields(fields, staff_ids=route_staff_ids(route=route))
    if _number_taken(route, cleaned["student_number"]):
        raise _taken_error(cleaned["student_number"])
    student = Student(route=route, **cleaned)
    _link_login(student)
    student.save()
    log_action(
        actor=by,
        action_type="placements.student.created",
        target=student,
        changes=diff({}, _loggable(student)),
        data=_log_data(route),
    )
    return student


@transaction.atomic
def student_update(*, by: Any, student: Student, version: int, fields: Mapping[str, Any]) -> Student:
    """Save the given fields, unless someone else saved the student since `version` (StaleVersionError)."""
    current = Student.objects.select_for_update(of=("self",)).select_related("route", "teacher").get(pk=student.pk)
    if current.version != version:
        raise StaleVersionError(
            changed=fields_changed_since(current, action_type="placements.student.updated", version=version)
        )
    staff_ids = route_staff_ids(route=current.route)
    if current.teacher_id:
        staff_ids.add(current.teacher_id)  # a teacher who left the route stays until someone changes it
    cleaned = clean_student_fields(fields, staff_ids=staff_ids, partial=True)
    number = cleaned.get("student_number")
    if number and number != current.student_number and _number_taken(current.route, number, exclude=current.pk):
        raise _taken_error(number)
    before = _loggable(current)
    email_before = current.email
    for name, value in cleaned.items():
        setattr(current, name, value)
    if current.email != email_before:
        _link_login(current)
    changes = diff(before, _loggable(current))
    if not changes:
        return current
    current.version = F("version") + 1  # type: ignore[assignment]
    current.save()
    current.refresh_from_db()
    log_action(
        actor=by,
        action_type="placements.student.updated",
        target=current,
        changes=changes,
        data=_log_data(current.route),
    )
    return current
