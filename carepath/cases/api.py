"""API endpoints for safety cases and their timelines: report risk, read, add notes, change risk, close."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from carepath.clients.access import access_client
from carepath.core.api import ERRORS, OptionalText, Written

from . import events, selectors, services
from .models import AtRisk, RiskLevel, SafetyCase, TimelineEvent

router = Router(tags=["cases"])


class EventOut(Schema):
    id: uuid.UUID
    kind: str
    summary: str
    details: dict
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    late_entry: bool
    actor: str
    amends: uuid.UUID | None


class CaseOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    status: str
    risk_level: str
    at_risk: str
    potential_victims: str
    concern: str
    jurisdiction_code: str
    opened_at: dt.datetime
    last_activity_at: dt.datetime
    closed_at: dt.datetime | None
    close_reason: str


# The newest entries a case's detail carries; older ones are read a page at a time from its timeline.
TIMELINE_IN_DETAIL = 200


class CaseDetailOut(CaseOut):
    timeline: list[EventOut] = Field(description=f"The newest {TIMELINE_IN_DETAIL} entries, newest first.")
    timeline_more: bool = Field(
        description="True when the case has older entries than these: read them from /cases/{case_id}/timeline."
    )


class TimelinePageOut(Schema):
    entries: list[EventOut] = Field(description="Newest first, from `offset`.")
    offset: int
    more: bool = Field(description="True when older entries follow: ask again with offset + the entries' count.")


class CaseIn(Schema):
    risk_level: RiskLevel
    concern: Written
    at_risk: AtRisk = AtRisk.SELF
    potential_victims: OptionalText = ""
    occurred_at: dt.datetime | None = None


class NoteIn(Schema):
    summary: Written
    occurred_at: dt.datetime | None = None


class RiskLevelIn(Schema):
    risk_level: RiskLevel
    reason: Written


class CloseIn(Schema):
    reason: Written
    status: Literal["closed", "monitoring"] = "closed"


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


@router.post("/clients/{client_id}/cases", response={201: CaseOut, **ERRORS})
def open_case(request, client_id: uuid.UUID, payload: CaseIn):
    """Report risk: open a safety case on the client."""
    client = access_client(request.user, client_id, audit_action=None)
    return Status(201, case_out(services.case_open(actor=request.user, client=client, **payload.dict())))


@router.get("/cases", response={200: list[CaseOut], **ERRORS})
def list_cases(request, limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=1_000_000)):
    """Open and monitored cases you may see, those needing action first."""
    return [case_out(c) for c in selectors.dashboard_cases(request.user)[offset : offset + limit]]


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **ERRORS})
def get_case(request, case_id: uuid.UUID):
    """The case with its newest timeline entries; `timeline_more` says whether older ones exist."""
    case = selectors.access_case(request.user, case_id)
    entries, more = selectors.case_timeline_page(case, TIMELINE_IN_DETAIL)
    return case_out(case) | {"timeline": [event_out(e) for e in entries], "timeline_more": more}


@router.get("/cases/{case_id}/timeline", response={200: TimelinePageOut, **ERRORS})
def get_timeline(
    request,
    case_id: uuid.UUID,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    """Every entry of the case, newest first, a page at a time: the whole record, corrections included."""
    case = selectors.access_case(request.user, case_id, audit_action="case.timeline.view")
    entries, more = selectors.case_timeline_page(case, limit, offset)
    return {"entries": [event_out(e) for e in entries], "offset": offset, "more": more}


@router.post("/cases/{case_id}/notes", response={201: EventOut, **ERRORS})
def add_note(request, case_id: uuid.UUID, payload: NoteIn):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    event = services.case_record_event(
        actor=request.user, case=case, kind=events.NOTE, summary=payload.summary, occurred_at=payload.occurred_at
    )
    return Status(201, event_out(event))


@router.post("/cases/{case_id}/risk-level", response={200: CaseOut, **ERRORS})
def change_risk_level(request, case_id: uuid.UUID, payload: RiskLevelIn):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    return case_out(services.case_change_risk_level(actor=request.user, case=case, **payload.dict()))


@router.post("/cases/{case_id}/close", response={200: CaseOut, **ERRORS})
def close_case(request, case_id: uuid.UUID, payload: CloseIn):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    return case_out(services.case_close(actor=request.user, case=case, **payload.dict()))
