"""The words of placements: workplaces, students, matches, placements and what happens to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkplaceStatus(models.TextChoices):
    """A workplace a company contact offers in the portal waits for the coordinator's approval; students only
    see open ones."""

    PROPOSED = "proposed", _("Awaiting approval")
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PriorEducation(models.TextChoices):
    MBO4_BOL = "mbo4_bol", _("mbo-4 bol")
    MBO4_BBL = "mbo4_bbl", _("mbo-4 bbl")
    HAVO = "havo", _("havo")
    VWO = "vwo", _("vwo")
    WORKING_PROFESSIONAL = "working_professional", _("Working professional")
    OTHER = "other", _("Other")


class StudentStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    GRADUATED = "graduated", _("Graduated")
    STOPPED = "stopped", _("Stopped")


class MatchStatus(models.TextChoices):
    """A proposed match waits for both the company and the student; one decline declines it."""

    PROPOSED = "proposed", _("Waiting for answers")
    ACCEPTED = "accepted", _("Accepted by both")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MatchAnswer(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MatchParty(models.TextChoices):
    COMPANY = "company", _("Company")
    STUDENT = "student", _("Student")


class ShareUnit(models.TextChoices):
    DAYS = "days", _("days per week")
    HOURS = "hours", _("hours per week")


class ContractType(models.TextChoices):
    LEARNING_WORK = "leerarbeidsovereenkomst", _("Leerarbeidsovereenkomst")
    EMPLOYMENT = "arbeidsovereenkomst", _("Arbeidsovereenkomst")


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


# A placement that is not ended is the student's current one: at most one per student (a database constraint).
CURRENT_PLACEMENT_STATUSES = (PlacementStatus.ACTIVE, PlacementStatus.PAUSED)


class PlacementEventKind(models.TextChoices):
    STARTED = "started", _("Placement started")
    HOST_ADDED = "host_added", _("Second host company added")
    HOST_REMOVED = "host_removed", _("Host company removed")
    EMPLOYER_CHANGED = "employer_changed", _("Change of employer")
    SHARES_CHANGED = "shares_changed", _("Shares changed")
    HOST_CHANGED = "host_changed", _("Supervisor or contract changed")
    DETAILS_CHANGED = "details_changed", _("Period or teacher changed")
    PAUSED = "paused", _("Paused (break in learning)")
    RESUMED = "resumed", _("Resumed")
    ENDED = "ended", _("Ended early")
    COMPLETED = "completed", _("Completed")
