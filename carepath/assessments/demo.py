"""Demo assessments: a falling PHQ-9 series, item 9 prompts answered by the C-SSRS, overrides with a rationale."""

from __future__ import annotations

import datetime as dt

from carepath.cases.services import case_change_risk_level
from carepath.core import clock

from .services import assessment_finalise

CSSRS_MODERATE = {"q1": True, "q2": True, "q3": True, "q4": False, "q5": False, "q6": False}
CSSRS_LOW = {"q1": True, "q2": False, "q6": False}
CSSRS_HIGH = {
    "q1": True,
    "q2": True,
    "q3": True,
    "q4": True,
    "q5": True,
    "q6": True,
    "q6_past_3_months": True,
}


def _phq9(items: list[int]) -> dict:
    return {f"q{i}": v for i, v in enumerate(items, 1)} | {"q10": "very_difficult"}


def _assess(actor, client, instrument, answers, when: dt.datetime, **extra):
    with clock.at(when):
        return assessment_finalise(
            actor=actor, client=client, instrument=instrument, answers=answers, occurred_at=when, **extra
        )


def seed(ctx) -> None:
    now = ctx.now
    sam, priya = ctx.members["sam"], ctx.members["priya"]
    rahman, whitaker, brooks = ctx.clients["Rahman"], ctx.clients["Whitaker"], ctx.clients["Brooks"]
    rahman_case = ctx.cases["Rahman"]

    def ago(**kw) -> dt.datetime:
        return now - dt.timedelta(**kw)

    # Aisha Rahman: routine PHQ-9s before the episode, item 9 answered by a C-SSRS each time, then a falling series.
    _assess(priya, rahman, "phq9", _phq9([2, 2, 1, 2, 1, 1, 1, 1, 0]), ago(days=34))
    phq = _assess(priya, rahman, "phq9", _phq9([2, 2, 2, 2, 2, 2, 2, 1, 1]), ago(days=20))
    _assess(priya, rahman, "cssrs-screener", CSSRS_LOW, ago(days=20) + dt.timedelta(minutes=15), prompted_by=phq)
    opened = rahman_case.opened_at
    phq = _assess(priya, rahman, "phq9", _phq9([3, 3, 2, 3, 2, 3, 2, 1, 2]), opened + dt.timedelta(minutes=20))
    _assess(priya, rahman, "cssrs-screener", CSSRS_MODERATE, opened + dt.timedelta(minutes=35), prompted_by=phq)
    _assess(
        priya,
        rahman,
        "formulation",
        {
            "risk_factors": [
                "hopelessness",
                "triggering_event",
                "social_isolation",
                "other: lives alone on the 9th floor",
            ],
            "protective_factors": ["therapeutic_relationships"],
            "warning_signs": ["hopeless_no_reason_to_live", "withdrawing_isolating"],
            "risk_level": "high",
            "rationale": (
                "Screen says moderate, but she named jumping from her building, lives alone since the job loss "
                "and has withdrawn from her cousin: high until supports are in place."
            ),
        },
        opened + dt.timedelta(minutes=50),
        case=rahman_case,
    )
    phq = _assess(priya, rahman, "phq9", _phq9([2, 2, 2, 2, 1, 2, 2, 1, 1]), ago(days=3, hours=1))
    _assess(priya, rahman, "cssrs-screener", CSSRS_LOW, ago(days=3, minutes=40), prompted_by=phq)
    # The C-SSRS is the evidence that lets her clinician lower the risk (an assessment since it was raised).
    with clock.at(ago(days=3)):
        case_change_risk_level(
            actor=priya,
            case=rahman_case,
            risk_level="moderate",
            reason="Thoughts less frequent; reconnected with her cousin; engaged with the safety plan.",
        )
    _assess(priya, rahman, "phq9", _phq9([1, 1, 1, 2, 1, 1, 1, 1, 0]), ago(hours=5))

    # Ellie Voss: after the anniversary, the C-SSRS since the last contact, then the step down to low.
    voss_case = ctx.cases.get("Voss")
    if voss_case is not None:
        _assess(priya, ctx.clients["Voss"], "cssrs-since-last-contact", CSSRS_LOW, ago(days=5, minutes=30))
        with clock.at(ago(days=5)):
            case_change_risk_level(
                actor=priya,
                case=voss_case,
                risk_level="low",
                reason="Anniversary passed with family around her; no current ideation; protective factors strong.",
            )

    # Danny Whitaker: C-SSRS high at the crisis; the clinician keeps the case at imminent and says why.
    _assess(
        sam,
        whitaker,
        "cssrs-screener",
        CSSRS_HIGH,
        ago(hours=2, minutes=25),
        final_level="imminent",
        rationale="Intends to use the handgun at home tonight and has said goodbye to his sister: imminent.",
    )

    # Tyler Brooks (16): the ASQ, non-acute positive; the clinician keeps high risk given his overdose research.
    _assess(
        sam,
        brooks,
        "asq",
        {"q1": True, "q2": True, "q3": True, "q4": False, "q5": False},
        ago(days=1, hours=5, minutes=30),
        final_level="high",
        rationale="Researched overdose methods this week; his mother's medication is in reach: high, not moderate.",
    )
