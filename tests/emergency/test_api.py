"""The crisis console's API: the same services, the same refusals, idempotent retries, and the console as JSON."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.utils import timezone

from carepath.contacts.models import ContactAttempt
from carepath.emergency.models import EmergencyAction


def _post(browser, url, payload):
    return browser.post(url, json.dumps(payload, default=str), content_type="application/json")


def test_emergency_action_is_created_once_per_idempotency_key(signed_in, clinician, case):
    browser = signed_in(clinician)
    url = f"/api/v1/cases/{case.pk}/emergency-actions"
    payload = {
        "kind": "emergency_call",
        "number_dialled": "911",
        "reference": "CAD-1",
        "outcome": "welfare_check",
        "idempotency_key": str(uuid.uuid4()),
    }
    first = _post(browser, url, payload)
    assert first.status_code == 201, first.content
    assert first.json()["summary"].startswith("Emergency call placed to 911.")
    again = _post(browser, url, payload)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert EmergencyAction.objects.count() == 1


def test_bad_reference_and_future_time_are_400_with_field_errors(signed_in, clinician, case):
    browser = signed_in(clinician)
    url = f"/api/v1/cases/{case.pk}/emergency-actions"
    bad = _post(browser, url, {"kind": "emergency_call", "number_dialled": "911", "reference": "a<b"})
    assert bad.status_code == 400 and "reference" in bad.json()["errors"]
    future = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    late = _post(browser, url, {"kind": "stayed_with_client", "occurred_at": future})
    assert late.status_code == 400 and "occurred_at" in late.json()["errors"]


def test_contact_attempt_on_another_clients_contact_is_refused(signed_in, clinician, case, other_client_contact):
    response = _post(
        signed_in(clinician),
        f"/api/v1/cases/{case.pk}/contact-attempts",
        {"contact_id": str(other_client_contact.pk), "result": "reached"},
    )
    assert response.status_code == 400
    assert "not a support contact of this client" in response.json()["detail"]
    assert not ContactAttempt.objects.exists()


def test_contact_attempt_without_consent_returns_its_disclosure(signed_in, clinician, case, unconsented_contact):
    response = _post(
        signed_in(clinician),
        f"/api/v1/cases/{case.pk}/contact-attempts",
        {
            "contact_id": str(unconsented_contact.pk),
            "result": "reached",
            "shared": "Please go to him now.",
            "basis_id": "us-hipaa-164-512-j",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["disclosure"]["basis_citation"] == "45 C.F.R. § 164.512(j)(1)(i), (j)(4)"


def test_console_json_has_numbers_contacts_bases_and_steps(signed_in, clinician, case, unconsented_contact):
    data = signed_in(clinician).get(f"/api/v1/cases/{case.pk}/console").json()
    assert data["risk_level"] == "high" and data["address"] == "1 Secret Lane"
    assert data["emergency"]["numbers"][0]["number"] == "911"
    assert any(line["phone"] == "988" for line in data["crisis_lines"])
    assert [c["name"] for c in data["contacts"]] == ["Wilhelmina Zephyrine", "Leo Roommate"]
    assert [c["consent_status"] for c in data["contacts"]] == ["valid", "none"]
    assert {b["id"] for b in data["disclosure_bases"]} == {
        "us-hipaa-164-512-j",
        "us-hipaa-164-510-b-3",
        "us-hipaa-164-506-treatment",
    }
    assert data["steps_source"] in ("protocol", "console")


def test_outsider_gets_404(signed_in, outsider, case):
    assert signed_in(outsider).get(f"/api/v1/cases/{case.pk}/console").status_code == 404
