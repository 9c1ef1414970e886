"""Schema and loader of protocol rules: the clinical steps a safety case calls for, and organisation policies.

The rules live in ``carepath/protocol/data/rules.yaml``; every step names the clinical
sources it rests on. An organisation's policy (saved by an admin, see ``services.protocol_policy_save``)
uses the same step schema to add steps and may make steps stricter; it is validated by ``Policy``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from carepath.cases.vocabulary import RISK_LEVELS, STAGES
from carepath.core import yamldata
from carepath.jurisdictions.schema import DischargeOption

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"

Risk = Literal[RISK_LEVELS]  # type: ignore[valid-type]  (the vocabulary's tuple, as a Literal)
Stage = Literal[STAGES]  # type: ignore[valid-type]
# Where a step's legal basis is read from in the jurisdiction pack; "none" for purely clinical steps.
BasisSection = Literal[
    "none",
    "emergency",
    "duty_to_warn",
    "disclosure_self_harm",
    "emergency_hold",
    "minors",
    "sud_records",
    "extreme_risk_order",
]
STEP_ID_RE = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class When(Strict):
    """Conditions on the case; a missing condition always holds."""

    risk: list[Risk] | None = None
    at_risk: list[Literal["self", "others", "both"]] | None = None
    minor: bool | None = None
    sud_protected: bool | None = None
    firearm_access: bool | None = None


class DoneBy(Strict):
    """A timeline event kind that completes a step, optionally only with these detail values."""

    kind: str
    details: dict[str, str] = Field(default_factory=dict)


class Caution(Strict):
    when: When
    text: str


class StepRule(Strict):
    id: str
    stage: Stage
    title: str  # may use {emergency_number}, {jurisdiction}, {hold_name}
    reason: str
    required: bool | list[Risk] = False  # True, or the risk levels at which it is required
    when: When = Field(default_factory=When)
    done_by: list[DoneBy]
    basis: BasisSection = "none"
    sources: list[str] = Field(default_factory=list)  # ids of `Rules.sources`
    source_note: str | None = None  # why a step has no external source
    due_within_minutes: int | None = Field(default=None, gt=0)
    locked: bool = False  # a policy may not make it optional
    cautions: list[Caution] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _step_id(cls, value):
        if not STEP_ID_RE.match(value):
            raise ValueError(f"'{value}' is not a step id such as 'emergency.call'")
        return value

    @field_validator("done_by")
    @classmethod
    def _something_completes_it(cls, value):
        if not value:
            raise ValueError("a step needs at least one event kind that completes it")
        return value

    def is_required_at(self, risk_level: str) -> bool:
        return self.required if isinstance(self.required, bool) else risk_level in self.required


class Source(Strict):
    title: str
    url: str
    reviewed: dt.date
    note: str | None = None


class DutyStep(Strict):
    """How one way of discharging the duty to warn becomes a step (`permitted_title` where the law only permits)."""

    id: str
    stage: Stage
    title: str
    permitted_title: str | None = None
    done_by: list[DoneBy]


class DutyToWarnRules(Strict):
    when: When
    discharge: dict[DischargeOption, DutyStep]
    unknown: StepRule  # the law here is not researched
    none: StepRule  # the law sets no duty


class Rules(Strict):
    version: int
    reviewed: dt.date
    sources: dict[str, Source]
    steps: list[StepRule]
    duty_to_warn: DutyToWarnRules

    @model_validator(mode="after")
    def _references_resolve(self):
        ids = [s.id for s in self.steps]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"step ids used twice: {', '.join(duplicates)}")
        for index, step in enumerate([*self.steps, self.duty_to_warn.unknown, self.duty_to_warn.none]):
            missing = [s for s in step.sources if s not in self.sources]
            if missing:
                raise ValueError(f"steps[{index}] ({step.id}): unknown source {', '.join(missing)}")
            if not step.sources and not step.source_note:
                raise ValueError(f"steps[{index}] ({step.id}): name its sources or say why it has none (source_note)")
        return self


class Override(Strict):
    step: str
    required: bool | None = None
    due_within_minutes: int | None = Field(default=None, gt=0)


class PolicyStep(StepRule):
    """An organisation's own step; its source is the policy itself."""

    @field_validator("id")
    @classmethod
    def _policy_prefix(cls, value):
        if not value.startswith("policy."):
            raise ValueError(
                "an organisation's own step id starts with 'policy.', e.g. 'policy.supervisor_within_hour'"
            )
        return value


class Policy(Strict):
    overrides: list[Override] = Field(default_factory=list)
    steps: list[PolicyStep] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self):
        ids = [s.id for s in self.steps]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"step ids used twice: {', '.join(duplicates)}")
        return self


class RulesError(Exception):
    """The rules or a policy are invalid; the message names the file and the field."""


def format_errors(name: str, exc: ValidationError) -> str:
    return "\n".join(f"{name}: {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors())


def load_rules(path: Path = RULES_FILE) -> Rules:
    try:
        raw = yamldata.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path.name}: cannot be read: {exc}") from exc
    try:
        return Rules.model_validate(raw)
    except ValidationError as exc:
        raise RulesError(format_errors(path.name, exc)) from exc


@lru_cache(maxsize=1)
def rules() -> Rules:
    return load_rules()


def parse_policy(text: str) -> Policy:
    """A policy from the YAML an admin typed; RulesError names the field that is wrong."""
    try:
        raw = yamldata.safe_load(text or "") or {}
    except yaml.YAMLError as exc:
        raise RulesError(f"policy: not valid YAML at {yamldata.describe(exc)}") from exc
    if not isinstance(raw, dict):
        raise RulesError("policy: a policy is a mapping with 'overrides' and 'steps'")
    try:
        policy = Policy.model_validate(raw)
    except ValidationError as exc:
        raise RulesError(format_errors("policy", exc)) from exc
    known = {s.id for s in rules().steps} | {s.id for s in rules().duty_to_warn.discharge.values()}
    known |= {rules().duty_to_warn.unknown.id, rules().duty_to_warn.none.id} | {s.id for s in policy.steps}
    for index, override in enumerate(policy.overrides):
        if override.step not in known:
            raise RulesError(f"policy: overrides.{index}.step: no step '{override.step}'")
    clashes = [s.id for s in policy.steps if s.id in {r.id for r in rules().steps}]
    if clashes:
        raise RulesError(f"policy: steps: '{clashes[0]}' is already a protocol step; override it instead")
    return policy
