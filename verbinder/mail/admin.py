from django.contrib import admin

from verbinder.mail.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient", "subject", "message_id"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
