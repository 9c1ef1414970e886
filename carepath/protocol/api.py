"""API of the protocol: a case's checklist with statuses, ticking steps off, and a jurisdiction's help lines."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Router, Schema
from ninja.responses import Status

from carepath.cases.selectors import access_case
from carepath.core.api import ERRORS, Written, bounded_text

from . import selectors, services

router = Router(tags=["protocol"])


class StepOut(Schema):
    id: str
    stage: str
    title: str
    required: bool
    reason: str
    legal_basis: str | None
    legal_reviewed: str | None
    done_by: list[dict]
    sources: list[str]
    due_within_minutes: int | None
    cautions: list[str]
    status: str  # done / outstanding / not_applicable
    event_id: uuid.UUID | None
    event_kind: str | None
    event_at: dt.datetime | None
    not_applicable_reason: str
    due_at: dt.datetime | None
    overdue: bool


class ProtocolOut(Schema):
    case_id: uuid.UUID
    risk_level: str
    policy_version: int | None
    computed_at: dt.datetime | None
    outstanding_required: int
    steps: list[StepOut]


class NotApplicableIn(Schema):
    step_id: bounded_text(80, required=True)
    reason: Written
    occurred_at: dt.datetime | None = None


class DoneIn(Schema):
    step_id: bounded_text(80, required=True)
    note: Written
    occurred_at: dt.datetime | None = None


class TickOut(Schema):
    event_id: uuid.UUID
    kind: str
    step_id: str


def _protocol_out(case) -> dict:
    steps, stored = selectors.case_steps(case)
    statuses = selectors.case_step_statuses(case, steps, since=stored.computed_at if stored else None)
    return {
        "case_id": case.pk,
        "risk_level": case.risk_level,
        "policy_version": stored.policy.version if stored and stored.policy else None,
        "computed_at": stored.computed_at if stored else None,
        "outstanding_required": sum(1 for s in statuses if s.step.required and s.state == "outstanding"),
        "steps": [
            {
                **s.step.as_dict(),
                "status": s.state,
                "event_id": s.event.pk if s.event else None,
                "event_kind": s.event.kind if s.event else None,
                "event_at": s.event.occurred_at if s.event else None,
                "not_applicable_reason": s.reason_not_applicable,
                "due_at": s.due_at,
                "overdue": s.overdue,
            }
            for s in statuses
        ],
    }


@router.get("/cases/{case_id}/protocol", response={200: ProtocolOut, **ERRORS})
def case_protocol(request, case_id: uuid.UUID):
    return _protocol_out(access_case(request.user, case_id))


@router.post("/cases/{case_id}/protocol/not-applicable", response={201: TickOut, **ERRORS})
def step_not_applicable(request, case_id: uuid.UUID, payload: NotApplicableIn):
    case = access_case(request.user, case_id, audit_action=None)
    event = services.protocol_step_not_applicable(actor=request.user, case=case, **payload.dict())
    return Status(201, {"event_id": event.pk, "kind": event.kind, "step_id": payload.step_id})


@router.post("/cases/{case_id}/protocol/done", response={201: TickOut, **ERRORS})
def step_done(request, case_id: uuid.UUID, payload: DoneIn):
    case = access_case(request.user, case_id, audit_action=None)
    event = services.protocol_step_done(actor=request.user, case=case, **payload.dict())
    return Status(201, {"event_id": event.pk, "kind": event.kind, "step_id": payload.step_id})
