"""API of the crisis console: log emergency actions and contact attempts, read the console's data as JSON."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status

from carepath.accounts.models import Member
from carepath.api.core import error_response
from carepath.api.schemas import Error
from carepath.cases import selectors as case_selectors
from carepath.contacts.services import contact_attempt_record

from . import selectors
from .services import emergency_action_record

router = Router(tags=["crisis console"])
ERRORS = {400: Error, 403: Error, 404: Error}


class EmergencyActionIn(Schema):
    kind: str
    occurred_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None
    service: str = ""
    number_dialled: str = ""
    reference: str = ""
    outcome: str = ""
    facility: str = ""
    crisis_line: str = ""
    handed_over_to: str = ""
    notes: str = ""


class EmergencyActionOut(Schema):
    id: uuid.UUID
    kind: str
    event_id: uuid.UUID
    summary: str
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    service: str
    number_dialled: str
    reference: str
    outcome: str
    facility: str
    crisis_line: str
    handed_over_to: str
    notes: str


class ContactAttemptIn(Schema):
    contact_id: uuid.UUID
    result: str
    method: str = "call"
    shared: str = ""
    next_attempt_at: dt.datetime | None = None
    occurred_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None
    basis_id: str = ""
    recipient_type: str = "family"
    authorised_by: uuid.UUID | None = None
    documentation: dict[str, str] = {}


class DisclosureOut(Schema):
    id: uuid.UUID
    recipient: str
    recipient_type: str
    shared: str
    basis_id: str
    basis_citation: str
    authorised_by: str
    event_id: uuid.UUID


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


class NumberOut(Schema):
    number: str
    href: str | None


class EmergencyOut(Schema):
    status: str
    numbers: list[NumberOut]
    citation: str | None


class CrisisLineOut(Schema):
    name: str
    status: str
    phone: str | None
    phone_href: str | None
    text: str | None
    text_href: str | None
    chat: str | None
    languages: list[str]
    hours: str | None


class ContactOut(Schema):
    id: uuid.UUID
    name: str
    relationship: str
    phone: str
    phone_alt: str
    email: str
    priority: int
    languages: str
    consent_status: str
    consent_given_on: dt.date | None
    consent_scope: str
    consent_expires_on: dt.date | None
    consent_revoked_on: dt.date | None
    may_be_told: str
    attempts: int
    last_result: str | None


class BasisOut(Schema):
    id: str
    title: str
    citation: str
    what_may_be_disclosed: str
    documentation: dict[str, str]


class StepOut(Schema):
    label: str
    stage: str
    required: bool


class ConsoleOut(Schema):
    case_id: uuid.UUID
    client_name: str
    risk_level: str
    status: str
    address: str
    phone: str
    jurisdiction: str
    jurisdiction_name: str | None
    emergency: EmergencyOut | None
    crisis_lines: list[CrisisLineOut]
    contacts: list[ContactOut]
    disclosure_bases: list[BasisOut]
    steps_source: str
    outstanding_steps: list[StepOut]


def action_out(action) -> dict:
    fields = ("service", "number_dialled", "reference", "outcome", "facility", "crisis_line", "handed_over_to", "notes")
    return {
        "id": action.pk,
        "kind": action.kind,
        "event_id": action.event_id,
        "summary": action.event.summary,
        "occurred_at": action.occurred_at,
        "recorded_at": action.recorded_at,
        **{f: getattr(action, f) for f in fields},
    }


def attempt_out(attempt) -> dict:
    disclosure = attempt.disclosure
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
        "disclosure": None
        if disclosure is None
        else {
            "id": disclosure.pk,
            "recipient": disclosure.recipient,
            "recipient_type": disclosure.recipient_type,
            "shared": disclosure.shared,
            "basis_id": disclosure.basis_id,
            "basis_citation": disclosure.basis_citation,
            "authorised_by": str(disclosure.authorised_by),
            "event_id": disclosure.event_id,
        },
    }


def console_out(data: dict) -> dict:
    case, client, numbers = data["case"], data["client"], data["numbers"]
    return {
        "case_id": case.pk,
        "client_name": client.display_name,
        "risk_level": case.risk_level,
        "status": case.status,
        "address": client.address,
        "phone": client.phone,
        "jurisdiction": numbers["code"],
        "jurisdiction_name": numbers["name"],
        "emergency": numbers["emergency"],
        "crisis_lines": numbers["crisis_lines"],
        "contacts": [
            {
                **{
                    f: getattr(e["contact"], f)
                    for f in (
                        "name",
                        "relationship",
                        "phone",
                        "phone_alt",
                        "email",
                        "priority",
                        "languages",
                        "consent_given_on",
                        "consent_scope",
                        "consent_expires_on",
                        "consent_revoked_on",
                        "may_be_told",
                    )
                },
                "id": e["contact"].pk,
                "consent_status": e["consent"],
                "attempts": len(e["attempts"]),
                "last_result": e["attempts"][0].result if e["attempts"] else None,
            }
            for e in data["contacts"]
        ],
        "disclosure_bases": data["bases"],
        "steps_source": data["steps"]["source"],
        "outstanding_steps": data["steps"]["steps"],
    }


@router.post(
    "/cases/{case_id}/emergency-actions", response={200: EmergencyActionOut, 201: EmergencyActionOut, **ERRORS}
)
def record_emergency_action(request, case_id: uuid.UUID, payload: EmergencyActionIn):
    """Log an emergency action; a repeated idempotency_key returns the saved action with 200."""
    fields = payload.dict()
    kind, occurred_at, key = fields.pop("kind"), fields.pop("occurred_at"), fields.pop("idempotency_key")
    try:
        case = case_selectors.access_case(request.user, case_id, audit_action=None)
        existed = key is not None and case.emergency_actions.filter(idempotency_key=key).exists()
        action = emergency_action_record(
            actor=request.user, case=case, kind=kind, occurred_at=occurred_at, idempotency_key=key, **fields
        )
    except (ValidationError, PermissionDenied, Http404) as exc:
        return error_response(exc)
    return Status(200 if existed else 201, action_out(action))


@router.post("/cases/{case_id}/contact-attempts", response={200: ContactAttemptOut, 201: ContactAttemptOut, **ERRORS})
def record_contact_attempt(request, case_id: uuid.UUID, payload: ContactAttemptIn):
    """Log a call or message to a support contact; without valid consent, basis_id is required (a disclosure)."""
    try:
        case = case_selectors.access_case(request.user, case_id, audit_action=None)
        key = payload.idempotency_key
        existed = key is not None and case.contact_attempts.filter(idempotency_key=key).exists()
        authorised_by = None
        if payload.authorised_by is not None:
            authorised_by = Member.objects.filter(
                pk=payload.authorised_by, organisation_id=request.user.organisation_id
            ).first()
            if authorised_by is None:
                raise ValidationError({"authorised_by": "No such member of this practice."})
        attempt = contact_attempt_record(
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
            idempotency_key=key,
        )
    except (ValidationError, PermissionDenied, Http404) as exc:
        return error_response(exc)
    return Status(200 if existed else 201, attempt_out(attempt))


@router.get("/cases/{case_id}/console", response={200: ConsoleOut, **ERRORS})
def get_console(request, case_id: uuid.UUID):
    """Everything the crisis console shows: risk, address, phone, numbers, contacts, bases, outstanding steps."""
    try:
        case = case_selectors.access_case(request.user, case_id, audit_action="case.console")
    except Http404 as exc:
        return error_response(exc)
    return console_out(selectors.console_data(case))
