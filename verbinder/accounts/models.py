from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.enums import EXTERNAL_ROLES, STAFF_ROLES, Language, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Roles and their scope are RoleAssignments."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.DUTCH)
    follow_up_digest = models.BooleanField(
        _("follow-up e-mail"),
        default=True,
        help_text=_("An e-mail on mornings when follow-ups are due or overdue."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"), default=False, help_text=_("May log in to the Django admin.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class RoleAssignment(models.Model):
    """A role of a user, scoped to a route (staff roles) or an organisation (external roles)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    route = models.ForeignKey(
        "partners.Route", verbose_name=_("route"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="roleassignment_scope_matches_role",
                condition=(
                    Q(role__in=sorted(STAFF_ROLES), route__isnull=False, organisation__isnull=True)
                    | Q(role__in=sorted(EXTERNAL_ROLES), route__isnull=True, organisation__isnull=False)
                    | Q(role=Role.ADMIN, route__isnull=True, organisation__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "route"], condition=Q(route__isnull=False), name="roleassignment_unique_route"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="roleassignment_unique_org",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(route__isnull=True, organisation__isnull=True),
                name="roleassignment_unique_global",
            ),
        ]

    def __str__(self) -> str:
        scope = self.route or self.organisation or ""
        return f"{self.user} – {self.get_role_display()} {scope}".strip()
