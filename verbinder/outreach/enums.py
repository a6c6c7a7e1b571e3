"""The words of making contact: pipeline stages, sources, kinds of contact moments and outreach activities."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where an organisation stands with a route. The first six are the road to hosting a student, in order;
    paused and stopped are off that road."""

    PROSPECT = "prospect", _("Prospect")
    CONTACTED = "contacted", _("Contacted")
    INTAKE_PLANNED = "intake_planned", _("Intake planned")
    INTAKE_HELD = "intake_held", _("Intake held")
    AGREEMENT = "agreement", _("Agreement in preparation")
    HOSTING = "hosting", _("Hosting a student")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


# The road to hosting a student, in order: a move forward past one of these skips it (allowed, and recorded).
PIPELINE_ROAD: tuple[Stage, ...] = (
    Stage.PROSPECT,
    Stage.CONTACTED,
    Stage.INTAKE_PLANNED,
    Stage.INTAKE_HELD,
    Stage.AGREEMENT,
    Stage.HOSTING,
)


class Source(models.TextChoices):
    """How the organisation came into view."""

    BRANCH_ASSOCIATION = "branch_association", _("Via a branch association")
    EMPLOYERS_MEETING = "employers_meeting", _("Employers' meeting")
    RESEARCH = "research", _("Labour-market research")
    OWN_NETWORK = "own_network", _("Own network")
    STUDENT = "student", _("Brought in by a student")
    OTHER = "other", _("Other")


class InteractionKind(models.TextChoices):
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Visit")
    VIDEO = "video", _("Video call")
    PRESENTATION = "presentation", _("Presentation")
    EVENT = "event", _("Event")


class ActivityKind(models.TextChoices):
    EMPLOYERS_MEETING = "employers_meeting", _("Presentation at an employers' meeting")
    BRANCH_CONSULTATION = "branch_consultation", _("Consultation with a branch association")
    RESEARCH = "research", _("Labour-market research")
    OTHER = "other", _("Other activity")


# The source that an outreach activity of each kind gives the leads it produced.
ACTIVITY_SOURCE: dict[ActivityKind, Source] = {
    ActivityKind.EMPLOYERS_MEETING: Source.EMPLOYERS_MEETING,
    ActivityKind.BRANCH_CONSULTATION: Source.BRANCH_ASSOCIATION,
    ActivityKind.RESEARCH: Source.RESEARCH,
    ActivityKind.OTHER: Source.OTHER,
}
