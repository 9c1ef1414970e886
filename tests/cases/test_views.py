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


def test_the_case_page_shows_the_newest_entries_and_the_full_timeline_keeps_every_one(
    signed_in, clinician, off_team_clinician, case, monkeypatch
):
    import datetime as dt

    from carepath.audit.models import AuditEntry
    from carepath.cases import events, selectors, services
    from carepath.core import clock

    start = clock.now() - dt.timedelta(hours=2)
    for i in range(35):
        services.case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary=f"Entry number {i:02d}",
            occurred_at=start + dt.timedelta(minutes=i),
        )
    browser = signed_in(clinician)
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "Entry number 34" in page and "Entry number 00" not in page and page.count('<li class="event ') == 30
    assert "Full timeline: every entry, oldest included" in page and f'href="/cases/{case.pk}/timeline/"' in page

    monkeypatch.setattr(selectors, "TIMELINE_PAGE", 20)
    first = browser.get(f"/cases/{case.pk}/timeline/").content.decode()
    assert "Entry number 34" in first and "Entry number 00" not in first and "Older entries" in first
    assert first.count('<li class="event ') == 20
    second = browser.get(f"/cases/{case.pk}/timeline/", {"page": 2}).content.decode()
    assert "Entry number 00" in second and "Entry number 34" not in second and "Newer entries" in second
    assert "Older entries" not in second
    assert browser.get(f"/cases/{case.pk}/timeline/", {"page": "x"}).status_code == 200  # not a number: page 1
    seen = AuditEntry.objects.filter(action="case.timeline.view", object_id=str(case.pk), actor_id=clinician.pk)
    assert seen.count() == 3
    assert signed_in(off_team_clinician).get(f"/cases/{case.pk}/timeline/").status_code == 404
