"""Turning an instrument page's post into answers, and the small forms around it (judgement, case, policy)."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from carepath.core.forms import DATETIME, now_local

from .definitions import Definition, Item, Value
from .scoring import OTHER_PREFIX, AnswerError

PREFIX = "a-"
OTHER_SUFFIX = "-other"
LEVEL_CHOICES = [
    ("", "Same as the screen"),
    ("none", "None"),
    ("low", "Low"),
    ("moderate", "Moderate"),
    ("high", "High"),
    ("imminent", "Imminent"),
]


def encode(value: Value) -> str:
    """How an option value travels in a form field (true/false, digits, or the text itself)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _decode(item: Item, raw: str) -> Any:
    for option in item.options:
        if encode(option.value) == raw:
            return option.value
    return raw  # not an option: the scorer refuses it with a message naming the item


def answers_from_post(definition: Definition, data, *, strict: bool = True) -> dict[str, Any]:
    """Answers from posted fields named a-<item>; an unknown item is refused (a tampered post) unless not strict."""
    by_id = {i.id: i for i in definition.items}
    answers: dict[str, Any] = {}
    for key in data:
        if not key.startswith(PREFIX):
            continue
        name = key[len(PREFIX) :]
        item_id = name[: -len(OTHER_SUFFIX)] if name.endswith(OTHER_SUFFIX) else name
        item = by_id.get(item_id)
        unknown = item is None or item_id == "screen_level" or (name != item_id and item.type != "multi_choice")
        if unknown and strict:
            raise AnswerError(name, f"is not a question of {definition.title}; nothing was saved")
    for item in definition.items:
        if item.id == "screen_level":
            continue  # CarePath fills it in
        key = PREFIX + item.id
        if item.type == "multi_choice":
            values = [v for v in data.getlist(key) if v]
            other = data.get(key + OTHER_SUFFIX, "")
            values += [OTHER_PREFIX + " " + line.strip() for line in other.splitlines() if line.strip()]
            if values:
                answers[item.id] = values
        elif item.type == "text":
            text = data.get(key, "").strip()
            if text:
                answers[item.id] = text
        else:
            raw = data.get(key, "")
            if raw != "":
                answers[item.id] = _decode(item, raw)
    return answers


def conditions_json(item: Item) -> str:
    """The item's ask conditions for the page script: alternatives of {item: [encoded values]}."""
    alternatives = []
    for cond in item.conditions():
        alternatives.append(
            {ref: [encode(v) for v in (want if isinstance(want, list) else [want])] for ref, want in cond.items()}
        )
    return json.dumps(alternatives)


def item_rows(definition: Definition, answers: dict[str, Any], errors: dict[str, list[str]]) -> list[dict]:
    """What the template needs for each question, with the answers so far selected."""
    rows = []
    for item in definition.items:
        if item.id == "screen_level":
            continue
        value = answers.get(item.id)
        if item.type == "multi_choice":
            chosen = set(value or [])
            other = "\n".join(v[len(OTHER_PREFIX) :].strip() for v in value or [] if v.startswith(OTHER_PREFIX))
        else:
            chosen = {encode(value)} if value is not None and not isinstance(value, (list, dict)) else set()
            other = value if item.type == "text" and isinstance(value, str) else ""
        rows.append(
            {
                "item": item,
                "name": PREFIX + item.id,
                "conditions": conditions_json(item) if item.conditions() else "",
                "options": [(encode(o.value), o.label, encode(o.value) in chosen) for o in item.options],
                "other": other,
                "errors": errors.get(item.id, []),
            }
        )
    return rows


class JudgementForm(forms.Form):
    """The clinician's own level beside a screen's, with the rationale when they differ, and the time done."""

    final_level = forms.ChoiceField(
        choices=LEVEL_CHOICES,
        required=False,
        label="Your risk level",
        help_text="Leave as the screen's unless your judgement differs; then write why.",
    )
    rationale = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Rationale (needed when your level differs)"
    )
    occurred_at = forms.DateTimeField(
        widget=DATETIME, label="When the assessment was done", initial=now_local, required=False
    )


class WhenForm(forms.Form):
    occurred_at = forms.DateTimeField(
        widget=DATETIME, label="When the assessment was done", initial=now_local, required=False
    )


class OpenCaseForm(forms.Form):
    concern = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was reported",
        help_text="In your words; the screen's result is added to the timeline.",
    )


class PolicyForm(forms.Form):
    high_days = forms.IntegerField(min_value=1, max_value=365, label="High risk: reassess every (days)")
    moderate_days = forms.IntegerField(min_value=1, max_value=365, label="Moderate risk: reassess every (days)")
    low_days = forms.IntegerField(min_value=1, max_value=365, label="Low risk: reassess every (days)")
    imminent_hours = forms.IntegerField(min_value=1, max_value=168, label="Imminent risk: reassess every (hours)")
