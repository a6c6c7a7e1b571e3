from django.contrib import admin

from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["route", "organisation"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["programme_name", "degree_type", "croho_code", "hogeschool", "start_year", "archived_at"]
    list_filter = ["degree_type", "croho_area", "hogeschool"]
    search_fields = ["programme_name", "croho_code", "hogeschool"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "kvk_number", "city", "size_class", "archived_at"]
    list_filter = ["kind", "size_class", "sector", "archived_at"]
    search_fields = ["name", "kvk_number", "city"]
    readonly_fields = ["sector", "version", "created_at", "updated_at"]
    inlines = [PartnershipInline, AffiliationInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "preferred_language", "archived_at"]
    search_fields = ["first_name", "last_name", "affiliations__email"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "function_title", "is_primary_contact", "email", "ended_on"]
    search_fields = ["person__last_name", "organisation__name", "email"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    autocomplete_fields = ["source", "target"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "route", "created_at"]
    autocomplete_fields = ["route", "organisation"]
