"""The protocol engine: rules, each case's computed protocol, the organisation's policy (declared in plugin.py)."""

from django.core import checks

from carepath.core import extensions


@checks.register()
def check_rules(app_configs=None, **kwargs):
    """The app refuses to start with an invalid protocol rule file."""
    from . import rules

    try:
        rules.load_rules()
    except rules.RulesError as exc:
        return [
            checks.Error(line, hint="Fix carepath/protocol/data/rules.yaml.", id="protocol.E001")
            for line in str(exc).splitlines()
        ]
    return []


class ProtocolConfig(extensions.PluginAppConfig):
    name = "carepath.protocol"
    label = "protocol"
    plugin = "carepath.protocol.plugin.PLUGIN"

    def ready(self):
        super().ready()
        from carepath.jurisdictions import cli

        from . import rules

        def rules_check() -> str:
            try:
                return f"protocol rules v{rules.load_rules().version} valid"
            except rules.RulesError as exc:
                raise cli.CheckFailed(str(exc)) from exc

        if not any(getattr(c, "__name__", "") == "rules_check" for c in cli.EXTRA_CHECKS):
            cli.EXTRA_CHECKS.append(rules_check)
