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


HELP_COUNTRIES = packs.DATA_DIR / "help" / "countries.yaml"


@lru_cache(maxsize=1)
def iso_countries() -> dict:
    """Every ISO 3166-1 code with its name, and the country of each IANA time zone (data/help/countries.yaml)."""
    data = yaml.safe_load(HELP_COUNTRIES.read_text(encoding="utf-8"))
    return {"countries": dict(data["countries"]), "time_zones": dict(data["time_zones"])}


def code_from_time_zone(zone: str | None) -> str | None:
    """The country a browser's time zone (`Europe/Paris`) is in, when it has a pack; else None."""
    code = iso_countries()["time_zones"].get((zone or "").strip())
    return code if code and packs.is_known(code) else None


def zones_of(code: str) -> list[str]:
    """The time zones of a country (for the help page to tell whether the browser is elsewhere)."""
    country = (code or "").split("-")[0]
    return sorted(z for z, c in iso_countries()["time_zones"].items() if c == country)


def help_search(query: str) -> list[tuple[str, str]]:
    """Packs whose code or name matches what a visitor typed: an exact code first, then names that start with it,
    then names that contain it (accents and case ignored)."""
    needle = _fold(query)
    if not needle:
        return []
    exact, starts, contains = [], [], []
    for code, label in help_choices():
        name = _fold(packs.get(code).name)
        iso_name = _fold(iso_countries()["countries"].get(code, ""))
        if needle == code.lower():
            exact.append((code, label))
        elif name.startswith(needle) or iso_name.startswith(needle):
            starts.append((code, label))
        elif needle in name or needle in iso_name:
            contains.append((code, label))
    return exact + starts + contains


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


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
    search = j.pack.crisis_lines_search or (j.parent.crisis_lines_search if j.parent else None)
    return {
        "code": j.code,
        "name": j.name,
        "known": True,
        # a help-only pack has the numbers and lines, not the law: pages say so rather than guess
        "legal_guidance": j.pack.scope == "full",
        "crisis_lines_search": search.model_dump(mode="json") if search is not None else None,
        "emergency": emergency,
        "emergency_number": (emergency.get("numbers") or [None])[0] if emergency["known"] else None,
        "emergency_numbers": _emergency_numbers(emergency) if emergency["known"] else [],
        "crisis_lines": [_line(line) for line in (j.crisis_lines or []) if line.status == "known"],
        "duty_to_warn": _fact(j.duty_to_warn),
        "emergency_hold": _fact(j.emergency_hold),
        "minors": _fact(j.minors),
        "sud_records": _fact(j.sud_records),
    }


SERVICE_WORDS = {
    "single": "every emergency service",
    "ambulance": "ambulance",
    "police": "police",
    "fire": "fire",
    "rescue": "rescue",
    "medical_advice": "medical advice",
    "coast_guard": "coast guard",
    "other": "other services",
}
REACHABLE_WORDS = {
    "mobiles": "from mobile phones only",
    "landlines": "from landlines only",
    "in_country": "from within the country only",
}
FREE_WORDS = {"all": "free", "mobiles": "free from mobiles", "landlines": "free from landlines", "none": "not free"}


def _emergency_numbers(emergency: dict) -> list[dict]:
    reaches = emergency.get("reaches") or {}
    return [
        {"number": n, "reaches": ", ".join(SERVICE_WORDS[s] for s in reaches.get(n, []))}
        for n in emergency.get("numbers") or []
    ]


def _line(line) -> dict:
    data = line.model_dump(mode="json")
    data["access"] = ", ".join(
        w for w in (REACHABLE_WORDS.get(line.reachable_from or ""), FREE_WORDS.get(line.free_from or "")) if w
    )
    return data


def help_choices() -> list[tuple[str, str]]:
    return [(code, f"{packs.get(code).name} ({code})") for code in packs.codes()]
