"""In the browser: skip logic hides questions not asked, the preview scores at once, PHQ-9 item 9 prompts the C-SSRS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_cssrs_hides_questions_not_asked_and_scores_as_answered(page, sign_in, axe_check, clinician, case):
    sign_in(page, clinician.email)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_text("Screen / assess").click()
    page.get_by_role("link", name="Columbia-Suicide Severity Rating Scale (C-SSRS) Screen Version - Recent").click()
    q3 = page.locator('[data-item="q3"]')
    expect(q3).to_be_hidden()
    axe_check(page, "cssrs form")
    page.locator('[data-item="q1"]').get_by_label("Yes").check()
    page.locator('[data-item="q2"]').get_by_label("Yes").check()
    expect(q3).to_be_visible()
    for item in ("q3", "q5"):
        page.locator(f'[data-item="{item}"]').get_by_label("No").check()
    page.locator('[data-item="q4"]').get_by_label("Yes").check()
    page.locator('[data-item="q6"]').get_by_label("No").check()
    expect(page.locator("#assess-preview")).to_contain_text("High risk")
    expect(page.locator("#assess-preview")).to_contain_text("Recommended response")
    page.locator('[data-item="q2"]').get_by_label("No").check()  # q3-q5 are no longer asked, nor posted
    expect(q3).to_be_hidden()
    expect(page.locator("#assess-preview")).to_contain_text("Low risk")
    page.get_by_role("button", name="Save assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", name="Update the case's risk level")).to_be_visible()
    axe_check(page, "cssrs result")
    page.get_by_role("button", name="Set the case to low risk").click()
    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("img", name=re.compile("Assessments over time"))).to_be_visible()
    expect(page.get_by_text("Next reassessment due")).to_be_visible()
    axe_check(page, "case with risk history")


def test_phq9_item9_prompts_the_cssrs_on_the_spot(page, sign_in, axe_check, clinician, client_record):
    sign_in(page, clinician.email)
    page.goto(f"/assessments/client/{client_record.pk}/phq9/")
    for i in range(1, 9):
        page.locator(f'[data-item="q{i}"]').get_by_label("Not at all").check()
    page.locator('[data-item="q9"]').get_by_label("Several days").check()
    expect(page.locator("#assess-preview")).to_contain_text("do the C-SSRS now")
    page.get_by_role("button", name="Save assessment").click()
    page.get_by_role("link", name="Do the C-SSRS now").click()
    expect(page.get_by_text("item 9 was positive")).to_be_visible()
    axe_check(page, "prompted cssrs")
