"""Follow-up rules as data: rules.yaml (defaults with sources) merged with the organisation's overrides."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import zoneinfo
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from carepath.cases.vocabulary import RISK_LEVELS

from .models import TaskKind

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"
TASK_KINDS = frozenset(TaskKind.values)


class Offset(BaseModel):
    model_config = ConfigDict(extra="forbid")
    minutes: int = 0
    hours: int = 0
    days: int = 0
    weeks: int = 0
    months: int = 0
    birthday: bool = False

    def label(self) -> str:
        if self.birthday:
            return "birthday"
        parts = [(self.months, "month"), (self.weeks, "week"), (self.days, "day"), (self.hours, "hour")]
        parts.append((self.minutes, "minute"))
        text = ", ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)
        return text or "at once"


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")
    after: Offset = Field(default_factory=Offset)
    kind: str | None = None
    title: str | None = None
    # A visit on the anchor's day (the day of discharge) does not complete the step (HEDIS FUH).
    not_on_anchor_day: bool = False


class Trigger(BaseModel):
    """An event kind (recorded by any app) that schedules the rule, optionally only with these detail values.

    `anchor` names an event detail holding the time to count from (an ISO datetime); else the event's time.
    `key` names an event detail that identifies what the task is about (e.g. the step to confirm), so that a
    later event with the same value completes the task (see Rule.completed_by).
    """

    model_config = ConfigDict(extra="forbid")
    kind: str
    details: dict[str, str] = Field(default_factory=dict)
    anchor: str | None = None
    key: str | None = None
    # When this trigger schedules a one-step rule, its own delay instead of the step's (a review within the
    # week after a discharge, a month after a new plan).
    after: Offset | None = None
    # An event detail holding the id of the member who owns the task (the colleague asked for a consultation);
    # else the case's owner.
    owner: str | None = None


class Completion(BaseModel):
    """An event kind that completes the rule's open tasks on the case (with the same `key`, when it has one)."""

    model_config = ConfigDict(extra="forbid")
    kind: str
    key: str | None = None
    details: dict[str, str] = Field(default_factory=dict)  # only events with these detail values


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    kind: str
    title: str
    trigger: str = ""
    source: str
    repeat: bool = False
    blocks_close: Literal["always", "when_overdue", "never"] = "always"
    on_close: Literal["cancel", "keep"] = "cancel"
    notify_supervisor: bool = False
    quiet: bool = False
    by_risk: dict[str, Offset] | None = None
    steps: list[Step] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)
    completed_by: list[Completion] = Field(default_factory=list)
    enabled: bool = True
    overridden: bool = False

    @model_validator(mode="after")
    def _check(self) -> Rule:
        if self.kind not in TASK_KINDS:
            raise ValueError(f"rule {self.id}: unknown task kind {self.kind}")
        for step in self.steps:
            if step.kind and step.kind not in TASK_KINDS:
                raise ValueError(f"rule {self.id}: unknown task kind {step.kind}")
        if not self.steps and not self.by_risk:
            raise ValueError(f"rule {self.id}: give steps or by_risk")
        if self.by_risk and set(self.by_risk) != set(RISK_LEVELS):
            raise ValueError(f"rule {self.id}: by_risk needs {', '.join(RISK_LEVELS)}")
        return self


class CaringDrafts(BaseModel):
    """The drafts of caring messages in one language, by occasion."""

    model_config = ConfigDict(extra="forbid")
    first: str
    regular: list[str]
    birthday: str
    last: str

    def for_step(self, index: int, last_index: int, *, birthday: bool) -> str:
        """The draft for step `index` of a series whose last dated step is `last_index`."""
        if birthday:
            return self.birthday
        if index == 0:
            return self.first
        if index == last_index:
            return self.last
        return self.regular[(index - 1) % len(self.regular)]


class RuleBook(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewed: str
    rules: list[Rule]
    next_contact_limits: dict[str, Offset]
    next_contact_source: str
    caring_drafts: dict[str, CaringDrafts]
    caring_footer: dict[str, str]
    # event kinds (of any app) whose `notify` members get an in-app notification
    notify_on: list[str] = []
    # the longest an overdue follow-up waits before its escalation, by risk level (shorter practice grace wins)
    escalation_limits: dict[str, Offset] = {}
    escalation_source: str = ""

    @model_validator(mode="after")
    def _limits_for_every_level(self) -> RuleBook:
        if set(self.next_contact_limits) != set(RISK_LEVELS):
            raise ValueError(f"next_contact_limits needs {', '.join(RISK_LEVELS)}")
        unknown = set(self.escalation_limits) - set(RISK_LEVELS)
        if unknown:
            raise ValueError(f"escalation_limits names unknown risk levels: {', '.join(sorted(unknown))}")
        if any(limit.months or limit.birthday for limit in self.escalation_limits.values()):
            raise ValueError("escalation_limits are minutes, hours, days or weeks")
        if self.escalation_limits and not self.escalation_source.strip():
            raise ValueError("escalation_limits needs its escalation_source")
        return self


def escalation_limit_minutes(risk_level: str | None) -> int | None:
    """The longest an overdue follow-up at this risk waits before its escalation, in minutes (None: the practice's
    grace period alone)."""
    limit = book().escalation_limits.get(risk_level or "")
    if limit is None:
        return None
    return limit.minutes + 60 * limit.hours + 24 * 60 * (limit.days + 7 * limit.weeks)


def next_contact_limit(risk_level: str) -> Offset:
    """How soon the next contact with the client must be at this risk level (rules.yaml)."""
    return book().next_contact_limits[risk_level]


class UnknownRule(KeyError):
    pass


@functools.cache
def book() -> RuleBook:
    return RuleBook.model_validate(yaml.safe_load(RULES_FILE.read_text()))


def event_kinds() -> set[str]:
    """Every event kind a rule reacts to (to schedule or to complete tasks): the follow-up app listens for them."""
    kinds = {t.kind for r in book().rules for t in r.triggers} | {c.kind for r in book().rules for c in r.completed_by}
    return kinds | set(book().notify_on)


def _matches(wanted: dict[str, str], details: dict) -> bool:
    return all(str(details.get(k)) == v for k, v in wanted.items())


def completes(completion: Completion, kind: str, details: dict) -> bool:
    return completion.kind == kind and _matches(completion.details, details)


def triggered(rule: Rule, kind: str, details: dict) -> Trigger | None:
    return next((t for t in rule.triggers if t.kind == kind and _matches(t.details, details)), None)


def default_rules() -> dict[str, Rule]:
    return {rule.id: rule for rule in book().rules}


def effective_rules(organisation_id) -> dict[str, Rule]:
    """The rules as this organisation runs them: defaults with its overrides applied."""
    from .models import RuleOverride

    rules = default_rules()
    rules.update(_reassessment_from_assessment_policy(rules, organisation_id))
    for override in RuleOverride.objects.filter(organisation_id=organisation_id):
        base = rules.get(override.rule_id)
        if base is None:
            continue
        merged = base.model_dump() | {k: v for k, v in (override.data or {}).items() if k in ("steps", "by_risk")}
        merged["enabled"], merged["overridden"] = override.enabled, True
        rules[override.rule_id] = Rule.model_validate(merged)
    return rules


def _reassessment_from_assessment_policy(rules: dict[str, Rule], organisation_id) -> dict[str, Rule]:
    """The reassessment cadence follows the practice's reassessment intervals (Reassessment intervals page), so
    that the case page's "next reassessment due" and the reassessment task agree; one setting, not two."""
    from carepath.assessments.selectors import organisation_intervals

    base = rules.get("reassessment_by_risk")
    if base is None:
        return {}
    intervals = organisation_intervals(organisation_id)
    by_risk = {
        "low": {"days": intervals.low_days},
        "moderate": {"days": intervals.moderate_days},
        "high": {"days": intervals.high_days},
        "imminent": {"hours": intervals.imminent_hours},
    }
    return {base.id: Rule.model_validate(base.model_dump() | {"by_risk": by_risk})}


def get_rule(organisation_id, rule_id: str) -> Rule:
    try:
        return effective_rules(organisation_id)[rule_id]
    except KeyError:
        raise UnknownRule(rule_id)


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def next_birthday(anchor: dt.datetime, date_of_birth: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    local = anchor.astimezone(tz)
    for year in (local.year, local.year + 1):
        day = min(date_of_birth.day, calendar.monthrange(year, date_of_birth.month)[1])
        candidate = dt.datetime(year, date_of_birth.month, day, 10, 0, tzinfo=tz)
        if candidate > local:
            return candidate.astimezone(dt.UTC)
    raise AssertionError("unreachable")


def apply_offset(anchor: dt.datetime, offset: Offset, *, date_of_birth: dt.date | None, tz) -> dt.datetime:
    if offset.birthday:
        if date_of_birth is None:
            raise ValueError("a birthday step needs the client's date of birth")
        return next_birthday(anchor, date_of_birth, tz)
    moment = add_months(anchor, offset.months) if offset.months else anchor
    return moment + dt.timedelta(weeks=offset.weeks, days=offset.days, hours=offset.hours, minutes=offset.minutes)


def outside_quiet_hours(moment: dt.datetime, start: dt.time, end: dt.time, tz) -> dt.datetime:
    """Move a time that falls in the quiet hours (e.g. 21:00-09:00 local) to the end of them."""
    local = moment.astimezone(tz)
    t = local.timetz().replace(tzinfo=None)
    if start == end:
        return moment
    quiet = (start <= t or t < end) if start > end else (start <= t < end)
    if not quiet:
        return moment
    day = local.date() if t < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=tz).astimezone(dt.UTC)


def parse_offsets(text: str) -> list[Offset]:
    """'72h, 7d, 30d, 2w, 3m, 0' → offsets; for the admin's override form."""
    units = {"min": "minutes", "h": "hours", "d": "days", "w": "weeks", "m": "months"}
    result = []
    for raw in (text or "").replace(";", ",").split(","):
        token = raw.strip().lower()
        if not token:
            continue
        if token in ("0", "now"):
            result.append(Offset())
            continue
        if token == "birthday":
            result.append(Offset(birthday=True))
            continue
        for suffix in sorted(units, key=len, reverse=True):
            number = token[: -len(suffix)].strip()
            if token.endswith(suffix) and number.isdigit():
                result.append(Offset(**{units[suffix]: int(number)}))
                break
        else:
            raise ValueError(f"'{raw.strip()}' is not an offset such as 72h, 7d, 2w or 3m")
    return result


def format_offset(offset: Offset) -> str:
    if offset.birthday:
        return "birthday"
    for value, suffix in ((offset.months, "m"), (offset.weeks, "w"), (offset.days, "d"), (offset.hours, "h")):
        if value and not any(
            getattr(offset, f) for f in ("minutes", "hours", "days", "weeks", "months") if f != _unit(suffix)
        ):
            return f"{value}{suffix}"
    if offset.minutes and not any((offset.hours, offset.days, offset.weeks, offset.months)):
        return f"{offset.minutes}min"
    total_hours = offset.hours + 24 * (offset.days + 7 * offset.weeks)
    return f"{total_hours}h" if total_hours or not offset.months else f"{offset.months}m"


def _unit(suffix: str) -> str:
    return {"m": "months", "w": "weeks", "d": "days", "h": "hours"}[suffix]
