from django.apps import AppConfig


class AsbConfig(AppConfig):
    name = "homecase.asb"
    verbose_name = "Anti-social behaviour"
