from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.scope import scope_for
from verbinder.core.models import TimeStampedModel
from verbinder.partners.enums import (
    PRAKTIJKLEREN_AREAS,
    CrohoArea,
    DegreeType,
    OrganisationKind,
    RelationshipKind,
    SbiSection,
    SizeClass,
)


class RouteQuerySet(models.QuerySet["Route"]):
    def visible_to(self, user: Any) -> RouteQuerySet:
        scope = scope_for(user)
        if scope.is_admin:
            return self
        return self.filter(pk__in=scope.staff_route_ids)


class Route(TimeStampedModel):
    """One Mkb-route of one programme at one hogeschool: the unit a coordinator runs and that scopes access."""

    programme_name = models.CharField(_("programme (opleiding)"), max_length=200)
    degree_type = models.CharField(_("degree"), max_length=10, choices=DegreeType.choices)
    croho_code = models.CharField(_("CROHO code"), max_length=5)
    croho_area = models.CharField(_("CROHO area"), max_length=30, choices=CrohoArea.choices)
    hogeschool = models.CharField(_("hogeschool"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = RouteQuerySet.as_manager()

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["programme_name", "hogeschool", "pk"]
        constraints = [
            models.CheckConstraint(name="route_croho_code_digits", condition=Q(croho_code__regex=r"^[0-9]{5}$")),
        ]

    def __str__(self) -> str:
        return f"{self.programme_name} ({self.get_degree_type_display()}, {self.hogeschool})"

    @property
    def qualifies_for_praktijkleren(self) -> bool:
        return self.croho_area in PRAKTIJKLEREN_AREAS


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        scope = scope_for(user)
        if scope.is_admin:
            return self
        # External users reach their own organisations while those are active; staff reach their routes' partners.
        condition: Any = (
            Q(pk__in=scope.organisation_ids, archived_at__isnull=True) if scope.organisation_ids else Q(pk__in=[])
        )
        if scope.staff_route_ids:
            condition |= Exists(
                Partnership.objects.filter(organisation=OuterRef("pk"), route_id__in=scope.staff_route_ids)
            )
        return self.filter(condition)

    def active(self) -> OrganisationQuerySet:
        return self.filter(archived_at__isnull=True)


class Organisation(TimeStampedModel):
    """Any party: a company, a branch association, a government body, a unit of the hogeschool."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    kvk_number = models.CharField(_("KVK number"), max_length=8, blank=True)
    establishment_number = models.CharField(_("vestigingsnummer"), max_length=12, blank=True)
    sbi_codes = models.CharField(
        _("SBI codes"), max_length=100, blank=True, help_text=_("One or more codes of 4 or 5 digits.")
    )
    sector = models.CharField(
        _("sector"), max_length=1, choices=SbiSection.choices, blank=True, help_text=_("From the first SBI code.")
    )
    size_class = models.CharField(_("size"), max_length=10, choices=SizeClass.choices, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    has_hr_staff = models.BooleanField(_("has HR staff"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Markdown: **bold**, *italic*, lists, links."))
    routes: models.ManyToManyField[Route, Partnership] = models.ManyToManyField(
        Route, verbose_name=_("routes"), through="Partnership", related_name="organisations", blank=True
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=~Q(kvk_number=""),
                name="organisation_kvk_unique",
                violation_error_message=_("An organisation with this KVK number is already registered."),
            ),
            models.CheckConstraint(
                name="organisation_kvk_digits", condition=Q(kvk_number="") | Q(kvk_number__regex=r"^[0-9]{8}$")
            ),
            models.CheckConstraint(
                name="organisation_establishment_digits",
                condition=Q(establishment_number="") | Q(establishment_number__regex=r"^[0-9]{12}$"),
            ),
        ]
        indexes = [
            models.Index(Lower("name"), name="organisation_name_lower_idx"),
            models.Index(fields=["city"], name="organisation_city_idx"),
            models.Index(fields=["kind", "name"], name="organisation_kind_idx"),
            models.Index(fields=["sector"], name="organisation_sector_idx"),
            models.Index(fields=["size_class"], name="organisation_size_idx"),
            models.Index(fields=["archived_at", "name"], name="organisation_archived_idx"),
        ]

    def is_visible_to(self, user: Any) -> bool:
        """The condition of `Organisation.objects.visible_to(user)` for this one organisation, read from its
        partnerships (prefetch them): cheaper than the query's subquery when the organisation is fetched anyway."""
        scope = scope_for(user)
        if scope.is_admin:
            return True
        if self.pk in scope.organisation_ids and self.archived_at is None:
            return True
        return any(partnership.route_id in scope.staff_route_ids for partnership in self.partnerships.all())

    def __str__(self) -> str:
        return self.name

    @property
    def is_company(self) -> bool:
        return self.kind == OrganisationKind.COMPANY

    @property
    def is_sme(self) -> bool:
        return self.is_company and self.size_class != SizeClass.LARGE

    @property
    def is_large_company(self) -> bool:
        return self.is_company and self.size_class == SizeClass.LARGE

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Partnership(models.Model):
    """An organisation linked to a route as a partner."""

    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="partnerships"
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [models.UniqueConstraint(fields=["route", "organisation"], name="partnership_unique")]
        indexes = [models.Index(fields=["organisation", "route"], name="partnership_org_route_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.route}"


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        scope = scope_for(user)
        if scope.is_admin:
            return self
        return self.filter(
            Exists(
                Affiliation.objects.filter(
                    person=OuterRef("pk"), organisation__in=Organisation.objects.visible_to(user)
                )
            )
        )


class Person(TimeStampedModel):
    """A contact person. Their roles at organisations are Affiliations."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150, help_text=_("Including prefixes such as 'van der'."))
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=[("nl", _("Dutch")), ("en", _("English"))], default="nl"
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(Lower("last_name"), Lower("first_name"), name="person_name_lower_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Affiliation(TimeStampedModel):
    """A person's role at an organisation."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="affiliations"
    )
    function_title = models.CharField(_("function"), max_length=150, blank=True)
    is_primary_contact = models.BooleanField(_("primary contact"), default=False)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-is_primary_contact", "person__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], condition=Q(ended_on__isnull=True), name="affiliation_active_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "ended_on"], name="affiliation_org_idx"),
            models.Index(Lower("email"), name="affiliation_email_lower_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"


class Relationship(TimeStampedModel):
    """A typed link between two organisations: member of, part of, works with."""

    source = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="outgoing_relationships"
    )
    kind = models.CharField(_("relationship"), max_length=20, choices=RelationshipKind.choices)
    target = models.ForeignKey(
        Organisation,
        verbose_name=_("other organisation"),
        on_delete=models.CASCADE,
        related_name="incoming_relationships",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"],
                name="relationship_unique",
                violation_error_message=_("This relationship already exists."),
            ),
            models.CheckConstraint(
                name="relationship_not_self",
                condition=~Q(source=models.F("target")),
                violation_error_message=_("An organisation cannot have a relationship with itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"
