"""Every write of the protocol: policy versions, computing a case's protocol, and ticking steps off."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from carepath.audit.services import audit_record
from carepath.cases.kit import step_page
from carepath.cases.models import CaseStatus, SafetyCase, TimelineEvent
from carepath.cases.services import case_append_event, check_occurred_at, require_case_access
from carepath.core import clock

from . import engine as protocol
from . import events, selectors
from .models import CaseProtocol, ProtocolPolicy
from .rules import RulesError, parse_policy, rules


@transaction.atomic
def protocol_policy_save(*, actor, text: str, note: str) -> ProtocolPolicy:
    """Save the organisation's protocol policy as a new immutable version (admins and supervisors)."""
    if not (actor.is_org_admin or actor.is_supervisor):
        raise PermissionDenied("Only an admin or a supervisor of the organisation changes its protocol policy.")
    errors: dict[str, str] = {}
    if not (note or "").strip():
        errors["note"] = "Say what changed and why."
    try:
        policy = parse_policy(text)
    except RulesError as exc:
        errors["text"] = str(exc)
    if errors:
        raise ValidationError(errors)
    latest = selectors.current_policy(actor.organisation_id)
    try:
        with transaction.atomic():
            version = ProtocolPolicy.objects.create(
                organisation_id=actor.organisation_id,
                version=(latest.version if latest else 0) + 1,
                text=text.strip(),
                rules=policy.model_dump(mode="json"),
                note=note.strip(),
                created_by=actor,
                created_at=clock.now(),
            )
    except IntegrityError:
        raise ValidationError("Someone saved a new version at the same moment; reload and save again.")
    audit_record(actor=actor, action="protocol_policy.save", obj=version, detail={"version": version.version})
    return version


def case_protocol_refresh(*, actor, case: SafetyCase) -> CaseProtocol:
    """Compute the case's steps with the organisation's current policy and keep them with the policy version.

    Called by the case services (open, risk change) inside their transaction, after their permission check.
    """
    require_case_access(actor, case)
    policy = selectors.current_policy(case.organisation_id)
    steps = selectors.compute_case_steps(case, policy)
    values = {
        "policy": policy,
        "risk_level": case.risk_level,
        "rules_version": rules().version,
        "steps": [s.as_dict() for s in steps],
        "computed_at": clock.now(),
    }
    stored, _created = CaseProtocol.objects.update_or_create(case=case, defaults=values)
    audit_record(
        actor=actor,
        action="protocol.compute",
        obj=case,
        detail={"policy_version": policy.version if policy else None},
    )
    return stored


def on_case_opened(actor, case: SafetyCase) -> None:
    case_protocol_refresh(actor=actor, case=case)


def on_risk_changed(actor, case: SafetyCase, previous_level: str) -> None:
    case_protocol_refresh(actor=actor, case=case)


def close_blockers(actor, case: SafetyCase, status: str) -> list[str]:
    """Required steps still outstanding keep a case from closing (a supervisor may close over them)."""
    if status != CaseStatus.CLOSED:
        return []
    outstanding = selectors.outstanding_required(case)
    if not outstanding:
        return []
    titles = ", ".join(s.title for s in outstanding)
    return [f"{len(outstanding)} required protocol step{'s' if len(outstanding) != 1 else ''} outstanding ({titles})"]


def _case_step(actor, case: SafetyCase, step_id: str) -> protocol.Step:
    require_case_access(actor, case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This safety case is closed.")
    steps, _stored = selectors.case_steps(case)
    step = next((s for s in steps if s.id == step_id), None)
    if step is None:
        raise ValidationError("This step is not part of the case's protocol.")
    return step


@transaction.atomic
def protocol_step_not_applicable(
    *, actor, case: SafetyCase, step_id: str, reason: str, occurred_at: dt.datetime | None = None
) -> TimelineEvent:
    """Record that a step does not apply to this case, with the clinician's reason."""
    step = _case_step(actor, case, step_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this step does not apply."})
    occurred_at = check_occurred_at(occurred_at, case)
    event = case_append_event(
        actor=actor,
        case=case,
        kind=events.STEP_NOT_APPLICABLE,
        summary=f"Not applicable: {step.title}. {reason}",
        details={"step_id": step.id, "step_title": step.title, "reason": reason, "required": step.required},
        occurred_at=occurred_at,
    )
    audit_record(
        actor=actor,
        action="protocol.step_not_applicable",
        obj=event,
        client_id=case.client_id,
        detail={"step": step.id},
    )
    return event


def _own_kinds(step) -> list[str]:
    """The kinds this app writes for a step ticked by hand (supervisor consulted, guardian notified...)."""
    return [d["kind"] for d in step.done_by if d["kind"] in events.OWN_KINDS and not d.get("details")]


def step_can_be_ticked(step, case) -> bool:
    """A step is ticked by hand unless another app records it on its own page and no kind of ours does it."""
    return step_page(step.done_by, case) is None or bool(_own_kinds(step))


@transaction.atomic
def protocol_step_done(
    *, actor, case: SafetyCase, step_id: str, note: str, occurred_at: dt.datetime | None = None
) -> TimelineEvent:
    """Tick a step off with a note, for steps whose own page does not exist yet.

    A step completed by one of this app's own kinds (supervisor consulted, guardian notified...) is recorded as
    that kind, so it reads on the timeline as what happened; any other step as `protocol_step_done`.
    """
    step = _case_step(actor, case, step_id)
    page = step_page(step.done_by, case)
    if page is not None and not _own_kinds(step):
        raise ValidationError(f"This step is recorded on its own page: {page[0]} ({page[1]}).")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Write what was done (who, how, what was agreed)."})
    occurred_at = check_occurred_at(occurred_at, case)
    own = _own_kinds(step)
    kind = own[0] if own else events.STEP_DONE
    event = case_append_event(
        actor=actor,
        case=case,
        kind=kind,
        summary=f"{step.title}: {note}",
        details={"step_id": step.id, "step_title": step.title, "note": note},
        occurred_at=occurred_at,
    )
    audit_record(
        actor=actor, action="protocol.step_done", obj=event, client_id=case.client_id, detail={"step": step.id}
    )
    return event


@transaction.atomic
def consultation_confirm(*, actor, event: TimelineEvent, note: str = "") -> TimelineEvent:
    """A supervisor confirms, in the application, a consultation the clinician recorded with them."""
    if not actor.is_supervisor or event.organisation_id != actor.organisation_id:
        raise PermissionDenied("Only a supervisor of the practice confirms a consultation.")
    if event.kind != events.SUPERVISOR_CONSULTED:
        raise ValidationError("Only a recorded consultation can be confirmed.")
    case = event.case
    if TimelineEvent.objects.filter(
        case=case, kind=events.CONSULTATION_CONFIRMED, details__consultation=str(event.pk)
    ).exists():
        raise ValidationError("This consultation is already confirmed.")
    note = (note or "").strip()
    summary = f"{actor} confirmed the consultation recorded {event.occurred_at:%d %b %H:%M} by {event.actor}"
    confirmed = case_append_event(
        actor=actor,
        case=case,
        kind=events.CONSULTATION_CONFIRMED,
        summary=f"{summary}: {note}" if note else f"{summary}.",
        details={"consultation": str(event.pk), "note": note},
    )
    audit_record(
        actor=actor, action="protocol.consultation_confirm", obj=confirmed, client_id=case.client_id, detail={}
    )
    return confirmed
