"""Tests for instrument scoring, triage and skip logic, including property tests over all answer combinations."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepath.assessments.definitions import INSTRUMENT_IDS
from carepath.assessments.scoring import (
    AnswerError,
    score,
    score_asq,
    score_cssrs_screener,
    score_cssrs_since_last_contact,
    score_formulation,
    score_phq9,
    visible_items,
)

CSSRS_ORDER = ["none", "low", "moderate", "high"]
PHQ9_ORDER = ["minimal", "mild", "moderate", "moderately_severe", "severe"]
NO = {"q1": False, "q2": False, "q6": False}


def cssrs(**kw: Any) -> dict[str, Any]:
    return {**NO, **kw}


def phq(*values: int, **extra: Any) -> dict[str, Any]:
    return {**{f"q{i}": v for i, v in enumerate(values, start=1)}, **extra}


def asq(q1: Any = False, q2: Any = False, q3: Any = False, q4: Any = False, **extra: Any) -> dict[str, Any]:
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, **extra}


def reference_cssrs(a: dict[str, Any], recency: bool) -> str:
    """The published Columbia screener triage, written out by hand independently of the data file."""
    if a.get("q4") is True or a.get("q5") is True:
        return "high"
    if a["q6"] is True and (not recency or a["q6_past_3_months"] is True):
        return "high"
    if a.get("q3") is True or (a["q6"] is True and recency and a["q6_past_3_months"] is False):
        return "moderate"
    if a["q1"] is True or a["q2"] is True:
        return "low"
    return "none"


# --- C-SSRS screener: every triage branch ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (cssrs(), "none"),
        (cssrs(q1=True), "low"),
        (cssrs(q2=True, q3=False, q4=False, q5=False), "low"),
        (cssrs(q1=True, q2=True, q3=False, q4=False, q5=False), "low"),
        (cssrs(q2=True, q3=True, q4=False, q5=False), "moderate"),
        (cssrs(q2=True, q3=False, q4=True, q5=False), "high"),
        (cssrs(q2=True, q3=False, q4=False, q5=True), "high"),
        (cssrs(q6=True, q6_past_3_months=False), "moderate"),
        (cssrs(q6=True, q6_past_3_months=True), "high"),
        (cssrs(q1=True, q6=True, q6_past_3_months=False), "moderate"),
        (cssrs(q2=True, q3=True, q4=False, q5=False, q6=True, q6_past_3_months=True), "high"),
        (cssrs(q2=True, q3=True, q4=True, q5=True, q6=True, q6_past_3_months=True), "high"),
    ],
)
def test_cssrs_screener_triage(answers: dict[str, Any], level: str) -> None:
    result = score_cssrs_screener(answers)
    assert result["risk_level"] == level
    assert result["positive"] is (level != "none")
    assert result["instrument"] == "cssrs-screener"
    assert result["recommended_response"]


def test_cssrs_high_risk_response_calls_for_safety_precautions() -> None:
    response = score_cssrs_screener(cssrs(q6=True, q6_past_3_months=True))["recommended_response"].lower()
    assert "do not leave the person alone" in response
    assert "emergency" in response


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (cssrs(), "none"),
        (cssrs(q1=True), "low"),
        (cssrs(q2=True, q3=False, q4=False, q5=False), "low"),
        (cssrs(q2=True, q3=True, q4=False, q5=False), "moderate"),
        (cssrs(q2=True, q3=False, q4=True, q5=False), "high"),
        (cssrs(q2=True, q3=False, q4=False, q5=True), "high"),
        (cssrs(q6=True), "high"),
        (cssrs(q1=True, q6=True), "high"),
    ],
)
def test_cssrs_since_last_contact_triage(answers: dict[str, Any], level: str) -> None:
    result = score_cssrs_since_last_contact(answers)
    assert result["risk_level"] == level
    assert result["positive"] is (level != "none")


# --- C-SSRS: errors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        ({"q2": False, "q6": False}, "q1", "required"),
        ({"q1": False, "q6": False}, "q2", "required"),
        ({"q1": False, "q2": False}, "q6", "required"),
        (cssrs(q1=None), "q1", "required"),
        (cssrs(q3=True), "q3", "must be empty when q2 is no"),
        (cssrs(q4=True), "q4", "must be empty when q2 is no"),
        (cssrs(q5=True), "q5", "must be empty when q2 is no"),
        (cssrs(q3="yes"), "q3", "must be empty when q2 is no"),
        (cssrs(q2=True, q4=False, q5=False), "q3", "required when q2 is yes"),
        (cssrs(q2=True, q3=False, q5=False), "q4", "required when q2 is yes"),
        (cssrs(q2=True, q3=False, q4=False), "q5", "required when q2 is yes"),
        (cssrs(q2=True, q3=False, q4=False, q5=None), "q5", "required when q2 is yes"),
        (cssrs(q6=True), "q6_past_3_months", "required when q6 is yes"),
        (cssrs(q6_past_3_months=True), "q6_past_3_months", "must be empty when q6 is no"),
        (cssrs(q1=1), "q1", "must be one of true, false; got 1"),
        (cssrs(q1=0), "q1", "must be one of true, false; got 0"),
        (cssrs(q1="yes"), "q1", "must be one of true, false; got 'yes'"),
        (cssrs(q6="true"), "q6", "must be one of true, false"),
        (cssrs(q2=True, q3=1, q4=False, q5=False), "q3", "must be one of true, false; got 1"),
        (cssrs(q7=False), "q7", "unknown item"),
    ],
)
def test_cssrs_screener_errors(answers: dict[str, Any], item: str, message: str) -> None:
    with pytest.raises(AnswerError) as info:
        score_cssrs_screener(answers)
    assert info.value.item == item
    assert message in info.value.message
    assert str(info.value).startswith(f"{item}: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("skipped", [None, False, "absent"])
def test_cssrs_skipped_questions_may_be_empty_or_no(skipped: Any) -> None:
    answers = cssrs(q1=True)
    if skipped != "absent":
        answers.update(q3=skipped, q4=skipped, q5=skipped, q6_past_3_months=skipped)
    assert score_cssrs_screener(answers)["risk_level"] == "low"


def test_since_last_contact_rejects_recency_follow_up() -> None:
    with pytest.raises(AnswerError) as info:
        score_cssrs_since_last_contact(cssrs(q6=True, q6_past_3_months=True))
    assert info.value.item == "q6_past_3_months"
    assert "unknown item" in info.value.message


def test_answers_must_be_a_mapping() -> None:
    with pytest.raises(AnswerError) as info:
        score_cssrs_screener([True, False])  # type: ignore[arg-type]
    assert info.value.item == "answers"


# --- ASQ ----------------------------------------------------------------------------------------------------------


def test_asq_negative() -> None:
    result = score_asq(asq())
    assert result == {**result, "positive": False, "acute": False, "result": "negative"}
    assert "clinical judgement" in result["recommended_response"].lower()


@pytest.mark.parametrize("question", ["q1", "q2", "q3", "q4"])
@pytest.mark.parametrize("answer", [True, "refused"])
def test_asq_non_acute_positive(question: str, answer: Any) -> None:
    result = score_asq(asq(**{question: answer}, q5=False))
    assert (result["positive"], result["acute"], result["result"]) == (True, False, "non_acute_positive")
    assert "brief suicide safety assessment" in result["recommended_response"]


@pytest.mark.parametrize("question", ["q1", "q2", "q3", "q4"])
@pytest.mark.parametrize("answer", [True, "refused"])
def test_asq_acute_positive(question: str, answer: Any) -> None:
    result = score_asq(asq(**{question: answer}, q5=True))
    assert (result["positive"], result["acute"], result["result"]) == (True, True, "acute_positive")
    assert "STAT" in result["recommended_response"]
    assert "cannot leave until evaluated" in result["recommended_response"]


@pytest.mark.parametrize("q5", [None, False])
def test_asq_acuity_question_may_be_empty_when_negative(q5: Any) -> None:
    assert score_asq(asq(q5=q5))["result"] == "negative"


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        (asq(q1=True), "q5", "required when the screen is positive"),
        (asq(q4="refused"), "q5", "required when the screen is positive"),
        (asq(q1=True, q5=None), "q5", "required when the screen is positive"),
        (asq(q5=True), "q5", "must be empty when the screen is negative"),
        (asq(q1=True, q5="refused"), "q5", "must be one of true, false"),
        (asq(q1="Refused", q5=False), "q1", 'must be one of true, false, "refused"'),
        (asq(q2="no"), "q2", "must be one of"),
        (asq(q3=1), "q3", "must be one of"),
        ({"q2": False, "q3": False, "q4": False}, "q1", "required"),
        (asq(q6=False), "q6", "unknown item"),
    ],
)
def test_asq_errors(answers: dict[str, Any], item: str, message: str) -> None:
    with pytest.raises(AnswerError) as info:
        score_asq(answers)
    assert (info.value.item, message in info.value.message) == (item, True), str(info.value)


# --- PHQ-9 --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_severity_bands(total: int, severity: str) -> None:
    # Fill items 1-8 first so item 9 stays 0 wherever possible.
    values = [min(3, max(0, total - 3 * i)) for i in range(9)]
    assert sum(values) == total
    result = score_phq9(phq(*values))
    assert (result["total"], result["severity"]) == (total, severity)
    assert result["item9_positive"] is (values[8] > 0)


@pytest.mark.parametrize("q9", [1, 2, 3])
def test_phq9_item9_flag(q9: int) -> None:
    result = score_phq9(phq(0, 0, 0, 0, 0, 0, 0, 0, q9))
    assert result["item9_positive"] is True and result["positive"] is True
    assert result["severity"] == "minimal"
    assert result["recommended_response"].startswith("Item 9")


def test_phq9_high_total_without_item9_is_not_positive() -> None:
    result = score_phq9(phq(3, 3, 3, 3, 3, 3, 3, 3, 0))
    assert (result["total"], result["severity"], result["item9_positive"], result["positive"]) == (
        24,
        "severe",
        False,
        False,
    )


def test_phq9_difficulty_question_is_optional_and_not_scored() -> None:
    assert score_phq9(phq(1, 1, 1, 1, 1, 1, 1, 1, 0, q10="very_difficult"))["total"] == 8
    assert score_phq9(phq(1, 1, 1, 1, 1, 1, 1, 1, 0, q10=None))["total"] == 8


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        (phq(0, 0, 0, 0, 0, 0, 0, 0), "q9", "required"),
        (phq(4, 0, 0, 0, 0, 0, 0, 0, 0), "q1", "must be one of 0, 1, 2, 3; got 4"),
        (phq(0, -1, 0, 0, 0, 0, 0, 0, 0), "q2", "must be one of 0, 1, 2, 3; got -1"),
        (phq(0, 0, True, 0, 0, 0, 0, 0, 0), "q3", "got true"),
        (phq(0, 0, 0, "1", 0, 0, 0, 0, 0), "q4", "got '1'"),
        (phq(0, 0, 0, 0, 1.0, 0, 0, 0, 0), "q5", "got 1.0"),
        (phq(0, 0, 0, 0, 0, 0, 0, 0, None), "q9", "required"),
        (phq(0, 0, 0, 0, 0, 0, 0, 0, 0, q10="hard"), "q10", "must be one of"),
        (phq(0, 0, 0, 0, 0, 0, 0, 0, 0, q11=0), "q11", "unknown item"),
    ],
)
def test_phq9_errors(answers: dict[str, Any], item: str, message: str) -> None:
    with pytest.raises(AnswerError) as info:
        score_phq9(answers)
    assert info.value.item == item
    assert message in info.value.message, str(info.value)


# --- formulation --------------------------------------------------------------------------------------------------


def test_formulation_complete() -> None:
    result = score_formulation(
        {
            "risk_factors": ["hopelessness", "access_to_firearms", "other: recent job loss"],
            "protective_factors": ["social_supports"],
            "warning_signs": ["being_a_burden"],
            "risk_level": "high",
            "rationale": "Recent firearm purchase outweighs supports.",
            "screen_level": "moderate",
        }
    )
    assert result["risk_level"] == "high"
    assert result["differs_from_screen"] is True
    assert result["risk_factors"] == {"selected": ["hopelessness", "access_to_firearms"], "other": ["recent job loss"]}
    assert result["protective_factors"] == {"selected": ["social_supports"], "other": []}
    assert "suicide precautions" in result["recommended_response"]


@pytest.mark.parametrize("level", ["low", "moderate", "high", "imminent"])
def test_formulation_levels_need_no_rationale_when_matching_the_screen(level: str) -> None:
    result = score_formulation({"risk_level": level, "screen_level": level})
    assert result["risk_level"] == level and result["differs_from_screen"] is False
    assert result["warning_signs"] == {"selected": [], "other": []}
    assert result["recommended_response"]


def test_formulation_without_screen_needs_no_rationale() -> None:
    assert score_formulation({"risk_level": "low"})["screen_level"] is None


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        ({}, "risk_level", "required"),
        ({"risk_level": None, "rationale": "x"}, "risk_level", "required"),
        ({"risk_level": "severe"}, "risk_level", "must be one of"),
        ({"risk_level": "none"}, "risk_level", "must be one of"),
        ({"risk_level": "low", "screen_level": "high"}, "rationale", "required when risk_level differs"),
        ({"risk_level": "low", "screen_level": "none"}, "rationale", "required when risk_level differs"),
        ({"risk_level": "low", "screen_level": "high", "rationale": "   "}, "rationale", "required"),
        ({"risk_level": "low", "rationale": 5}, "rationale", "must be text"),
        ({"risk_level": "low", "screen_level": "acute"}, "screen_level", "must be one of"),
        ({"risk_level": "low", "risk_factors": "hopelessness"}, "risk_factors", "must be a list"),
        ({"risk_level": "low", "risk_factors": ["hopeless"]}, "risk_factors", "unknown factor"),
        ({"risk_level": "low", "risk_factors": ["other:  "]}, "risk_factors", "unknown factor"),
        ({"risk_level": "low", "warning_signs": [1]}, "warning_signs", "entries must be strings"),
        ({"risk_level": "low", "protective_factors": ["social_supports"] * 2}, "protective_factors", "twice"),
        ({"risk_level": "low", "notes": "x"}, "notes", "unknown item"),
    ],
)
def test_formulation_errors(answers: dict[str, Any], item: str, message: str) -> None:
    with pytest.raises(AnswerError) as info:
        score_formulation(answers)
    assert info.value.item == item
    assert message in info.value.message, str(info.value)


# --- dispatch -----------------------------------------------------------------------------------------------------


def test_score_dispatches_to_each_instrument() -> None:
    assert score("cssrs-screener", cssrs())["risk_level"] == "none"
    assert score("cssrs-since-last-contact", cssrs(q6=True))["risk_level"] == "high"
    assert score("asq", asq())["result"] == "negative"
    assert score("phq9", phq(0, 0, 0, 0, 0, 0, 0, 0, 0))["severity"] == "minimal"
    assert score("formulation", {"risk_level": "low"})["risk_level"] == "low"


def test_score_unknown_instrument() -> None:
    with pytest.raises(AnswerError) as info:
        score("gad7", {})
    assert info.value.item == "instrument"
    assert "phq9" in info.value.message
    with pytest.raises(AnswerError):
        visible_items("gad7", {})


def test_answer_error_is_one_line() -> None:
    err = AnswerError("q3", "must be empty when q2 is no")
    assert str(err) == "q3: must be empty when q2 is no"
    assert isinstance(err, Exception)


# --- visible_items ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "answers", "expected"),
    [
        ("cssrs-screener", {}, ["q1", "q2", "q6"]),
        ("cssrs-screener", {"q1": True, "q2": False}, ["q1", "q2", "q6"]),
        ("cssrs-screener", {"q2": True}, ["q1", "q2", "q3", "q4", "q5", "q6"]),
        ("cssrs-screener", {"q6": True}, ["q1", "q2", "q6", "q6_past_3_months"]),
        ("cssrs-screener", {"q2": 1, "q6": "yes"}, ["q1", "q2", "q6"]),
        ("cssrs-since-last-contact", {"q2": True, "q6": True}, ["q1", "q2", "q3", "q4", "q5", "q6"]),
        ("asq", {}, ["q1", "q2", "q3", "q4"]),
        ("asq", {"q1": False, "q2": False, "q3": False, "q4": False}, ["q1", "q2", "q3", "q4"]),
        ("asq", {"q3": True}, ["q1", "q2", "q3", "q4", "q5"]),
        ("asq", {"q4": "refused"}, ["q1", "q2", "q3", "q4", "q5"]),
        ("phq9", {}, [f"q{i}" for i in range(1, 11)]),
        (
            "formulation",
            {},
            [
                "risk_factors",
                "protective_factors",
                "warning_signs",
                "ideation",
                "plan",
                "behaviours",
                "intent",
                "reasons_for_living",
                "risk_level",
                "rationale",
                "interventions",
                "follow_up",
                "screen_level",
            ],
        ),
    ],
)
def test_visible_items(instrument: str, answers: dict[str, Any], expected: list[str]) -> None:
    assert visible_items(instrument, answers) == expected


# --- property tests -----------------------------------------------------------------------------------------------

SKIPPED = st.sampled_from([None, False, "absent"])


@st.composite
def cssrs_answers(draw: st.DrawFn, recency: bool = True) -> dict[str, Any]:
    a: dict[str, Any] = {"q1": draw(st.booleans()), "q2": draw(st.booleans()), "q6": draw(st.booleans())}
    for q in ("q3", "q4", "q5"):
        a[q] = draw(st.booleans()) if a["q2"] else draw(SKIPPED)
    if recency:
        a["q6_past_3_months"] = draw(st.booleans()) if a["q6"] else draw(SKIPPED)
    return {k: v for k, v in a.items() if v != "absent"}


def _as_vector_answers(bits: dict[str, bool], recency: bool) -> dict[str, Any]:
    a: dict[str, Any] = {"q1": bits["q1"], "q2": bits["q2"], "q6": bits["q6"]}
    for q in ("q3", "q4", "q5"):
        a[q] = bits[q] if bits["q2"] else None
    if recency:
        a["q6_past_3_months"] = bits["q6_past_3_months"] if bits["q6"] else None
    return a


CSSRS_SLOTS = ["q1", "q2", "q3", "q4", "q5", "q6", "q6_past_3_months"]


@settings(max_examples=300)
@given(
    base=st.fixed_dictionaries({q: st.booleans() for q in CSSRS_SLOTS}),
    extra=st.fixed_dictionaries({q: st.booleans() for q in CSSRS_SLOTS}),
    recency=st.booleans(),
)
def test_cssrs_more_yes_answers_never_lower_the_risk(
    base: dict[str, bool], extra: dict[str, bool], recency: bool
) -> None:
    more = {q: base[q] or extra[q] for q in CSSRS_SLOTS}
    fn = score_cssrs_screener if recency else score_cssrs_since_last_contact
    before = fn(_as_vector_answers(base, recency))["risk_level"]
    after = fn(_as_vector_answers(more, recency))["risk_level"]
    assert CSSRS_ORDER.index(after) >= CSSRS_ORDER.index(before)


@settings(max_examples=300)
@given(answers=cssrs_answers(recency=True))
def test_cssrs_screener_matches_published_triage(answers: dict[str, Any]) -> None:
    result = score_cssrs_screener(answers)
    assert result["risk_level"] == reference_cssrs(answers, recency=True)
    assert result["positive"] is (result["risk_level"] != "none")


@settings(max_examples=300)
@given(answers=cssrs_answers(recency=False))
def test_cssrs_since_last_contact_matches_published_triage(answers: dict[str, Any]) -> None:
    result = score_cssrs_since_last_contact(answers)
    assert result["risk_level"] == reference_cssrs(answers, recency=False)


def test_cssrs_every_consistent_combination_exhaustively() -> None:
    count = 0
    for bits in itertools.product([False, True], repeat=len(CSSRS_SLOTS)):
        for recency in (True, False):
            answers = _as_vector_answers(dict(zip(CSSRS_SLOTS, bits, strict=True)), recency)
            fn = score_cssrs_screener if recency else score_cssrs_since_last_contact
            assert fn(answers)["risk_level"] == reference_cssrs(answers, recency)
            count += 1
    assert count == 256


@settings(max_examples=300)
@given(answers=cssrs_answers(recency=True), question=st.sampled_from(["q3", "q4", "q5"]))
def test_cssrs_q3_to_q5_yes_without_q2_is_always_rejected(answers: dict[str, Any], question: str) -> None:
    answers = {**answers, "q2": False, "q3": None, "q4": None, "q5": None, question: True}
    with pytest.raises(AnswerError) as info:
        score_cssrs_screener(answers)
    assert str(info.value) == f"{question}: must be empty when q2 is no"


ASQ_ANSWER = st.sampled_from([True, False, "refused"])


@settings(max_examples=300)
@given(q=st.lists(ASQ_ANSWER, min_size=4, max_size=4), q5=st.booleans())
def test_asq_any_yes_or_refusal_is_positive(q: list[Any], q5: bool) -> None:
    positive = any(v is True or v == "refused" for v in q)
    answers = asq(*q, q5=q5 if positive else None)
    result = score_asq(answers)
    assert result["positive"] is positive
    assert result["acute"] is (positive and q5)
    expected = "negative" if not positive else ("acute_positive" if q5 else "non_acute_positive")
    assert result["result"] == expected


def test_asq_every_combination_exhaustively() -> None:
    for q in itertools.product([True, False, "refused"], repeat=4):
        positive = any(v is True or v == "refused" for v in q)
        for q5 in (True, False) if positive else (None,):
            result = score_asq(asq(*q, q5=q5))
            assert result["positive"] is positive and result["acute"] is (q5 is True)


PHQ_ITEMS = st.lists(st.integers(0, 3), min_size=9, max_size=9)


def _reference_severity(total: int) -> str:
    for upper, name in ((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately_severe")):
        if total <= upper:
            return name
    return "severe"


@settings(max_examples=500)
@given(values=PHQ_ITEMS)
def test_phq9_total_severity_and_item9(values: list[int]) -> None:
    result = score_phq9(phq(*values))
    assert result["total"] == sum(values)
    assert result["severity"] == _reference_severity(sum(values))
    assert result["item9_positive"] is (values[8] > 0)
    assert result["positive"] is (values[8] > 0)


@settings(max_examples=300)
@given(values=PHQ_ITEMS, index=st.integers(0, 8), bump=st.integers(1, 3))
def test_phq9_severity_is_monotonic_in_total(values: list[int], index: int, bump: int) -> None:
    higher = list(values)
    higher[index] = min(3, higher[index] + bump)
    before = score_phq9(phq(*values))
    after = score_phq9(phq(*higher))
    assert after["total"] >= before["total"]
    assert PHQ9_ORDER.index(after["severity"]) >= PHQ9_ORDER.index(before["severity"])


# Mostly plausible answers, so that many draws get past the first item, plus wrong types of every JSON kind.
JSONISH = st.one_of(
    st.sampled_from([True, False, None, "refused", 0, 1, 2, 3, "low", "high", "moderate", "none", "x"]),
    st.integers(-2, 5),
    st.floats(allow_nan=False, width=16),
    st.text(max_size=4),
    st.lists(st.sampled_from(["hopelessness", "social_supports", "other: x", "other:", "bad", 1]), max_size=3),
    st.dictionaries(st.text(max_size=2), st.booleans(), max_size=1),
)


@settings(max_examples=400)
@given(
    instrument=st.sampled_from(INSTRUMENT_IDS),
    answers=st.dictionaries(
        st.sampled_from(
            ["q1", "q2", "q3", "q4", "q5", "q6", "q6_past_3_months", "q9", "q10", "risk_level", "rationale", "zz"]
        ),
        JSONISH,
        max_size=8,
    ),
)
def test_arbitrary_answers_either_score_or_raise_answer_error(instrument: str, answers: dict[str, Any]) -> None:
    try:
        result = score(instrument, answers)
    except AnswerError as exc:
        assert exc.item and "\n" not in str(exc)
    else:
        assert result["instrument"] == instrument


@settings(max_examples=300)
@given(answers=cssrs_answers(recency=True))
def test_visible_items_agree_with_validation(answers: dict[str, Any]) -> None:
    shown = visible_items("cssrs-screener", answers)
    for key, value in answers.items():
        if key not in shown:
            assert value in (None, False)
    # Every shown question has an answer in a complete, valid set.
    assert all(answers.get(q) is not None for q in shown)


def test_positive_screens_say_what_to_do_in_an_outpatient_or_telehealth_session():
    from carepath.assessments.scoring import score

    acute = score("asq", {"q1": True, "q2": False, "q3": False, "q4": False, "q5": True})
    assert acute["outpatient_response"].startswith("In an outpatient or telehealth session: do not end the session")
    assert "cannot leave until evaluated" in acute["recommended_response"]  # the published triage stays
    high = score(
        "cssrs-screener",
        {"q1": True, "q2": True, "q3": True, "q4": True, "q5": False, "q6": False, "q6_past_3_months": None},
    )
    assert "Confirm where the client is" in high["outpatient_response"]
    negative = score("asq", {"q1": False, "q2": False, "q3": False, "q4": False, "q5": None})
    assert "outpatient_response" not in negative
