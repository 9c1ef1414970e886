"""Console reads: dialable links from the pack's numbers, contacts in priority order, outstanding steps."""

from __future__ import annotations

import pytest

from carepath.emergency import selectors
from carepath.emergency.services import emergency_action_record


@pytest.mark.parametrize(
    "number, href",
    [("911", "tel:911"), ("988, then press 1", "tel:988"), ("1-866-488-7386", "tel:18664887386"), (None, None)],
)
def test_tel_links_dial_the_number_as_written(number, href):
    assert selectors.tel_href(number) == href


@pytest.mark.parametrize(
    "text, href",
    [
        ("Text HOME to 741741", "sms:741741?&body=HOME"),
        ("988 (text AYUDA to 988 for Spanish)", "sms:988?&body=AYUDA"),
        ("838255", "sms:838255"),
        ("via the app", None),
    ],
)
def test_sms_links_carry_the_keyword(text, href):
    assert selectors.sms_href(text) == href


def test_contacts_come_in_priority_order_with_consent(case, unconsented_contact):
    entries = selectors.support_contacts(case)
    assert [(e["contact"].name, e["consent"]) for e in entries] == [
        ("Wilhelmina Zephyrine", "valid"),
        ("Leo Roommate", "none"),
    ]


def test_recorded_kinds_leave_the_outstanding_fallback(clinician, case):
    emergency_action_record(actor=clinician, case=case, kind="emergency_call", number_dialled="911")
    assert "emergency_call" in selectors.recorded_kinds(case)


def test_console_reads_a_constant_number_of_queries(
    django_assert_max_num_queries, clinician, case, unconsented_contact
):
    for _ in range(5):
        emergency_action_record(actor=clinician, case=case, kind="stayed_with_client")
    with django_assert_max_num_queries(12):
        data = selectors.console_data(case)
    assert data["emergency_number"] == "911"


def test_logging_an_action_completes_its_protocol_step(clinician, case):
    def mobile_crisis_outstanding():
        return [s for s in selectors.outstanding_steps(case)["steps"] if "obile crisis" in s["label"]]

    assert mobile_crisis_outstanding()  # a high-risk case: the engine (or the fallback) lists it
    emergency_action_record(actor=clinician, case=case, kind="mobile_crisis_requested", service="County MCT")
    assert not mobile_crisis_outstanding()
