from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "homecase.reports"
    verbose_name = "Governance and evidence"
