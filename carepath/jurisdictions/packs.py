"""Loading jurisdiction packs from their data files, validating them, and resolving inheritance."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from carepath.core import yamldata

from .schema import Pack

DATA_DIR = Path(__file__).parent / "data"
INHERITED_SECTIONS = (
    "emergency",
    "crisis_lines",
    "duty_to_warn",
    "disclosure_bases",
    "accounting_of_disclosures",
    "emergency_hold",
    "minors",
    "sud_records",
    "extreme_risk_order",
    "mandatory_reports",
)


class PackError(Exception):
    """A pack file is invalid; the message names the file and the field."""


class UnknownJurisdiction(LookupError):
    def __init__(self, code: str, suggestions: list[str]):
        self.code = code
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No jurisdiction pack for '{code}'.{hint}")


def _format_error(path: Path, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"{path.name}: {where}: {err['msg']}")
    return "\n".join(lines)


def load_file(path: Path) -> Pack:
    try:
        raw = yamldata.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PackError(f"{path.name}: not valid YAML at {yamldata.describe(exc)}") from exc
    if not isinstance(raw, dict):
        raise PackError(f"{path.name}: a pack is a mapping of fields")
    try:
        pack = Pack.model_validate(raw)
    except ValidationError as exc:
        raise PackError(_format_error(path, exc)) from exc
    if pack.code != path.stem:
        raise PackError(f"{path.name}: code: '{pack.code}' does not match the file name")
    return pack


def load_dir(directory: Path = DATA_DIR) -> dict[str, Pack]:
    """Every pack in ``directory``; raises PackError listing every invalid file."""
    packs: dict[str, Pack] = {}
    errors: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            pack = load_file(path)
        except PackError as exc:
            errors.append(str(exc))
            continue
        packs[pack.code] = pack
    for pack in packs.values():
        if pack.parent and pack.parent not in packs:
            errors.append(f"{pack.code}.yaml: parent: no pack for '{pack.parent}'")
    if errors:
        raise PackError("\n".join(errors))
    return packs


@dataclass(frozen=True)
class Jurisdiction:
    """A pack with its inheritance resolved: what is in force for a client in ``code``."""

    pack: Pack
    parent: Pack | None

    @property
    def code(self) -> str:
        return self.pack.code

    @property
    def name(self) -> str:
        return self.pack.name if not self.parent else f"{self.pack.name}, {self.parent.name}"

    def section(self, name: str):
        own = getattr(self.pack, name)
        if own is not None or self.parent is None:
            return own
        return getattr(self.parent, name)

    def __getattr__(self, name: str):
        if name in INHERITED_SECTIONS:
            return self.section(name)
        raise AttributeError(name)


@lru_cache(maxsize=1)
def all_packs() -> dict[str, Pack]:
    return load_dir()


def get(code: str) -> Jurisdiction:
    packs = all_packs()
    code = (code or "").strip().upper()
    if code not in packs:
        raise UnknownJurisdiction(code, difflib.get_close_matches(code, packs.keys(), n=3, cutoff=0.5))
    pack = packs[code]
    return Jurisdiction(pack=pack, parent=packs.get(pack.parent) if pack.parent else None)


def codes() -> list[str]:
    return sorted(all_packs())


def is_known(code: str) -> bool:
    return (code or "").strip().upper() in all_packs()


def stale_facts(pack: Pack, today: dt.date, months: int = 12) -> list[str]:
    """Paths of facts in ``pack`` whose review date is older than ``months``."""
    limit = today - dt.timedelta(days=round(months * 30.44))
    found: list[str] = []

    def walk(obj, path: str):
        if hasattr(obj, "reviewed") and getattr(obj, "reviewed", None) and obj.reviewed < limit:
            found.append(f"{path} (reviewed {obj.reviewed.isoformat()})")
        if isinstance(obj, BaseModel):
            for field in type(obj).model_fields:
                value = getattr(obj, field)
                if isinstance(value, list):
                    for i, item in enumerate(value):
                        walk(item, f"{path}.{field}[{i}]")
                elif isinstance(value, BaseModel):
                    walk(value, f"{path}.{field}")

    walk(pack, pack.code)
    return found


if __name__ == "__main__":  # python -m carepath.jurisdictions.packs  — quick validation for data editors
    import sys

    try:
        loaded = load_dir()
    except PackError as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
    print(f"{len(loaded)} packs valid")
