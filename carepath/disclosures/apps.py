"""Disclosures: confidentiality broken, on which legal basis (declared in plugin.py)."""

from carepath.core import extensions


class DisclosuresConfig(extensions.PluginAppConfig):
    name = "carepath.disclosures"
    label = "disclosures"
    plugin = "carepath.disclosures.plugin.PLUGIN"
