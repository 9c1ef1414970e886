"""Clients, their support contacts, care team and break-the-glass access (declared in plugin.py)."""

from carepath.core import extensions


class ClientsConfig(extensions.PluginAppConfig):
    name = "carepath.clients"
    label = "clients"
    plugin = "carepath.clients.plugin.PLUGIN"
