from django.urls import reverse

from carepath.cases.models import SafetyCase


def test_note_with_future_time_is_refused_and_text_kept(signed_in, clinician, case):
    response = signed_in(clinician).post(
        reverse("cases:note", args=[case.pk]), {"summary": "Called the client back.", "occurred_at": "2099-01-01T10:00"}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "in the future" in body and "Called the client back." in body
    assert not case.events.filter(summary="Called the client back.").exists()


def test_note_is_added_to_timeline(signed_in, clinician, case):
    import datetime as dt
    import zoneinfo

    from django.utils import timezone

    practice_time = timezone.localtime(timezone=zoneinfo.ZoneInfo(case.organisation.time_zone))
    an_hour_ago = (practice_time - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")  # typed in the practice's zone
    response = signed_in(clinician).post(
        reverse("cases:note", args=[case.pk]), {"summary": "Safety plan reviewed.", "occurred_at": an_hour_ago}
    )
    assert response.status_code == 302
    assert case.events.filter(summary="Safety plan reviewed.").exists()


def test_empty_closing_reason_is_refused_on_the_page(signed_in, clinician, case):
    response = signed_in(clinician).post(reverse("cases:close", args=[case.pk]), {"status": "closed", "reason": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert SafetyCase.objects.get(pk=case.pk).status == "open"


def test_supervisor_closes_over_outstanding_items_with_reason(signed_in, supervisor, case):
    browser = signed_in(supervisor)
    page = browser.get(reverse("cases:close", args=[case.pk])).content.decode()
    assert "Before the case can close" in page
    response = browser.post(
        reverse("cases:close", args=[case.pk]),
        {"status": "closed", "reason": "Client moved abroad; care handed to local team.", "override": "on"},
    )
    assert response.status_code == 302
    closed = SafetyCase.objects.get(pk=case.pk)
    assert closed.status == "closed" and closed.events.get(kind="case_closed").details["overridden"]


def test_amend_page_adds_correction(signed_in, clinician, case):
    event = case.events.get(kind="case_opened")
    response = signed_in(clinician).post(
        reverse("cases:amend", args=[case.pk, event.pk]),
        {"correction": "Said he had a plan involving the river.", "reason": "Misheard the place."},
    )
    assert response.status_code == 302
    assert case.events.get(kind="amendment").amends_id == event.pk
