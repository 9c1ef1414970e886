"""Posting a contact attempt from the crisis console: saved with its disclosure, or refused keeping what was typed."""

from __future__ import annotations

import uuid
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from carepath.contacts.models import ContactAttempt
from carepath.disclosures.models import Disclosure


def _attempt_url(case):
    return reverse("contacts:attempt", kwargs={"case_id": case.pk})


def _console_url(case):
    return reverse("emergency:console", kwargs={"case_id": case.pk})


def _local(moment):
    """As the organisation's clinicians type it: in the practice's zone (the org fixture's)."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo("America/Los_Angeles")).strftime("%Y-%m-%dT%H:%M")


def test_contact_attempt_without_consent_records_a_disclosure(signed_in, clinician, case, unconsented_contact):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "contact_id": str(unconsented_contact.pk),
        "result": "reached",
        "method": "call",
        "shared": "He is at risk tonight; please stay with him.",
        "occurred_at": _local(timezone.now()),
        "basis_id": "us-hipaa-164-512-j",
        "recipient_type": "family",
        "authorised_by": str(clinician.pk),
    }
    response = signed_in(clinician).post(_attempt_url(case), data)
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.basis_citation == "45 C.F.R. § 164.512(j)(1)(i), (j)(4)"
    assert ContactAttempt.objects.get().disclosure == disclosure


def test_contact_attempt_without_basis_is_refused_and_keeps_what_was_typed(
    signed_in, clinician, case, unconsented_contact
):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "contact_id": str(unconsented_contact.pk),
        "result": "reached",
        "method": "call",
        "shared": "Told him about the overdose risk",
        "occurred_at": _local(timezone.now()),
        "recipient_type": "family",
        "authorised_by": str(clinician.pk),
    }
    response = signed_in(clinician).post(_attempt_url(case), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the legal basis" in body and "Told him about the overdose risk" in body
    assert not ContactAttempt.objects.exists()


def test_contact_of_another_client_is_refused_with_a_clear_message(signed_in, clinician, case, other_client_contact):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "contact_id": str(other_client_contact.pk),
        "result": "reached",
        "method": "call",
        "shared": "Words typed in a hurry",
        "occurred_at": _local(timezone.now()),
    }
    response = signed_in(clinician).post(_attempt_url(case), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "not a support contact of this client" in body
    assert "Words typed in a hurry" in body
    assert "Stranger Other" not in body
    assert not ContactAttempt.objects.exists()
