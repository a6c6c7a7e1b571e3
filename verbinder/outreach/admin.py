from django.contrib import admin

from verbinder.outreach.models import (
    DigestDelivery,
    FollowUp,
    Interaction,
    OutreachActivity,
    PipelineEntry,
    StageChange,
)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = readonly_fields = ("from_stage", "to_stage", "changed_at", "changed_by", "skipped")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(PipelineEntry)
class PipelineEntryAdmin(admin.ModelAdmin):
    list_display = ["organisation", "route", "stage", "stage_since", "source", "front_runner"]
    list_filter = ["stage", "source", "front_runner"]
    search_fields = ["organisation__name", "route__programme_name"]
    autocomplete_fields = ["organisation", "source_organisation"]
    raw_id_fields = ["partnership", "route", "source_activity"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [StageChangeInline]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "route", "kind", "occurred_on", "created_by"]
    list_filter = ["kind"]
    search_fields = ["organisation__name", "notes"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["organisation", "people"]
    raw_id_fields = ["route", "colleagues", "activity", "created_by"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["description", "organisation", "assignee", "due_on", "done_at"]
    list_filter = ["done_at"]
    search_fields = ["description", "organisation__name", "assignee__email"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["route", "interaction", "assignee", "done_by", "created_by"]


@admin.register(OutreachActivity)
class OutreachActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "route", "kind", "held_on", "host"]
    list_filter = ["kind"]
    search_fields = ["title", "audience", "host__name"]
    autocomplete_fields = ["host"]
    raw_id_fields = ["route", "created_by"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "message", "created_at"]
    raw_id_fields = ["user", "message"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
