"""Pure scoring and skip logic for the screening instruments, driven by their definition files."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from carepath.assessments.definitions import (
    INSTRUMENT_IDS,
    Condition,
    Definition,
    DefinitionError,
    Item,
    Value,
    load,
)

OTHER_PREFIX = "other:"


class AnswerError(Exception):
    """The answers are incomplete or inconsistent; ``item`` names the answer at fault."""

    def __init__(self, item: str, message: str) -> None:
        super().__init__(item, message)
        self.item = item
        self.message = message

    def __str__(self) -> str:
        return f"{self.item}: {self.message}"


class UnknownInstrumentError(AnswerError):
    """The instrument id is not one CarePath knows."""

    def __init__(self, instrument_id: str) -> None:
        super().__init__("instrument", f"unknown instrument {instrument_id!r}; known: {', '.join(INSTRUMENT_IDS)}")


def _same(a: object, b: object) -> bool:
    # Python treats True == 1 and 0 == False; an answer of 1 must never pass for "yes".
    return type(a) is type(b) and a == b


def _matches(cond: Condition, answers: Mapping[str, Any]) -> bool:
    for ref, wanted in cond.items():
        options = wanted if isinstance(wanted, list) else [wanted]
        if not any(_same(answers.get(ref), w) for w in options):
            return False
    return True


def _asked(item: Item, answers: Mapping[str, Any]) -> bool:
    conds = item.conditions()
    return not conds or any(_matches(c, answers) for c in conds)


def _describe_options(item: Item) -> str:
    def show(v: Value) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        return f'"{v}"' if isinstance(v, str) else str(v)

    return ", ".join(show(o.value) for o in item.options)


def _show(value: object) -> str:
    text = repr(value) if not isinstance(value, bool) else ("true" if value else "false")
    return text if len(text) <= 40 else text[:37] + "..."


def _check_choice(item: Item, value: object) -> None:
    if not any(_same(value, o.value) for o in item.options):
        raise AnswerError(item.id, f"must be one of {_describe_options(item)}; got {_show(value)}")


def _clean_multi(item: Item, value: object) -> dict[str, list[str]]:
    if not isinstance(value, list):
        raise AnswerError(item.id, f"must be a list of factors; got {_show(value)}")
    known = {o.value for o in item.options}
    selected: list[str] = []
    other: list[str] = []
    for entry in value:
        if not isinstance(entry, str):
            raise AnswerError(item.id, f"entries must be strings; got {_show(entry)}")
        if entry in known:
            if entry in selected:
                raise AnswerError(item.id, f"{entry!r} is listed twice")
            selected.append(entry)
        elif item.allow_other and entry.startswith(OTHER_PREFIX) and entry[len(OTHER_PREFIX) :].strip():
            other.append(entry[len(OTHER_PREFIX) :].strip())
        else:
            hint = ' or free text written "other: ..."' if item.allow_other else ""
            raise AnswerError(item.id, f"unknown factor {_show(entry)}; use one of the listed factors{hint}")
    return {"selected": selected, "other": other}


def validate_answers(definition: Definition, answers: object) -> dict[str, Any]:
    """Check answers against the definition and return them with skipped items as None.

    Raises AnswerError naming the first item at fault, in question order.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError("answers", "must be an object mapping item ids to answers")
    item_ids = [i.id for i in definition.items]
    for key in answers:
        if key not in item_ids:
            raise AnswerError(str(key), f"unknown item for {definition.id}; items are {', '.join(item_ids)}")
    clean: dict[str, Any] = {}
    for item in definition.items:
        value = answers.get(item.id)
        if not _asked(item, clean):
            # A skipped question may arrive empty, or as a plain "no" from forms that send every field.
            if value is not None and not _same(value, False):
                raise AnswerError(item.id, f"must be empty when {item.skipped_when}")
            clean[item.id] = None
            continue
        if value is None:
            if item.required:
                when = f" when {item.asked_when}" if item.asked_when else ""
                raise AnswerError(item.id, f"required{when}")
            clean[item.id] = None
            continue
        if item.type == "choice":
            _check_choice(item, value)
            clean[item.id] = value
        elif item.type == "multi_choice":
            clean[item.id] = _clean_multi(item, value)
        else:
            if not isinstance(value, str):
                raise AnswerError(item.id, f"must be text; got {_show(value)}")
            clean[item.id] = value.strip() or None
    for item in definition.items:
        pair = item.required_unless_equal
        both = pair is not None and clean[pair[0]] is not None and clean[pair[1]] is not None
        if pair and both and clean[item.id] is None and not _same(clean[pair[0]], clean[pair[1]]):
            raise AnswerError(item.id, f"required when {pair[0]} differs from {pair[1]}")
    return clean


@dataclass(frozen=True)
class Evaluation:
    definition: Definition
    answers: dict[str, Any]
    level: str
    positive: bool
    flags: tuple[str, ...]
    total: int | None


def evaluate(definition: Definition, answers: object) -> Evaluation:
    """Validate answers and apply the definition's scoring and triage rules."""
    clean = validate_answers(definition, answers)
    triage = definition.triage
    total: int | None = None
    if definition.scoring.method == "sum":
        total = sum(int(clean[i]) for i in definition.scoring.items)
    if triage.method == "rules":
        level = triage.levels[0].id
        for lv in triage.levels[1:]:
            if any(_matches(c, clean) for c in lv.when_any):
                level = lv.id  # levels are listed least to most severe, so the last match is the most severe
    elif triage.method == "bands":
        assert total is not None
        level = next(lv.id for lv in triage.levels if lv.min_total <= total <= lv.max_total)  # type: ignore[operator]
    else:
        raise DefinitionError(f"{definition.id}: triage method {triage.method!r} is not scored automatically")
    flags = tuple(f.id for f in triage.flags if any(_matches(c, clean) for c in f.when_any))
    positive = triage.positive_flag in flags if triage.positive_flag else definition.level(level).positive
    return Evaluation(definition, clean, level, positive, flags, total)


def _base(ev: Evaluation) -> dict[str, Any]:
    d = ev.definition
    return {"instrument": d.id, "version": d.version, "source": d.citation}


def _screen_result(ev: Evaluation) -> dict[str, Any]:
    lv = ev.definition.level(ev.level)
    result = {**_base(ev), "positive": ev.positive, "level_label": lv.label, "recommended_response": lv.response}
    if lv.response_outpatient:
        result["outpatient_response"] = lv.response_outpatient
    return result


def _definition(instrument_id: str) -> Definition:
    if instrument_id not in INSTRUMENT_IDS:
        raise UnknownInstrumentError(instrument_id)
    return load(instrument_id)


def score_cssrs_screener(answers: Mapping[str, Any]) -> dict[str, Any]:
    """C-SSRS Screen Version (recent): risk level none / low / moderate / high."""
    ev = evaluate(_definition("cssrs-screener"), answers)
    return {**_screen_result(ev), "risk_level": ev.level}


def score_cssrs_since_last_contact(answers: Mapping[str, Any]) -> dict[str, Any]:
    """C-SSRS Screen Version (since last contact): risk level none / low / moderate / high."""
    ev = evaluate(_definition("cssrs-since-last-contact"), answers)
    return {**_screen_result(ev), "risk_level": ev.level}


def score_asq(answers: Mapping[str, Any]) -> dict[str, Any]:
    """ASQ: negative / non_acute_positive / acute_positive."""
    ev = evaluate(_definition("asq"), answers)
    return {**_screen_result(ev), "acute": ev.level == "acute_positive", "result": ev.level}


def score_phq9(answers: Mapping[str, Any]) -> dict[str, Any]:
    """PHQ-9: total 0-27, severity band, and the item 9 flag that calls for a suicide-specific screen."""
    ev = evaluate(_definition("phq9"), answers)
    d = ev.definition
    lv = d.level(ev.level)
    item9 = "item9_positive" in ev.flags
    responses = [lv.response]
    if item9:
        # The suicide prompt goes first: it is the action that cannot wait.
        responses.insert(0, next(f.response for f in d.triage.flags if f.id == "item9_positive"))
    return {
        **_base(ev),
        "total": ev.total,
        "severity": ev.level,
        "severity_label": lv.label,
        "item9_positive": item9,
        "positive": ev.positive,
        "recommended_response": " ".join(responses),
    }


def score_formulation(answers: Mapping[str, Any]) -> dict[str, Any]:
    """SAFE-T style formulation: checks completeness and returns the clinician's level with its response."""
    d = _definition("formulation")
    clean = validate_answers(d, answers)
    risk_level = clean["risk_level"]
    lv = d.level(risk_level)
    return {
        "instrument": d.id,
        "version": d.version,
        "source": d.citation,
        "risk_level": risk_level,
        "screen_level": clean["screen_level"],
        "differs_from_screen": clean["screen_level"] is not None and clean["screen_level"] != risk_level,
        "rationale": clean["rationale"],
        "risk_factors": clean["risk_factors"] or {"selected": [], "other": []},
        "protective_factors": clean["protective_factors"] or {"selected": [], "other": []},
        "warning_signs": clean["warning_signs"] or {"selected": [], "other": []},
        "positive": lv.positive,
        "level_label": lv.label,
        "recommended_response": lv.response,
    }


SCORERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "asq": score_asq,
    "cssrs-screener": score_cssrs_screener,
    "cssrs-since-last-contact": score_cssrs_since_last_contact,
    "formulation": score_formulation,
    "phq9": score_phq9,
}


def score(instrument_id: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Score one instrument's answers; raises AnswerError on unknown instruments or bad answers."""
    scorer = SCORERS.get(instrument_id)
    if scorer is None:
        raise UnknownInstrumentError(instrument_id)
    return scorer(answers)


def visible_items(instrument_id: str, answers: Mapping[str, Any]) -> list[str]:
    """Ids of the items to ask given the answers so far (skip logic), in question order.

    A conditional item appears only once the answers it depends on are in and meet its condition.
    """
    d = _definition(instrument_id)
    shown: list[str] = []
    seen: dict[str, Any] = {}
    for item in d.items:
        if _asked(item, seen):
            shown.append(item.id)
            seen[item.id] = answers.get(item.id)
        else:
            # A hidden item's stale answer must not open questions that depend on it.
            seen[item.id] = None
    return shown
