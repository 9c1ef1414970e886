"""Screening instruments, risk assessments and reassessment intervals (declared in plugin.py)."""

from carepath.core import extensions


class AssessmentsConfig(extensions.PluginAppConfig):
    name = "carepath.assessments"
    label = "assessments"
    plugin = "carepath.assessments.plugin.PLUGIN"
