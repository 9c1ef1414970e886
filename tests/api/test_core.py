import json
import uuid

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


def test_huge_offsets_and_limits_are_refused_with_400_not_a_server_error(client, clinician, case):
    for url in (
        "/api/v1/cases?offset=99999999999999999999",
        "/api/v1/clients?limit=100000",
        "/api/v1/followup/tasks?offset=99999999999999999999",
        "/api/v1/followup/tasks?limit=-5",
    ):
        response = client.get(url, **_auth(clinician))
        assert response.status_code == 400, url
        assert response.json()["errors"], url


def test_a_body_that_does_not_fit_the_schema_is_400_naming_the_field(client, clinician, case):
    response = client.post(
        f"/api/v1/cases/{case.pk}/notes",
        data=json.dumps({"summary": "   "}),
        content_type="application/json",
        **_auth(clinician),
    )
    assert response.status_code == 400 and "summary" in response.json()["errors"]


def test_every_operation_declares_its_error_statuses(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            declared = set(operation["responses"])
            assert {"400", "401", "403", "404"} <= declared, f"{method.upper()} {path} declares {sorted(declared)}"


def test_the_interactive_docs_are_served_from_the_site(client, clinician):
    client.force_login(clinician, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body and "cdn" not in body.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_a_long_timeline_says_it_has_more_and_is_read_whole_page_by_page(client, clinician, outsider, case):
    import datetime as dt

    from carepath.cases.models import TimelineEvent

    start = case.opened_at
    TimelineEvent.objects.bulk_create(
        TimelineEvent(
            organisation_id=case.organisation_id,
            case=case,
            kind="note",
            summary=f"Check-in {i}",
            occurred_at=start + dt.timedelta(minutes=i + 1),
            recorded_at=start + dt.timedelta(minutes=i + 1),
            actor=clinician,
        )
        for i in range(205)
    )
    every = set(TimelineEvent.objects.filter(case=case).values_list("pk", flat=True))
    assert len(every) == 206  # with the case's opening
    auth = _auth(clinician)
    detail = client.get(f"/api/v1/cases/{case.pk}", **auth).json()
    assert len(detail["timeline"]) == 200 and detail["timeline_more"] is True
    assert detail["timeline"][0]["summary"] == "Check-in 204"  # newest first

    first = client.get(f"/api/v1/cases/{case.pk}/timeline?limit=150", **auth).json()
    assert len(first["entries"]) == 150 and first["more"] is True and first["offset"] == 0
    rest = client.get(f"/api/v1/cases/{case.pk}/timeline?limit=150&offset=150", **auth).json()
    assert len(rest["entries"]) == 56 and rest["more"] is False
    seen = [e["id"] for e in first["entries"] + rest["entries"]]
    assert len(seen) == len(set(seen)) and {uuid.UUID(i) for i in seen} == every
    assert rest["entries"][-1]["kind"] == "case_opened"
    assert AuditEntry.objects.filter(action="case.timeline.view", object_id=str(case.pk)).count() == 2

    assert client.get(f"/api/v1/cases/{case.pk}/timeline?limit=0", **auth).status_code == 400
    assert client.get(f"/api/v1/cases/{case.pk}/timeline", **_auth(outsider)).status_code == 404


def test_a_short_timeline_has_no_more(client, clinician, case):
    detail = client.get(f"/api/v1/cases/{case.pk}", **_auth(clinician)).json()
    assert detail["timeline_more"] is False
