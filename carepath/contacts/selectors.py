"""Reads of contact attempts: the support contacts of a case with what was tried, for the console and the API."""

from __future__ import annotations

from collections import defaultdict

from carepath.cases.models import SafetyCase
from carepath.clients.selectors import active_support_contacts

from .models import ContactAttempt


def support_contacts(case: SafetyCase) -> list[dict]:
    """Active support contacts in priority order, with consent status and this case's attempts (two queries)."""
    contacts = active_support_contacts(case.client)
    attempts = defaultdict(list)
    for attempt in ContactAttempt.objects.filter(case=case).order_by("-occurred_at"):
        attempts[attempt.contact_id].append(attempt)
    return [
        {"contact": contact, "consent": contact.consent_status(), "attempts": attempts.get(contact.pk, [])}
        for contact in contacts
    ]
