"""Admin for agreement templates, agreements, their signatures and events, route settings and the matrix.

A published or retired template is read-only (agreements were drawn up from its text; a new version is drafted
on the template pages). An agreement's evidence is read-only here: its frozen content, the PDFs and their hashes,
every signature and the audit trail. Changing any of them would make the signed PDF's hash and the trail disagree
with what the parties signed; sending, signing, cancelling and amending go through the agreement pages, whose
services keep the trail. Agreements are neither added nor deleted here (they are made from a placement; signed
ones are kept by law).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from verbinder.agreements.enums import TemplateStatus
from verbinder.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementSettings,
    AgreementSigner,
    AgreementTemplate,
    MatrixCell,
    MatrixParty,
    MatrixTask,
    TemplateClause,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


def _is_draft(obj: Any) -> bool:
    return obj is None or getattr(obj, "status", TemplateStatus.DRAFT) == TemplateStatus.DRAFT


class TemplateClauseInline(admin.StackedInline):
    model = TemplateClause
    extra = 0
    fields = ["position", "party", "topic", "heading", "body"]

    # A published or retired template's text is what agreements were drawn up from: a new version is drafted.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


@admin.register(AgreementSettings)
class AgreementSettingsAdmin(admin.ModelAdmin):
    list_display = ["route", "remind_after_days", "expire_after_days", "signing_order"]
    list_filter = ["signing_order"]
    search_fields = ["route__programme_name", "route__hogeschool"]
    autocomplete_fields = ["route"]
    list_select_related = ["route"]


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "route", "status", "published_at"]
    list_filter = ["status", "include_matrix"]
    search_fields = ["title", "route__programme_name"]
    autocomplete_fields = ["route"]
    raw_id_fields = ["previous", "created_by", "published_by"]
    # One published template per route, and the one before is retired: the template pages publish.
    readonly_fields = ["status", "published_by", "published_at", "version", "created_at", "updated_at"]
    list_select_related = ["route"]
    inlines = [TemplateClauseInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _is_draft(obj):
            return self.readonly_fields
        return [field.name for field in AgreementTemplate._meta.concrete_fields if field.name != "id"]


class AgreementSignerInline(ReadOnlyInline):
    model = AgreementSigner
    fields = readonly_fields = (
        "position",
        "party",
        "name",
        "email",
        "role",
        "organisation",
        "status",
        "invited_at",
        "signed_at",
        "signed_via",
    )


class AgreementEventInline(ReadOnlyInline):
    model = AgreementEvent
    show_change_link = False
    fields = readonly_fields = ("created_at", "kind", "signer", "actor_name", "detail", "ip_address", "message")


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "sequence", "route", "placement", "status", "sent_at", "expires_at", "completed_at"]
    list_filter = ["status", "signing_order"]
    search_fields = [
        "title",
        "document_sha256",
        "final_sha256",
        "placement__student__student_number",
        "placement__student__last_name",
        "signers__name",
        "signers__organisation__name",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["route", "placement__student"]
    inlines = [AgreementSignerInline, AgreementEventInline]


@admin.register(AgreementSigner)
class AgreementSignerAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["agreement", "party", "name", "email", "status", "signed_at", "signed_via"]
    list_filter = ["status", "party", "signed_via"]
    search_fields = ["name", "email", "organisation__name", "agreement__title", "signed_sha256"]
    list_select_related = ["agreement"]


@admin.register(AgreementEvent)
class AgreementEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "agreement", "kind", "actor_name", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["agreement__title", "actor_name", "detail"]
    date_hierarchy = "created_at"
    list_select_related = ["agreement"]


class MatrixCellInline(admin.TabularInline):
    model = MatrixCell
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(MatrixTask)
class MatrixTaskAdmin(admin.ModelAdmin):
    list_display = ["name", "route", "position"]
    search_fields = ["name", "route__programme_name"]
    autocomplete_fields = ["route"]
    list_select_related = ["route"]
    inlines = [MatrixCellInline]


@admin.register(MatrixParty)
class MatrixPartyAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "route", "organisation", "position"]
    list_filter = ["kind"]
    search_fields = ["label", "route__programme_name", "organisation__name"]
    autocomplete_fields = ["route", "organisation"]
    list_select_related = ["route", "organisation"]


@admin.register(MatrixCell)
class MatrixCellAdmin(admin.ModelAdmin):
    list_display = ["task", "party", "value"]
    list_filter = ["value"]
    search_fields = ["task__name", "party__label"]
    autocomplete_fields = ["task", "party"]
    list_select_related = ["task", "party"]
