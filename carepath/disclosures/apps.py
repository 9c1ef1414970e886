"""App configuration: registers this app's timeline event kinds."""

from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "carepath.disclosures"
    label = "disclosures"

    def ready(self):
        from . import events  # noqa: F401  (registers the timeline event kinds)
