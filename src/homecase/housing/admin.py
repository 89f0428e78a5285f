from django.contrib import admin

from homecase.housing import models


@admin.register(models.Estate)
class EstateAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(models.Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["name", "estate", "storeys", "height_m"]
    search_fields = ["name"]


@admin.register(models.Home)
class HomeAdmin(admin.ModelAdmin):
    list_display = ["uprn", "address_line_1", "postcode", "block"]
    search_fields = ["uprn", "address_line_1", "postcode"]
    raw_id_fields = ["block", "estate"]


@admin.register(models.Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "home"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["home", "tenancy", "user", "timeline"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # residents are created by the service, which starts their timeline


admin.site.register(models.CommunalArea)
admin.site.register(models.Tenancy)


@admin.register(models.DecencyAssessment)
class DecencyAssessmentAdmin(admin.ModelAdmin):
    list_display = ["home", "assessed_on", "meets_standard"]
    list_filter = ["meets_standard"]
    search_fields = ["home__uprn", "home__address_line_1", "home__postcode"]
    raw_id_fields = ["home"]
    date_hierarchy = "assessed_on"


@admin.register(models.SafetyCheck)
class SafetyCheckAdmin(admin.ModelAdmin):
    list_display = ["kind", "home", "block", "done_on", "next_due_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["home__uprn", "home__address_line_1", "block__name"]
    raw_id_fields = ["home", "block"]
