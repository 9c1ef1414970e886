"""API of safety plans: the current plan with its versions, one version, and saving the draft."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import Http404
from ninja import Field, Path, Router, Schema

from carepath.audit.services import audit_record
from carepath.clients.access import access_client
from carepath.core.api import ERRORS

from . import selectors, services

router = Router(tags=["safety plans"])


class PlanContent(Schema):
    sections: dict[str, list[dict[str, str]]] = {}
    kept_at: str = Field("", max_length=1000)
    environment_reason: str = Field("", max_length=1000)


class VersionOut(Schema):
    number: int
    content: PlanContent
    language: str
    signature: str
    case_id: uuid.UUID
    event_id: uuid.UUID
    recorded_at: dt.datetime


class VersionSummary(Schema):
    number: int
    signature: str
    recorded_at: dt.datetime


class PlanOut(Schema):
    client_id: uuid.UUID
    draft: PlanContent
    draft_revision: int
    draft_updated_at: dt.datetime | None
    current: VersionOut | None
    versions: list[VersionSummary]
    warnings: list[str]


class DraftIn(Schema):
    revision: int = Field(..., ge=0, le=1_000_000, description="The revision the draft was made on")
    draft: PlanContent
    base: PlanContent | None = Field(None, description="The draft as it was at `revision` (for merging)")


class DraftOut(Schema):
    revision: int
    merged: bool
    conflicts: list[str]
    draft: PlanContent


def _version_out(v) -> dict:
    return {
        "number": v.number,
        "content": v.content,
        "language": v.language,
        "signature": v.signature,
        "case_id": v.case_id,
        "event_id": v.event_id,
        "recorded_at": v.recorded_at,
    }


def _plan(request, client_id):
    client = access_client(request.user, client_id, audit_action=None)
    plan = services.plan_get_or_create(actor=request.user, client=client)
    return client, plan


@router.get("/clients/{client_id}/safety-plan", response={200: PlanOut, **ERRORS})
def get_plan(request, client_id: uuid.UUID):
    """The client's plan: the draft in progress with its revision, the current version and every version."""
    client, plan = _plan(request, client_id)
    audit_record(actor=request.user, action="safety_plan.view", obj=plan, client_id=client.pk)
    current = selectors.current_version(plan)
    content, _errors = services.checked_content(plan.draft or {}, client)
    return {
        "client_id": client.pk,
        "draft": plan.draft or {},
        "draft_revision": plan.draft_revision,
        "draft_updated_at": plan.draft_updated_at,
        "current": _version_out(current) if current else None,
        "versions": [
            {"number": v.number, "signature": v.signature, "recorded_at": v.recorded_at}
            for v in selectors.versions(plan)
        ],
        "warnings": [str(w) for w in selectors.completeness(content, client)],
    }


@router.get("/clients/{client_id}/safety-plan/versions/{number}", response={200: VersionOut, **ERRORS})
def get_version(request, client_id: uuid.UUID, number: int = Path(..., ge=1, le=100_000)):
    client, plan = _plan(request, client_id)
    version = plan.versions.filter(number=number).first()
    if version is None:
        raise Http404("No such version.")
    audit_record(actor=request.user, action="safety_plan.version_view", obj=version, client_id=client.pk)
    return _version_out(version)


@router.post("/clients/{client_id}/safety-plan/draft", response={200: DraftOut, **ERRORS})
def save_draft(request, client_id: uuid.UUID, payload: DraftIn):
    """Save the draft made on `revision`; made on an older one, it is merged with what was saved meanwhile."""
    _client, plan = _plan(request, client_id)
    done = services.plan_draft_save(
        actor=request.user,
        plan=plan,
        draft=payload.draft.dict(),
        base_revision=payload.revision,
        base=payload.base.dict() if payload.base else None,
    )
    return {"revision": done.revision, "merged": done.merged, "conflicts": done.conflicts, "draft": done.plan.draft}
