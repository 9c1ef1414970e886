"""Reads of jurisdiction packs that cases, pages and the command line share."""

from __future__ import annotations

import datetime as dt

from . import packs


def jurisdiction_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {packs.get(code).name}") for code in packs.codes()]


def snapshot(code: str) -> dict:
    """What the jurisdiction's pack said when a case opened, kept on the case for the record."""
    j = packs.get(code)
    resolved = {"code": j.code, "name": j.name, "parent": j.pack.parent, "version": j.pack.version}
    for section in packs.INHERITED_SECTIONS:
        value = j.section(section)
        if value is None:
            resolved[section] = None
        elif isinstance(value, list):
            resolved[section] = [item.model_dump(mode="json") for item in value]
        else:
            resolved[section] = value.model_dump(mode="json")
    resolved["taken_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return resolved
