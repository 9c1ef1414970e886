"""Schema and loader for the versioned screening-instrument definition files in ``assessments/data/``."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DATA_DIR = Path(__file__).parent / "data"
INSTRUMENT_IDS: tuple[str, ...] = ("asq", "cssrs-screener", "cssrs-since-last-contact", "formulation", "phq9")

LOINC_RE = re.compile(r"^\d{1,7}-\d$")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

# bool must come first: pydantic would otherwise coerce true/false into 1/0.
Value = bool | int | str
# An item id mapped to the value (or any of the values) it must hold for the condition to be met.
Condition = dict[str, Value | list[Value]]


class DefinitionError(Exception):
    """A definition file is missing, unreadable or does not match the schema."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _check_loinc(code: str | None) -> str | None:
    if code is not None and not LOINC_RE.match(code):
        raise ValueError(f"{code!r} is not a LOINC code (nnnnn-n)")
    return code


class Option(Strict):
    value: Value
    label: str
    loinc: str | None = None  # LOINC answer code, only where confirmed from a source

    @field_validator("loinc")
    @classmethod
    def _loinc(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^LA\d+-\d$", v):
            raise ValueError(f"{v!r} is not a LOINC answer code (LAnnnn-n)")
        return v


class Item(Strict):
    id: str
    text: str  # exactly as published
    type: Literal["choice", "multi_choice", "text"] = "choice"
    help_text: str | None = None  # published examples or follow-up prompts shown with the question
    options: list[Option] = Field(default_factory=list)
    allow_other: bool = False  # multi_choice: free-text entries written "other: ..."
    required: bool = True  # when asked
    ask_if: Condition | None = None  # asked only when every entry holds
    ask_if_any: list[Condition] | None = None  # asked only when at least one condition holds
    asked_when: str | None = None  # plain words for the ask condition, used in error messages
    skipped_when: str | None = None  # plain words for the opposite, used in error messages
    required_unless_equal: list[str] | None = None  # two item ids; required when both are answered and differ
    loinc: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError(f"{v!r} must be lower-case letters, digits and underscores")
        return v

    @field_validator("loinc")
    @classmethod
    def _loinc(cls, v: str | None) -> str | None:
        return _check_loinc(v)

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        if self.type in ("choice", "multi_choice") and not self.options:
            raise ValueError(f"item {self.id}: a {self.type} item needs options")
        if self.type == "text" and self.options:
            raise ValueError(f"item {self.id}: a text item takes no options")
        values = [o.value for o in self.options]
        if len({(type(v), v) for v in values}) != len(values):
            raise ValueError(f"item {self.id}: option values must be unique")
        if self.allow_other and self.type != "multi_choice":
            raise ValueError(f"item {self.id}: allow_other applies only to multi_choice items")
        if self.ask_if is not None and self.ask_if_any is not None:
            raise ValueError(f"item {self.id}: use ask_if or ask_if_any, not both")
        conditional = self.ask_if is not None or self.ask_if_any is not None
        if conditional and not (self.asked_when and self.skipped_when):
            raise ValueError(f"item {self.id}: a conditional item needs asked_when and skipped_when")
        if self.required_unless_equal is not None and len(self.required_unless_equal) != 2:
            raise ValueError(f"item {self.id}: required_unless_equal names exactly two items")
        return self

    def conditions(self) -> list[Condition]:
        """The ask conditions as a list of alternatives (empty = always asked)."""
        if self.ask_if is not None:
            return [self.ask_if]
        return list(self.ask_if_any or [])


class Level(Strict):
    id: str
    label: str
    positive: bool  # whether this level counts as a positive screen
    response: str  # recommended response, in our own plain words
    # the same response for a therapist's outpatient or telehealth session (CarePath's wording: the published
    # triage is written for medical and emergency settings); None where the response above fits every setting
    response_outpatient: str | None = None
    source: str  # the published rule this level implements
    when_any: list[Condition] = Field(default_factory=list)  # rule-based triage
    min_total: int | None = None  # band-based triage (inclusive)
    max_total: int | None = None


class Flag(Strict):
    id: str
    label: str
    response: str
    source: str
    when_any: list[Condition]


class Scoring(Strict):
    method: Literal["none", "sum"]
    items: list[str] = Field(default_factory=list)  # summed items
    min_total: int | None = None
    max_total: int | None = None
    total_loinc: str | None = None

    @field_validator("total_loinc")
    @classmethod
    def _loinc(cls, v: str | None) -> str | None:
        return _check_loinc(v)


class Triage(Strict):
    # "rules": the most severe level whose when_any matches (levels listed least to most severe; the first is the
    # default). "bands": the level whose total range holds the total. "clinician": the clinician picks the level.
    method: Literal["rules", "bands", "clinician"]
    levels: list[Level]
    flags: list[Flag] = Field(default_factory=list)
    positive_flag: str | None = None  # when set, "positive" means this flag is raised rather than the level's own
    result_loinc: str | None = None

    @field_validator("result_loinc")
    @classmethod
    def _loinc(cls, v: str | None) -> str | None:
        return _check_loinc(v)


class Definition(Strict):
    id: str
    version: str
    title: str
    kind: Literal["screen", "formulation"]
    citation: str  # short name of the published instrument, shown with every result
    source: list[str]  # publications and URLs actually read
    licence: str
    reviewed: dt.date
    loinc: str | None = None
    instructions: str | None = None  # published time frame / preamble read before the items
    items: list[Item]
    scoring: Scoring
    triage: Triage

    @field_validator("reviewed", mode="before")
    @classmethod
    def _date(cls, v: object) -> object:
        # YAML already yields a date; a quoted string is accepted too.
        return dt.date.fromisoformat(v) if isinstance(v, str) else v

    @field_validator("loinc")
    @classmethod
    def _loinc(cls, v: str | None) -> str | None:
        return _check_loinc(v)

    @model_validator(mode="after")
    def _cross_references(self) -> Definition:
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids must be unique")
        by_id = {i.id: i for i in self.items}
        seen: set[str] = set()
        for item in self.items:
            for cond in item.conditions():
                self._check_condition(cond, by_id, f"item {item.id}", before=seen)
            for ref in item.required_unless_equal or []:
                if ref not in by_id:
                    raise ValueError(f"item {item.id}: required_unless_equal names unknown item {ref!r}")
            seen.add(item.id)
        for ref in self.scoring.items:
            if ref not in by_id:
                raise ValueError(f"scoring.items names unknown item {ref!r}")
            if any(not isinstance(o.value, int) or isinstance(o.value, bool) for o in by_id[ref].options):
                raise ValueError(f"scoring.items: item {ref!r} must have integer option values to be summed")
        if self.scoring.method == "sum" and not self.scoring.items:
            raise ValueError("scoring: method sum needs items")
        self._check_triage(by_id)
        return self

    def _check_triage(self, by_id: dict[str, Item]) -> None:
        t = self.triage
        level_ids = [lv.id for lv in t.levels]
        if not level_ids or len(set(level_ids)) != len(level_ids):
            raise ValueError("triage.levels must be non-empty with unique ids")
        for lv in t.levels:
            for cond in lv.when_any:
                self._check_condition(cond, by_id, f"triage level {lv.id}")
        for fl in t.flags:
            for cond in fl.when_any:
                self._check_condition(cond, by_id, f"triage flag {fl.id}")
        if t.positive_flag is not None and t.positive_flag not in {f.id for f in t.flags}:
            raise ValueError(f"triage.positive_flag names unknown flag {t.positive_flag!r}")
        if t.method == "rules":
            if t.levels[0].when_any:
                raise ValueError(f"triage: the first level ({t.levels[0].id}) is the default and takes no when_any")
            for lv in t.levels[1:]:
                if not lv.when_any:
                    raise ValueError(f"triage level {lv.id}: needs when_any")
        elif t.method == "bands":
            if self.scoring.method != "sum":
                raise ValueError("triage: bands need scoring method sum")
            expected = self.scoring.min_total
            for lv in t.levels:
                if lv.min_total is None or lv.max_total is None or lv.min_total > lv.max_total:
                    raise ValueError(f"triage level {lv.id}: needs min_total <= max_total")
                if lv.min_total != expected:
                    raise ValueError(f"triage level {lv.id}: bands must be contiguous (expected min_total {expected})")
                expected = lv.max_total + 1
            if self.scoring.max_total is None or expected != self.scoring.max_total + 1:
                raise ValueError("triage: bands must cover scoring.min_total to scoring.max_total")

    @staticmethod
    def _check_condition(cond: Condition, by_id: dict[str, Item], where: str, before: set[str] | None = None) -> None:
        if not cond:
            raise ValueError(f"{where}: empty condition")
        for ref, wanted in cond.items():
            if ref not in by_id:
                raise ValueError(f"{where}: condition names unknown item {ref!r}")
            if before is not None and ref not in before:
                raise ValueError(f"{where}: condition on {ref!r}, which is not asked before it")
            allowed = [(type(o.value), o.value) for o in by_id[ref].options]
            for w in wanted if isinstance(wanted, list) else [wanted]:
                if (type(w), w) not in allowed:
                    raise ValueError(f"{where}: {w!r} is not an option of item {ref!r}")

    def item(self, item_id: str) -> Item:
        for i in self.items:
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def level(self, level_id: str) -> Level:
        for lv in self.triage.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)


def _format_validation_error(path: Path, exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "(top level)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"invalid definition file {path.name}: {field}: {first['msg']}{more}"


def load_file(path: Path) -> Definition:
    """Parse and validate one definition file; raise DefinitionError naming the file and field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DefinitionError(f"cannot read definition file {path.name}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise DefinitionError(f"invalid definition file {path.name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise DefinitionError(f"invalid definition file {path.name}: (top level): must be a mapping")
    try:
        definition = Definition.model_validate(raw)
    except ValidationError as exc:
        raise DefinitionError(_format_validation_error(path, exc)) from exc
    if definition.id != path.stem:
        mismatch = f"{definition.id!r} does not match the file name"
        raise DefinitionError(f"invalid definition file {path.name}: id: {mismatch}")
    return definition


@functools.cache
def load(instrument_id: str) -> Definition:
    """The definition of one instrument, e.g. ``load("phq9")``."""
    if instrument_id not in INSTRUMENT_IDS:
        raise DefinitionError(f"unknown instrument {instrument_id!r}; known: {', '.join(INSTRUMENT_IDS)}")
    return load_file(DATA_DIR / f"{instrument_id}.yaml")


@functools.cache
def all_definitions() -> dict[str, Definition]:
    """Every instrument's definition, keyed by id (read once per process; do not mutate the returned dict)."""
    return {i: load(i) for i in INSTRUMENT_IDS}
