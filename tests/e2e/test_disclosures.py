"""Browser: warning the person a client threatened, from the crisis console, then the client's accounting PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from carepath.cases.services import case_open
from carepath.clients.services import client_create
from carepath.disclosures.models import Disclosure

from .conftest import no_sideways_scroll


def test_a_warning_to_the_person_threatened_and_the_accounting_pdf(phone_page, sign_in, axe_check, clinician):
    client = client_create(
        actor=clinician,
        given_name="Ross",
        family_name="Ambler",
        date_of_birth=dt.date(1985, 2, 3),
        jurisdiction="US-CA",
        preferred_language="en",
        phone="+1 415 555 0161",
        address="3 Pier Rd, Oakland",
        flags=[],
    )
    case = case_open(
        actor=clinician,
        client=client,
        risk_level="high",
        concern="Threatened his landlord.",
        at_risk="others",
        potential_victims="Joe Pike, landlord, 9 Mill St, Oakland",
    )
    page = phone_page
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/console/")
    page.get_by_role("link", name="Warn the person threatened").click()
    expect(page.get_by_role("heading", name=re.compile("Record a disclosure"))).to_be_visible()
    no_sideways_scroll(page)
    axe_check(page, "disclosure form on a phone")
    page.get_by_label("Who was told").fill("Joe Pike (landlord)")
    page.get_by_label("Their address or contact").fill("9 Mill St, Oakland")
    page.get_by_label("Risk of harm and safety concerns").check()
    page.get_by_label("What was said, briefly").fill("That Ross threatened to hurt him tonight.")
    page.get_by_label("Purpose").fill("To warn the person threatened")
    page.get_by_label(re.compile("serious and imminent threat")).check()
    page.get_by_label("Not yet: the client will be told").check()
    page.get_by_role("button", name="Save the disclosure").click()
    expect(page.get_by_role("status")).to_contain_text("disclosure to Joe Pike")
    assert Disclosure.objects.get(case=case).accountable
    page.goto(f"/clients/{client.pk}/disclosures/accounting/")
    expect(page.get_by_role("cell", name="Joe Pike (landlord)")).to_be_visible()
    axe_check(page, "accounting of disclosures")
    link = page.get_by_role("link", name="PDF for the client")
    response = page.request.get(page.url.split("?")[0] + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.body())).pages[0].extract_text().split())
    assert "Joe Pike (landlord)" in text and "9 Mill St, Oakland" in text
