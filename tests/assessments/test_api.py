"""The assessments API: pure scoring preview, a client's history, finalising on a case (same service as the page)."""

from __future__ import annotations

import pytest

from carepath.assessments import services
from carepath.assessments.models import Assessment
from carepath.assessments.scoring import score
from carepath.cases.models import TimelineEvent

from .factories import CSSRS_HIGH, CSSRS_LOW, phq9

pytestmark = pytest.mark.django_db


def test_score_preview_is_the_pure_function_and_saves_nothing(signed_in, clinician):
    response = signed_in(clinician).post(
        "/api/v1/assessments/score/phq9", {"answers": phq9(10, 1)}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json() == score("phq9", phq9(10, 1))
    assert not Assessment.objects.exists()


def test_score_preview_refuses_bad_answers_and_unknown_instruments(signed_in, clinician):
    browser = signed_in(clinician)
    bad = browser.post("/api/v1/assessments/score/phq9", {"answers": {"q1": 9}}, content_type="application/json")
    assert bad.status_code == 400 and "q1" in bad.json()["errors"]
    unknown = browser.post("/api/v1/assessments/score/nope", {"answers": {}}, content_type="application/json")
    assert unknown.status_code == 404


def test_finalise_on_a_case_records_it_on_the_timeline(signed_in, clinician, case):
    response = signed_in(clinician).post(
        f"/api/v1/cases/{case.pk}/assessments",
        {"instrument": "cssrs-screener", "answers": CSSRS_HIGH},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["computed_level"] == "high" and body["case_id"] == str(case.pk)
    assert TimelineEvent.objects.filter(case=case, kind="assessment_recorded").count() == 1


def test_finalise_with_a_tampered_item_is_refused_and_saves_nothing(signed_in, clinician, case):
    response = signed_in(clinician).post(
        f"/api/v1/cases/{case.pk}/assessments",
        {"instrument": "cssrs-screener", "answers": {**CSSRS_LOW, "q0": True}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "q0" in response.json()["errors"]
    assert not Assessment.objects.exists()


def test_override_needs_a_rationale_through_the_api_too(signed_in, clinician, case):
    browser = signed_in(clinician)
    payload = {"instrument": "cssrs-screener", "answers": CSSRS_LOW, "final_level": "imminent"}
    assert (
        browser.post(f"/api/v1/cases/{case.pk}/assessments", payload, content_type="application/json").status_code
        == 400
    )
    payload["rationale"] = "Intends to act tonight."
    ok = browser.post(f"/api/v1/cases/{case.pk}/assessments", payload, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["final_level"] == "imminent"


def test_client_history_lists_final_assessments_with_the_item9_follow_up(signed_in, clinician, client_record):
    phq = services.assessment_finalise(actor=clinician, client=client_record, instrument="phq9", answers=phq9(5, 1))
    services.assessment_save_draft(actor=clinician, client=client_record, instrument="asq", answers={"q1": True})
    rows = signed_in(clinician).get(f"/api/v1/clients/{client_record.pk}/assessments").json()
    assert [r["id"] for r in rows] == [str(phq.pk)]
    assert rows[0]["item9_cssrs_done"] is False and rows[0]["result"]["total"] == 6


def test_outsiders_get_404(signed_in, off_team_clinician, case):
    browser = signed_in(off_team_clinician)
    assert browser.get(f"/api/v1/clients/{case.client_id}/assessments").status_code == 404
    response = browser.post(
        f"/api/v1/cases/{case.pk}/assessments",
        {"instrument": "cssrs-screener", "answers": CSSRS_LOW},
        content_type="application/json",
    )
    assert response.status_code == 404
