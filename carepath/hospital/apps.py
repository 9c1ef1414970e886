"""The hospitalisation step (declared in plugin.py)."""

from carepath.core import extensions


class HospitalConfig(extensions.PluginAppConfig):
    name = "carepath.hospital"
    label = "hospital"
    verbose_name = "Hospitalisation"
    plugin = "carepath.hospital.plugin.PLUGIN"
