"""What the jurisdiction packs add: the public help page and the `carepath jurisdiction` commands."""

from carepath.core.extensions import Extension

PLUGIN = Extension(
    label="jurisdictions",
    urls=(("", "carepath.jurisdictions.urls"),),  # /help/, public
    cli="carepath.jurisdictions.cli.add_parsers",
)
