"""Collaboration with other professionals (step 6): consultations, supervisor review, referrals, hand-over
summaries and team notes with mentions (declared in plugin.py)."""

from carepath.core import extensions


class CollaborationConfig(extensions.PluginAppConfig):
    name = "carepath.collaboration"
    label = "collaboration"
    plugin = "carepath.collaboration.plugin.PLUGIN"
