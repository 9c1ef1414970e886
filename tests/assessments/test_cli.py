"""Tests for the ``carepath score`` command-line contract, called through score_command with StringIO streams."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepath.assessments.cli import score_command
from carepath.assessments.definitions import INSTRUMENT_IDS


def run(instrument: str, answers: Any) -> tuple[int, str, str]:
    text = answers if isinstance(answers, str) else json.dumps(answers)
    out, err = io.StringIO(), io.StringIO()
    code = score_command(instrument, text, out, err)
    return code, out.getvalue(), err.getvalue()


def ok(instrument: str, answers: Any) -> dict[str, Any]:
    code, out, err = run(instrument, answers)
    assert (code, err) == (0, ""), err
    assert out.endswith("\n") and out.count("\n") == 1
    result = json.loads(out)
    assert result["instrument"] == instrument
    return result


def fails(instrument: str, answers: Any) -> str:
    code, out, err = run(instrument, answers)
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("error: ")
    return err.rstrip("\n")


CSSRS_NO = {"q1": False, "q2": False, "q3": None, "q4": None, "q5": None, "q6": False, "q6_past_3_months": None}


# --- success output -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "positive", "level"),
    [
        (CSSRS_NO, False, "none"),
        ({**CSSRS_NO, "q1": True}, True, "low"),
        ({**CSSRS_NO, "q2": True, "q3": True, "q4": False, "q5": False}, True, "moderate"),
        ({**CSSRS_NO, "q2": True, "q3": False, "q4": True, "q5": False}, True, "high"),
        ({**CSSRS_NO, "q6": True, "q6_past_3_months": False}, True, "moderate"),
        ({**CSSRS_NO, "q6": True, "q6_past_3_months": True}, True, "high"),
    ],
)
def test_cssrs_screener_output(answers: dict[str, Any], positive: bool, level: str) -> None:
    result = ok("cssrs-screener", answers)
    assert result["positive"] is positive
    assert result["risk_level"] == level


def test_cssrs_since_last_contact_output() -> None:
    answers = {"q1": False, "q2": False, "q3": None, "q4": None, "q5": None, "q6": True}
    result = ok("cssrs-since-last-contact", answers)
    assert (result["positive"], result["risk_level"]) == (True, "high")


@pytest.mark.parametrize("skipped", [None, False])
def test_cssrs_skipped_questions_may_be_null_or_false(skipped: Any) -> None:
    answers = {"q1": True, "q2": False, "q3": skipped, "q4": skipped, "q5": skipped, "q6": False}
    assert ok("cssrs-screener", answers)["risk_level"] == "low"


def test_cssrs_skipped_questions_may_be_absent() -> None:
    assert ok("cssrs-screener", {"q1": False, "q2": False, "q6": False})["risk_level"] == "none"


@pytest.mark.parametrize(
    ("answers", "positive", "acute", "result"),
    [
        ({"q1": False, "q2": False, "q3": False, "q4": False, "q5": None}, False, False, "negative"),
        ({"q1": False, "q2": False, "q3": False, "q4": False}, False, False, "negative"),
        ({"q1": True, "q2": False, "q3": False, "q4": False, "q5": False}, True, False, "non_acute_positive"),
        ({"q1": False, "q2": "refused", "q3": False, "q4": False, "q5": False}, True, False, "non_acute_positive"),
        ({"q1": False, "q2": False, "q3": True, "q4": False, "q5": True}, True, True, "acute_positive"),
    ],
)
def test_asq_output(answers: dict[str, Any], positive: bool, acute: bool, result: str) -> None:
    out = ok("asq", answers)
    assert (out["positive"], out["acute"], out["result"]) == (positive, acute, result)


def test_phq9_output() -> None:
    out = ok("phq9", {"q1": 3, "q2": 3, "q3": 2, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1})
    assert out["total"] == 14
    assert out["severity"] == "moderate"
    assert out["item9_positive"] is True
    assert out["positive"] is True


def test_phq9_negative_item9() -> None:
    out = ok("phq9", {f"q{i}": 0 for i in range(1, 10)})
    assert (out["total"], out["severity"], out["item9_positive"], out["positive"]) == (0, "minimal", False, False)


def test_formulation_output() -> None:
    out = ok("formulation", {"risk_level": "moderate", "screen_level": "moderate"})
    assert out["risk_level"] == "moderate"


# --- errors -------------------------------------------------------------------------------------------------------


def test_contract_example_error_line() -> None:
    answers = {**CSSRS_NO, "q3": True}
    assert fails("cssrs-screener", answers) == "error: q3: must be empty when q2 is no"


@pytest.mark.parametrize(
    ("instrument", "answers", "item"),
    [
        ("cssrs-screener", {"q2": False, "q6": False}, "q1"),
        ("cssrs-screener", {**CSSRS_NO, "q1": 1}, "q1"),
        ("cssrs-screener", {**CSSRS_NO, "q1": 0}, "q1"),
        ("cssrs-screener", {**CSSRS_NO, "q1": "yes"}, "q1"),
        ("cssrs-screener", {**CSSRS_NO, "q4": True}, "q4"),
        ("cssrs-screener", {**CSSRS_NO, "q5": True}, "q5"),
        ("cssrs-screener", {**CSSRS_NO, "q6": True}, "q6_past_3_months"),
        ("cssrs-screener", {**CSSRS_NO, "q2": True}, "q3"),
        ("cssrs-screener", {**CSSRS_NO, "extra": True}, "extra"),
        ("cssrs-since-last-contact", {**CSSRS_NO}, "q6_past_3_months"),
        ("asq", {"q1": True, "q2": False, "q3": False, "q4": False}, "q5"),
        ("asq", {"q1": True, "q2": False, "q3": False, "q4": False, "q5": None}, "q5"),
        ("asq", {"q1": False, "q2": False, "q3": False, "q4": False, "q5": True}, "q5"),
        ("asq", {"q1": "no", "q2": False, "q3": False, "q4": False}, "q1"),
        ("asq", {"q1": False, "q2": False, "q3": False}, "q4"),
        ("phq9", {f"q{i}": 0 for i in range(1, 9)}, "q9"),
        ("phq9", {**{f"q{i}": 0 for i in range(1, 10)}, "q4": 4}, "q4"),
        ("phq9", {**{f"q{i}": 0 for i in range(1, 10)}, "q4": "2"}, "q4"),
        ("phq9", {**{f"q{i}": 0 for i in range(1, 10)}, "q4": False}, "q4"),
        ("phq9", {**{f"q{i}": 0 for i in range(1, 10)}, "q0": 1}, "q0"),
        ("formulation", {"risk_level": "low", "screen_level": "high"}, "rationale"),
        ("formulation", {"rationale": "x"}, "risk_level"),
    ],
)
def test_bad_answers_name_the_item(instrument: str, answers: dict[str, Any], item: str) -> None:
    assert fails(instrument, answers).startswith(f"error: {item}: ")


def test_unknown_instrument_lists_known_ones() -> None:
    line = fails("gad7", {})
    assert "unknown instrument 'gad7'" in line
    for known in ("cssrs-screener", "cssrs-since-last-contact", "asq", "phq9"):
        assert known in line


@pytest.mark.parametrize("text", ["", "{", "{'q1': true}", '{"q1": True}', "nan", '{"q1": NaN}'])
def test_invalid_json(text: str) -> None:
    assert fails("phq9", text).startswith("error: answers: invalid JSON")


@pytest.mark.parametrize("text", ["[]", "1", '"q1"', "null", "true"])
def test_json_that_is_not_an_object(text: str) -> None:
    assert fails("asq", text) == "error: answers: must be a JSON object mapping item ids to answers"


def test_duplicate_keys_are_refused() -> None:
    line = fails("cssrs-screener", '{"q1": false, "q1": true, "q2": false, "q6": false}')
    assert line == "error: q1: answered more than once"


def test_error_line_stays_one_line_for_multiline_input() -> None:
    fails("asq", '{"q1\\nq2": true}')


@settings(max_examples=300)
@given(instrument=st.sampled_from([*INSTRUMENT_IDS, "nope"]), text=st.text(max_size=40))
def test_any_input_gives_a_json_object_or_one_error_line(instrument: str, text: str) -> None:
    code, out, err = run(instrument, text)
    if code == 0:
        assert err == "" and isinstance(json.loads(out), dict)
    else:
        assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("error: ")
