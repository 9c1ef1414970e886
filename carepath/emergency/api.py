"""API of the crisis console: log emergency actions, read the console's data as JSON."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Router, Schema
from ninja.responses import Status

from carepath.cases import selectors as case_selectors
from carepath.core.api import ERRORS, OptionalText, bounded_text

from . import selectors
from .models import ActionKind, CallOutcome
from .services import emergency_action_record

router = Router(tags=["crisis console"])


class EmergencyActionIn(Schema):
    """One emergency action; which of the text fields an action needs is said by its kind (see the 400s)."""

    kind: ActionKind
    occurred_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None
    call_id: uuid.UUID | None = None  # for emergency_call_outcome: the call whose outcome this is
    service: bounded_text(100) = ""
    number_dialled: bounded_text(40) = ""
    reference: bounded_text(40) = ""
    outcome: CallOutcome | Literal[""] = ""
    facility: bounded_text(200) = ""
    crisis_line: bounded_text(200) = ""
    handed_over_to: bounded_text(200) = ""
    notes: OptionalText = ""
    # What the call, the team or the emergency department was told about the client: recorded as a disclosure.
    shared: bounded_text(4000) = ""
    basis_id: bounded_text(80) = ""
    documentation: dict[str, str] = {}


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


class ConsoleStepOut(Schema):
    id: str | None = None
    label: str
    stage: str
    required: bool
    due_at: dt.datetime | None = None
    overdue: bool = False
    legal_basis: str | None = None


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
    outstanding_steps: list[ConsoleStepOut]


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
                "last_result": e["attempts"][0].get("result") if e["attempts"] else None,
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
    call_id = fields.pop("call_id")
    case = case_selectors.access_case(request.user, case_id, audit_action=None)
    done = emergency_action_record(
        actor=request.user,
        case=case,
        kind=kind,
        occurred_at=occurred_at,
        idempotency_key=key,
        call_id=call_id,
        **fields,
    )
    return Status(201 if done.created else 200, action_out(done.record))


@router.get("/cases/{case_id}/console", response={200: ConsoleOut, **ERRORS})
def get_console(request, case_id: uuid.UUID):
    """Everything the crisis console shows: risk, address, phone, numbers, contacts, bases, outstanding steps."""
    case = case_selectors.access_case(request.user, case_id, audit_action="case.console")
    return console_out(selectors.console_data(case))
