"""Admin views of the record: read-only, because the record is only written by services."""

from django.contrib import admin

from homecase.records.models import Case, Deadline, Event


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "title", "opened_at"]
    search_fields = ["reference", "title"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["timeline", "sequence", "kind", "occurred_at", "actor_name"]
    list_filter = ["kind", "channel"]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["case", "label", "due_at", "status"]
    list_filter = ["status", "duty"]
