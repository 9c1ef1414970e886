"""Screen results mapped to case risk levels, and reassessment intervals (defaults in data/policy/risk-policy.yaml)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, PositiveInt

from carepath.assessments.definitions import INSTRUMENT_IDS, DefinitionError, load

POLICY_FILE = Path(__file__).parent / "data" / "policy" / "risk-policy.yaml"
CASE_LEVELS = ("none", "low", "moderate", "high", "imminent")


class _Intervals(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    low_days: PositiveInt
    moderate_days: PositiveInt
    high_days: PositiveInt
    imminent_hours: PositiveInt


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewed: dt.date
    case_levels: dict[str, dict[str, str]]
    case_levels_source: str
    reassessment: _Intervals
    reassess_every_contact: list[str] = []
    reassessment_source: str


@functools.cache
def policy() -> _Policy:
    """The checked policy file: every screen level mapped, every target a case level."""
    raw: Any = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    data = _Policy.model_validate(raw)
    for instrument, mapping in data.case_levels.items():
        definition = load(instrument)
        if definition.triage.method != "bands":
            missing = {lv.id for lv in definition.triage.levels} - set(mapping)
            if missing:
                raise DefinitionError(f"risk-policy.yaml: {instrument} levels {sorted(missing)} are not mapped")
        for target in mapping.values():
            if target not in CASE_LEVELS:
                raise DefinitionError(f"risk-policy.yaml: {target!r} is not a case level")
    for instrument in INSTRUMENT_IDS:
        if load(instrument).kind == "screen" and instrument not in data.case_levels:
            raise DefinitionError(f"risk-policy.yaml: screen {instrument} has no case level mapping")
    return data


def case_level(instrument: str, result: dict[str, Any]) -> str:
    """The case risk level a screen's scoring result points to: "none" for a negative screen, "" when not applicable."""
    mapping = policy().case_levels.get(instrument)
    if not mapping:
        return ""
    screen_level = result.get("risk_level") or result.get("result")
    return mapping.get(str(screen_level), "")


@dataclass(frozen=True)
class Intervals:
    low_days: int
    moderate_days: int
    high_days: int
    imminent_hours: int
    is_default: bool

    def interval(self, risk_level: str) -> dt.timedelta | None:
        if risk_level == "imminent":
            return dt.timedelta(hours=self.imminent_hours)
        days = {"low": self.low_days, "moderate": self.moderate_days, "high": self.high_days}.get(risk_level)
        return dt.timedelta(days=days) if days else None


def default_intervals() -> Intervals:
    r = policy().reassessment
    return Intervals(r.low_days, r.moderate_days, r.high_days, r.imminent_hours, is_default=True)


def reassess_every_contact(risk_level: str) -> bool:
    """Whether a contact with a client at this risk level must record the risk now (risk-policy.yaml)."""
    return risk_level in policy().reassess_every_contact
