"""Admin for workplaces, students, matches and placements.

A placement's hosts and events are read-only here: the database checks that the current hosts' shares add up to
the working time (at commit on PostgreSQL), and a change of host belongs on the timeline with its reason. Such
changes go through the placement pages, whose services keep both.
"""

from django.contrib import admin

from verbinder.placements.models import (
    MatchProposal,
    Placement,
    PlacementEvent,
    PlacementHost,
    Student,
    StudentImportMapping,
    Workplace,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class PlacementHostInline(ReadOnlyInline):
    model = PlacementHost
    fields = readonly_fields = (
        "slot",
        "organisation",
        "share",
        "supervisor",
        "contract_type",
        "start_date",
        "end_date",
        "is_current",
        "workplace",
    )


class PlacementEventInline(ReadOnlyInline):
    model = PlacementEvent
    show_change_link = False
    fields = readonly_fields = (
        "occurred_on",
        "kind",
        "reason",
        "expected_return",
        "before",
        "after",
        "created_by",
        "created_at",
    )


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "route", "status", "hours_per_week", "start_date", "postcode"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__name", "route__programme_name", "postcode"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["route", "organisation"]
    raw_id_fields = ["submitted_by", "approved_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
    list_select_related = ["organisation", "route"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "student_number", "route", "cohort", "prior_education", "status"]
    list_filter = ["status", "prior_education", "cohort"]
    search_fields = ["student_number", "first_name", "last_name", "email", "route__programme_name"]
    autocomplete_fields = ["route"]
    raw_id_fields = ["teacher", "user"]
    readonly_fields = ["version", "created_at", "updated_at"]
    list_select_related = ["route"]


@admin.register(MatchProposal)
class MatchProposalAdmin(admin.ModelAdmin):
    list_display = ["student", "workplace", "route", "status", "company_answer", "student_answer", "created_at"]
    list_filter = ["status", "company_answer", "student_answer"]
    search_fields = [
        "student__student_number",
        "student__last_name",
        "workplace__title",
        "workplace__organisation__name",
    ]
    autocomplete_fields = ["route", "workplace", "student"]
    raw_id_fields = ["supervisor", "proposed_by", "placement"]
    readonly_fields = ["version", "created_at", "updated_at"]
    list_select_related = ["student", "workplace__organisation", "route"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["student", "route", "status", "is_shared", "start_date", "end_date", "working_per_week"]
    list_filter = ["status", "is_shared", "share_unit"]
    search_fields = [
        "student__student_number",
        "student__first_name",
        "student__last_name",
        "hosts__organisation__name",
        "route__programme_name",
    ]
    date_hierarchy = "start_date"
    raw_id_fields = ["teacher"]
    # The working time and status are checked against the hosts' shares, and one student has one current
    # placement: these change on the placement pages only, where the services keep the timeline.
    readonly_fields = [
        "route",
        "student",
        "working_per_week",
        "share_unit",
        "status",
        "is_shared",
        "paused_since",
        "expected_return",
        "ended_on",
        "end_reason",
        "version",
        "created_at",
        "updated_at",
    ]
    list_select_related = ["student", "route"]
    inlines = [PlacementHostInline, PlacementEventInline]

    def get_search_results(self, request, queryset, search_term):  # type: ignore[no-untyped-def]
        queryset, _duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True  # searching through the hosts may find a placement twice

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(PlacementHost)
class PlacementHostAdmin(admin.ModelAdmin):
    list_display = ["organisation", "placement", "slot", "share", "supervisor", "contract_type", "is_current"]
    list_filter = ["is_current", "contract_type", "slot"]
    search_fields = ["organisation__name", "placement__student__student_number", "placement__student__last_name"]
    list_select_related = ["organisation", "placement__student", "supervisor__person"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(PlacementEvent)
class PlacementEventAdmin(admin.ModelAdmin):
    list_display = ["placement", "kind", "occurred_on", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["placement__student__student_number", "placement__student__last_name", "reason"]
    date_hierarchy = "occurred_on"
    list_select_related = ["placement__student", "created_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(StudentImportMapping)
class StudentImportMappingAdmin(admin.ModelAdmin):
    list_display = ["route", "updated_at"]
    autocomplete_fields = ["route"]
    readonly_fields = ["updated_at"]
