"""`carepath jurisdiction show|list|check`: the command-line contract over jurisdiction packs."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from . import packs

# Other data files checked with the packs (the protocol rules): each returns a line like "protocol rules v1
# valid", or raises CheckFailed naming the file and field.
EXTRA_CHECKS: list[Callable[[], str]] = []


class CheckFailed(Exception):
    """A data file checked beside the packs is invalid; the message names it."""


def _fact_json(fact, *keys: str) -> dict:
    if fact is None:
        return {key: None for key in keys} | {"status": "unknown"}
    data = fact.model_dump(mode="json")
    return {key: data.get(key) for key in keys} | {"status": data.get("status")}


def coverage_line(loaded: dict) -> str:
    """How much of the world the packs cover: ISO 3166-1 codes with a pack, with a confirmed line, with the law."""
    from .selectors import iso_countries

    countries = iso_countries()["countries"]
    covered = [code for code in countries if code in loaded]
    with_line = [c for c in covered if any(line.status == "known" for line in loaded[c].crisis_lines or [])]
    with_number = [c for c in covered if loaded[c].emergency is not None and loaded[c].emergency.status == "known"]
    full = [c for c in covered if loaded[c].scope == "full"]
    missing = sorted(set(countries) - set(covered))
    gap = f" (no pack: {', '.join(missing)})" if missing else ""
    return (
        f"countries: {len(covered)} of {len(countries)} ISO 3166-1 codes have a pack{gap}; "
        f"{len(with_number)} with a confirmed emergency number, {len(with_line)} with a confirmed crisis line, "
        f"{len(full)} with legal guidance"
    )


def show_json(code: str) -> dict:
    """The `show --json` object: its keys are a contract with tools outside the project."""
    j = packs.get(code)
    emergency = j.emergency
    known_emergency = emergency is not None and emergency.status == "known" and emergency.numbers
    lines = j.crisis_lines or []
    duty = j.duty_to_warn
    duty_json = _fact_json(duty, "type", "citation", "source", "reviewed", "summary", "discharge", "covers_self_harm")
    if duty is None:
        duty_json["type"] = "unknown"
    return {
        "code": j.code,
        "name": j.name,
        "parent": j.pack.parent,
        "scope": j.pack.scope,
        "legal_guidance": j.pack.scope == "full",
        "emergency_number": emergency.numbers[0] if known_emergency else None,
        "emergency_numbers": list(emergency.numbers) if known_emergency else [],
        "emergency_reaches": dict(emergency.reaches) if known_emergency else {},
        "crisis_lines": [
            line.model_dump(mode="json", exclude_none=True) | {"name": line.name, "phone": line.phone}
            for line in lines
            if line.status == "known"
        ],
        "duty_to_warn": duty_json,
        "emergency_hold": _fact_json(
            j.emergency_hold, "name", "max_hours", "citation", "initiators", "source", "reviewed"
        ),
        "disclosure_bases": [b.model_dump(mode="json", exclude_none=True) for b in (j.disclosure_bases or [])],
        "minors": _fact_json(
            j.minors, "age_of_majority", "mental_health_consent_age", "parental_notification", "citation"
        ),
        "sud_records": _fact_json(j.sud_records, "protected", "summary", "emergency_basis", "citation"),
    }


def jurisdiction_command(args, out: TextIO, err: TextIO, today: dt.date | None = None) -> int:
    sub = args.jurisdiction_command
    if sub == "check":
        # `dir` lets data editors (and tests) check a folder of packs before it replaces the shipped one.
        directory = getattr(args, "dir", None)
        try:
            loaded = packs.load_dir(Path(directory) if directory else packs.DATA_DIR)
            extra = [] if directory else [check() for check in EXTRA_CHECKS]
        except (packs.PackError, CheckFailed) as exc:
            for line in str(exc).splitlines():
                print(f"error: {line}", file=err)
            return 1
        today = today or dt.date.today()
        stale = [item for pack in loaded.values() for item in packs.stale_facts(pack, today)]
        for item in stale:
            print(f"stale: {item}: older than 12 months, review it", file=out)
        checked = "".join(f"; {line}" for line in extra)
        print(f"{len(loaded)} packs valid{checked}; {len(stale)} facts due for review", file=out)
        print(coverage_line(loaded), file=out)
        return 0
    try:
        all_packs = packs.all_packs()
    except packs.PackError as exc:
        print(f"error: invalid jurisdiction packs:\n{exc}", file=err)
        return 1
    if sub == "list":
        for code in sorted(all_packs):
            print(f"{code}\t{packs.get(code).name}", file=out)
        return 0
    try:
        data = show_json(args.code)
    except packs.UnknownJurisdiction as exc:
        print(f"error: {exc}", file=err)
        return 2
    if args.json:
        print(json.dumps(data, ensure_ascii=False), file=out)
    else:
        print(f"{data['code']} — {data['name']}", file=out)
        print(f"Emergency: {data['emergency_number'] or 'unknown'}", file=out)
        for line in data["crisis_lines"]:
            print(f"Crisis line: {line['name']} {line.get('phone') or ''}", file=out)
        duty = data["duty_to_warn"]
        print(f"Duty to warn: {duty['type']} ({duty.get('citation') or 'no citation'})", file=out)
        hold = data["emergency_hold"]
        hours = hold.get("max_hours")
        print(f"Emergency hold: {hold.get('name') or 'unknown'}, {hours if hours is not None else '?'} h", file=out)
    return 0


def add_parsers(sub) -> None:
    """`carepath jurisdiction show|list|check`."""
    p = sub.add_parser("jurisdiction", help="jurisdiction packs: show, list, check")
    j_sub = p.add_subparsers(dest="jurisdiction_command", required=True)
    show = j_sub.add_parser("show", help="what a jurisdiction's pack says")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")
    j_sub.add_parser("list", help="codes and names")
    check = j_sub.add_parser("check", help="validate every pack and report stale facts")
    check.add_argument("--dir", help="check the packs of another folder (default: the installed packs)")
    p.set_defaults(func=lambda args: jurisdiction_command(args, sys.stdout, sys.stderr))
