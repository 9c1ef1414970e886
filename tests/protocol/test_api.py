"""The protocol API: the checklist as JSON, ticking steps off, and refusals."""

from __future__ import annotations

import json


def test_case_protocol_as_json(signed_in, clinician, case):
    data = signed_in(clinician).get(f"/api/v1/cases/{case.pk}/protocol").json()
    steps = {s["id"]: s for s in data["steps"]}
    assert data["risk_level"] == "high" and data["outstanding_required"] > 0
    assert steps["hospitalisation.disposition_high"]["status"] == "outstanding"
    assert steps["hospitalisation.disposition_high"]["done_by"][0] == {
        "kind": "disposition_recorded",
        "details": {"decision": "emergency_evaluation"},
    }


def test_not_applicable_through_the_api(signed_in, clinician, case):
    browser = signed_in(clinician)
    url = f"/api/v1/cases/{case.pk}/protocol/not-applicable"
    refused = browser.post(
        url, json.dumps({"step_id": "hospitalisation.disposition_high", "reason": ""}), "application/json"
    )
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    ok = browser.post(
        url, json.dumps({"step_id": "hospitalisation.disposition_high", "reason": "Inpatient."}), "application/json"
    )
    assert ok.status_code == 201 and ok.json()["kind"] == "protocol_step_not_applicable"
    steps = {s["id"]: s for s in browser.get(f"/api/v1/cases/{case.pk}/protocol").json()["steps"]}
    assert steps["hospitalisation.disposition_high"]["not_applicable_reason"] == "Inpatient."


def test_outsiders_get_404(signed_in, outsider, case):
    browser = signed_in(outsider)
    assert browser.get(f"/api/v1/cases/{case.pk}/protocol").status_code == 404
    response = browser.post(
        f"/api/v1/cases/{case.pk}/protocol/done",
        json.dumps({"step_id": "safety_plan.create", "note": "x"}),
        "application/json",
    )
    assert response.status_code == 404
