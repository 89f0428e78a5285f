from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "homecase.api"
    verbose_name = "API"
