"""The emergency step: the crisis console and its emergency actions (declared in plugin.py)."""

from carepath.core import extensions


class EmergencyConfig(extensions.PluginAppConfig):
    name = "carepath.emergency"
    label = "emergency"
    plugin = "carepath.emergency.plugin.PLUGIN"
