"""Who is a minor: by the age of majority of the client's jurisdiction, 18 (said to be assumed) where unknown."""

from __future__ import annotations

import datetime as dt

import pytest

from carepath.cases.services import case_open
from carepath.clients.models import minority_in
from carepath.clients.services import client_create
from carepath.core import clock
from carepath.protocol import selectors


def _eighteen_year_old(clinician, jurisdiction):
    today = clock.today()
    return client_create(
        actor=clinician,
        given_name="Eighteen",
        family_name=f"In{jurisdiction}",
        date_of_birth=dt.date(today.year - 18, 1, 1) if today.month > 1 else dt.date(today.year - 19, 12, 31),
        jurisdiction=jurisdiction,
        flags=[],
    )


def test_an_eighteen_year_old_in_alabama_is_a_minor_and_the_protocol_says_so(clinician):
    client = _eighteen_year_old(clinician, "US-AL")
    assert client.age == 18
    assert client.is_minor and client.minority.age_of_majority == 19 and not client.minority.assumed
    assert client.minority.consent_age == 16  # Alabama: consent to mental health care from 16 (Act 2025-455)
    case = case_open(actor=clinician, client=client, risk_level="high", concern="Said she would take pills.")
    steps, _ = selectors.case_steps(case)
    assert "minor.notify_guardian" in {s.id for s in steps}


def test_an_eighteen_year_old_in_california_is_an_adult(clinician):
    client = _eighteen_year_old(clinician, "US-CA")
    assert client.age == 18 and not client.is_minor and client.minority.age_of_majority == 18
    case = case_open(actor=clinician, client=client, risk_level="high", concern="Said he would take pills.")
    steps, _ = selectors.case_steps(case)
    assert "minor.notify_guardian" not in {s.id for s in steps}


@pytest.mark.parametrize(
    "code, age, minor, majority",
    [("US-MS", 20, True, 21), ("US-NE", 18, True, 19), ("US-NY", 17, True, 18), ("US-NY", 18, False, 18)],
)
def test_minority_follows_each_pack(code, age, minor, majority):
    found = minority_in(code, age)
    assert (found.is_minor, found.age_of_majority, found.assumed) == (minor, majority, False)


def test_an_unknown_jurisdiction_assumes_eighteen_and_says_it_is_assumed():
    found = minority_in("ZZ", 17)
    assert found.is_minor and found.age_of_majority == 18 and found.assumed


def test_the_case_page_shows_the_age_of_majority_and_the_consent_age(signed_in, clinician):
    client = _eighteen_year_old(clinician, "US-AL")
    case = case_open(actor=clinician, client=client, risk_level="high", concern="Said she would take pills.")
    body = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert "a minor here (adults from 19)" in body
    assert "From 16 a minor may consent alone to outpatient mental health care" in body
