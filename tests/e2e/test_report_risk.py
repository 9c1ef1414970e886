"""The foundation's walk through the product: sign in, open a client, report risk, see the case on the dashboard."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_clinician_reports_risk_and_sees_the_case(page, sign_in, axe_check, clinician, client_record, supervisor):
    sign_in(page, clinician.email)
    expect(page.get_by_role("heading", name="Open safety cases")).to_be_visible()
    axe_check(page, "dashboard")

    page.get_by_role("link", name="Clients").click()
    axe_check(page, "clients")
    page.get_by_role("link", name=client_record.display_name).click()
    expect(page.get_by_role("heading", name=client_record.display_name)).to_be_visible()
    axe_check(page, "client")

    page.get_by_role("link", name="Report risk").click()
    axe_check(page, "report risk")
    page.get_by_label("High").check()
    page.get_by_label("What was reported").fill("Said tonight he has stockpiled pills and plans to take them.")
    page.get_by_role("button", name="Open safety case").click()

    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("status")).to_contain_text("Safety case opened")
    expect(page.get_by_text("stockpiled pills")).to_be_visible()
    axe_check(page, "case")

    page.get_by_role("link", name="Safety cases").click()
    row = page.get_by_role("row").filter(has_text=client_record.display_name)
    expect(row).to_contain_text("High")
    axe_check(page, "dashboard with case")


def test_validation_error_keeps_what_was_typed_and_draft_survives_reload(page, sign_in, clinician, client_record):
    sign_in(page, clinician.email)
    page.goto(f"/clients/{client_record.pk}/report-risk/")
    page.get_by_label("What was reported").fill("Half-written account of the call")
    page.reload()
    expect(page.get_by_label("What was reported")).to_have_value("Half-written account of the call")
    expect(page.get_by_text("We restored what you had typed")).to_be_visible()
    page.get_by_role("button", name="Open safety case").click()  # no risk level chosen
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    expect(page.get_by_label("What was reported")).to_have_value("Half-written account of the call")


def test_supervisor_sees_every_open_case_and_off_team_clinician_sees_none(
    page, sign_in, case, supervisor, off_team_clinician
):
    sign_in(page, supervisor.email)
    expect(page.get_by_role("row").filter(has_text=case.client.display_name)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, off_team_clinician.email)
    expect(page.get_by_text(case.client.display_name)).to_have_count(0)
    page.goto(f"/clients/{case.client_id}/")
    expect(page.get_by_role("heading", name="This client is not on your care team")).to_be_visible()
    expect(page.get_by_text(case.client.family_name)).to_have_count(0)
