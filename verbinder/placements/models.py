"""Learning workplaces, students, matches and placements (one host company, or two sharing a student).

Who reaches what (the `visible_to` querysets; selectors fetch through them and answer 404 outside):
- administrators everything; coordinators and teachers everything of their routes;
- a company contact: their company's workplaces, the placements in which their company is (or was) a host,
  the students of those placements and the students proposed to their workplaces;
- a workplace supervisor: the placements in which they are the supervisor of a host (their login e-mail is
  the e-mail of that supervisor's affiliation with the host, and they hold the role at that host);
- a student: their own student record, placements and matches, and the open workplaces of their route;
- partner contacts: nothing here.
What of a visible placement a company sees (only their own host's part) is decided by the pages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.scope import scope_for
from verbinder.core.models import TimeStampedModel
from verbinder.partners.models import Affiliation, Organisation, Route
from verbinder.placements.enums import (
    CURRENT_PLACEMENT_STATUSES,
    ContractType,
    MatchAnswer,
    MatchStatus,
    PlacementEventKind,
    PlacementStatus,
    PriorEducation,
    ShareUnit,
    StudentStatus,
    WorkplaceStatus,
)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class WorkplaceQuerySet(models.QuerySet["Workplace"]):
    def visible_to(self, user: Any) -> WorkplaceQuerySet:
        if not _authenticated(user):
            return self.none()
        scope = scope_for(user)
        if scope.is_admin:
            return self
        condition: Any = Q(route_id__in=scope.staff_route_ids) | Q(organisation_id__in=scope.contact_organisation_ids)
        condition |= Q(status=WorkplaceStatus.OPEN) & Exists(
            Student.objects.filter(user_id=user.pk, route_id=OuterRef("route_id"))
        )
        return self.filter(condition)


class Workplace(TimeStampedModel):
    """A learning workplace (leerwerkplek) that a company offers for a route: a vacancy until filled."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="workplaces")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("company"), on_delete=models.PROTECT, related_name="workplaces"
    )
    title = models.CharField(_("title"), max_length=200)
    tasks = models.TextField(_("tasks"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    start_date = models.DateField(_("start date"))
    requirements = models.TextField(_("requirements"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True, help_text=_("Street and city."))
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=WorkplaceStatus.choices, default=WorkplaceStatus.OPEN)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = WorkplaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning workplace")
        verbose_name_plural = _("learning workplaces")
        ordering = ["start_date", "title", "pk"]
        constraints = [
            models.CheckConstraint(name="workplace_hours_positive", condition=Q(hours_per_week__gt=0)),
        ]
        indexes = [
            models.Index(fields=["route", "status", "start_date"], name="workplace_route_status_idx"),
            models.Index(fields=["organisation", "status"], name="workplace_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})" if self.organisation_id else self.title

    @property
    def region(self) -> str:
        """The postcode area (its two first digits): the region filter of matching."""
        return self.postcode[:2]


class StudentQuerySet(models.QuerySet["Student"]):
    def visible_to(self, user: Any) -> StudentQuerySet:
        if not _authenticated(user):
            return self.none()
        scope = scope_for(user)
        if scope.is_admin:
            return self
        condition: Any = Q(route_id__in=scope.staff_route_ids) | Q(user_id=user.pk)
        if scope.contact_organisation_ids:
            condition |= Exists(
                PlacementHost.objects.filter(
                    placement__student_id=OuterRef("pk"), organisation_id__in=scope.contact_organisation_ids
                )
            ) | Exists(
                MatchProposal.objects.filter(
                    student_id=OuterRef("pk"), workplace__organisation_id__in=scope.contact_organisation_ids
                )
            )
        if scope.supervisor_organisation_ids:
            condition |= Exists(PlacementHost.objects.supervised_by(user).filter(placement__student_id=OuterRef("pk")))
        return self.filter(condition)


class Student(TimeStampedModel):
    """A student of a route, as the student information system knows them."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="students")
    student_number = models.CharField(_("student number"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150, help_text=_("Including prefixes such as 'van der'."))
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, help_text=_("Where the student lives."))
    city = models.CharField(_("city"), max_length=100, blank=True)
    cohort = models.PositiveSmallIntegerField(
        _("cohort"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], help_text=_("Start year.")
    )
    prior_education = models.CharField(_("prior education"), max_length=30, choices=PriorEducation.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=StudentStatus.choices, default=StudentStatus.APPLICANT
    )
    hours_per_week = models.DecimalField(
        _("working hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
        help_text=_("The hours the student wants to work: used to match workplaces."),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher (docent-begeleider)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_students",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student_record",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "student_number"],
                name="student_number_unique_per_route",
                violation_error_message=_("A student with this student number is already registered in this route."),
            ),
        ]
        indexes = [
            models.Index(fields=["route", "status"], name="student_route_status_idx"),
            models.Index(Lower("last_name"), Lower("first_name"), name="student_name_lower_idx"),
            models.Index(fields=["teacher"], name="student_teacher_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.student_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def region(self) -> str:
        return self.postcode[:2]


class MatchProposalQuerySet(models.QuerySet["MatchProposal"]):
    def visible_to(self, user: Any) -> MatchProposalQuerySet:
        if not _authenticated(user):
            return self.none()
        scope = scope_for(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(route_id__in=scope.staff_route_ids)
            | Q(workplace__organisation_id__in=scope.contact_organisation_ids)
            | Q(student__user_id=user.pk)
        )


class MatchProposal(TimeStampedModel):
    """The coordinator's proposal: this student at this workplace. The company and the student each answer;
    when both accept, the placement is made."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="+")
    workplace = models.ForeignKey(
        Workplace, verbose_name=_("learning workplace"), on_delete=models.PROTECT, related_name="proposals"
    )
    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="proposals")
    note = models.TextField(_("note to both"), blank=True)
    # The proposed terms: the placement is made with these when both accept.
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    share_unit = models.CharField(_("shares in"), max_length=5, choices=ShareUnit.choices, default=ShareUnit.DAYS)
    working_per_week = models.DecimalField(_("working time per week"), max_digits=4, decimal_places=1)
    supervisor = models.ForeignKey(
        Affiliation,
        verbose_name=_("workplace supervisor (praktijkbegeleider)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contract_type = models.CharField(
        _("contract type"), max_length=30, choices=ContractType.choices, default=ContractType.LEARNING_WORK
    )
    status = models.CharField(_("status"), max_length=12, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    company_answer = models.CharField(
        _("company's answer"), max_length=10, choices=MatchAnswer.choices, default=MatchAnswer.PENDING
    )
    company_answered_at = models.DateTimeField(_("company answered at"), null=True, blank=True)
    company_answered_by = models.CharField(_("company answered by"), max_length=200, blank=True)
    student_answer = models.CharField(
        _("student's answer"), max_length=10, choices=MatchAnswer.choices, default=MatchAnswer.PENDING
    )
    student_answered_at = models.DateTimeField(_("student answered at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placement = models.OneToOneField(
        "Placement",
        verbose_name=_("placement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MatchProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed match")
        verbose_name_plural = _("proposed matches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workplace", "student"],
                condition=Q(status=MatchStatus.PROPOSED),
                name="match_one_open_per_pair",
                violation_error_message=_("This student has already been proposed for this workplace."),
            ),
            models.CheckConstraint(
                name="match_end_after_start",
                condition=Q(end_date__gt=F("start_date")),
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(name="match_working_positive", condition=Q(working_per_week__gt=0)),
        ]
        indexes = [
            models.Index(fields=["route", "status", "-created_at"], name="match_route_status_idx"),
            models.Index(fields=["student", "status"], name="match_student_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.workplace_id} ({self.status})"


class PlacementQuerySet(models.QuerySet["Placement"]):
    def visible_to(self, user: Any) -> PlacementQuerySet:
        if not _authenticated(user):
            return self.none()
        scope = scope_for(user)
        if scope.is_admin:
            return self
        condition: Any = Q(route_id__in=scope.staff_route_ids) | Q(student__user_id=user.pk)
        if scope.contact_organisation_ids:
            condition |= Exists(
                PlacementHost.objects.filter(
                    placement_id=OuterRef("pk"), organisation_id__in=scope.contact_organisation_ids
                )
            )
        if scope.supervisor_organisation_ids:
            condition |= Exists(PlacementHost.objects.supervised_by(user).filter(placement_id=OuterRef("pk")))
        return self.filter(condition)

    def current(self) -> PlacementQuerySet:
        return self.filter(status__in=CURRENT_PLACEMENT_STATUSES)


class Placement(TimeStampedModel):
    """A student working at one host company, or at two that share them, for a period, with a teacher of the
    hogeschool. Its hosts are PlacementHost rows; every change is a PlacementEvent (nothing is overwritten
    without the event keeping the state before)."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="placements")
    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="placements")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher (docent-begeleider)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    share_unit = models.CharField(_("shares in"), max_length=5, choices=ShareUnit.choices, default=ShareUnit.DAYS)
    working_per_week = models.DecimalField(
        _("working time per week"),
        max_digits=4,
        decimal_places=1,
        help_text=_("The student's working days or hours per week; the hosts' shares add up to it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.ACTIVE
    )
    is_shared = models.BooleanField(_("shared by two companies"), default=False, editable=False)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    expected_return = models.DateField(_("expected return"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="placement_end_after_start",
                condition=Q(end_date__gt=F("start_date")),
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(name="placement_working_positive", condition=Q(working_per_week__gt=0)),
            models.CheckConstraint(
                name="placement_ended_on_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_date")),
            ),
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status__in=CURRENT_PLACEMENT_STATUSES),
                name="placement_one_current_per_student",
                violation_error_message=_("This student already has a current placement."),
            ),
        ]
        indexes = [
            models.Index(fields=["route", "status", "end_date"], name="placement_route_status_idx"),
            models.Index(fields=["route", "is_shared", "status"], name="placement_route_shared_idx"),
            models.Index(fields=["student", "start_date"], name="placement_student_idx"),
            models.Index(fields=["teacher"], name="placement_teacher_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.student} ({self.start_date:%d-%m-%Y} – {self.end_date:%d-%m-%Y})"

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_PLACEMENT_STATUSES


class PlacementHostQuerySet(models.QuerySet["PlacementHost"]):
    def current(self) -> PlacementHostQuerySet:
        return self.filter(is_current=True)

    def supervised_by(self, user: Any) -> PlacementHostQuerySet:
        """Hosts whose supervisor is this user: they hold the supervisor role at the host, and their login
        e-mail is the supervisor's e-mail there."""
        scope = scope_for(user)
        if not scope.supervisor_organisation_ids or not getattr(user, "email", ""):
            return self.none()
        return self.filter(
            organisation_id__in=scope.supervisor_organisation_ids,
            supervisor__organisation_id=F("organisation_id"),
            supervisor__email__iexact=user.email,
        )


class PlacementHost(TimeStampedModel):
    """One host company of a placement, with its share of the student's week, its workplace supervisor
    (praktijkbegeleider) and the contract. A removed or replaced host stays, no longer current."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="hosts"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("host company"), on_delete=models.PROTECT, related_name="placement_hosts"
    )
    slot = models.PositiveSmallIntegerField(
        _("position"), help_text=_("1 for the first host company, 2 for the second of a shared placement.")
    )
    share = models.DecimalField(_("share"), max_digits=4, decimal_places=1)
    supervisor = models.ForeignKey(
        Affiliation,
        verbose_name=_("workplace supervisor (praktijkbegeleider)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_placements",
    )
    contract_type = models.CharField(
        _("contract type"), max_length=30, choices=ContractType.choices, default=ContractType.LEARNING_WORK
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    workplace = models.ForeignKey(
        Workplace,
        verbose_name=_("learning workplace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosts",
    )

    objects = PlacementHostQuerySet.as_manager()

    class Meta:
        verbose_name = _("host company")
        verbose_name_plural = _("host companies")
        ordering = ["-is_current", "slot", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(name="placementhost_share_positive", condition=Q(share__gt=0)),
            models.CheckConstraint(name="placementhost_slot_one_or_two", condition=Q(slot__in=[1, 2])),
            models.CheckConstraint(
                name="placementhost_end_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                violation_error_message=_("The end date must not be before the start date."),
            ),
            # At most two current hosts (slots 1 and 2), never the same company twice.
            models.UniqueConstraint(
                fields=["placement", "slot"], condition=Q(is_current=True), name="placementhost_current_slot_unique"
            ),
            models.UniqueConstraint(
                fields=["placement", "organisation"],
                condition=Q(is_current=True),
                name="placementhost_current_org_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "is_current"], name="placementhost_org_idx"),
            models.Index(fields=["placement", "is_current", "slot"], name="placementhost_placement_idx"),
            models.Index(fields=["supervisor"], name="placementhost_supervisor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.share})"


class PlacementEvent(models.Model):
    """One change of a placement, with its date and reason, and the placement's state before and after (the
    hosts with their shares, supervisors and contracts): the timeline that keeps every past state."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementEventKind.choices)
    occurred_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    expected_return = models.DateField(_("expected return"), null=True, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("placement event")
        verbose_name_plural = _("placement events")
        ordering = ["-occurred_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["placement", "-occurred_on"], name="placementevent_placement_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d-%m-%Y} {self.get_kind_display()}"


class StudentImportMapping(models.Model):
    """A route's column mapping of the student information system's export: chosen once, reused."""

    route = models.OneToOneField(Route, verbose_name=_("route"), on_delete=models.CASCADE, related_name="+")
    mapping = models.JSONField(_("column mapping"), default=dict)
    headers = models.JSONField(_("column headers"), default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("student import mapping")
        verbose_name_plural = _("student import mappings")

    def __str__(self) -> str:
        return str(self.route_id)
