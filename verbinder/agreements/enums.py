from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Party(models.TextChoices):
    """A party to a tripartite agreement (four for a shared placement)."""

    SCHOOL = "school", _("Programme (hogeschool)")
    STUDENT = "student", _("Student")
    COMPANY = "company", _("Company")
    SECOND_COMPANY = "second_company", _("Second company")


class ClauseParty(models.TextChoices):
    """Whose obligations a clause sets out; general clauses concern all parties."""

    GENERAL = "general", _("All parties")
    SCHOOL = "school", _("Programme (hogeschool)")
    STUDENT = "student", _("Student")
    COMPANY = "company", _("Company")
    SECOND_COMPANY = "second_company", _("Second company (shared placement)")


class ClauseTopic(models.TextChoices):
    """The minimum content of the agreement that the praktijkleren subsidy requires (DOMAIN.md)."""

    PERIOD = "period", _("Start and end date")
    PRACTICAL_DURATION = "practical_duration", _("Duration of the practical part")
    SUPERVISION = "supervision", _("How the student is supervised")
    QUALITIES = "qualities", _("Qualities achieved in practice and how they are assessed")
    EARLY_END = "early_end", _("How the agreement can end early")


REQUIRED_TOPICS: tuple[str, ...] = tuple(ClauseTopic.values)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Waiting for signatures")
    SIGNED = "signed", _("Signed")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    SUPERSEDED = "superseded", _("Superseded")
    CANCELLED = "cancelled", _("Cancelled")


ENDED_AGREEMENT_STATUSES = frozenset(
    {AgreementStatus.EXPIRED, AgreementStatus.TERMINATED, AgreementStatus.SUPERSEDED, AgreementStatus.CANCELLED}
)


class SigningOrder(models.TextChoices):
    SEQUENTIAL = "sequential", _("One after another, in the set order")
    PARALLEL = "parallel", _("All at once")


class SignerStatus(models.TextChoices):
    PENDING = "pending", _("Not yet invited")
    INVITED = "invited", _("Invited")
    SIGNED = "signed", _("Signed")


class SignedVia(models.TextChoices):
    LINK = "link", _("E-mailed link")
    LOGIN = "login", _("Logged in")


class AgreementEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    PROPOSED = "proposed", _("Proposed after a change of the placement")
    SENT = "sent", _("Sent for signature")
    INVITED = "invited", _("Invited to sign")
    REMINDED = "reminded", _("Reminder sent")
    RESENT = "resent", _("Link sent again")
    SIGNED = "signed", _("Signed")
    COMPLETED = "completed", _("Signed by all parties")
    DELIVERED = "delivered", _("Final PDF sent")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    TERMINATED = "terminated", _("Terminated")
    AMENDED = "amended", _("Amended by a new version")


class Responsibility(models.TextChoices):
    """RACI: who does it, who answers for it, who is consulted, who is informed."""

    RESPONSIBLE = "R", _("Responsible (does it)")
    ACCOUNTABLE = "A", _("Accountable (answers for it)")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class MatrixPartyKind(models.TextChoices):
    SCHOOL = "school", _("Programme (hogeschool)")
    STUDENT = "student", _("Student")
    COMPANY = "company", _("Company")
    BRANCH_ASSOCIATION = "branch_association", _("Branch association")
    PARTNER = "partner", _("Other partner")


# The columns every route's matrix has; partner organisations of the route each add one.
STANDARD_MATRIX_PARTIES: tuple[str, ...] = (MatrixPartyKind.SCHOOL, MatrixPartyKind.STUDENT, MatrixPartyKind.COMPANY)
