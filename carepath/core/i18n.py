"""CarePath's message files: the apps' `locale/<language>/LC_MESSAGES/django.po`, compiled (with polib, no GNU
gettext needed) into one catalogue per language in the data folder, whenever a .po is newer than it.

Runs when Django starts (CoreConfig.ready), so `pip install` and the first `carepath` command are all it takes;
the compiled files live in $CAREPATH_DATA/locale (settings.LOCALE_PATHS), never in the package.
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.apps import apps


def _sources() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("carepath."):
            continue
        for po in Path(config.path).glob("locale/*/LC_MESSAGES/django.po"):
            found.setdefault(po.parent.parent.name, []).append(po)
    return found


def compile_messages(target: Path) -> list[Path]:
    """Compile what changed; returns the catalogues written."""
    written = []
    for language, files in _sources().items():
        mo = target / language / "LC_MESSAGES" / "django.mo"
        if mo.exists() and mo.stat().st_mtime >= max(f.stat().st_mtime for f in files):
            continue
        catalogue = polib.POFile()
        catalogue.metadata = polib.pofile(str(files[0])).metadata
        for po in files:
            for entry in polib.pofile(str(po)):
                if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                    catalogue.append(entry)
        mo.parent.mkdir(parents=True, exist_ok=True)
        tmp = mo.with_suffix(".mo.tmp")
        catalogue.save_as_mofile(str(tmp))
        tmp.replace(mo)  # atomic: a second process starting at the same time never reads half a file
        written.append(mo)
    return written
