"""Safety cases, their timelines and the step-app kit (declared in plugin.py)."""

from carepath.core import extensions


class CasesConfig(extensions.PluginAppConfig):
    name = "carepath.cases"
    label = "cases"
    plugin = "carepath.cases.plugin.PLUGIN"

    def ready(self):
        super().ready()
        from carepath.clients import hooks as client_hooks

        from .services import note_client_change

        client_hooks.register(self.label, note_client_change)
