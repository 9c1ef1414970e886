"""Browser: the crisis-line help page, and ticking protocol steps on the case page, checked with axe-core."""

from __future__ import annotations

from playwright.sync_api import expect


def test_help_page_needs_no_sign_in_and_is_accessible_on_a_phone(phone_page, axe_check, db):
    phone_page.goto("/accounts/sign-in/")
    phone_page.get_by_role("link", name="Need help now? Crisis lines").click()
    expect(phone_page.get_by_text("If you are in danger now, call")).to_be_visible()
    axe_check(phone_page, "help on a phone")
    phone_page.get_by_label("Or choose one").select_option("GB-SCT")
    phone_page.get_by_role("button", name="Show").click()
    expect(phone_page.get_by_role("link", name="999").first).to_be_visible()
    axe_check(phone_page, "help for Scotland")
    phone_page.get_by_label("Search a country or region").fill("Kenya")
    phone_page.get_by_role("button", name="Find").click()
    expect(phone_page.get_by_role("heading", name="Kenya")).to_be_visible()
    expect(phone_page.get_by_role("link", name="999").first).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(phone_page, "help for Kenya")


def test_clinician_marks_a_step_not_applicable_and_another_done(page, sign_in, axe_check, clinician, case):
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Protocol: what this case calls for")).to_be_visible()
    axe_check(page, "case with protocol")
    step = page.locator("#step-hospitalisationdisposition_high")
    step.get_by_text("Not applicable…").click()
    step.get_by_label("Not applicable because").fill("Admitted to St Jude's yesterday; inpatient team evaluating.")
    step.get_by_role("button", name="Record the reason").click()
    expect(page.get_by_text("Not applicable because: Admitted to St Jude's yesterday")).to_be_visible()
    plan = page.locator("#step-safety_plancreate")
    expect(plan.get_by_text("Mark done")).to_have_count(0)  # the plan is written on its own page
    expect(plan.get_by_role("link", name="Write the safety plan")).to_be_visible()
    consult = page.locator("#step-supervisorconsult")
    consult.get_by_text("Mark done").click()
    consult.get_by_label("What was done").fill("Discussed with Dr Okafor by phone; agreed on same-day evaluation.")
    consult.get_by_role("button", name="Record as done").click()
    expect(page.locator("#step-supervisorconsult .state-done")).to_be_visible()
    axe_check(page, "case after ticking steps")


def test_admin_saves_a_policy_version(page, sign_in, axe_check, admin):
    sign_in(page, admin.email)
    page.goto("/accounts/members/")
    page.get_by_role("link", name="Protocol policy").click()
    axe_check(page, "policy")
    page.get_by_label("What changed and why").fill("Supervisor within the hour.")
    page.get_by_role("button", name="Save new version").click()
    expect(page.get_by_text("Saved as version 1")).to_be_visible()
