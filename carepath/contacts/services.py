"""Logging a call or message to a support contact; without valid consent it is recorded as a disclosure too."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from carepath.audit.services import audit_record
from carepath.cases.models import SafetyCase
from carepath.cases.services import case_append_event, check_occurred_at, require_case_access, require_case_open
from carepath.clients.models import SupportContact
from carepath.disclosures.models import RecipientType
from carepath.disclosures.services import append_disclosure, check_basis, clean_disclosure_people, existing_by_key

from . import events
from .models import AttemptMethod, AttemptResult, ContactAttempt

# Results in which the contact heard something from us: without consent, that is a disclosure.
SPOKEN_RESULTS = (AttemptResult.REACHED, AttemptResult.VOICEMAIL)


def _summary(contact: SupportContact, method: str, result: str, shared: str, next_attempt_at, when_label) -> str:
    how = {"call": "called", "text": "sent a text message to", "email": "emailed", "in_person": "spoke in person with"}
    sentence = f"The clinician {how.get(method, 'contacted')} {contact.name} ({contact.relationship})"
    outcome = {
        AttemptResult.REACHED: " and reached them.",
        AttemptResult.VOICEMAIL: " and left a voicemail.",
        AttemptResult.NO_ANSWER: " but there was no answer.",
        AttemptResult.WRONG_NUMBER: " but the number was wrong.",
    }[result]
    parts = [sentence + outcome]
    if shared:
        parts.append(f"What was shared: {shared.rstrip('.')}.")
    if next_attempt_at:
        parts.append(f"Next attempt planned for {when_label(next_attempt_at)}.")
    return " ".join(parts)


def _label_in_zone(case: SafetyCase):
    """Times in summaries are written in the organisation's zone, as the pages show them."""
    import zoneinfo

    try:
        zone = zoneinfo.ZoneInfo(case.organisation.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return lambda moment: moment.astimezone(zone).strftime("%-d %b %Y %H:%M %Z")


@transaction.atomic
def contact_attempt_record(
    *,
    actor,
    case: SafetyCase,
    contact_id,
    result: str,
    method: str = AttemptMethod.CALL,
    shared: str = "",
    next_attempt_at: dt.datetime | None = None,
    occurred_at: dt.datetime | None = None,
    basis_id: str = "",
    recipient_type: str = RecipientType.FAMILY,
    authorised_by=None,
    documentation: dict | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> ContactAttempt:
    """Log a call or message to one of the client's support contacts (a `contact_attempt` timeline event).

    When the contact has no valid consent and heard from us, a legal basis from the jurisdiction pack is
    required and a Disclosure (with its own `disclosure` event) is written in the same transaction.
    """
    require_case_access(actor, case)
    existing = existing_by_key(ContactAttempt, idempotency_key, case)
    if existing is not None:
        return existing
    require_case_open(case)
    try:
        contact_pk = contact_id if isinstance(contact_id, uuid.UUID) else uuid.UUID(str(contact_id))
    except (TypeError, ValueError, AttributeError):
        contact_pk = None
    contact = SupportContact.objects.filter(pk=contact_pk, client_id=case.client_id).first() if contact_pk else None
    if contact is None:
        raise ValidationError(
            {"contact_id": "That person is not a support contact of this client; nothing was recorded."}
        )
    errors = {}
    if result not in AttemptResult.values:
        errors["result"] = "Choose what happened: reached, voicemail, no answer or wrong number."
    if method not in AttemptMethod.values:
        errors["method"] = "Choose how you tried to reach them."
    shared = (shared or "").strip()
    if errors:
        raise ValidationError(errors)
    occurred_at = check_occurred_at(occurred_at, case)
    if next_attempt_at is not None and next_attempt_at <= occurred_at:
        raise ValidationError({"next_attempt_at": "The next attempt must be after this one."})
    consent = contact.consent_status(occurred_at.date())
    needs_basis = consent != "valid" and (result in SPOKEN_RESULTS or shared)
    basis = documentation_clean = None
    if needs_basis:
        if not shared:
            raise ValidationError({"shared": "Write what this person was told (they have no valid consent on file)."})
        authorised_by = clean_disclosure_people(
            actor=actor, case=case, recipient_type=recipient_type, authorised_by=authorised_by
        )
        basis, documentation_clean = check_basis(
            case=case, basis_id=basis_id, documentation=documentation, recipient_type=recipient_type
        )
    summary = _summary(contact, method, result, shared, next_attempt_at, _label_in_zone(case))
    details = {
        "contact": str(contact.pk),
        "contact_name": contact.name,
        "method": method,
        "result": result,
        "shared": shared,
        "next_attempt_at": next_attempt_at.isoformat() if next_attempt_at else None,
        "consent": consent,
    }
    try:
        with transaction.atomic():
            disclosure = None
            if needs_basis:
                disclosure = append_disclosure(
                    actor=actor,
                    case=case,
                    recipient=f"{contact.name} ({contact.relationship})",
                    recipient_type=recipient_type,
                    shared=shared,
                    basis=basis,
                    documentation=documentation_clean,
                    authorised_by=authorised_by,
                    occurred_at=occurred_at,
                )
                details["disclosure"] = str(disclosure.pk)
                details["basis_id"] = basis["id"]
                details["citation"] = basis["citation"]
            event = case_append_event(
                actor=actor,
                case=case,
                kind=events.CONTACT_ATTEMPT,
                summary=summary,
                details=details,
                occurred_at=occurred_at,
            )
            attempt = ContactAttempt.objects.create(
                organisation_id=case.organisation_id,
                case=case,
                contact=contact,
                method=method,
                result=result,
                shared=shared,
                next_attempt_at=next_attempt_at,
                consent_status=consent,
                occurred_at=occurred_at,
                recorded_at=event.recorded_at,
                actor=actor,
                event=event,
                disclosure=disclosure,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        existing = existing_by_key(ContactAttempt, idempotency_key, case)
        if existing is None:
            raise
        return existing
    audit_record(
        actor=actor,
        action="contact_attempt.record",
        obj=attempt,
        client_id=case.client_id,
        detail={"result": result, "disclosure": bool(disclosure)},
    )
    return attempt
