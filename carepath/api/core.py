"""API endpoints for clients, safety cases and their timelines."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router
from ninja.responses import Status

from carepath.cases import events, selectors, services
from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.clients.access import access_client, visible_clients

from .schemas import CaseDetailOut, CaseIn, CaseOut, ClientOut, CloseIn, Error, EventOut, NoteIn, RiskLevelIn

router = Router(tags=["cases"])
ERRORS = {400: Error, 403: Error, 404: Error}


def error_response(exc: Exception) -> Status:
    """Turn a service's refusal into the API's error shape."""
    if isinstance(exc, ValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else None
        return Status(400, {"detail": " ".join(exc.messages), "errors": errors})
    if isinstance(exc, PermissionDenied):
        return Status(403, {"detail": str(exc) or "Not allowed."})
    return Status(404, {"detail": "Not found."})


def client_out(client) -> dict:
    return {
        "id": client.pk,
        "display_name": client.display_name,
        "date_of_birth": client.date_of_birth,
        "jurisdiction": client.jurisdiction,
        "preferred_language": client.preferred_language,
        "phone": client.phone,
        "flags": client.flags or [],
    }


def case_out(case: SafetyCase) -> dict:
    return {
        "id": case.pk,
        "client_id": case.client_id,
        "client_name": case.client.display_name,
        "status": case.status,
        "risk_level": case.risk_level,
        "at_risk": case.at_risk,
        "potential_victims": case.potential_victims,
        "concern": case.concern,
        "jurisdiction_code": case.jurisdiction_code,
        "opened_at": case.opened_at,
        "last_activity_at": case.last_activity_at,
        "closed_at": case.closed_at,
        "close_reason": case.close_reason,
    }


def event_out(event: TimelineEvent) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "summary": event.summary,
        "details": event.details,
        "occurred_at": event.occurred_at,
        "recorded_at": event.recorded_at,
        "late_entry": event.is_late_entry,
        "actor": str(event.actor),
        "amends": event.amends_id,
    }


@router.get("/clients", response={200: list[ClientOut], **ERRORS})
def list_clients(request, q: str = "", limit: int = 50, offset: int = 0):
    clients = visible_clients(request.user).order_by("family_name", "given_name")
    if q:
        clients = clients.filter(family_name__icontains=q)
    limit = max(1, min(limit, 200))
    return [client_out(c) for c in clients[max(offset, 0) : max(offset, 0) + limit]]


@router.get("/clients/{client_id}", response={200: ClientOut, **ERRORS})
def get_client(request, client_id: uuid.UUID):
    try:
        return client_out(access_client(request.user, client_id))
    except Http404 as exc:
        return error_response(exc)


@router.post("/clients/{client_id}/cases", response={201: CaseOut, **ERRORS})
def open_case(request, client_id: uuid.UUID, payload: CaseIn):
    try:
        client = access_client(request.user, client_id, audit_action=None)
        case = services.case_open(actor=request.user, client=client, **payload.dict())
    except (ValidationError, PermissionDenied, Http404) as exc:
        return error_response(exc)
    return Status(201, case_out(case))


@router.get("/cases", response={200: list[CaseOut], **ERRORS})
def list_cases(request, limit: int = 50, offset: int = 0):
    limit = max(1, min(limit, 200))
    cases = selectors.dashboard_cases(request.user)[max(offset, 0) : max(offset, 0) + limit]
    return [case_out(c) for c in cases]


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **ERRORS})
def get_case(request, case_id: uuid.UUID):
    try:
        case = selectors.access_case(request.user, case_id)
    except Http404 as exc:
        return error_response(exc)
    return case_out(case) | {"timeline": [event_out(e) for e in selectors.case_timeline(case)]}


@router.post("/cases/{case_id}/notes", response={201: EventOut, **ERRORS})
def add_note(request, case_id: uuid.UUID, payload: NoteIn):
    try:
        case = selectors.access_case(request.user, case_id, audit_action=None)
        event = services.case_record_event(
            actor=request.user, case=case, kind=events.NOTE, summary=payload.summary, occurred_at=payload.occurred_at
        )
    except (ValidationError, PermissionDenied, Http404) as exc:
        return error_response(exc)
    return Status(201, event_out(event))


@router.post("/cases/{case_id}/risk-level", response={200: CaseOut, **ERRORS})
def change_risk_level(request, case_id: uuid.UUID, payload: RiskLevelIn):
    try:
        case = selectors.access_case(request.user, case_id, audit_action=None)
        case = services.case_change_risk_level(actor=request.user, case=case, **payload.dict())
    except (ValidationError, PermissionDenied, Http404) as exc:
        return error_response(exc)
    return case_out(case)


@router.post("/cases/{case_id}/close", response={200: CaseOut, **ERRORS})
def close_case(request, case_id: uuid.UUID, payload: CloseIn):
    try:
        case = selectors.access_case(request.user, case_id, audit_action=None)
        case = services.case_close(actor=request.user, case=case, **payload.dict())
    except (ValidationError, PermissionDenied, Http404) as exc:
        return error_response(exc)
    return case_out(case)
