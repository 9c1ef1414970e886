"""Logging a call or message to a support contact; without valid consent it is recorded as a disclosure too."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction

from carepath.cases.models import SafetyCase
from carepath.cases.records import Entry, Recorded, case_record_append
from carepath.cases.services import check_occurred_at
from carepath.clients.models import SupportContact
from carepath.clients.selectors import support_contact_of
from carepath.disclosures.models import RecipientType
from carepath.disclosures.services import disclosure_check, disclosure_write

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
) -> Recorded[ContactAttempt]:
    """Log a call or message to one of the client's support contacts (a `contact_attempt` timeline event).

    When the contact has no valid consent and heard from us, a legal basis from the jurisdiction pack is
    required and a Disclosure (with its own `disclosure` event) is written in the same transaction.
    """

    def prepare() -> Entry:
        contact = support_contact_of(case.client, contact_id)
        if contact is None:
            raise ValidationError(
                {"contact_id": "That person is not a support contact of this client; nothing was recorded."}
            )
        errors = {}
        if result not in AttemptResult.values:
            errors["result"] = "Choose what happened: reached, voicemail, no answer or wrong number."
        if method not in AttemptMethod.values:
            errors["method"] = "Choose how you tried to reach them."
        text = (shared or "").strip()
        if errors:
            raise ValidationError(errors)
        when = check_occurred_at(occurred_at, case)
        if next_attempt_at is not None and next_attempt_at <= when:
            raise ValidationError({"next_attempt_at": "The next attempt must be after this one."})
        consent = contact.consent_status(when.date())
        checked = None
        if consent != "valid" and (result in SPOKEN_RESULTS or text):
            if not text:
                raise ValidationError(
                    {"shared": "Write what this person was told (they have no valid consent on file)."}
                )
            checked = disclosure_check(
                actor=actor,
                case=case,
                recipient=f"{contact.name} ({contact.relationship})",
                recipient_type=recipient_type,
                shared=text,
                basis_id=basis_id,
                authorised_by=authorised_by,
                documentation=documentation,
            )

        def disclose() -> tuple[dict, dict]:
            if checked is None:
                return {}, {}
            disclosure = disclosure_write(actor=actor, case=case, checked=checked, occurred_at=when)
            return {"disclosure": disclosure}, {
                "disclosure": str(disclosure.pk),
                "basis_id": checked.basis["id"],
                "citation": checked.basis["citation"],
            }

        return Entry(
            kind=events.CONTACT_ATTEMPT,
            summary=_summary(contact, method, result, text, next_attempt_at, case.organisation.format_time),
            occurred_at=when,
            details={
                "contact": str(contact.pk),
                "contact_name": contact.name,
                "method": method,
                "result": result,
                "shared": text,
                "next_attempt_at": next_attempt_at.isoformat() if next_attempt_at else None,
                "consent": consent,
            },
            fields={
                "contact": contact,
                "method": method,
                "result": result,
                "shared": text,
                "next_attempt_at": next_attempt_at,
                "consent_status": consent,
            },
            audit_action="contact_attempt.record",
            audit_detail={"result": result, "disclosure": checked is not None},
            also=disclose,
        )

    return case_record_append(
        actor=actor, case=case, model=ContactAttempt, prepare=prepare, idempotency_key=idempotency_key
    )
