"""The administrator keeps the partner organisations ASB cases are worked with (police, the
council's ASB team, the safer neighbourhood team, social care...). ASB cases themselves are not
in the admin at all: they name victims and alleged perpetrators, and are open only to ASB
officers, through the services. A partner is never deleted: actions refer to it."""

from django.contrib import admin

from homecase.asb import models


@admin.register(models.Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "email", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "area"]
    ordering = ["name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
