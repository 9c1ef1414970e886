"""Contact attempts with support contacts: results, consent, disclosures and refusals."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from carepath.audit.models import AuditEntry
from carepath.cases.models import TimelineEvent
from carepath.contacts.models import ContactAttempt
from carepath.contacts.services import contact_attempt_record
from carepath.core import clock
from carepath.disclosures.models import Disclosure


def test_no_answer_with_next_attempt_is_logged_as_a_sentence(clinician, case, consented_contact):
    later = clock.now() + dt.timedelta(minutes=15)
    attempt = contact_attempt_record(
        actor=clinician, case=case, contact_id=consented_contact.pk, result="no_answer", next_attempt_at=later
    ).record
    assert attempt.event.kind == "contact_attempt"
    assert attempt.event.summary.startswith(
        "The clinician called Wilhelmina Zephyrine (sister) but there was no answer. Next attempt planned for "
    )
    assert attempt.event.details["contact"] == str(consented_contact.pk)
    assert attempt.event.details["result"] == "no_answer"
    assert attempt.disclosure is None
    assert AuditEntry.objects.filter(action="contact_attempt.record", object_id=str(attempt.pk)).exists()


def test_reaching_a_consented_contact_is_not_a_disclosure(clinician, case, consented_contact):
    attempt = contact_attempt_record(
        actor=clinician,
        case=case,
        contact_id=consented_contact.pk,
        result="reached",
        shared="He needs company tonight.",
    ).record
    assert attempt.consent_status == "valid" and attempt.disclosure is None
    assert not Disclosure.objects.exists()


def test_contact_without_consent_needs_a_legal_basis(clinician, case, unconsented_contact):
    with pytest.raises(ValidationError) as exc:
        contact_attempt_record(
            actor=clinician, case=case, contact_id=unconsented_contact.pk, result="reached", shared="He is at risk."
        )
    assert "basis_id" in exc.value.message_dict
    assert not ContactAttempt.objects.exists() and not Disclosure.objects.exists()


def test_basis_not_offered_by_the_pack_is_refused(clinician, case, unconsented_contact):
    with pytest.raises(ValidationError) as exc:
        contact_attempt_record(
            actor=clinician,
            case=case,
            contact_id=unconsented_contact.pk,
            result="reached",
            shared="He is at risk.",
            basis_id="made-up-basis",
        )
    assert "basis_id" in exc.value.message_dict


def test_contact_without_consent_is_recorded_as_a_disclosure_with_basis_and_citation(
    clinician, supervisor, case, unconsented_contact
):
    attempt = contact_attempt_record(
        actor=clinician,
        case=case,
        contact_id=unconsented_contact.pk,
        result="reached",
        shared="That he is in danger tonight and should not be left alone.",
        basis_id="us-hipaa-164-510-b-3",
        authorised_by=supervisor,
    ).record
    disclosure = attempt.disclosure
    assert disclosure.recipient == "Leo Roommate (roommate)"
    assert disclosure.recipient_type == "family"
    assert disclosure.basis_id == "us-hipaa-164-510-b-3"
    assert disclosure.basis_citation.startswith("45 C.F.R. § 164.510(b)")
    assert disclosure.authorised_by == supervisor and disclosure.recorded_by == clinician
    event = disclosure.event
    assert event.kind == "disclosure"
    assert event.details["basis_id"] == "us-hipaa-164-510-b-3" and event.details["recipient_type"] == "family"
    assert event.details["authorised_by"] == str(supervisor.pk)
    assert attempt.event.details["disclosure"] == str(disclosure.pk)
    assert TimelineEvent.objects.filter(case=case, kind__in=["contact_attempt", "disclosure"]).count() == 2


def test_no_answer_from_a_contact_without_consent_is_not_a_disclosure(clinician, case, unconsented_contact):
    attempt = contact_attempt_record(
        actor=clinician, case=case, contact_id=unconsented_contact.pk, result="no_answer"
    ).record
    assert attempt.disclosure is None and not Disclosure.objects.exists()
    assert attempt.event.kind == "contact_attempt" and attempt.event.details["consent"] == "none"
    assert attempt.event.details["result"] == "no_answer" and "disclosure" not in attempt.event.details
    assert not case.events.filter(kind="disclosure").exists()


def test_contact_of_another_client_is_refused_with_a_clear_message(clinician, case, other_client_contact):
    with pytest.raises(ValidationError) as exc:
        contact_attempt_record(actor=clinician, case=case, contact_id=other_client_contact.pk, result="reached")
    assert "not a support contact of this client" in exc.value.message_dict["contact_id"][0]
    assert not ContactAttempt.objects.exists()


def test_future_time_is_refused(clinician, case, consented_contact):
    with pytest.raises(ValidationError) as exc:
        contact_attempt_record(
            actor=clinician,
            case=case,
            contact_id=consented_contact.pk,
            result="reached",
            occurred_at=clock.now() + dt.timedelta(days=1),
        )
    assert "occurred_at" in exc.value.message_dict


def test_repeated_key_returns_the_first_attempt(clinician, case, unconsented_contact):
    key = uuid.uuid4()
    kwargs = dict(
        actor=clinician,
        case=case,
        contact_id=unconsented_contact.pk,
        result="voicemail",
        shared="Please call the practice.",
        basis_id="us-hipaa-164-512-j",
        idempotency_key=key,
    )
    first = contact_attempt_record(**kwargs).record
    assert contact_attempt_record(**kwargs).record.pk == first.pk
    assert ContactAttempt.objects.count() == 1 and Disclosure.objects.count() == 1


def test_sud_protected_client_allows_only_the_medical_emergency_basis(clinician, sud_case):
    contact = sud_case.client.support_contacts.get()
    with pytest.raises(ValidationError) as exc:
        contact_attempt_record(
            actor=clinician,
            case=sud_case,
            contact_id=contact.pk,
            result="reached",
            shared="Overdose.",
            basis_id="us-hipaa-164-512-j",
        )
    assert "only the medical-emergency basis" in exc.value.message_dict["basis_id"][0]


def test_sud_medical_emergency_basis_requires_its_documentation(clinician, sud_case):
    contact = sud_case.client.support_contacts.get()
    with pytest.raises(ValidationError) as exc:
        contact_attempt_record(
            actor=clinician,
            case=sud_case,
            contact_id=contact.pk,
            result="reached",
            shared="Overdose.",
            basis_id="sud-medical-emergency",
            recipient_type="professional",
        )
    assert {"medical_personnel", "affiliation", "nature_of_emergency"} <= set(exc.value.message_dict)
    attempt = contact_attempt_record(
        actor=clinician,
        case=sud_case,
        contact_id=contact.pk,
        result="reached",
        shared="Overdose.",
        basis_id="sud-medical-emergency",
        recipient_type="professional",
        documentation={
            "medical_personnel": "Paramedic J. Ruiz",
            "affiliation": "Austin-Travis County EMS",
            "nature_of_emergency": "Suspected opioid overdose",
        },
    ).record
    assert attempt.disclosure.basis_citation.startswith("42 C.F.R. Part 2, § 2.51")
    assert attempt.disclosure.documentation["medical_personnel"] == "Paramedic J. Ruiz"


def test_sud_medical_emergency_basis_only_reaches_medical_personnel(clinician, sud_case):
    contact = sud_case.client.support_contacts.get()
    with pytest.raises(ValidationError) as exc:
        contact_attempt_record(
            actor=clinician,
            case=sud_case,
            contact_id=contact.pk,
            result="reached",
            shared="Overdose.",
            basis_id="sud-medical-emergency",
            recipient_type="family",
            documentation={"medical_personnel": "x", "affiliation": "y", "nature_of_emergency": "z"},
        )
    assert "only these may be told: health or care professional" in exc.value.message_dict["recipient_type"][0]
