"""Every write of collaboration: consultations and answers, supervisor reviews, referrals and their progress,
hand-over summaries (a disclosure when they leave the practice), team notes with mentions. Each goes through
`case_record_append`: the row, its timeline event and the audit entry in one transaction.

Who is told: an event whose details carry `notify` (member ids) and `notify_text` (no clinical words) puts an
in-app notification in front of those members (the follow-up app listens for it); an unanswered consultation and an
unacknowledged referral are follow-up tasks through the follow-up rules (consultation_answer, referral_chase).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from carepath.accounts.selectors import member_of
from carepath.cases.models import SafetyCase
from carepath.cases.records import Entry, Recorded, case_record_append
from carepath.cases.services import check_occurred_at
from carepath.core import clock
from carepath.disclosures.services import disclosure_check, disclosure_write

from . import events, handover
from .models import (
    ConsultationAnswer,
    ConsultationRequest,
    Handover,
    HandoverSection,
    Referral,
    ReferralStatus,
    ReferralUpdate,
    SupervisorReview,
    TeamNote,
    Urgency,
)

# What a hand-over section discloses, for the accounting when it leaves the practice.
SECTION_CATEGORIES = {
    HandoverSection.RISK: "risk_status",
    HandoverSection.SAFETY_PLAN: "safety_plan",
    HandoverSection.MEDICATIONS: "medication",
    HandoverSection.EVENTS: "treatment",
    HandoverSection.CONTACTS: "contact_details",
    HandoverSection.CRISIS_PREFERENCES: "treatment",
}


def _initials(case: SafetyCase) -> str:
    client = case.client
    return f"{(client.preferred_name or client.given_name)[:1]}.{client.family_name[:1]}."


def _link(case: SafetyCase) -> str:
    return reverse("collaboration:case", kwargs={"case_id": case.pk})


def _colleague(actor, member_id, field: str):
    member = member_of(actor.organisation_id, member_id) if member_id else None
    if member is None or not member.is_active or not member.is_clinical:
        raise ValidationError({field: "Choose a clinician or supervisor of this practice."})
    return member


@transaction.atomic
def consultation_request(
    *,
    actor,
    case: SafetyCase,
    to_member_id,
    urgency: str,
    question: str,
    occurred_at: dt.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Recorded[ConsultationRequest]:
    """Ask a supervisor or colleague for a consultation; they are told in the application (and, through the
    follow-up task, reminded by email without clinical details); an urgent one unanswered escalates."""

    def prepare() -> Entry:
        errors = {}
        to = None
        try:
            to = _colleague(actor, to_member_id, "to_member")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if to is not None and to.pk == actor.pk:
            errors["to_member"] = "Ask someone else: a consultation is a second opinion."
        if urgency not in Urgency.values:
            errors["urgency"] = "Say whether it is urgent (today) or routine."
        text = (question or "").strip()
        if len(text) < 5:
            errors["question"] = "Write the question you want answered."
        if errors:
            raise ValidationError(errors)
        when = check_occurred_at(occurred_at, case)
        key = str(uuid.uuid4())
        return Entry(
            kind=events.CONSULTATION_REQUESTED,
            summary=f"{'Urgent' if urgency == Urgency.URGENT else 'Routine'} consultation asked of {to}: {text}",
            occurred_at=when,
            fields={"to_member": to, "urgency": urgency, "question": text, "id": uuid.UUID(key)},
            details={
                "consultation": key,
                "to": str(to.pk),
                "urgency": urgency,
                "notify": [str(to.pk)],
                "notify_text": f"{actor} asks for a{'n urgent' if urgency == Urgency.URGENT else ''} consultation on "
                f"{_initials(case)}'s case ({case.get_risk_level_display().lower()} risk)",
                "link": _link(case),
            },
            audit_action="collaboration.consultation_request",
        )

    return case_record_append(
        actor=actor, case=case, model=ConsultationRequest, prepare=prepare, idempotency_key=idempotency_key
    )


@transaction.atomic
def consultation_answer(
    *, actor, request: ConsultationRequest, answer: str, idempotency_key: uuid.UUID | None = None
) -> Recorded[ConsultationAnswer]:
    """The person asked answers in writing; it is on the timeline, and the asker is told."""
    case = request.case

    def prepare() -> Entry:
        if actor.pk != request.to_member_id and not actor.is_supervisor:
            raise PermissionDenied("Only the person asked (or a supervisor) answers this consultation.")
        if ConsultationAnswer.objects.filter(request=request).exists():
            raise ValidationError("This consultation is already answered.")
        text = (answer or "").strip()
        if len(text) < 2:
            raise ValidationError({"answer": "Write your answer."})
        return Entry(
            kind=events.CONSULTATION_ANSWERED,
            summary=f"Consultation answered (asked by {request.actor}): {text}",
            occurred_at=clock.now(),
            fields={"request": request, "answer": text},
            details={
                "consultation": str(request.pk),
                "notify": [str(request.actor_id)],
                "notify_text": f"{actor} answered your consultation on {_initials(case)}'s case",
                "link": _link(case),
            },
            audit_action="collaboration.consultation_answer",
        )

    return case_record_append(
        actor=actor, case=case, model=ConsultationAnswer, prepare=prepare, idempotency_key=idempotency_key
    )


@transaction.atomic
def supervisor_review(*, actor, case: SafetyCase, agreed: str, occurred_at: dt.datetime | None = None):
    """A supervisor reviewed the case and records what was agreed; it does the protocol's consultation step."""

    def prepare() -> Entry:
        if not actor.is_supervisor:
            raise PermissionDenied("Only a supervisor records a supervisor review.")
        text = (agreed or "").strip()
        if len(text) < 5:
            raise ValidationError({"agreed": "Write what was agreed (the plan, who does what, when you review again)."})
        when = check_occurred_at(occurred_at, case)
        return Entry(
            kind=events.SUPERVISOR_REVIEW,
            summary=f"Supervisor review at {case.get_risk_level_display().lower()} risk: {text}",
            occurred_at=when,
            fields={"risk_level": case.risk_level, "agreed": text},
            details={"risk_level": case.risk_level},
            audit_action="collaboration.supervisor_review",
        )

    return case_record_append(actor=actor, case=case, model=SupervisorReview, prepare=prepare)


@transaction.atomic
def referral_send(
    *,
    actor,
    case: SafetyCase,
    to_name: str,
    reason: str,
    urgency: str,
    to_organisation: str = "",
    phone: str = "",
    email: str = "",
    what_sent: str = "",
    occurred_at: dt.datetime | None = None,
) -> Referral:
    """A referral to an external professional or service; a follow-up task chases it until it is answered."""
    holder: dict = {}

    def prepare() -> Entry:
        errors = {}
        name = (to_name or "").strip()
        if not name:
            errors["to_name"] = "Name the professional or service."
        if not ((phone or "").strip() or (email or "").strip()):
            errors["phone"] = "Give a phone or an email to reach them (to chase the referral)."
        elif (email or "").strip():
            try:
                validate_email(email.strip())
            except ValidationError:
                errors["email"] = "That email address is not valid."
        if urgency not in Urgency.values:
            errors["urgency"] = "Say whether it is urgent or routine."
        if not (reason or "").strip():
            errors["reason"] = "Write why you refer the client."
        if errors:
            raise ValidationError(errors)
        when = check_occurred_at(occurred_at, case)

        def also():
            referral = Referral.objects.create(
                organisation_id=case.organisation_id,
                case=case,
                to_name=name[:200],
                to_organisation=(to_organisation or "").strip()[:200],
                phone=(phone or "").strip()[:40],
                email=(email or "").strip(),
                reason=reason.strip(),
                urgency=urgency,
                what_sent=(what_sent or "").strip(),
                status=ReferralStatus.SENT,
                status_at=when,
                created_by=actor,
                created_at=clock.now(),
            )
            holder["referral"] = referral
            return {"referral": referral}, {"referral": str(referral.pk)}

        where = f" ({to_organisation.strip()})" if (to_organisation or "").strip() else ""
        return Entry(
            kind=events.REFERRAL_SENT,
            summary=f"Referred to {name}{where}, {urgency}: {reason.strip()}",
            occurred_at=when,
            fields={"status": ReferralStatus.SENT, "note": (what_sent or "").strip()},
            details={"urgency": urgency, "status": ReferralStatus.SENT},
            audit_action="collaboration.referral_send",
            also=also,
        )

    case_record_append(actor=actor, case=case, model=ReferralUpdate, prepare=prepare)
    return holder["referral"]


@transaction.atomic
def referral_update(*, actor, referral: Referral, status: str, note: str = "", occurred_at=None) -> ReferralUpdate:
    """The referral moved on: received, appointment booked, seen or declined (with the date it happened)."""
    case = referral.case

    def prepare() -> Entry:
        if status not in ReferralStatus.values or status == ReferralStatus.SENT:
            raise ValidationError({"status": "Choose what happened: received, appointment booked, seen or declined."})
        if referral.status in (ReferralStatus.SEEN, ReferralStatus.DECLINED):
            raise ValidationError("This referral is closed (seen or declined); send a new one if needed.")
        if status == ReferralStatus.DECLINED and not (note or "").strip():
            raise ValidationError({"note": "Say why the referral was declined."})
        when = check_occurred_at(occurred_at, case)

        def also():
            Referral.objects.filter(pk=referral.pk).update(status=status, status_at=when)
            return {}, {}

        label = ReferralStatus(status).label.lower()
        return Entry(
            kind=events.REFERRAL_STATUS,
            summary=f"Referral to {referral.to_name}: {label}" + (f" ({note.strip()})" if (note or "").strip() else ""),
            occurred_at=when,
            fields={"referral": referral, "status": status, "note": (note or "").strip()},
            details={"referral": str(referral.pk), "status": status},
            audit_action="collaboration.referral_update",
            also=also,
        )

    return case_record_append(actor=actor, case=case, model=ReferralUpdate, prepare=prepare).record


@transaction.atomic
def handover_issue(
    *,
    actor,
    case: SafetyCase,
    recipient_name: str,
    sections: list[str],
    recipient_organisation: str = "",
    external: bool = False,
    recipient_contact: str = "",
    purpose: str = "Continuity of care",
    basis_id: str = "",
    client_informed: str = "yes",
    client_not_informed_reason: str = "",
) -> Handover:
    """Issue a hand-over summary of the chosen sections to a named recipient. Outside the practice it is a
    disclosure, checked like any other (a legal basis of the pack, or the client's authorisation)."""
    chosen = [s for s in HandoverSection.values if s in (sections or [])]
    errors = {}
    if not (recipient_name or "").strip():
        errors["recipient_name"] = "Name who receives the summary."
    if not chosen:
        errors["sections"] = "Choose at least one section to hand over."
    if errors:
        raise ValidationError(errors)
    checked = None
    if external:
        checked = disclosure_check(
            actor=actor,
            case=case,
            recipient=recipient_name.strip()
            + (f", {recipient_organisation.strip()}" if recipient_organisation else ""),
            recipient_type="professional",
            recipient_contact=recipient_contact,
            shared="Hand-over summary: " + ", ".join(str(HandoverSection(s).label).lower() for s in chosen),
            categories=sorted({SECTION_CATEGORIES[s] for s in chosen}),
            purpose=purpose,
            basis_id=basis_id,
            authorised_by=actor,
            client_informed=client_informed,
            client_not_informed_reason=client_not_informed_reason,
        )
    content = handover.build(case, chosen)
    when = clock.now()

    def prepare() -> Entry:
        def also():
            if checked is None:
                return {}, {}
            disclosure = disclosure_write(actor=actor, case=case, checked=checked, occurred_at=when)
            return {"disclosure": disclosure}, {"disclosure": str(disclosure.pk)}

        to = recipient_name.strip() + (f" ({recipient_organisation.strip()})" if recipient_organisation else "")
        labels = ", ".join(str(HandoverSection(s).label).lower() for s in chosen)
        return Entry(
            kind=events.HANDOVER_ISSUED,
            summary=f"Hand-over summary issued to {to}: {labels}" + (" (outside the practice)" if external else ""),
            occurred_at=when,
            fields={
                "recipient_name": recipient_name.strip()[:200],
                "recipient_organisation": (recipient_organisation or "").strip()[:200],
                "external": bool(external),
                "sections": chosen,
                "content": content,
            },
            details={"sections": chosen, "external": bool(external)},
            audit_action="collaboration.handover_issue",
            also=also,
        )

    return case_record_append(actor=actor, case=case, model=Handover, prepare=prepare).record


@transaction.atomic
def team_note(*, actor, case: SafetyCase, text: str, mention_ids: list | None = None) -> TeamNote:
    """A note for the team on the case; the members mentioned are told in the application."""
    mentioned = []
    for member_id in mention_ids or []:
        member = member_of(actor.organisation_id, member_id)
        if member is None or not member.is_active:
            raise ValidationError({"mentions": "You can mention only members of this practice."})
        if member.pk != actor.pk and member not in mentioned:
            mentioned.append(member)

    def prepare() -> Entry:
        body = (text or "").strip()
        if not body:
            raise ValidationError({"text": "Write the note."})
        names = ", ".join(str(m) for m in mentioned)
        return Entry(
            kind=events.TEAM_NOTE,
            summary=body + (f" (for {names})" if names else ""),
            occurred_at=clock.now(),
            fields={"text": body, "mentions": [str(m.pk) for m in mentioned]},
            details={
                "notify": [str(m.pk) for m in mentioned],
                "notify_text": f"{actor} mentioned you on {_initials(case)}'s case",
                "link": _link(case),
            },
            audit_action="collaboration.team_note",
        )

    return case_record_append(actor=actor, case=case, model=TeamNote, prepare=prepare).record
