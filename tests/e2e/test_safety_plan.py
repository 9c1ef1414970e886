"""Browser: writing a safety plan with the client (saved as typed, survives a reload), finalising it, the copy."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carepath.safetyplans.models import SafetyPlanVersion


def test_a_plan_is_written_saved_as_typed_finalised_and_its_copy_opened(page, sign_in, axe_check, clinician, case):
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name=re.compile("Write the safety plan with Quentin")).click()
    expect(page.get_by_role("heading", name="Safety plan: Quentin Zephyrine")).to_be_visible()
    axe_check(page, "safety plan editor")
    warning = page.locator("#section-warning_signs textarea").first
    warning.fill("I stop answering my phone")
    expect(page.get_by_text(re.compile(r"^Saved at \d\d:\d\d"))).to_be_visible()
    page.reload()  # nothing typed is lost
    expect(page.locator("#section-warning_signs textarea").first).to_have_value("I stop answering my phone")
    helper = page.locator("#section-help [data-entry]").first
    helper.get_by_label("Name").fill("Wilhelmina Zephyrine")
    helper.get_by_label("Who they are to me").fill("sister")
    helper.get_by_label("Phone").fill("415 555 0102")
    means = page.locator("#section-environment [data-entry]").first
    means.get_by_label("What will be done").fill("The rifle goes to Wilhelmina's safe")
    page.locator("#section-reasons textarea").first.fill("My niece")
    page.get_by_label(re.compile("will keep this plan")).fill("In my wallet")
    expect(page.get_by_text(re.compile(r"^Saved at"))).to_be_visible()
    page.get_by_role("button", name="One section at a time").click()
    expect(page.locator("#section-coping")).to_be_hidden()
    page.get_by_role("button", name="Show all sections").click()
    page.wait_for_timeout(1200)  # the last keystrokes are saved before finalising
    page.get_by_role("button", name="Finalise and sign").click()
    expect(page.get_by_role("heading", name="My safety plan")).to_be_visible()
    expect(page.get_by_role("link", name="(415) 555-0102")).to_have_attribute("href", "tel:+14155550102")
    axe_check(page, "client's copy")
    version = SafetyPlanVersion.objects.get(case=case)
    assert version.content["sections"]["warning_signs"][0]["text"] == "I stop answering my phone"
    response = page.request.get(f"/clients/{case.client_id}/safety-plan/copy.pdf?version=1&lang=es")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.get_by_role("link", name="En español").click()
    expect(page.get_by_role("heading", name="Mi plan de seguridad")).to_be_visible()
