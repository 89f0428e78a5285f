"""Email, text messages and letters to residents and their representatives."""

from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "homecase.notify"
    verbose_name = "Messages"
