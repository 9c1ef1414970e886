"""Disclosures recorded on their own (e.g. telling the police), and how they show on the case timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from carepath.core import clock
from carepath.disclosures.services import disclosure_record


def test_disclosure_to_police_is_a_typed_event_the_protocol_can_match(clinician, case):
    disclosure = disclosure_record(
        actor=clinician,
        case=case,
        recipient="Oakland Police Department",
        recipient_type="police",
        shared="Name, address and that he has a plan to jump tonight.",
        basis_id="us-hipaa-164-512-j",
        categories=["risk_status", "location"],
        purpose="Emergency response",
        client_informed="later",
    ).record
    assert disclosure.event.kind == "disclosure"
    assert disclosure.event.details["recipient_type"] == "police"
    assert disclosure.authorised_by == clinician
    assert disclosure.event.summary.startswith(
        "Disclosed without the client's consent to Oakland Police Department, as police: risk of harm and safety "
        "concerns, where the client is (Name, address"
    )


def test_unknown_recipient_type_is_refused(clinician, case):
    with pytest.raises(ValidationError) as exc:
        disclosure_record(
            actor=clinician,
            case=case,
            recipient="X",
            recipient_type="neighbour",
            shared="Y",
            basis_id="us-hipaa-164-512-j",
            categories=["risk_status"],
            purpose="Warn",
            client_informed="later",
        )
    assert "recipient_type" in exc.value.message_dict


def test_console_events_show_on_the_case_timeline_with_late_entry_marks(signed_in, clinician, case, consented_contact):
    from carepath.contacts.services import contact_attempt_record

    contact_attempt_record(
        actor=clinician,
        case=case,
        contact_id=consented_contact.pk,
        result="voicemail",
        occurred_at=clock.now() - dt.timedelta(hours=2),
    )
    body = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert "Support contact called or messaged" in body
    assert "The clinician called Wilhelmina Zephyrine (sister) and left a voicemail." in body
    assert "late entry" in body
