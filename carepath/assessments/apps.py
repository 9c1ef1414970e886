"""App configuration: timeline event kinds and panels on the client and case pages."""

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "carepath.assessments"
    label = "assessments"

    def ready(self) -> None:
        from carepath.core import panels

        from . import events  # noqa: F401  (registers the timeline event kinds)
        from .panels import case_actions, case_side, client_actions, client_main

        panels.register("client", "actions", "assessments/_actions_panel.html", context=client_actions, order=20)
        panels.register("case", "actions", "assessments/_actions_panel.html", context=case_actions, order=20)
        panels.register("case", "side", "assessments/_case_side_panel.html", context=case_side, order=20)
        panels.register("client", "main", "assessments/_client_main_panel.html", context=client_main, order=20)
