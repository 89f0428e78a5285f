"""Admin list of outbound messages: read-only, because only the notify services write them."""

from django.contrib import admin

from homecase.notify.models import OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "format", "recipient", "subject", "status", "sent_at"]
    list_filter = ["status", "channel", "format", "template"]
    search_fields = ["recipient", "subject", "case__reference"]
    list_select_related = ["case"]
    raw_id_fields = ["case", "resident", "representative"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
