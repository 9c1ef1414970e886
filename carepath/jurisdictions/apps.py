"""Jurisdiction packs: loading, the public help page, the `carepath jurisdiction` commands, a start-up check."""

from django.core import checks

from carepath.core import extensions


@checks.register()
def check_packs(app_configs=None, **kwargs):
    """The app refuses to start with an invalid jurisdiction pack."""
    from . import packs

    try:
        packs.load_dir()
    except packs.PackError as exc:
        return [
            checks.Error(
                line, hint="Fix the pack file, then run `carepath jurisdiction check`.", id="jurisdictions.E001"
            )
            for line in str(exc).splitlines()
        ]
    return []


class JurisdictionsConfig(extensions.PluginAppConfig):
    name = "carepath.jurisdictions"
    label = "jurisdictions"
    plugin = "carepath.jurisdictions.plugin.PLUGIN"
