"""API of collaboration: a case's consultations, reviews, referrals and hand-over summaries, and their writes."""

from __future__ import annotations

import datetime as dt
import uuid

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from carepath.cases.selectors import access_case
from carepath.core.api import ERRORS, OptionalText, Written, bounded_text
from carepath.disclosures.models import ClientInformed

from . import selectors, services
from .models import ConsultationRequest, Handover, HandoverSection, Referral, ReferralStatus, Urgency

router = Router(tags=["collaboration"])


class ConsultationIn(Schema):
    to_member_id: uuid.UUID
    urgency: Urgency
    question: Written


class AnswerIn(Schema):
    answer: Written


class ReviewIn(Schema):
    agreed: Written


class ReferralIn(Schema):
    to_name: bounded_text(200, required=True)
    to_organisation: bounded_text(200) = ""
    phone: bounded_text(40) = ""
    email: bounded_text(254) = ""
    urgency: Urgency
    reason: Written
    what_sent: OptionalText = ""


class ReferralStatusIn(Schema):
    status: ReferralStatus
    note: OptionalText = ""


class HandoverIn(Schema):
    recipient_name: bounded_text(200, required=True)
    recipient_organisation: bounded_text(200) = ""
    sections: list[HandoverSection]
    external: bool = False
    recipient_contact: bounded_text(300) = ""
    purpose: bounded_text(300) = "Continuity of care"
    basis_id: bounded_text(80) = ""
    client_informed: ClientInformed = ClientInformed.YES
    client_not_informed_reason: OptionalText = ""


class ConsultationOut(Schema):
    id: uuid.UUID
    asked_by: str
    to_member_id: uuid.UUID
    urgency: str
    question: str
    occurred_at: dt.datetime
    answer: str | None
    answered_at: dt.datetime | None


class ReviewOut(Schema):
    id: uuid.UUID
    reviewer: str
    risk_level: str
    agreed: str
    occurred_at: dt.datetime


class ReferralOut(Schema):
    id: uuid.UUID
    to_name: str
    to_organisation: str
    phone: str
    email: str
    urgency: str
    reason: str
    status: str
    status_at: dt.datetime


class HandoverOut(Schema):
    id: uuid.UUID
    recipient_name: str
    recipient_organisation: str
    external: bool
    sections: list[str]
    content: dict[str, list[str]]
    occurred_at: dt.datetime
    disclosure_id: uuid.UUID | None


class CollaborationOut(Schema):
    awaiting_review: bool
    consultations: list[ConsultationOut]
    reviews: list[ReviewOut]
    referrals: list[ReferralOut]
    handovers: list[HandoverOut]


def _consultation(c: ConsultationRequest) -> dict:
    answer = getattr(c, "answer", None) if not selectors.is_open(c) else None
    return {
        "id": c.pk,
        "asked_by": str(c.actor),
        "to_member_id": c.to_member_id,
        "urgency": c.urgency,
        "question": c.question,
        "occurred_at": c.occurred_at,
        "answer": answer.answer if answer else None,
        "answered_at": answer.occurred_at if answer else None,
    }


def _review(r) -> dict:
    return {
        "id": r.pk,
        "reviewer": str(r.actor),
        "risk_level": r.risk_level,
        "agreed": r.agreed,
        "occurred_at": r.occurred_at,
    }


def _referral(r: Referral) -> dict:
    return {
        "id": r.pk,
        "to_name": r.to_name,
        "to_organisation": r.to_organisation,
        "phone": r.phone,
        "email": r.email,
        "urgency": r.urgency,
        "reason": r.reason,
        "status": r.status,
        "status_at": r.status_at,
    }


def _handover(h: Handover) -> dict:
    return {
        "id": h.pk,
        "recipient_name": h.recipient_name,
        "recipient_organisation": h.recipient_organisation,
        "external": h.external,
        "sections": list(h.sections),
        "content": dict(h.content),
        "occurred_at": h.occurred_at,
        "disclosure_id": h.disclosure_id,
    }


@router.get("/cases/{case_id}/collaboration", response={200: CollaborationOut, **ERRORS})
def case_collaboration(request, case_id: uuid.UUID):
    """The case's consultations, supervisor reviews, referrals and hand-over summaries."""
    case = access_case(request.user, case_id)
    data = selectors.case_collaboration(case)
    return {
        "awaiting_review": data["review"].awaiting,
        "consultations": [_consultation(c) for c in data["consultations"]],
        "reviews": [_review(r) for r in data["reviews"]],
        "referrals": [_referral(r) for r in data["referrals"]],
        "handovers": [_handover(h) for h in data["handovers"]],
    }


@router.post("/cases/{case_id}/consultations", response={201: ConsultationOut, **ERRORS})
def ask_consultation(request, case_id: uuid.UUID, payload: ConsultationIn):
    """Ask a colleague for a consultation (not oneself); they are notified."""
    case = access_case(request.user, case_id, audit_action=None)
    done = services.consultation_request(
        actor=request.user,
        case=case,
        to_member_id=payload.to_member_id,
        urgency=payload.urgency,
        question=payload.question,
    )
    return Status(201, _consultation(done.record))


@router.post("/consultations/{consultation_id}/answer", response={201: ConsultationOut, **ERRORS})
def answer_consultation(request, consultation_id: uuid.UUID, payload: AnswerIn):
    """Answer a consultation asked of you."""
    found = get_object_or_404(ConsultationRequest, pk=consultation_id, organisation_id=request.user.organisation_id)
    access_case(request.user, found.case_id, audit_action=None)
    services.consultation_answer(actor=request.user, request=found, answer=payload.answer)
    found = ConsultationRequest.objects.select_related("actor", "answer").get(pk=found.pk)
    return Status(201, _consultation(found))


@router.post("/cases/{case_id}/reviews", response={201: ReviewOut, **ERRORS})
def record_review(request, case_id: uuid.UUID, payload: ReviewIn):
    """A supervisor's review of the case (supervisors only)."""
    case = access_case(request.user, case_id, audit_action=None)
    done = services.supervisor_review(actor=request.user, case=case, agreed=payload.agreed)
    return Status(201, _review(done.record))


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut, **ERRORS})
def send_referral(request, case_id: uuid.UUID, payload: ReferralIn):
    """Refer to an external professional or service (a phone or email is required)."""
    case = access_case(request.user, case_id, audit_action=None)
    referral = services.referral_send(actor=request.user, case=case, **payload.dict())
    return Status(201, _referral(referral))


@router.post("/referrals/{referral_id}/status", response={200: ReferralOut, **ERRORS})
def update_referral(request, referral_id: uuid.UUID, payload: ReferralStatusIn):
    """The referral moved on: received, appointment_booked, seen or declined (with a note)."""
    found = get_object_or_404(Referral, pk=referral_id, organisation_id=request.user.organisation_id)
    access_case(request.user, found.case_id, audit_action=None)
    services.referral_update(actor=request.user, referral=found, status=payload.status, note=payload.note)
    found.refresh_from_db()
    return _referral(found)


@router.post("/cases/{case_id}/handovers", response={201: HandoverOut, **ERRORS})
def issue_handover(request, case_id: uuid.UUID, payload: HandoverIn):
    """Issue a hand-over summary of the chosen sections; outside the practice it needs a basis (a disclosure)."""
    case = access_case(request.user, case_id, audit_action=None)
    handover = services.handover_issue(actor=request.user, case=case, **payload.dict())
    return Status(201, _handover(handover))
