"""Pages of the protocol: the checklist on the case page, its forms, the dashboard column and the policy page."""

from __future__ import annotations

import datetime as dt

from carepath.cases.services import case_open
from carepath.clients.services import care_team_add, client_create
from carepath.protocol import services


def test_case_page_shows_the_checklist_with_statuses(signed_in, clinician, case):
    done = services.protocol_step_done(actor=clinician, case=case, step_id="supervisor.consult", note="Agreed plan.")
    services.protocol_step_not_applicable(
        actor=clinician,
        case=case,
        step_id="hospitalisation.disposition_high",
        reason="Inpatient already (Quillfeather ward).",
    )
    body = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert "Protocol: what this case calls for" in body
    assert f'href="#event-{done.pk}"' in body
    assert "not applicable because: Inpatient already (Quillfeather ward)." in body
    assert "Write a safety plan with the client" in body and "Outstanding" in body
    assert 'href="tel:911"' in body and "Cal. Civ. Code § 43.92" in body
    assert "not legal advice" in body and "reviewed 2026-11-26" in body


def test_case_page_checklist_costs_the_same_queries_whatever_is_recorded(
    signed_in, clinician, case, django_assert_max_num_queries
):
    browser = signed_in(clinician)
    browser.get(f"/cases/{case.pk}/")
    for step_id in ("supervisor.consult", "collaboration.inform_team"):
        services.protocol_step_done(actor=clinician, case=case, step_id=step_id, note="Done.")
    services.protocol_step_not_applicable(actor=clinician, case=case, step_id="assessment.formulation", reason="x")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        browser.get(f"/cases/{case.pk}/")
    services.protocol_step_not_applicable(actor=clinician, case=case, step_id="follow_up.schedule", reason="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        browser.get(f"/cases/{case.pk}/")


def test_not_applicable_form_records_the_reason_and_returns_to_the_case(signed_in, clinician, case):
    browser = signed_in(clinician)
    url = f"/protocol/cases/{case.pk}/not-applicable/"
    refused = browser.post(url, {"step_id": "hospitalisation.disposition_high", "reason": ""})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    response = browser.post(url, {"step_id": "hospitalisation.disposition_high", "reason": "Admitted yesterday."})
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/#protocol")
    assert case.events.filter(
        kind="protocol_step_not_applicable", details__step_id="hospitalisation.disposition_high"
    ).exists()


def test_bad_step_id_gives_a_form_error_not_a_500(signed_in, clinician, case):
    response = signed_in(clinician).post(f"/protocol/cases/{case.pk}/done/", {"step_id": "x.y", "note": "n"})
    assert response.status_code == 400 and "not part of the case" in response.content.decode()


def test_done_form_records_the_step_and_a_step_with_its_own_page_links_there(signed_in, clinician, case):
    browser = signed_in(clinician)
    response = browser.post(
        f"/protocol/cases/{case.pk}/done/",
        {"step_id": "collaboration.inform_team", "note": "Told Dr Cho.", "occurred_at": ""},
    )
    assert response.status_code == 302
    assert case.events.filter(kind="care_team_informed", details__step_id="collaboration.inform_team").exists()
    refused = browser.post(f"/protocol/cases/{case.pk}/done/", {"step_id": "safety_plan.create", "note": "Paper."})
    assert refused.status_code == 400 and "recorded on its own page" in refused.content.decode()
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/clients/{case.client_id}/safety-plan/"' in page and "Write the safety plan" in page


def test_dashboard_shows_outstanding_steps_in_constant_queries(
    signed_in, supervisor, clinician, case, django_assert_max_num_queries
):
    browser = signed_in(supervisor)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_case:
        first = browser.get("/cases/").content.decode()
    outstanding = len(services.selectors.outstanding_required(case))
    assert f'<td data-label="Outstanding steps">{outstanding}</td>' in first
    for i in range(12):
        other = client_create(
            actor=clinician,
            given_name=f"Client{i}",
            family_name="Many",
            date_of_birth=dt.date(1980 + i, 1, 1),
            jurisdiction=["US-CA", "US-TX", "GB-SCT", "FR"][i % 4],
            flags=["part2"] if i % 3 == 0 else [],
        )
        case_open(actor=clinician, client=other, risk_level=["low", "moderate", "high", "imminent"][i % 4], concern="x")
    with django_assert_max_num_queries(len(one_case.captured_queries)):
        many = browser.get("/cases/")
    assert many.status_code == 200


def test_policy_page_is_for_admins_and_saves_versions(signed_in, admin, clinician):
    assert signed_in(clinician).get("/protocol/policy/").status_code == 403
    browser = signed_in(admin)
    page = browser.get("/protocol/policy/")
    assert page.status_code == 200 and "policy.supervisor_within_hour" in page.content.decode()  # the example
    bad = browser.post("/protocol/policy/", {"text": "steps: [{id: nope}]", "note": "x"})
    assert bad.status_code == 400 and "steps.0" in bad.content.decode()
    ok = browser.post(
        "/protocol/policy/",
        {"text": "overrides: [{step: collaboration.inform_team, required: true}]", "note": "Team always told."},
    )
    assert ok.status_code == 302
    assert "v1" in browser.get("/protocol/policy/").content.decode()


def test_team_member_added_later_sees_the_checklist(signed_in, off_team_clinician, clinician, case):
    care_team_add(actor=clinician, client=case.client, role="Covering", member=off_team_clinician)
    assert (
        "Protocol: what this case calls for" in signed_in(off_team_clinician).get(f"/cases/{case.pk}/").content.decode()
    )


def test_admins_find_the_policy_page_in_the_menu(signed_in, admin):
    assert 'href="/protocol/policy/">Protocol policy</a>' in signed_in(admin).get("/protocol/policy/").content.decode()


def test_a_policy_with_an_impossible_date_is_refused_with_its_line_and_the_text_kept(signed_in, admin):
    text = "steps: []\nreviewed: 2024-02-30\n"
    response = signed_in(admin).post("/protocol/policy/", {"text": text, "note": "Typo in a date."})
    body = response.content.decode()
    assert response.status_code == 400
    assert "line 2" in body and "2024-02-30" in body and "day is out of range" in body
    assert "reviewed: 2024-02-30" in body  # what was typed is still in the form


def test_every_event_kind_the_protocol_waits_for_is_written_by_an_installed_app(monkeypatch):
    from carepath.cases import events
    from carepath.protocol.apps import check_done_by_kinds

    assert check_done_by_kinds() == []
    monkeypatch.delitem(events.EVENT_KINDS, "safety_plan_finalised")  # as if the safety-plan app were removed
    warnings = check_done_by_kinds()
    assert [w.id for w in warnings] == ["protocol.W001"] and "safety_plan.create" in warnings[0].msg
