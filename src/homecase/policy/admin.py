from django.contrib import admin

from homecase.policy.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
