"""Follow-ups in the browser: the case panel, a task, the worklist, notifications and the rules page pass axe."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from carepath.followup import services, worker


def test_clinician_completes_a_follow_up_from_the_case_page(
    page, phone_page, sign_in, axe_check, clinician, case, admin
):
    services.followup_create(
        actor=clinician,
        case=case,
        kind="check_in_call",
        title="Call back tonight",
        due_at=timezone.now() + dt.timedelta(minutes=20),
    )
    worker.run(once=True, worker_id="e2e")
    sign_in(page, clinician.email)
    expect(page.get_by_role("link", name="Notifications (1)")).to_be_visible()
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Follow-ups (2 open)")).to_be_visible()
    axe_check(page, "case with follow-ups")
    page.get_by_text("Record what happened").first.click()
    page.get_by_label("Outcome").first.fill("Reached him; safe at his sister's.")
    page.get_by_label("Risk at this contact").first.select_option("moderate")  # a high case: rated every contact
    page.get_by_role("button", name="Done").first.click()
    expect(page.get_by_role("status")).to_contain_text("Follow-up done")
    page.goto("/followup/")
    axe_check(page, "my follow-ups")
    page.goto("/followup/notifications/")
    axe_check(page, "notifications")
    task = case.followups.filter(status="open").first()
    page.goto(f"/followup/tasks/{task.pk}/")
    axe_check(page, "task")
    page.goto("/followup/calendar/")
    axe_check(page, "calendar")

    sign_in(phone_page, clinician.email)
    phone_page.goto(f"/cases/{case.pk}/")
    axe_check(phone_page, "case on a phone")

    page.context.clear_cookies()
    sign_in(page, admin.email)
    page.goto("/followup/rules/")
    axe_check(page, "rules")
