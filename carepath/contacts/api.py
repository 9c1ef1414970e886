"""API of contact attempts: log a call or message to a support contact of the case's client."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.responses import Status

from carepath.accounts.selectors import member_of
from carepath.cases.selectors import access_case
from carepath.core.api import ERRORS, OptionalText, bounded_text
from carepath.disclosures.api import DisclosureOut, disclosure_out
from carepath.disclosures.models import RecipientType

from .models import AttemptMethod, AttemptResult
from .services import contact_attempt_record

router = Router(tags=["crisis console"])


class ContactAttemptIn(Schema):
    contact_id: uuid.UUID
    result: AttemptResult
    method: AttemptMethod = AttemptMethod.CALL
    shared: OptionalText = ""
    next_attempt_at: dt.datetime | None = None
    occurred_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None
    basis_id: bounded_text(80) = ""
    recipient_type: RecipientType = RecipientType.FAMILY
    authorised_by: uuid.UUID | None = None
    documentation: dict[str, str] = {}


class ContactAttemptOut(Schema):
    id: uuid.UUID
    contact_id: uuid.UUID
    event_id: uuid.UUID
    summary: str
    method: str
    result: str
    shared: str
    consent_status: str
    next_attempt_at: dt.datetime | None
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    disclosure: DisclosureOut | None


def attempt_out(attempt) -> dict:
    return {
        "id": attempt.pk,
        "contact_id": attempt.contact_id,
        "event_id": attempt.event_id,
        "summary": attempt.event.summary,
        "method": attempt.method,
        "result": attempt.result,
        "shared": attempt.shared,
        "consent_status": attempt.consent_status,
        "next_attempt_at": attempt.next_attempt_at,
        "occurred_at": attempt.occurred_at,
        "recorded_at": attempt.recorded_at,
        "disclosure": disclosure_out(attempt.disclosure) if attempt.disclosure_id else None,
    }


@router.post("/cases/{case_id}/contact-attempts", response={200: ContactAttemptOut, 201: ContactAttemptOut, **ERRORS})
def record_contact_attempt(request, case_id: uuid.UUID, payload: ContactAttemptIn):
    """Log a call or message to a support contact; without valid consent, basis_id is required (a disclosure)."""
    case = access_case(request.user, case_id, audit_action=None)
    authorised_by = None
    if payload.authorised_by is not None:
        authorised_by = member_of(request.user.organisation_id, payload.authorised_by)
        if authorised_by is None:
            raise ValidationError({"authorised_by": "No such member of this practice."})
    done = contact_attempt_record(
        actor=request.user,
        case=case,
        contact_id=payload.contact_id,
        result=payload.result,
        method=payload.method,
        shared=payload.shared,
        next_attempt_at=payload.next_attempt_at,
        occurred_at=payload.occurred_at,
        basis_id=payload.basis_id,
        recipient_type=payload.recipient_type,
        authorised_by=authorised_by,
        documentation=payload.documentation,
        idempotency_key=payload.idempotency_key,
    )
    return Status(201 if done.created else 200, attempt_out(done.record))
