"""The safety-plan step (declared in plugin.py)."""

from carepath.core import extensions


class SafetyPlansConfig(extensions.PluginAppConfig):
    name = "carepath.safetyplans"
    label = "safetyplans"
    verbose_name = "Safety plans"
    plugin = "carepath.safetyplans.plugin.PLUGIN"
