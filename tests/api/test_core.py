import json

from carepath.accounts.services import api_token_create
from carepath.audit.models import AuditEntry


def _auth(member):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=member, member=member, name='test')}"}


def test_bearer_token_lists_only_visible_cases(client, clinician, off_team_clinician, case):
    mine = client.get("/api/v1/cases", **_auth(clinician)).json()
    assert [c["id"] for c in mine] == [str(case.pk)]
    assert client.get("/api/v1/cases", **_auth(off_team_clinician)).json() == []


def test_case_detail_has_timeline_and_is_audited(client, clinician, case):
    data = client.get(f"/api/v1/cases/{case.pk}", **_auth(clinician)).json()
    assert data["risk_level"] == "high" and "case_opened" in [e["kind"] for e in data["timeline"]]
    assert AuditEntry.objects.filter(action="case.view", object_id=str(case.pk)).exists()


def test_outsider_gets_404_not_data(client, outsider, case):
    response = client.get(f"/api/v1/cases/{case.pk}", **_auth(outsider))
    assert response.status_code == 404 and "Zephyrine" not in response.content.decode()


def test_report_risk_and_field_errors(client, clinician, client_record):
    bad = client.post(
        f"/api/v1/clients/{client_record.pk}/cases",
        data=json.dumps({"risk_level": "extreme", "concern": ""}),
        content_type="application/json",
        **_auth(clinician),
    )
    assert bad.status_code == 400 and {"risk_level", "concern"} <= set(bad.json()["errors"])
    ok = client.post(
        f"/api/v1/clients/{client_record.pk}/cases",
        data=json.dumps({"risk_level": "moderate", "concern": "Passive ideation after a loss."}),
        content_type="application/json",
        **_auth(clinician),
    )
    assert ok.status_code == 201 and ok.json()["risk_level"] == "moderate"


def test_close_without_reason_is_400(client, clinician, case):
    response = client.post(
        f"/api/v1/cases/{case.pk}/close",
        data=json.dumps({"reason": ""}),
        content_type="application/json",
        **_auth(clinician),
    )
    assert response.status_code == 400 and "reason" in response.json()["errors"]


def test_revoked_or_unknown_token_is_401(client, case):
    assert client.get("/api/v1/cases", HTTP_AUTHORIZATION="Bearer cp_nope").status_code == 401


def test_openapi_schema_generates(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/cases/{case_id}" in schema["paths"]
