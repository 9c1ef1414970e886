"""Follow-up and ongoing support: registers timeline kinds, case hooks and panels when Django starts."""

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "carepath.followup"
    label = "followup"
    verbose_name = "Follow-up"

    def ready(self) -> None:
        from carepath.cases import hooks
        from carepath.core import panels

        from . import (
            events,  # noqa: F401  (registers the timeline event kinds)
            services,
            views,
        )

        for registry, hook in (
            (hooks.on_case_opened, services.on_case_opened),
            (hooks.on_risk_changed, services.on_risk_changed),
            (hooks.close_blockers, services.close_blockers),
            (hooks.on_case_closed, services.on_case_closed),
        ):
            if hook not in registry:
                registry.append(hook)
        panels.register("case", "side", "followup/_case_panel.html", context=views.case_panel_context, order=30)
        panels.register(
            "dashboard", "main", "followup/_dashboard_panel.html", context=views.dashboard_panel_context, order=20
        )
