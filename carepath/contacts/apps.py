"""The designated-person step: contact attempts with the client's support contacts (declared in plugin.py)."""

from carepath.core import extensions


class ContactsConfig(extensions.PluginAppConfig):
    name = "carepath.contacts"
    label = "contacts"
    plugin = "carepath.contacts.plugin.PLUGIN"
