"""The follow-up step: tasks, reminders, caring contacts, notifications and the worker (declared in plugin.py)."""

from carepath.core import extensions


class FollowupConfig(extensions.PluginAppConfig):
    name = "carepath.followup"
    label = "followup"
    verbose_name = "Follow-up"
    plugin = "carepath.followup.plugin.PLUGIN"
