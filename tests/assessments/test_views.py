"""Assessment pages: one page per instrument with skip logic, live preview, result, and acting on the result."""

from __future__ import annotations

import datetime as dt

import pytest

from carepath.assessments import services
from carepath.assessments.models import Assessment, OrganisationAssessmentPolicy
from carepath.cases.models import SafetyCase

from .factories import CSSRS_HIGH, CSSRS_MODERATE, phq9

pytestmark = pytest.mark.django_db

PHQ_POST = {f"a-q{i}": "1" for i in range(1, 9)}


def _fill_url(client_record, instrument="cssrs-screener"):
    return f"/assessments/client/{client_record.pk}/{instrument}/"


def test_client_and_case_pages_offer_screen_and_assess(signed_in, clinician, case):
    browser = signed_in(clinician)
    client_page = browser.get(f"/clients/{case.client_id}/").content.decode()
    case_page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "Screen / assess" in client_page and f"/assessments/client/{case.client_id}/phq9/" in client_page
    assert "Screen / assess" in case_page and f"/assessments/case/{case.pk}/cssrs-screener/" in case_page


def test_the_form_carries_its_skip_logic_as_data_for_the_script(signed_in, clinician, client_record):
    page = signed_in(clinician).get(_fill_url(client_record)).content.decode()
    assert 'data-item="q3" data-ask-if="[{&quot;q2&quot;: [&quot;true&quot;]}]"' in page
    assert "assessments/assessments.js" in page
    assert "<script>" not in page  # CSP: no inline script


def test_questions_not_asked_are_not_required(signed_in, clinician, client_record):
    response = signed_in(clinician).post(
        _fill_url(client_record), {"a-q1": "false", "a-q2": "false", "a-q6": "false", "action": "finalise"}
    )
    a = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assessments/{a.pk}/"
    assert a.computed_level == "none" and "q3" not in a.answers


def test_inconsistent_answers_without_the_script_are_refused_and_kept(signed_in, clinician, client_record):
    response = signed_in(clinician).post(
        _fill_url(client_record),
        {"a-q1": "true", "a-q2": "false", "a-q3": "true", "a-q6": "false", "action": "finalise"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Must be empty when question 2 is no" in page  # beside question 3, with no internal item ids
    assert "q2 is no" not in page
    assert 'name="a-q3" value="true" checked' in page
    assert not Assessment.objects.exists()


def test_a_bad_post_keeps_the_answers_typed(signed_in, clinician, client_record):
    response = signed_in(clinician).post(_fill_url(client_record, "phq9"), {**PHQ_POST, "action": "finalise"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "required" in page
    assert page.count('value="1" checked') == 8
    assert not Assessment.objects.exists()


def test_a_tampered_post_is_refused_with_a_message_and_nothing_saved(signed_in, clinician, client_record):
    browser = signed_in(clinician)
    unknown = browser.post(_fill_url(client_record, "phq9"), {**PHQ_POST, "a-q9": "0", "a-q77": "3"})
    assert unknown.status_code == 400
    assert "The page sent an answer that is not a question of" in unknown.content.decode()
    out_of_range = browser.post(_fill_url(client_record, "phq9"), {**PHQ_POST, "a-q9": "9"})
    assert out_of_range.status_code == 400 and "must be one of" in out_of_range.content.decode().lower()
    assert not Assessment.objects.exists()


def test_a_draft_is_kept_on_the_server_and_shown_again(signed_in, clinician, client_record):
    browser = signed_in(clinician)
    response = browser.post(_fill_url(client_record, "phq9"), {"a-q1": "2", "a-q2": "3", "action": "draft"})
    assert response.status_code == 302
    assert Assessment.objects.get().status == "draft"
    page = browser.get(_fill_url(client_record, "phq9")).content.decode()
    assert "Continuing your draft" in page and 'name="a-q2" value="3" checked' in page


def test_preview_scores_with_the_pure_function_and_saves_nothing(signed_in, clinician, client_record):
    browser = signed_in(clinician)
    url = f"/assessments/client/{client_record.pk}/phq9/preview/"
    ok = browser.post(url, {**PHQ_POST, "a-q9": "2"}).json()
    assert ok["ok"] and ok["result"]["total"] == 10 and ok["result"]["item9_positive"]
    assert "do the C-SSRS now" in ok["html"]
    incomplete = browser.post(url, PHQ_POST)
    assert incomplete.status_code == 400 and incomplete.json()["item"] == "q9"
    assert not Assessment.objects.exists()


def test_item9_positive_result_shows_do_the_cssrs_now_prefilled(signed_in, clinician, client_record):
    phq = services.assessment_finalise(
        actor=clinician, client=client_record, instrument="phq9", answers=phq9(0, item9=1)
    )
    browser = signed_in(clinician)
    page = browser.get(f"/assessments/{phq.pk}/").content.decode()
    link = f"/assessments/client/{client_record.pk}/cssrs-screener/?prompted_by={phq.pk}"
    assert "Do the C-SSRS now" in page and link in page
    form = browser.get(link).content.decode()
    assert f'name="prompted_by" value="{phq.pk}"' in form
    browser.post(link, {"prompted_by": str(phq.pk), "a-q1": "true", "a-q2": "false", "a-q6": "false"})
    cssrs = Assessment.objects.get(instrument="cssrs-screener")
    assert cssrs.prompted_by_id == phq.pk
    assert "C-SSRS done" in browser.get(f"/clients/{client_record.pk}/").content.decode()


def test_positive_screen_without_a_case_offers_and_opens_one(signed_in, clinician, client_record):
    a = services.assessment_finalise(
        actor=clinician, client=client_record, instrument="cssrs-screener", answers=CSSRS_HIGH
    )
    browser = signed_in(clinician)
    page = browser.get(f"/assessments/{a.pk}/").content.decode()
    assert "Open safety case (high risk)" in page
    response = browser.post(f"/assessments/{a.pk}/open-case/", {"concern": "C-SSRS high in session."})
    case = SafetyCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.risk_level == "high" and Assessment.objects.get().case_id == case.pk


def test_screen_on_an_open_case_offers_to_update_its_level(signed_in, clinician, case):
    a = services.assessment_finalise(
        actor=clinician, client=case.client, instrument="cssrs-screener", answers=CSSRS_MODERATE, case=case
    )
    browser = signed_in(clinician)
    assert "Set the case to moderate risk" in browser.get(f"/assessments/{a.pk}/").content.decode()
    browser.post(f"/assessments/{a.pk}/update-risk/")
    case.refresh_from_db()
    assert case.risk_level == "moderate"


def test_override_with_rationale_from_the_page_and_shown_with_the_level(signed_in, clinician, case):
    browser = signed_in(clinician)
    url = f"/assessments/case/{case.pk}/cssrs-screener/"
    post = {"a-q1": "true", "a-q2": "false", "a-q6": "false", "final_level": "high"}
    refused = browser.post(url, post)
    assert refused.status_code == 400 and "differs from the screen" in refused.content.decode()
    browser.post(url, {**post, "rationale": "Bought a rope this week."})
    a = Assessment.objects.get()
    assert (a.computed_level, a.final_level) == ("low", "high")
    case_page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "Bought a rope this week." in case_page and "screen: low" in case_page


def test_formulation_page_takes_factors_and_free_text(signed_in, clinician, case):
    browser = signed_in(clinician)
    url = f"/assessments/case/{case.pk}/formulation/"
    page = browser.get(url).content.decode()
    assert 'type="checkbox" name="a-risk_factors" value="access_to_firearms"' in page
    response = browser.post(
        url,
        {
            "a-risk_factors": ["access_to_firearms", "hopelessness"],
            "a-risk_factors-other": "Eviction notice",
            "a-protective_factors": ["social_supports"],
            "a-risk_level": "high",
        },
    )
    assert response.status_code == 302
    a = Assessment.objects.get()
    assert a.result["risk_factors"] == {
        "selected": ["access_to_firearms", "hopelessness"],
        "other": ["Eviction notice"],
    }
    assert a.final_level == "high"


def test_case_page_shows_reassessment_due_and_overdue_in_red(signed_in, clinician, case):
    browser = signed_in(clinician)
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "Next reassessment due" in page and 'class="assess-overdue"' not in page
    # A high-risk case is reassessed every 7 days by default; this one opened 8 days ago with no assessment.
    SafetyCase.objects.filter(pk=case.pk).update(opened_at=case.opened_at - dt.timedelta(days=8))
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert 'class="assess-overdue"' in page and "Reassessment overdue" in page


def test_case_page_shows_the_risk_chart_and_history(signed_in, clinician, case):
    services.assessment_finalise(actor=clinician, client=case.client, instrument="phq9", answers=phq9(12), case=case)
    page = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert 'role="img"' in page and "<table" in page and "Risk assessments" in page


def test_policy_page_is_for_admins(signed_in, admin, clinician):
    assert signed_in(clinician).get("/assessments/policy/").status_code == 403
    browser = signed_in(admin)
    page = browser.get("/assessments/policy/").content.decode()
    assert "could be confirmed" in page  # the defaults say plainly that no published source was confirmed
    response = browser.post(
        "/assessments/policy/", {"high_days": "5", "moderate_days": "10", "low_days": "20", "imminent_hours": "12"}
    )
    assert response.status_code == 302
    assert OrganisationAssessmentPolicy.objects.get().high_days == 5
    bad = browser.post("/assessments/policy/", {"high_days": "0", "moderate_days": "x"})
    assert bad.status_code == 400
