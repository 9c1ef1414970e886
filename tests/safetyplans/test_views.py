"""Pages and API of the safety plan: the plain form, autosave and its merge, counselling, the console panel."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from carepath.clients.services import client_create
from carepath.safetyplans import selectors, services
from carepath.safetyplans.models import MeansStep


def _url(case, tail=""):
    return f"/clients/{case.client_id}/safety-plan/{tail}"


def test_the_plain_form_saves_without_javascript(signed_in, clinician, case):
    browser = signed_in(clinician)
    page = browser.get(_url(case)).content.decode()
    assert "Signs that a crisis may be starting" in page and "988 Suicide &amp; Crisis Lifeline" in page  # prefilled
    response = browser.post(
        _url(case),
        {
            "revision": "0",
            "warning_signs-count": "1",
            "warning_signs-0-id": "",
            "warning_signs-0-text": "I pace at night",
            "kept_at": "Kitchen drawer",
        },
    )
    assert response.status_code == 302
    plan = selectors.plan_of(case.client)
    assert (
        plan.draft["sections"]["warning_signs"][0]["text"] == "I pace at night"
        and plan.draft["kept_at"] == "Kitchen drawer"
    )


def test_autosave_from_a_stale_page_merges_and_says_so(signed_in, clinician, supervisor, case):
    plan = services.plan_get_or_create(actor=clinician, client=case.client)
    base = services.plan_draft_save(
        actor=clinician, plan=plan, draft={"sections": {"coping": [{"id": "a", "text": "Walk"}]}}, base_revision=0
    ).plan.draft
    services.plan_draft_save(
        actor=supervisor,
        plan=plan,
        draft={"sections": {"coping": [{"id": "a", "text": "Walk"}, {"id": "s", "text": "Call Ana"}]}},
        base_revision=1,
    )
    mine = {"sections": {"coping": [{"id": "a", "text": "Walk"}, {"id": "m", "text": "Music"}]}}
    response = signed_in(clinician).post(
        _url(case, "draft/"),
        data=json.dumps({"revision": 1, "draft": mine, "base": base}),
        content_type="application/json",
    )
    data = response.json()
    assert response.status_code == 200 and data["merged"] and data["revision"] == 3
    assert sorted(e["text"] for e in data["draft"]["sections"]["coping"]) == ["Call Ana", "Music", "Walk"]
    assert data["warnings"]


def test_autosave_refuses_bad_json_with_a_message_and_400(signed_in, clinician, case):
    response = signed_in(clinician).post(_url(case, "draft/"), data="{not json", content_type="application/json")
    assert response.status_code == 400 and "kept on this device" in response.json()["error"]


def test_counselling_refused_keeps_what_was_typed_then_saves(signed_in, clinician, case):
    browser = signed_in(clinician)
    url = f"/cases/{case.pk}/lethal-means/"
    assert "Extreme-risk protection orders in California" in browser.get(url).content.decode()
    typed = {
        "firearm_access": "yes",
        "firearm_action": "",
        "firearm_holder": "His sister",
        "medication_access": "no",
        "other_access": "unknown",
        "note": "Asked in session",
    }
    refused = browser.post(url, typed)
    assert refused.status_code == 400 and "Write what was agreed" in refused.content.decode()
    assert 'value="His sister"' in refused.content.decode()
    done = browser.post(url, {**typed, "firearm_action": "Rifle locked at his sister's"})
    assert done.status_code == 302
    step = MeansStep.objects.get(case=case)
    assert step.holder == "His sister" and step.status == "agreed"
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "Rifle locked at his sister&#x27;s" in page and "Agreed, not confirmed yet" in page


def test_confirming_a_step_from_the_case_page(signed_in, clinician, case):
    services.lethal_means_counsel(
        actor=clinician,
        case=case,
        answers=[services.MeansAnswer(means="medication", access="yes", action="Pills to mum")],
    )
    step = MeansStep.objects.get(case=case)
    browser = signed_in(clinician)
    refused = browser.post(_url(case, f"means/{step.pk}/confirm/"), {"done": "yes", "how": ""})
    assert refused.status_code == 400
    response = browser.post(_url(case, f"means/{step.pk}/confirm/"), {"done": "yes", "how": "Mum, by phone"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == "confirmed" and step.confirmed_how == "Mum, by phone"


def test_the_console_shows_the_plan_to_walk_the_client_through(signed_in, clinician, case):
    plan = services.plan_get_or_create(actor=clinician, client=case.client)
    draft = {
        "sections": {
            "warning_signs": [{"id": "w", "text": "Pacing at night"}],
            "help": [{"id": "h", "name": "Wilhelmina Zephyrine", "relationship": "sister", "phone": "+1 415 555 0102"}],
            "environment": [{"id": "e", "means": "firearm", "action": "Rifle to Wilhelmina", "holder": "Wilhelmina"}],
        }
    }
    services.plan_draft_save(actor=clinician, plan=plan, draft=draft, base_revision=0)
    services.plan_finalise(actor=clinician, plan=plan, base_revision=1)
    body = signed_in(clinician).get(f"/cases/{case.pk}/console/").content.decode()
    assert "The client's safety plan" in body and "Pacing at night" in body and "Rifle to Wilhelmina" in body
    assert "1 step to make the surroundings safer not confirmed yet" in body


def test_the_copy_is_in_the_clients_language_by_default(signed_in, clinician, case):
    from carepath.cases.services import case_open

    client = client_create(
        actor=clinician,
        given_name="Lucía",
        family_name="Ejemplo",
        date_of_birth=dt.date(1990, 1, 1),
        jurisdiction="US-CA",
        preferred_language="es",
        flags=[],
    )
    case_open(actor=clinician, client=client, risk_level="moderate", concern="Pensamientos de muerte.")
    plan = services.plan_get_or_create(actor=clinician, client=client)
    services.plan_draft_save(
        actor=clinician, plan=plan, draft={"sections": {"reasons": [{"id": "r", "text": "Mis hijos"}]}}, base_revision=0
    )
    services.plan_finalise(actor=clinician, plan=plan, base_revision=1)
    body = signed_in(clinician).get(f"/clients/{client.pk}/safety-plan/copy/").content.decode()
    assert "Mi plan de seguridad" in body and "Mis razones para vivir" in body and 'lang="es"' in body


def test_the_api_reads_the_plan_and_saves_a_draft(client, clinician, case):
    from carepath.accounts.services import api_token_create

    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=clinician, member=clinician, name='t')}"}
    plan = client.get(f"/api/v1/clients/{case.client_id}/safety-plan", **auth).json()
    assert plan["draft_revision"] == 0 and plan["current"] is None and plan["warnings"]
    saved = client.post(
        f"/api/v1/clients/{case.client_id}/safety-plan/draft",
        data=json.dumps({"revision": 0, "draft": {"sections": {"coping": [{"id": str(uuid.uuid4()), "text": "Run"}]}}}),
        content_type="application/json",
        **auth,
    )
    assert saved.status_code == 200 and saved.json()["revision"] == 1
    bad = client.post(
        f"/api/v1/clients/{case.client_id}/safety-plan/draft",
        data=json.dumps({"revision": 0, "draft": {"sections": {"nonsense": []}}}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and "Unknown section" in bad.json()["detail"]
    assert client.get(f"/api/v1/clients/{case.client_id}/safety-plan/versions/1", **auth).status_code == 404
