"""API endpoints for assessments: score without saving, a client's history, and finalising one on a case."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Router, Schema
from ninja.responses import Status

from carepath.cases.selectors import access_case
from carepath.clients.access import access_client
from carepath.core.api import ERRORS, OptionalText

from . import selectors, services
from .definitions import INSTRUMENT_IDS
from .models import Assessment, AssessmentLevel
from .scoring import AnswerError, score

router = Router(tags=["assessments"])


class ScoreIn(Schema):
    answers: dict[str, Any]


class AssessmentIn(Schema):
    instrument: Literal[INSTRUMENT_IDS]  # type: ignore[valid-type]
    answers: dict[str, Any]
    final_level: AssessmentLevel | None = None
    rationale: OptionalText = ""
    occurred_at: dt.datetime | None = None
    prompted_by: uuid.UUID | None = None


class AssessmentOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    case_id: uuid.UUID | None
    instrument: str
    definition_version: str
    answers: dict[str, Any]
    result: dict[str, Any] | None
    computed_level: str
    final_level: str
    rationale: str
    prompted_by: uuid.UUID | None
    item9_cssrs_done: bool | None
    status: str
    created_by: str
    occurred_at: dt.datetime
    finalised_at: dt.datetime | None


def assessment_out(a: Assessment) -> dict:
    done = getattr(a, "cssrs_done", None)
    return {
        "id": a.pk,
        "client_id": a.client_id,
        "case_id": a.case_id,
        "instrument": a.instrument,
        "definition_version": a.definition_version,
        "answers": a.answers,
        "result": a.result,
        "computed_level": a.computed_level,
        "final_level": a.final_level,
        "rationale": a.rationale,
        "prompted_by": a.prompted_by_id,
        "item9_cssrs_done": done if a.item9_positive else None,
        "status": a.status,
        "created_by": str(a.created_by),
        "occurred_at": a.occurred_at,
        "finalised_at": a.finalised_at,
    }


def _answer_error(exc: AnswerError) -> Status:
    return Status(400, {"detail": str(exc), "errors": {exc.item: [exc.message]}})


@router.post("/assessments/score/{instrument}", response={200: dict[str, Any], **ERRORS})
def score_preview(request, instrument: str, payload: ScoreIn):
    """Score answers with the same pure function the pages and `carepath score` use; nothing is saved."""
    if instrument not in INSTRUMENT_IDS:
        return Status(404, {"detail": f"Unknown instrument; known: {', '.join(INSTRUMENT_IDS)}."})
    if not request.user.is_clinical:
        return Status(403, {"detail": "Only clinicians and supervisors score instruments."})
    try:
        return score(instrument, payload.answers)
    except AnswerError as exc:
        return _answer_error(exc)


@router.get("/clients/{client_id}/assessments", response={200: list[AssessmentOut], **ERRORS})
def client_assessments(request, client_id: uuid.UUID):
    """Every final assessment of the client, oldest first."""
    client = access_client(request.user, client_id)
    return [assessment_out(a) for a in selectors.client_history(client)]


@router.post("/cases/{case_id}/assessments", response={201: AssessmentOut, **ERRORS})
def finalise_on_case(request, case_id: uuid.UUID, payload: AssessmentIn):
    """Score and keep an assessment on the case (the same service as the page); bad answers save nothing."""
    case = access_case(request.user, case_id, audit_action=None)
    prompted_by = None
    if payload.prompted_by:
        prompted_by = selectors.access_assessment(request.user, payload.prompted_by, audit_action=None)
    assessment = services.assessment_finalise(
        actor=request.user,
        client=case.client,
        instrument=payload.instrument,
        answers=payload.answers,
        case=case,
        final_level=payload.final_level,
        rationale=payload.rationale,
        prompted_by=prompted_by,
        occurred_at=payload.occurred_at,
    )
    return Status(201, assessment_out(assessment))
