"""The risk policy data file: every screen level mapped to a case level, defaults documented with their source."""

from __future__ import annotations

from carepath.assessments import riskpolicy
from carepath.assessments.definitions import load


def test_every_screen_level_maps_onto_the_case_scale():
    data = riskpolicy.policy()
    for instrument in ("cssrs-screener", "cssrs-since-last-contact", "asq"):
        levels = {lv.id for lv in load(instrument).triage.levels}
        assert set(data.case_levels[instrument]) == levels
    assert data.case_levels["phq9"] == {}


def test_asq_acute_positive_is_imminent():
    """NIMH: an acute positive ASQ is imminent risk; the person may not leave until evaluated for safety."""
    assert riskpolicy.case_level("asq", {"result": "acute_positive"}) == "imminent"
    assert riskpolicy.case_level("asq", {"result": "non_acute_positive"}) == "moderate"
    assert riskpolicy.case_level("phq9", {"total": 27, "item9_positive": True}) == ""


def test_default_intervals_say_plainly_that_no_source_was_confirmed():
    data = riskpolicy.policy()
    assert (data.reassessment.high_days, data.reassessment.moderate_days, data.reassessment.low_days) == (7, 14, 30)
    assert "could be confirmed" in data.reassessment_source
    assert str(data.reviewed) == "2026-12-01"
