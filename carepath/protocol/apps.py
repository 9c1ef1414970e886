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


@checks.register()
def check_done_by_kinds(app_configs=None, **kwargs):
    """Every event kind a protocol step is completed by is written by some installed app.

    A warning, not an error: CarePath runs without a step app (its steps can still be ticked by hand), but a
    kind nobody writes is usually a typo in the rules.
    """
    from carepath.cases import events

    from . import rules

    try:
        the_rules = rules.load_rules()
    except rules.RulesError:
        return []  # check_rules reports it
    duty = the_rules.duty_to_warn
    every = [*the_rules.steps, duty.unknown, duty.none, *duty.discharge.values()]
    return [
        checks.Warning(
            f"protocol step {step.id}: no installed app writes the event kind '{done.kind}' that completes it",
            hint="Install the app that records it, or correct done_by in carepath/protocol/data/rules.yaml.",
            id="protocol.W001",
        )
        for step in every
        for done in step.done_by
        if done.kind not in events.EVENT_KINDS
    ]


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
