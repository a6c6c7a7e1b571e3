from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    TEACHER = "teacher", _("Teacher")
    COMPANY_CONTACT = "company_contact", _("Company contact")
    WORKPLACE_SUPERVISOR = "workplace_supervisor", _("Workplace supervisor")
    STUDENT = "student", _("Student")
    PARTNER_CONTACT = "partner_contact", _("Partner contact")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.COORDINATOR, Role.TEACHER})
EXTERNAL_ROLES = frozenset({Role.COMPANY_CONTACT, Role.WORKPLACE_SUPERVISOR, Role.STUDENT, Role.PARTNER_CONTACT})


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
