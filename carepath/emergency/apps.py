"""App configuration: registers the emergency event kinds and the console link on the case page."""

from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "carepath.emergency"
    label = "emergency"

    def ready(self):
        from carepath.core import panels

        from . import events  # noqa: F401  (registers the timeline event kinds)
        from .views import case_console_link

        panels.register("case", "actions", "emergency/_console_link.html", context=case_console_link, order=1)
