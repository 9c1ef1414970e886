"""The phone in a crisis (390×844): nothing scrolls sideways, the next step is on the first screen, calling logs."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carepath.cases.models import TimelineEvent
from carepath.emergency.models import EmergencyAction

from .conftest import in_first_screen, no_sideways_scroll


def test_no_page_scrolls_sideways_on_a_phone_and_the_console_link_is_on_the_first_screen(
    phone_page, sign_in, axe_check, clinician, case
):
    page = phone_page
    sign_in(page, clinician.email)
    console = page.get_by_role("link", name=re.compile(r"^Console for Quentin"))
    assert in_first_screen(page, console), "the first case's Console link is off the first screen"
    axe_check(page, "dashboard on a phone")
    for url in (f"/cases/{case.pk}/", f"/clients/{case.client_id}/", "/clients/", "/followup/", "/help/"):
        page.goto(url)
        no_sideways_scroll(page)
    page.goto(f"/cases/{case.pk}/timeline/")
    no_sideways_scroll(page)
    axe_check(page, "full timeline on a phone")
    page.goto(f"/cases/{case.pk}/")
    console_button = page.get_by_role("link", name="Crisis console", exact=True)
    assert in_first_screen(page, console_button), "console button below the fold"
    assert in_first_screen(page, page.get_by_role("heading", name=re.compile("^Next step"))), "next step below the fold"


def test_the_next_step_and_the_console_are_on_the_first_screen_of_a_laptop(page, sign_in, clinician, case):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/")
    assert in_first_screen(page, page.get_by_role("link", name="Crisis console", exact=True))
    assert in_first_screen(page, page.get_by_role("heading", name=re.compile("^Next step")))
    no_sideways_scroll(page)


def _keep_dialer_closed(page):
    # The test browser has no phone app: keep tel: links from navigating (CarePath's own handler still runs).
    page.evaluate(
        "document.addEventListener('click', e => { const a = e.target.closest('a[href^=\"tel:\"]');"
        " if (a) e.preventDefault(); })"
    )


def test_tapping_the_emergency_number_logs_the_call_in_two_interactions_then_asks_its_outcome(
    phone_page, sign_in, axe_check, clinician, case
):
    page = phone_page
    sign_in(page, clinician.email)
    page.get_by_role("link", name=re.compile(r"^Console for Quentin")).click()  # 1
    expect(page.get_by_role("heading", name=re.compile("Crisis console"))).to_be_visible()
    _keep_dialer_closed(page)
    page.get_by_role("link", name=re.compile(r"Call 911")).click()  # 2: dials, and logs
    expect(page.get_by_text(re.compile(r"Call to 911 logged at \d\d:\d\d"))).to_be_visible()
    expect(page.get_by_role("heading", name="What came of your call?")).to_be_visible(timeout=20000)
    call = EmergencyAction.objects.get(case=case, kind="emergency_call")
    assert call.number_dialled == "911" and call.outcome == "pending"
    axe_check(page, "console asking for the outcome of a call")
    form = page.locator("form", has=page.get_by_role("button", name=re.compile("Save the outcome")))
    form.get_by_label("Welfare check").check()
    form.get_by_label("Reference number").fill("OPD-1182")
    form.get_by_role("button", name=re.compile("Save the outcome")).click()
    expect(page.get_by_text("Welfare check after the call to 911.", exact=False)).to_be_visible()
    assert call.outcomes.get().reference == "OPD-1182"
    expect(page.get_by_role("heading", name="What came of your call?")).to_have_count(0)


def test_a_tapped_call_can_be_undone_for_a_few_seconds(page, sign_in, clinician, case):
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/console/")
    _keep_dialer_closed(page)
    page.get_by_role("link", name=re.compile(r"Call 911")).click()
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text(re.compile("Not logged: the call to 911"))).to_be_visible()
    page.wait_for_timeout(9000)
    assert not TimelineEvent.objects.filter(case=case, kind="emergency_call").exists()


def test_offline_the_state_shows_next_to_the_button_and_a_reload_keeps_the_console(page, sign_in, clinician, case):
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/console/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== undefined")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now the worker controls the page and has a copy of it
    page.context.set_offline(True)
    page.get_by_text("Stayed with the client until help arrived", exact=True).click()
    page.get_by_label("Who arrived").fill("Two paramedics")
    button = page.get_by_role("button", name="Save: stayed with the client until help arrived")
    button.click()
    state = page.locator("form", has=button).locator(".console-state")
    expect(state).to_contain_text("Kept on this device")
    page.reload()  # offline: the worker's copy
    expect(page.get_by_role("link", name=re.compile(r"Call 911"))).to_be_visible()
    expect(page.get_by_text(re.compile("You are offline: this is the console as it was"))).to_be_visible()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_text(re.compile("saved on this device was sent"))).to_be_visible()
    assert TimelineEvent.objects.filter(case=case, kind="stayed_with_client").count() == 1


def test_the_console_names_the_designated_person(page, sign_in, clinician, case):
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/console/")
    contact = page.locator("li", has=page.get_by_role("heading", name=re.compile("Wilhelmina Zephyrine")))
    expect(contact.get_by_text("Designated person: call first")).to_be_visible()


def test_the_api_docs_list_the_operations(page, sign_in, clinician):
    sign_in(page, clinician.email)
    page.goto("/api/v1/docs")
    expect(page.get_by_text("/api/v1/cases/{case_id}/console").first).to_be_visible()
