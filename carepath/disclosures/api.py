"""API of disclosures: record one on a case, and list a client's."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from carepath.accounts.selectors import member_of
from carepath.audit.services import audit_record
from carepath.cases.selectors import access_case
from carepath.clients.access import access_client
from carepath.clients.models import InformationCategory
from carepath.core import clock
from carepath.core.api import ERRORS, bounded_text

from . import selectors, services
from .models import ClientInformed, RecipientType

router = Router(tags=["disclosures"])


class DisclosureIn(Schema):
    recipient: bounded_text(200) = Field("", description="Who was told; may be empty with an authorisation basis")
    recipient_type: RecipientType
    recipient_contact: bounded_text(500) = ""
    categories: list[InformationCategory] = Field(..., min_length=1, max_length=9)
    shared: bounded_text(4000) = ""
    purpose: bounded_text(300, required=True)
    basis_id: bounded_text(80, required=True) = Field(
        ..., description="A basis id of the jurisdiction pack, or 'authorisation:<id>' for the client's authorisation"
    )
    authorised_by: uuid.UUID | None = None
    documentation: dict[str, str] = {}
    client_informed: ClientInformed
    client_not_informed_reason: bounded_text(2000) = ""
    occurred_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None


class DisclosureOut(Schema):
    id: uuid.UUID
    recipient: str
    recipient_type: str
    recipient_contact: str
    categories: list[str]
    purpose: str
    accountable: bool
    client_informed: str
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
        "recipient_contact": disclosure.recipient_contact,
        "categories": disclosure.categories or [],
        "purpose": disclosure.purpose,
        "accountable": disclosure.accountable,
        "client_informed": disclosure.client_informed,
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


class AccountingEntry(Schema):
    date: dt.datetime
    recipient: str
    recipient_address: str
    description: str
    purpose: str
    legal_basis: str


@router.get("/clients/{client_id}/accounting", response={200: list[AccountingEntry], **ERRORS})
def get_accounting(
    request,
    client_id: uuid.UUID,
    start: dt.date | None = Query(None, alias="from", description="First day (default: as far back as allowed)"),  # noqa: B008
    end: dt.date | None = Query(None, alias="to", description="Last day (default: today)"),  # noqa: B008
):
    """The client's accounting of disclosures over the period (the rows the jurisdiction's rule asks for)."""
    client = access_client(request.user, client_id, audit_action=None)
    rule = selectors.accounting_rule(client.jurisdiction)
    end = end or clock.today()
    if start is None:
        start = end.replace(year=end.year - ((rule.period_years if rule else None) or 6))
    if start > end:
        raise ValidationError({"from": "The start is after the end of the period."})
    rows, _left_out = selectors.accounting(client, start, end)
    audit_record(
        actor=request.user,
        action="disclosure.accounting",
        obj=client,
        client_id=client.pk,
        detail={"format": "api", "rows": len(rows)},
    )
    return [r.__dict__ for r in rows]


class AuthorisationIn(Schema):
    recipient_name: bounded_text(200, required=True)
    recipient_type: RecipientType
    recipient_contact: bounded_text(500) = ""
    categories: list[InformationCategory] = Field(..., min_length=1, max_length=9)
    purpose: bounded_text(300, required=True)
    scope_note: bounded_text(2000) = ""
    signed_on: dt.date
    expires_on: dt.date | None = None
    support_contact_id: uuid.UUID | None = None


class AuthorisationOut(Schema):
    id: uuid.UUID
    recipient_name: str
    recipient_type: str
    recipient_contact: str
    categories: list[str]
    purpose: str
    signed_on: dt.date
    expires_on: dt.date | None
    revoked_on: dt.date | None
    status: str
    support_contact_id: uuid.UUID | None
    document_id: uuid.UUID | None


class RevokeIn(Schema):
    revoked_on: dt.date
    reason: bounded_text(2000) = ""


def _authorisation_out(a) -> dict:
    out = {f: getattr(a, f) for f in AuthorisationOut.model_fields if f != "status"}
    return {**out, "status": a.status()}


@router.get("/clients/{client_id}/authorisations", response={200: list[AuthorisationOut], **ERRORS})
def list_authorisations(request, client_id: uuid.UUID):
    client = access_client(request.user, client_id, audit_action="authorisation.list")
    return [_authorisation_out(a) for a in client.authorisations.order_by("-signed_on")]


@router.post("/clients/{client_id}/authorisations", response={201: AuthorisationOut, **ERRORS})
def create_authorisation(request, client_id: uuid.UUID, payload: AuthorisationIn):
    """Record the client's signed authorisation (the signed form is uploaded from the client's page)."""
    from carepath.clients.services import authorisation_create

    client = access_client(request.user, client_id, audit_action=None)
    data = payload.dict()
    contact_id = data.pop("support_contact_id")
    contact = client.support_contacts.filter(pk=contact_id).first() if contact_id else None
    if contact_id and contact is None:
        raise ValidationError({"support_contact_id": "No such support contact of this client."})
    return Status(
        201,
        _authorisation_out(authorisation_create(actor=request.user, client=client, support_contact=contact, **data)),
    )


@router.post("/authorisations/{authorisation_id}/revoke", response={200: AuthorisationOut, **ERRORS})
def revoke_authorisation(request, authorisation_id: uuid.UUID, payload: RevokeIn):
    from django.http import Http404

    from carepath.clients.models import Authorisation
    from carepath.clients.services import authorisation_revoke

    found = Authorisation.objects.filter(pk=authorisation_id, organisation_id=request.user.organisation_id).first()
    if found is None:
        raise Http404("No such authorisation.")
    access_client(request.user, found.client_id, audit_action=None)
    return _authorisation_out(authorisation_revoke(actor=request.user, authorisation=found, **payload.dict()))
