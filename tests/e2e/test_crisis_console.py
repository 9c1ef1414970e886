"""Time to act, measured in a real browser: from the dashboard to a saved emergency call in three interactions.

Interactions are counted explicitly: every click or key press that opens, chooses or submits something.
Typing into a field is not needed on these paths: the console's forms come filled with the defaults.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carepath.cases.models import TimelineEvent


class Interactions:
    def __init__(self):
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def check(self, locator):
        self.count += 1
        locator.check()


def test_emergency_call_is_saved_from_the_dashboard_in_three_interactions(page, sign_in, axe_check, clinician, case):
    sign_in(page, clinician.email)
    expect(page.get_by_role("heading", name="Open safety cases")).to_be_visible()
    act = Interactions()
    act.click(page.get_by_role("link", name=re.compile(r"^Console for Quentin")))
    expect(page.get_by_role("heading", name=re.compile("Crisis console"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Call 911"))).to_have_attribute("href", "tel:911")
    axe_check(page, "crisis console")
    act.click(page.get_by_text("Emergency call placed", exact=True))
    axe_check(page, "crisis console with the call form open")
    act.click(page.get_by_role("button", name="Save: emergency call placed"))
    expect(page.get_by_text("Saved to the timeline: emergency call placed.")).to_be_visible()
    expect(page.get_by_text("Emergency call placed to 911 for emergency services.")).to_be_visible()
    assert act.count <= 3, f"{act.count} interactions to log an emergency call"
    assert TimelineEvent.objects.filter(case=case, kind="emergency_call").count() == 1


def test_contact_attempt_with_the_designated_person_in_four_interactions(page, sign_in, clinician, case):
    sign_in(page, clinician.email)
    act = Interactions()
    act.click(page.get_by_role("link", name=re.compile(r"^Console for Quentin")))
    act.click(page.get_by_text("Log a call or message to Wilhelmina Zephyrine"))
    form = page.locator("form", has=page.get_by_role("button", name=re.compile("with Wilhelmina Zephyrine")))
    act.check(form.get_by_label("Reached"))
    act.click(form.get_by_role("button", name=re.compile("Save contact attempt")))
    expect(page.get_by_text("Saved to the timeline: contact attempt with Wilhelmina Zephyrine.")).to_be_visible()
    expect(page.get_by_text("The clinician called Wilhelmina Zephyrine (sister) and reached them.")).to_be_visible()
    assert act.count <= 4, f"{act.count} interactions to log a contact attempt"


def test_entry_made_offline_is_sent_once_when_the_connection_returns(page, sign_in, clinician, case):
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/console/")
    page.context.set_offline(True)
    expect(page.get_by_role("link", name=re.compile(r"Call 911"))).to_be_visible()  # still on the page offline
    page.get_by_text("Stayed with the client until help arrived", exact=True).click()
    page.get_by_label("Who arrived").fill("Two paramedics")
    page.get_by_role("button", name="Save: stayed with the client until help arrived").click()
    expect(page.get_by_text(re.compile("The connection is down: this entry is kept"))).to_be_visible()
    expect(page.get_by_label("Who arrived")).to_have_value("Two paramedics")
    assert not TimelineEvent.objects.filter(case=case, kind="stayed_with_client").exists()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_text(re.compile("saved on this device was sent"))).to_be_visible()
    page.reload()  # a reload retries nothing twice: the queue is empty and the key is saved
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_text("Help that arrived: Two paramedics.", exact=False)).to_be_visible()
    assert TimelineEvent.objects.filter(case=case, kind="stayed_with_client").count() == 1


def test_console_fits_a_phone_screen(phone_page, sign_in, clinician, case):
    sign_in(phone_page, clinician.email)
    phone_page.goto(f"/cases/{case.pk}/console/")
    expect(phone_page.get_by_role("link", name=re.compile(r"Call 911"))).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the console scrolls sideways on a phone ({width}px)"


def test_contact_without_consent_asks_for_a_legal_basis_and_keeps_typed_text_on_refusal(
    page, sign_in, axe_check, clinician, case
):
    from carepath.clients.services import support_contact_create

    support_contact_create(
        actor=clinician, client=case.client, name="Leo Roommate", relationship="roommate", phone="+1 415 555 0103"
    )
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/console/")
    page.get_by_text("Log a call or message to Leo Roommate").click()
    form = page.locator("form", has=page.get_by_role("button", name=re.compile("with Leo Roommate")))
    expect(form.get_by_text("45 C.F.R. § 164.512(j)(1)(i), (j)(4)")).to_be_visible()
    axe_check(page, "contact without consent")
    form.get_by_label("Reached").check()
    form.get_by_label("What you told them").fill("That he should not be left alone tonight")
    form.get_by_role("button", name=re.compile("Save contact attempt")).click()
    expect(page.get_by_text("Choose the legal basis for telling this person without consent.")).to_be_visible()
    refused = page.locator("form", has=page.get_by_role("button", name=re.compile("with Leo Roommate")))
    expect(refused.get_by_label("What you told them")).to_have_value("That he should not be left alone tonight")
    axe_check(page, "refused contact attempt")
    refused.get_by_label(re.compile("avert a serious and imminent threat")).check()
    refused.get_by_role("button", name=re.compile("Save contact attempt")).click()
    expect(page.get_by_text("Saved to the timeline: contact attempt with Leo Roommate.")).to_be_visible()
    assert TimelineEvent.objects.filter(case=case, kind="disclosure").count() == 1
