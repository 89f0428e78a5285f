"""The administrator keeps the contractors (firms, their users and when each signed the code of
conduct). Jobs, orders and visits are changed only through the services, never here."""

from django.contrib import admin

from homecase.repairs import models


@admin.register(models.Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ["name", "trades", "code_of_conduct_signed_on"]
    search_fields = ["name", "trades"]
    filter_horizontal = ["users"]
