"""Organisations, members and their roles, sign-in (declared in plugin.py)."""

from carepath.core import extensions


class AccountsConfig(extensions.PluginAppConfig):
    name = "carepath.accounts"
    label = "accounts"
    plugin = "carepath.accounts.plugin.PLUGIN"
