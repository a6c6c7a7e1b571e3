from django.contrib import admin

from verbinder.spreadsheets.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "original_name", "created_by", "route", "status", "total_rows", "error_count"]
    list_filter = ["status", "file_format"]
    search_fields = ["original_name", "created_by__email"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
