"""Follow-up pages: the case panel and its forms, worklists, notifications, the calendar feed, the rules page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from carepath.followup import services, worker
from carepath.followup.models import CalendarFeed, FollowUpTask, Notification, RuleOverride, TaskStatus

pytestmark = pytest.mark.django_db


def _task(case, clinician, **kw):
    defaults = {"kind": "check_in_call", "due_at": timezone.now() + dt.timedelta(hours=5), "title": "Call him"}
    return services.followup_create(actor=clinician, case=case, **(defaults | kw))


def test_case_page_shows_the_follow_up_panel_with_its_forms(signed_in, clinician, case):
    _task(case, clinician)
    page = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert "Follow-ups" in page and "Call him" in page and "Reassess suicide risk" in page
    assert "/followup/tasks/" in page and f"/followup/cases/{case.pk}/new/" in page


def test_the_case_page_records_what_is_due_within_a_day_and_links_to_later_ones(signed_in, clinician, case):
    soon = _task(case, clinician, title="Call tonight")
    later = _task(case, clinician, title="Call next week", due_at=timezone.now() + dt.timedelta(days=6))
    page = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert f"/followup/tasks/{soon.pk}/complete/" in page and f'id="outcome-{soon.pk}"' in page
    assert f"/followup/tasks/{later.pk}/complete/" not in page and f'id="outcome-{later.pk}"' not in page
    assert (
        f'<a href="/followup/tasks/{later.pk}/">Record, miss or cancel it on its page'
        '<span class="sr-only">: Call next week</span></a>'
    ) in page


def test_scheduling_by_hand_from_the_case_page(signed_in, clinician, case):
    browser = signed_in(clinician)
    due = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = browser.post(
        f"/followup/cases/{case.pk}/new/", {"kind": "appointment", "title": "Session", "due_at": due}
    )
    assert response.status_code == 302
    assert FollowUpTask.objects.filter(case=case, kind="appointment", title="Session", owner=clinician).exists()


def test_bad_input_is_shown_next_to_the_field_not_a_500(signed_in, clinician, case):
    browser = signed_in(clinician)
    response = browser.post(f"/followup/cases/{case.pk}/new/", {"kind": "nonsense", "due_at": "tomorrow-ish"})
    assert response.status_code == 400 and 'class="error"' in response.content.decode()
    task = _task(case, clinician)
    response = browser.post(f"/followup/tasks/{task.pk}/complete/", {"outcome": ""})
    assert response.status_code == 400 and 'class="error"' in response.content.decode()


def test_complete_miss_and_cancel_from_the_page(signed_in, clinician, case):
    browser = signed_in(clinician)
    done, missed, cancelled = (_task(case, clinician, title=t) for t in ("A", "B", "C"))
    refused = browser.post(f"/followup/tasks/{done.pk}/complete/", {"outcome": "Reached him"})
    assert refused.status_code == 400 and "rate the risk at this contact" in refused.content.decode()
    assert "Reached him" in refused.content.decode()  # what was typed stays
    response = browser.post(f"/followup/tasks/{done.pk}/complete/", {"outcome": "Reached him", "risk_now": "moderate"})
    assert response.status_code == 302
    assert browser.post(f"/followup/tasks/{missed.pk}/miss/", {"reason": "No answer"}).status_code == 302
    assert browser.post(f"/followup/tasks/{cancelled.pk}/cancel/", {"reason": "Duplicate"}).status_code == 302
    statuses = dict(FollowUpTask.objects.filter(title__in=["A", "B", "C"]).values_list("title", "status"))
    assert statuses == {"A": TaskStatus.DONE, "B": TaskStatus.MISSED, "C": TaskStatus.CANCELLED}


def test_my_follow_ups_list_overdue_first_and_the_supervisor_sees_the_practice(signed_in, clinician, supervisor, case):
    _task(case, clinician, title="Later this week", due_at=timezone.now() + dt.timedelta(days=3))
    overdue = _task(case, clinician, title="Overdue one")
    FollowUpTask.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    page = signed_in(clinician).get("/followup/").content.decode()
    assert page.index("Overdue one") < page.index("Later this week")
    practice = signed_in(supervisor).get("/followup/practice/").content.decode()
    assert "Overdue one" in practice and "Clin" in practice


def test_unread_count_in_the_top_bar_and_reading_a_notification(signed_in, clinician, case):
    _task(case, clinician, due_at=timezone.now() + dt.timedelta(minutes=5))
    worker.run(once=True, worker_id="w-test")
    browser = signed_in(clinician)
    assert "Notifications (1)" in browser.get("/followup/").content.decode()
    notification = Notification.objects.get(member=clinician)
    response = browser.post(f"/followup/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"].startswith("/followup/tasks/")
    assert "Notifications (0)" in browser.get("/followup/notifications/").content.decode()


def test_someone_elses_notification_is_not_found(signed_in, clinician, supervisor, case):
    _task(case, clinician, due_at=timezone.now() + dt.timedelta(minutes=5))
    worker.run(once=True, worker_id="w-test")
    notification = Notification.objects.get(member=clinician)
    assert signed_in(supervisor).post(f"/followup/notifications/{notification.pk}/open/").status_code == 404


def test_calendar_feed_behind_a_revocable_secret_without_clinical_details(signed_in, clinician, case, client):
    _task(case, clinician, title="Call Quentin about the bridge")
    browser = signed_in(clinician)
    page = browser.post("/followup/calendar/", {"action": "create"}).content.decode()
    url = page.split('value="http://testserver')[1].split('"')[0]
    assert len(CalendarFeed.objects.get(member=clinician).token_hash) == 64 and url.split("/")[-1][:-4] not in str(
        CalendarFeed.objects.values_list("token_hash", flat=True)
    )
    browser.logout()
    feed = client.get(url)
    body = feed.content.decode()
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "SUMMARY:CarePath: Check-in call" in body
    for secret in ("Quentin", "Zephyrine", "bridge", "high"):
        assert secret not in body
    services.calendar_feed_revoke(actor=clinician)
    assert client.get(url).status_code == 404


def test_admin_changes_a_rule_and_the_settings(signed_in, admin, clinician):
    browser = signed_in(admin)
    assert "Comtois" in browser.get("/followup/rules/").content.decode()
    refused = browser.post(
        "/followup/rules/",
        {"rule_id": "reassessment_by_risk", "enabled": "on", "high": 5, "reason": "Practice policy 2026"},
    )
    assert refused.status_code == 400 and "reassessment intervals" in refused.content.decode()
    response = browser.post(
        "/followup/rules/",
        {"rule_id": "post_discharge", "enabled": "on", "offsets": "48h, 7d, 30d", "reason": "Practice policy 2026"},
    )
    assert response.status_code == 302
    assert RuleOverride.objects.get(rule_id="post_discharge").data["steps"][0]["after"]["hours"] == 48
    response = browser.post(
        "/followup/rules/",
        {
            "form": "settings",
            "reminder_lead_minutes": 30,
            "escalation_grace_minutes": 60,
            "caring_series": "caring_letters",
            "quiet_hours_start": "20:00",
            "quiet_hours_end": "08:30",
            "caring_replies": "Replies reach the front desk, weekdays 9 to 5; not watched in an emergency.",
        },
    )
    assert response.status_code == 302
    assert services.org_settings(admin.organisation_id).reminder_lead_minutes == 30
    assert services.org_settings(admin.organisation_id).caring_replies.startswith("Replies reach the front desk")
    assert signed_in(clinician).get("/followup/rules/").status_code == 403


def test_api_lists_creates_and_completes_follow_ups(signed_in, clinician, case):
    browser = signed_in(clinician)
    due = (timezone.now() + dt.timedelta(hours=2)).isoformat()
    created = browser.post(
        f"/api/v1/followup/cases/{case.pk}/tasks",
        {"kind": "check_in_call", "due_at": due},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    task_id = created.json()["id"]
    listed = browser.get("/api/v1/followup/tasks").json()
    assert task_id in [t["id"] for t in listed]
    done = browser.post(
        f"/api/v1/followup/tasks/{task_id}/complete",
        {"outcome": "Reached", "risk_now": "high"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    bad = browser.post(f"/api/v1/followup/tasks/{task_id}/cancel", {"reason": "x"}, content_type="application/json")
    assert bad.status_code == 400
    rule = browser.post(
        f"/api/v1/followup/cases/{case.pk}/rules/post_discharge",
        {"anchor_time": timezone.now().isoformat()},
        content_type="application/json",
    )
    assert rule.status_code == 201 and len(rule.json()) == 3


def test_cli_lists_due_tasks_as_json(clinician, case):
    import io
    import json
    from types import SimpleNamespace

    from carepath.followup.cli import followup_command

    task = _task(case, clinician)
    FollowUpTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
    out = io.StringIO()
    followup_command(SimpleNamespace(due=True, json=True), out)
    rows = json.loads(out.getvalue())
    assert [r["id"] for r in rows] == [str(task.pk)]
    assert {"id", "kind", "due_at", "owner", "status", "reminders_sent"} <= set(rows[0])
    assert "Zephyrine" not in out.getvalue()


def test_caring_contacts_and_risk_drivers_from_the_case_page(signed_in, clinician, case):
    browser = signed_in(clinician)
    assert browser.post(f"/followup/cases/{case.pk}/caring-contacts/").status_code == 302
    first = FollowUpTask.objects.filter(case=case, kind="caring_contact").order_by("due_at").first()
    page = browser.get(f"/followup/tasks/{first.pk}/").content.decode()
    assert "Not approved yet" in page and "Quentin" in page
    from carepath.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="followup.view", object_id=str(first.pk)).exists()
    assert browser.post(f"/followup/tasks/{first.pk}/approve/", {"text": "Hi Quentin"}).status_code == 302
    first.refresh_from_db()
    assert first.approved_by == clinician and first.draft_text == "Hi Quentin"
    browser.post(f"/followup/cases/{case.pk}/drivers/", {"category": "hopelessness", "description": "Feels stuck"})
    driver = case.risk_drivers.get()
    response = browser.post(
        f"/followup/tasks/{first.pk}/complete/",
        {"outcome": "Sent", f"progress-{driver.pk}": "worse", f"progress-note-{driver.pk}": "Lost his flat"},
    )
    assert response.status_code == 302
    assert driver.progress.get().direction == "worse"
    assert "Feels stuck" in browser.get(f"/cases/{case.pk}/").content.decode()
    assert (
        browser.post(f"/followup/clients/{case.client_id}/caring-opt-out/", {"next": f"/cases/{case.pk}/"}).status_code
        == 302
    )
    assert not FollowUpTask.objects.filter(case=case, kind="caring_contact", status=TaskStatus.OPEN).exists()
