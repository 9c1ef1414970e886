"""Reads of jurisdiction packs that clients, cases, pages and the command line share."""

from __future__ import annotations

from functools import lru_cache

import yaml

from carepath.core import clock

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
    resolved["taken_at"] = clock.now().isoformat(timespec="seconds")
    return resolved


def resolved_jurisdiction(code: str) -> packs.Jurisdiction | None:
    try:
        return packs.get(code)
    except packs.UnknownJurisdiction:
        return None


# --- What the help page and the case page show of a jurisdiction ------------------------------------------------

HELP_DEFAULTS = packs.DATA_DIR / "help" / "defaults.yaml"


@lru_cache(maxsize=1)
def help_defaults() -> dict:
    """Which country the help page starts from (data/help/defaults.yaml): the default and language -> country."""
    data = yaml.safe_load(HELP_DEFAULTS.read_text(encoding="utf-8"))
    return {"default": data["default"], "language_country": dict(data.get("language_country") or {})}


def code_from_accept_language(header: str | None) -> str:
    """The pack to show first for a browser's Accept-Language: en-GB -> GB, fr-CA -> CA, de -> DE, else US."""
    ranges = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranges.append((-quality, index, tag))
    for _q, _i, tag in sorted(ranges):
        subtags = tag.replace("_", "-").split("-")
        region = next((s.upper() for s in subtags[1:] if len(s) == 2 and s.isalpha()), None)
        if region and packs.is_known(region):
            return region
        language = subtags[0].lower()
        country = help_defaults()["language_country"].get(language, language.upper())
        if not region and len(language) == 2 and packs.is_known(country) and language != "en":
            return country
    return help_defaults()["default"]


def _fact(fact) -> dict:
    if fact is None or fact.status != "known":
        return {"known": False, "note": getattr(fact, "note", None) if fact is not None else None}
    return {"known": True, **fact.model_dump(mode="json")}


def guidance(code: str) -> dict:
    """What a clinician or a client needs from the pack at a glance; unknown facts say so."""
    j = resolved_jurisdiction(code)
    if j is None:
        return {"code": code, "name": None, "known": False}
    emergency = _fact(j.emergency)
    return {
        "code": j.code,
        "name": j.name,
        "known": True,
        "emergency": emergency,
        "emergency_number": (emergency.get("numbers") or [None])[0] if emergency["known"] else None,
        "crisis_lines": [line.model_dump(mode="json") for line in (j.crisis_lines or []) if line.status == "known"],
        "duty_to_warn": _fact(j.duty_to_warn),
        "emergency_hold": _fact(j.emergency_hold),
        "minors": _fact(j.minors),
        "sud_records": _fact(j.sud_records),
    }


def help_choices() -> list[tuple[str, str]]:
    return [(code, f"{packs.get(code).name} ({code})") for code in packs.codes()]
