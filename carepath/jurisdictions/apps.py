"""Jurisdiction packs and the protocol engine: wiring into cases, pages and Django's system checks."""

from django.apps import AppConfig
from django.core import checks


@checks.register()
def check_packs_and_rules(app_configs=None, **kwargs):
    """The app refuses to start with an invalid jurisdiction pack or protocol rule file."""
    from . import packs, rules

    errors = []
    try:
        packs.load_dir()
    except packs.PackError as exc:
        for line in str(exc).splitlines():
            errors.append(
                checks.Error(
                    line, hint="Fix the pack file, then run `carepath jurisdiction check`.", id="jurisdictions.E001"
                )
            )
    try:
        rules.load_rules()
    except rules.RulesError as exc:
        for line in str(exc).splitlines():
            errors.append(checks.Error(line, hint="Fix data/protocol/rules.yaml.", id="jurisdictions.E002"))
    return errors


class JurisdictionsConfig(AppConfig):
    name = "carepath.jurisdictions"
    label = "jurisdictions"

    def ready(self):
        from carepath.cases import hooks
        from carepath.core import panels

        from . import (
            events,  # noqa: F401  (registers the timeline kinds)
            services,
            views,
        )

        for registry, hook in (
            (hooks.on_case_opened, services.on_case_opened),
            (hooks.on_risk_changed, services.on_risk_changed),
            (hooks.close_blockers, services.close_blockers),
        ):
            if hook not in registry:
                registry.append(hook)
        panels.register("case", "top", "jurisdictions/_case_protocol.html", context=views.case_protocol_panel, order=10)
