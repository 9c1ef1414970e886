"""App configuration: registers this app's timeline event kinds."""

from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "carepath.contacts"
    label = "contacts"

    def ready(self):
        from . import events  # noqa: F401  (registers the timeline event kinds)
