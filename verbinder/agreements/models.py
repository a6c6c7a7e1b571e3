"""Tripartite agreements (WHW art. 7.7): templates per route, agreements per placement, signatures, and the
route's responsibility matrix.

Who reaches what (the `visible_to` querysets; selectors fetch through them and answer 404 outside):
- administrators everything; coordinators and teachers everything of their routes;
- a company contact: the agreements in which their company is a signing party (never another company's);
- a student: their own agreements (the placement's student record is linked to their login);
- the responsibility matrix: staff of the route and every party of it (a company contact whose company is or
  was a host in the route, a student of the route, a contact of a partner organisation of the route);
- templates and route settings: staff of the route only.
A signer without an account reaches one agreement through an e-mailed link (verbinder/core/links.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.scope import scope_for
from verbinder.agreements.enums import (
    STANDARD_MATRIX_PARTIES,
    AgreementEventKind,
    AgreementStatus,
    ClauseParty,
    ClauseTopic,
    MatrixPartyKind,
    Party,
    Responsibility,
    SignedVia,
    SignerStatus,
    SigningOrder,
    TemplateStatus,
)
from verbinder.core.models import TimeStampedModel
from verbinder.partners.models import Organisation, Partnership, Route
from verbinder.placements.models import Placement, PlacementHost, Student


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def own_signer_condition(user: Any) -> Q:
    """AgreementSigner rows that this user signs, as `rules.is_the_signer` decides one: those of their account, or
    a company's signature without an account under their e-mail address, of a company they are a contact of."""
    scope = scope_for(user)
    condition = Q(user_id=user.pk)
    if scope.contact_organisation_ids and user.email:
        condition |= Q(
            user_id__isnull=True,
            party__in=(Party.COMPANY, Party.SECOND_COMPANY),
            organisation_id__in=scope.contact_organisation_ids,
            email__iexact=user.email,
        )
    return condition


def party_route_condition(user: Any, route_field: str = "route_id") -> Any:
    """The routes of which the user is staff or an external party (for the responsibility matrix)."""
    scope = scope_for(user)
    route_ref = OuterRef(route_field)
    condition: Any = Q(**{f"{route_field}__in": scope.staff_route_ids})
    condition |= Exists(Student.objects.filter(user_id=user.pk, route_id=route_ref))
    if scope.contact_organisation_ids or scope.supervisor_organisation_ids:
        condition |= Exists(
            PlacementHost.objects.filter(
                placement__route_id=route_ref,
                organisation_id__in=scope.contact_organisation_ids | scope.supervisor_organisation_ids,
            )
        )
    if scope.organisation_ids:
        condition |= Exists(Partnership.objects.filter(route_id=route_ref, organisation_id__in=scope.organisation_ids))
    return condition


class AgreementSettings(models.Model):
    """How agreements of one route are chased: reminders every N days, expiry after M days, signing order."""

    route = models.OneToOneField(
        Route, verbose_name=_("route"), on_delete=models.CASCADE, related_name="agreement_settings"
    )
    remind_after_days = models.PositiveSmallIntegerField(
        _("remind after (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Those who have not signed get a reminder every this many days."),
    )
    expire_after_days = models.PositiveSmallIntegerField(
        _("expires after (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("An agreement not signed by everyone this many days after sending expires."),
    )
    signing_order = models.CharField(
        _("signing order"), max_length=12, choices=SigningOrder.choices, default=SigningOrder.SEQUENTIAL
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("agreement settings")
        verbose_name_plural = _("agreement settings")
        constraints = [
            models.CheckConstraint(name="agreementsettings_remind_positive", condition=Q(remind_after_days__gt=0)),
            models.CheckConstraint(name="agreementsettings_expire_positive", condition=Q(expire_after_days__gt=0)),
        ]

    def __str__(self) -> str:
        return str(self.route)


class AgreementTemplateQuerySet(models.QuerySet["AgreementTemplate"]):
    def visible_to(self, user: Any) -> AgreementTemplateQuerySet:
        if not _authenticated(user):
            return self.none()
        scope = scope_for(user)
        if scope.is_admin:
            return self
        return self.filter(route_id__in=scope.staff_route_ids)


class AgreementTemplate(TimeStampedModel):
    """One version of a route's agreement text. A draft is edited; publishing makes it the route's current
    template (the one before is retired); a published template is never edited, a new version is drafted."""

    route = models.ForeignKey(
        Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="agreement_templates"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Markdown; fields from the placement as {field}.")
    )
    include_matrix = models.BooleanField(_("include the responsibility matrix as an appendix"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT)
    previous = models.ForeignKey(
        "self", verbose_name=_("previous version"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AgreementTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["route", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["route", "number"], name="agreementtemplate_number_unique"),
            models.UniqueConstraint(
                fields=["route"], condition=Q(status="published"), name="agreementtemplate_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class TemplateClause(models.Model):
    """One article of a template: whose obligations it sets out, and which required topic it covers."""

    template = models.ForeignKey(
        AgreementTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="clauses"
    )
    party = models.CharField(_("party"), max_length=16, choices=ClauseParty.choices, default=ClauseParty.GENERAL)
    topic = models.CharField(
        _("required topic"),
        max_length=20,
        choices=ClauseTopic.choices,
        blank=True,
        help_text=_("The minimum content of the praktijkleren subsidy that this article covers, if any."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown; fields from the placement as {field}."))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["template", "position", "pk"]
        indexes = [models.Index(fields=["template", "position"], name="templateclause_position_idx")]

    def __str__(self) -> str:
        return self.heading


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def visible_to(self, user: Any) -> AgreementQuerySet:
        if not _authenticated(user):
            return self.none()
        scope = scope_for(user)
        if scope.is_admin:
            return self
        condition: Any = Q(route_id__in=scope.staff_route_ids) | Q(placement__student__user_id=user.pk)
        if scope.contact_organisation_ids:
            condition |= Exists(
                AgreementSigner.objects.filter(
                    agreement_id=OuterRef("pk"),
                    party__in=(Party.COMPANY, Party.SECOND_COMPANY),
                    organisation_id__in=scope.contact_organisation_ids,
                )
            )
        return self.filter(condition)


class Agreement(TimeStampedModel):
    """The tripartite agreement of one placement. `sequence` counts its versions: an amendment is a new
    Agreement with `previous` pointing at the one it replaces.

    Once sent its content is frozen: `content` holds the filled parties and articles, `document` the PDF that
    every signer signs and `document_sha256` that PDF's hash; `final_document` adds the signature page and the
    audit trail when everyone has signed."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="agreements")
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.PROTECT, related_name="agreements"
    )
    template = models.ForeignKey(
        AgreementTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="agreements"
    )
    sequence = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self", verbose_name=_("amends"), on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signing_order = models.CharField(
        _("signing order"), max_length=12, choices=SigningOrder.choices, default=SigningOrder.SEQUENTIAL
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    content = models.JSONField(_("content"), default=dict, blank=True)
    document = models.FileField(_("PDF to sign"), upload_to="agreements/%Y/", blank=True)
    document_sha256 = models.CharField(_("SHA-256 of the PDF to sign"), max_length=64, blank=True)
    final_document = models.FileField(_("signed PDF"), upload_to="agreements/%Y/", blank=True)
    final_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("signed by all at"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "sequence"], name="agreement_sequence_unique"),
            models.CheckConstraint(name="agreement_period_order", condition=Q(end_date__gte=models.F("start_date"))),
            models.CheckConstraint(
                name="agreement_sent_has_document",
                condition=Q(status="draft") | Q(status="cancelled", sent_at__isnull=True) | ~Q(document_sha256=""),
            ),
        ]
        indexes = [
            models.Index(fields=["route", "status", "-created_at"], name="agreement_route_status_idx"),
            models.Index(fields=["status", "expires_at"], name="agreement_status_expiry_idx"),
            models.Index(fields=["route", "status", "end_date"], name="agreement_route_end_idx"),
            models.Index(fields=["document_sha256"], name="agreement_document_hash_idx"),
            models.Index(fields=["final_sha256"], name="agreement_final_hash_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.sequence}"


class AgreementSigner(models.Model):
    """One party's signature (to be) on one agreement: who signs, in which order, and the evidence."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="signers"
    )
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_signatures",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement_signatures",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(_("signs as"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SignerStatus.choices, default=SignerStatus.PENDING)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders"), default=0)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_name = models.CharField(_("typed name"), max_length=200, blank=True)
    signed_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    signed_user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    signed_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    signed_via = models.CharField(_("signed via"), max_length=8, choices=SignedVia.choices, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="agreementsigner_party_unique"),
            models.CheckConstraint(
                name="agreementsigner_signed_evidence",
                condition=~Q(status="signed")
                | (Q(signed_at__isnull=False) & ~Q(signed_sha256="") & ~Q(signed_name="")),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "invited_at"], name="agreementsigner_waiting_idx"),
            models.Index(fields=["organisation", "party"], name="agreementsigner_org_idx"),
            models.Index(fields=["user", "status"], name="agreementsigner_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.name}"


class AgreementEvent(models.Model):
    """The audit trail of an agreement: what happened, when, by whom, and the e-mail it sent (whose delivery
    state the coordinator sees)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=12, choices=AgreementEventKind.choices)
    signer = models.ForeignKey(
        AgreementSigner, verbose_name=_("signer"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by (name)"), max_length=200, blank=True)
    detail = models.TextField(_("details"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    message = models.ForeignKey(
        "mail.OutboxMessage",
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")
        ordering = ["agreement", "created_at", "pk"]
        indexes = [models.Index(fields=["agreement", "created_at"], name="agreementevent_time_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"


class MatrixQuerySet(models.QuerySet[Any]):
    route_field = "route_id"

    def visible_to(self, user: Any) -> Any:
        if not _authenticated(user):
            return self.none()
        if scope_for(user).is_admin:
            return self
        return self.filter(party_route_condition(user, self.route_field))


class MatrixCellQuerySet(MatrixQuerySet):
    route_field = "task__route_id"


class MatrixTask(models.Model):
    """A row of a route's responsibility matrix: a task such as recruitment or workplace supervision."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.CASCADE, related_name="matrix_tasks")
    name = models.CharField(_("task"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = MatrixQuerySet.as_manager()

    class Meta:
        verbose_name = _("matrix task")
        verbose_name_plural = _("matrix tasks")
        ordering = ["route", "position", "pk"]
        indexes = [models.Index(fields=["route", "position"], name="matrixtask_position_idx")]

    def __str__(self) -> str:
        return self.name


class MatrixParty(models.Model):
    """A column of a route's responsibility matrix: the programme, the student, the companies, and each partner
    organisation of the route (a branch association, another partner), which gets a column when it joins."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.CASCADE, related_name="matrix_parties")
    kind = models.CharField(_("kind"), max_length=20, choices=MatrixPartyKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("name"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = MatrixQuerySet.as_manager()

    class Meta:
        verbose_name = _("matrix party")
        verbose_name_plural = _("matrix parties")
        ordering = ["route", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "organisation"],
                condition=Q(organisation__isnull=False),
                name="matrixparty_organisation_unique",
            ),
            # One programme, one student and one company column per route; columns of its own (a partner
            # that is no organisation of the route) as many as the coordinator adds.
            models.UniqueConstraint(
                fields=["route", "kind"],
                condition=Q(organisation__isnull=True, kind__in=list(STANDARD_MATRIX_PARTIES)),
                name="matrixparty_standard_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class MatrixCell(models.Model):
    """What one party does for one task: R, A, C or I. No row means nobody said."""

    task = models.ForeignKey(MatrixTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="cells")
    party = models.ForeignKey(MatrixParty, verbose_name=_("party"), on_delete=models.CASCADE, related_name="cells")
    value = models.CharField(_("responsibility"), max_length=1, choices=Responsibility.choices)

    objects = MatrixCellQuerySet.as_manager()

    class Meta:
        verbose_name = _("matrix cell")
        verbose_name_plural = _("matrix cells")
        constraints = [
            models.UniqueConstraint(fields=["task", "party"], name="matrixcell_unique"),
            models.CheckConstraint(name="matrixcell_raci", condition=Q(value__in=["R", "A", "C", "I"])),
        ]

    def __str__(self) -> str:
        return self.value
