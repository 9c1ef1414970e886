"""API endpoints of follow-ups: list, schedule (by hand or by rule), complete, miss, cancel; notifications."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from carepath.accounts.selectors import member_of
from carepath.cases.models import RiskLevel
from carepath.cases.selectors import access_case
from carepath.core import clock
from carepath.core.api import ERRORS, Written, bounded_text

from . import selectors, services
from .models import TaskKind, TaskStatus

router = Router(tags=["follow-ups"])


class TaskOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    client_id: uuid.UUID
    case_id: uuid.UUID | None
    owner: str
    due_at: dt.datetime
    status: str
    rule_id: str
    outcome: str
    reason: str
    reminders_sent: int
    escalated_at: dt.datetime | None
    needs_approval: bool


class TaskIn(Schema):
    kind: TaskKind
    due_at: dt.datetime
    title: bounded_text(200) = ""
    owner_id: uuid.UUID | None = None
    next_contact: bool = Field(
        False, description="The next contact with the client: must be within the limit for the case's risk level"
    )


class RuleIn(Schema):
    anchor_time: dt.datetime


class OutcomeIn(Schema):
    outcome: Written
    occurred_at: dt.datetime | None = None
    risk_now: RiskLevel | None = Field(
        None, description="The risk rated at this contact; required for contacts on high and imminent cases"
    )


class MissIn(Schema):
    reason: Written
    client_unreachable: bool = False


class ReasonIn(Schema):
    reason: Written


class NotificationOut(Schema):
    id: uuid.UUID
    text: str
    link: str
    created_at: dt.datetime
    read: bool


def task_out(task) -> dict:
    return {
        "id": task.pk,
        "kind": task.kind,
        "title": task.title,
        "client_id": task.client_id,
        "case_id": task.case_id,
        "owner": task.owner.email,
        "due_at": task.due_at,
        "status": task.status,
        "rule_id": task.rule_id,
        "outcome": task.outcome,
        "reason": task.reason,
        "reminders_sent": task.reminders_sent,
        "escalated_at": task.escalated_at,
        "needs_approval": task.needs_approval,
    }


@router.get("/tasks", response={200: list[TaskOut], **ERRORS})
def list_tasks(
    request,
    due: bool = False,
    practice: bool = False,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    """Open follow-ups you own (a supervisor may ask for the whole practice); `due` keeps those due by now."""
    tasks = selectors.visible_tasks(request.user).filter(status=TaskStatus.OPEN)
    if not (practice and request.user.is_supervisor):
        tasks = tasks.filter(owner=request.user)
    if due:
        tasks = tasks.filter(due_at__lte=clock.now())
    return [task_out(t) for t in tasks.select_related("owner").order_by("due_at")[offset : offset + limit]]


@router.get("/cases/{case_id}/tasks", response={200: list[TaskOut], **ERRORS})
def case_tasks(request, case_id: uuid.UUID):
    case = access_case(request.user, case_id)
    return [task_out(t) for t in selectors.case_tasks(case)]


@router.post("/cases/{case_id}/tasks", response={201: TaskOut, **ERRORS})
def create_task(request, case_id: uuid.UUID, payload: TaskIn):
    case = access_case(request.user, case_id, audit_action=None)
    owner = None
    if payload.owner_id:
        owner = member_of(request.user.organisation_id, payload.owner_id)
        if owner is None:
            raise ValidationError({"owner": "No such member in your practice."})
    task = services.followup_create(
        actor=request.user,
        case=case,
        kind=payload.kind,
        due_at=payload.due_at,
        title=payload.title,
        owner=owner,
        next_contact=payload.next_contact,
    )
    return Status(201, task_out(task))


@router.post("/cases/{case_id}/rules/{rule_id}", response={201: list[TaskOut], **ERRORS})
def schedule_rule(request, case_id: uuid.UUID, rule_id: str, payload: RuleIn):
    """Schedule a rule's tasks from an anchor time (e.g. `post_discharge` from the discharge time)."""
    case = access_case(request.user, case_id, audit_action=None)
    tasks = services.schedule_rule(request.user, case, rule_id, payload.anchor_time)
    return Status(201, [task_out(t) for t in tasks])


def _act(request, task_id, call):
    task = selectors.access_task(request.user, task_id, audit_action=None)
    return task_out(call(task))


@router.post("/tasks/{task_id}/complete", response={200: TaskOut, **ERRORS})
def complete_task(request, task_id: uuid.UUID, payload: OutcomeIn):
    return _act(request, task_id, lambda t: services.followup_complete(actor=request.user, task=t, **payload.dict()))


@router.post("/tasks/{task_id}/miss", response={200: TaskOut, **ERRORS})
def miss_task(request, task_id: uuid.UUID, payload: MissIn):
    return _act(request, task_id, lambda t: services.followup_miss(actor=request.user, task=t, **payload.dict()))


@router.post("/tasks/{task_id}/cancel", response={200: TaskOut, **ERRORS})
def cancel_task(request, task_id: uuid.UUID, payload: ReasonIn):
    return _act(request, task_id, lambda t: services.followup_cancel(actor=request.user, task=t, **payload.dict()))


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
def list_notifications(request, limit: int = Query(100, ge=1, le=500)):
    return [
        {"id": n.pk, "text": n.text, "link": n.link, "created_at": n.created_at, "read": n.read_at is not None}
        for n in selectors.notifications(request.user, limit=limit)
    ]
