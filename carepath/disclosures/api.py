"""API of disclosures: record one on a case, and list a client's."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.responses import Status

from carepath.accounts.selectors import member_of
from carepath.cases.selectors import access_case
from carepath.clients.access import access_client
from carepath.core.api import ERRORS, Written, bounded_text

from . import selectors, services
from .models import RecipientType

router = Router(tags=["disclosures"])


class DisclosureIn(Schema):
    recipient: bounded_text(200, required=True)
    recipient_type: RecipientType
    shared: Written
    basis_id: bounded_text(80, required=True)
    authorised_by: uuid.UUID | None = None
    documentation: dict[str, str] = {}
    occurred_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None


class DisclosureOut(Schema):
    id: uuid.UUID
    recipient: str
    recipient_type: str
    shared: str
    basis_id: str
    basis_citation: str
    authorised_by: str
    event_id: uuid.UUID
    occurred_at: dt.datetime
    recorded_at: dt.datetime


def disclosure_out(disclosure) -> dict:
    return {
        "id": disclosure.pk,
        "recipient": disclosure.recipient,
        "recipient_type": disclosure.recipient_type,
        "shared": disclosure.shared,
        "basis_id": disclosure.basis_id,
        "basis_citation": disclosure.basis_citation,
        "authorised_by": str(disclosure.authorised_by),
        "event_id": disclosure.event_id,
        "occurred_at": disclosure.occurred_at,
        "recorded_at": disclosure.recorded_at,
    }


@router.post("/cases/{case_id}/disclosures", response={200: DisclosureOut, 201: DisclosureOut, **ERRORS})
def record_disclosure(request, case_id: uuid.UUID, payload: DisclosureIn):
    """Record a disclosure without consent (a warning, a report); a repeated idempotency_key returns it with 200."""
    case = access_case(request.user, case_id, audit_action=None)
    data = payload.dict()
    authorised = data.pop("authorised_by")
    authorised_by = None
    if authorised is not None:
        authorised_by = member_of(request.user.organisation_id, authorised)
        if authorised_by is None:
            raise ValidationError({"authorised_by": "No such member of this practice."})
    done = services.disclosure_record(actor=request.user, case=case, authorised_by=authorised_by, **data)
    return Status(201 if done.created else 200, disclosure_out(done.record))


@router.get("/clients/{client_id}/disclosures", response={200: list[DisclosureOut], **ERRORS})
def list_disclosures(request, client_id: uuid.UUID):
    """Every disclosure about the client, newest first."""
    client = access_client(request.user, client_id, audit_action="disclosure.list")
    return [disclosure_out(d) for d in selectors.client_disclosures(client)]
