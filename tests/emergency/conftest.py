"""Fixtures for the crisis console: a support contact without consent, a client with protected SUD records."""

from __future__ import annotations

import datetime as dt

import pytest

from carepath.cases.services import case_open
from carepath.clients.services import client_create, support_contact_create


@pytest.fixture
def consented_contact(case):
    return case.client.support_contacts.get()


@pytest.fixture
def unconsented_contact(clinician, case):
    return support_contact_create(
        actor=clinician,
        client=case.client,
        name="Leo Roommate",
        relationship="roommate",
        phone="+1 415 555 0103",
        priority=2,
    )


@pytest.fixture
def sud_case(clinician):
    client = client_create(
        actor=clinician,
        given_name="Morgan",
        family_name="Partwo",
        date_of_birth=dt.date(1980, 1, 1),
        jurisdiction="US-TX",
        preferred_language="en",
        phone="+1 512 555 0100",
        address="2 Lake Rd",
        flags=["part2"],
    )
    support_contact_create(
        actor=clinician, client=client, name="Terry Partwo", relationship="brother", phone="+1 512 555 0101", priority=1
    )
    return case_open(actor=clinician, client=client, risk_level="imminent", concern="Overdose in progress.")


@pytest.fixture
def other_client_contact(clinician):
    other = client_create(
        actor=clinician,
        given_name="Ola",
        family_name="Other",
        date_of_birth=dt.date(1985, 2, 2),
        jurisdiction="US-CA",
        preferred_language="en",
        flags=[],
    )
    return support_contact_create(
        actor=clinician,
        client=other,
        name="Stranger Other",
        relationship="friend",
        phone="+1 415 555 0199",
        consent_given_on=dt.date(2026, 1, 1),
    )
