"""Making contact: each organisation's stage with a route, contact moments, follow-ups and outreach activities.

All of it is the hogeschool's own working memory: staff of the route (coordinators and teachers) and
administrators reach it; external users (company contacts, students, partners) never do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.scope import scope_for
from verbinder.core.models import TimeStampedModel
from verbinder.outreach.enums import ActivityKind, InteractionKind, Source, Stage
from verbinder.partners.models import Organisation, Partnership, Person, Route


class RouteScopedQuerySet(models.QuerySet[Any]):
    """Rows that belong to a route: visible to that route's staff and to administrators."""

    def visible_to(self, user: Any) -> Any:
        scope = scope_for(user)
        if scope.is_admin:
            return self
        return self.filter(route_id__in=scope.staff_route_ids)


class OutreachActivity(TimeStampedModel):
    """A presentation at an employers' meeting, a consultation with a branch association, a research session:
    one occasion that may produce leads (organisations that get it as their source)."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="hosted_activities",
        null=True,
        blank=True,
    )
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    material = models.FileField(_("material"), upload_to="outreach/material/", blank=True)
    material_name = models.CharField(_("material file name"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Markdown: **bold**, *italic*, lists, links."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RouteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["route", "-held_on"], name="activity_route_date_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"


class PipelineEntry(TimeStampedModel):
    """An organisation's stage with one route (one per partnership). A partnership without an entry is a
    prospect since the day it was linked, with no source yet: entries are made on the first change."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="pipeline")
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="pipeline_entries")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pipeline_entries")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PROSPECT)
    stage_since = models.DateTimeField(_("in this stage since"))
    source = models.CharField(_("source"), max_length=30, choices=Source.choices, blank=True)
    source_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("via organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The branch association or partner that brought this organisation in."),
    )
    source_activity = models.ForeignKey(
        OutreachActivity,
        verbose_name=_("via activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    source_note = models.CharField(_("source details"), max_length=200, blank=True)
    front_runner = models.BooleanField(_("front-runner (voorloper)"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RouteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pipeline entry")
        verbose_name_plural = _("pipeline entries")
        constraints = [
            models.UniqueConstraint(fields=["route", "organisation"], name="pipeline_route_organisation_unique")
        ]
        indexes = [
            models.Index(fields=["route", "stage", "stage_since"], name="pipeline_route_stage_idx"),
            models.Index(fields=["route", "source"], name="pipeline_route_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.route_id}: {self.stage}"


class StageChange(models.Model):
    """One move of an entry from a stage to another: the history from which time-in-stage and conversion
    are computed. `skipped` names the stages on the road that a move forward jumped over."""

    entry = models.ForeignKey(PipelineEntry, on_delete=models.CASCADE, related_name="changes")
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="+")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    skipped = models.JSONField(_("skipped stages"), default=list, blank=True)

    objects = RouteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "pk"]
        indexes = [
            models.Index(fields=["entry", "changed_at"], name="stagechange_entry_idx"),
            models.Index(fields=["route", "to_stage", "changed_at"], name="stagechange_route_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} → {self.to_stage}"


class Interaction(TimeStampedModel):
    """A contact moment (contactmoment): a call, e-mail, visit, video call, presentation or event."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="interactions")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"))
    people = models.ManyToManyField(Person, verbose_name=_("contact persons"), blank=True, related_name="interactions")
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("colleagues"), blank=True, related_name="interactions"
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Markdown: **bold**, *italic*, lists, links."))
    activity = models.ForeignKey(
        OutreachActivity,
        verbose_name=_("outreach activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RouteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-occurred_on"], name="interaction_org_date_idx"),
            models.Index(fields=["route", "-occurred_on"], name="interaction_route_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d-%m-%Y}"


class FollowUp(TimeStampedModel):
    """What someone of the hogeschool will do next, and by when."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="follow_ups")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("contact moment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    description = models.CharField(_("what"), max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RouteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["assignee", "due_on"], name="followup_open_idx", condition=Q(done_at__isnull=True)),
            models.Index(fields=["route", "due_on"], name="followup_route_idx"),
        ]

    def __str__(self) -> str:
        return self.description


class DigestDelivery(models.Model):
    """The follow-up digest of one colleague for one day: written with its outbox message, so that a digest
    task that runs twice (or on two workers) sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    message = models.ForeignKey("mail.OutboxMessage", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up digest")
        verbose_name_plural = _("follow-up digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_user_day_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
