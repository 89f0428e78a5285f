from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "homecase.notify"
