"""Every write to safety cases and their timelines: open, record, amend, change risk, close."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from carepath.audit.services import audit_record
from carepath.clients.access import can_see_client
from carepath.clients.models import Client
from carepath.core import clock
from carepath.jurisdictions import packs
from carepath.jurisdictions.selectors import snapshot

from . import events, hooks
from .models import RISK_RANK, AtRisk, CaseStatus, RiskLevel, SafetyCase, TimelineEvent
from .vocabulary import RISK_LEVELS

RISK_CHOICE = f"Choose a risk level: {', '.join(RISK_LEVELS[:-1])} or {RISK_LEVELS[-1]}."
# Clocks on phones drift; an event a little "in the future" is a clock, not a prophecy.
FUTURE_TOLERANCE = dt.timedelta(minutes=2)


def require_case_access(actor, case: SafetyCase) -> None:
    """Refuse unless `actor` may work on `case` (same practice, clinical role, sees the client). Step apps use it."""
    if not actor.is_clinical or case.organisation_id != actor.organisation_id or not can_see_client(actor, case.client):
        raise PermissionDenied("You are not on this client's care team.")


def require_case_open(case: SafetyCase) -> None:
    """Refuse writes to a closed case."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This safety case is closed; open a new one if the risk has returned.")


def check_occurred_at(occurred_at: dt.datetime | None, case: SafetyCase | None = None) -> dt.datetime:
    """When something happened: now when not given; never in the future, nor long before the case opened."""
    now = clock.now()
    if occurred_at is None:
        return now
    if timezone.is_naive(occurred_at):
        raise ValidationError({"occurred_at": "Give the time with its time zone."})
    if occurred_at > now + FUTURE_TOLERANCE:
        raise ValidationError({"occurred_at": "This time is in the future; give the time it actually happened."})
    if case is not None and occurred_at < case.opened_at - dt.timedelta(days=30):
        raise ValidationError({"occurred_at": "This time is long before the case opened; check the date."})
    return occurred_at


def case_append_event(
    *,
    actor,
    case: SafetyCase,
    kind: str,
    summary: str,
    details: dict[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
    amends: TimelineEvent | None = None,
    notify: bool = True,
) -> TimelineEvent:
    """Append a timeline event; callers have checked permission and hold a transaction.

    Apps that react to events of this kind (`CaseHooks.on_event`) are told at once, in the same transaction,
    unless `notify` is False (the caller then tells them itself, once its own rows are written).
    """
    if kind not in events.EVENT_KINDS:
        raise ValueError(f"Unknown timeline event kind '{kind}'")
    now = clock.now()
    event = TimelineEvent.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        kind=kind,
        summary=summary,
        details=details or {},
        occurred_at=occurred_at or now,
        recorded_at=now,
        actor=actor,
        amends=amends,
    )
    SafetyCase.objects.filter(pk=case.pk).update(last_activity_at=now)
    case.last_activity_at = now
    if notify:
        hooks.event_recorded(actor, event)
    return event


def _clean_risk(risk_level: str) -> str:
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": RISK_CHOICE})
    return risk_level


@transaction.atomic
def case_open(
    *,
    actor,
    client: Client,
    risk_level: str,
    concern: str,
    at_risk: str = AtRisk.SELF,
    potential_victims: str = "",
    occurred_at: dt.datetime | None = None,
    location: str = "",
) -> SafetyCase:
    """Report risk: open a safety case with the client's jurisdiction as it stands now."""
    if not actor.is_clinical or client.organisation_id != actor.organisation_id or not can_see_client(actor, client):
        raise PermissionDenied("You are not on this client's care team.")
    errors: dict[str, str] = {}
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = RISK_CHOICE
    if not (concern or "").strip():
        errors["concern"] = "Describe what was reported, in a sentence or two."
    if at_risk not in AtRisk.values:
        errors["at_risk"] = "Say who is at risk."
    elif at_risk != AtRisk.SELF and not (potential_victims or "").strip():
        errors["potential_victims"] = "Name the people who may be at risk (or describe them as precisely as you can)."
    if errors:
        raise ValidationError(errors)
    occurred_at = check_occurred_at(occurred_at)
    if SafetyCase.objects.filter(client=client).exclude(status=CaseStatus.CLOSED).exists():
        raise ValidationError("This client already has an open safety case; record the new risk on it.")
    try:
        jurisdiction = snapshot(client.jurisdiction)
    except packs.UnknownJurisdiction:
        jurisdiction = {"code": client.jurisdiction, "name": None, "unknown": True}
    try:
        with transaction.atomic():
            case = SafetyCase.objects.create(
                organisation_id=client.organisation_id,
                client=client,
                risk_level=risk_level,
                risk_rank=RISK_RANK[risk_level],
                at_risk=at_risk,
                potential_victims=(potential_victims or "").strip() if at_risk != AtRisk.SELF else "",
                concern=concern.strip(),
                location=(location or "").strip()[:500],
                location_updated_at=clock.now() if (location or "").strip() else None,
                jurisdiction_code=client.jurisdiction,
                jurisdiction_snapshot=jurisdiction,
                opened_by=actor,
                opened_at=occurred_at,
                risk_raised_at=occurred_at,
                last_activity_at=clock.now(),
            )
    except IntegrityError:
        raise ValidationError("This client already has an open safety case; record the new risk on it.")
    case_append_event(
        actor=actor,
        case=case,
        kind=events.CASE_OPENED,
        summary=f"Risk reported ({case.get_risk_level_display().lower()}): {case.concern}",
        details={
            "risk_level": risk_level,
            "at_risk": at_risk,
            "potential_victims": case.potential_victims,
            "jurisdiction": client.jurisdiction,
            "location": case.location,
        },
        occurred_at=occurred_at,
    )
    audit_record(actor=actor, action="case.open", obj=case)
    hooks.case_opened(actor, case)
    return case


@transaction.atomic
def case_record_event(
    *,
    actor,
    case: SafetyCase,
    kind: str,
    summary: str,
    details: dict[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
) -> TimelineEvent:
    require_case_access(actor, case)
    require_case_open(case)
    if kind not in events.EVENT_KINDS:
        raise ValidationError({"kind": "Unknown kind of event."})
    if not (summary or "").strip():
        raise ValidationError({"summary": "Write what happened."})
    occurred_at = check_occurred_at(occurred_at, case)
    event = case_append_event(
        actor=actor, case=case, kind=kind, summary=summary.strip(), details=details, occurred_at=occurred_at
    )
    audit_record(actor=actor, action="event.record", obj=event, client_id=case.client_id, detail={"kind": kind})
    return event


@transaction.atomic
def event_amend(*, actor, event: TimelineEvent, correction: str, reason: str) -> TimelineEvent:
    """Correct an event by appending an amendment that points at it; the original stays as written."""
    case = event.case
    require_case_access(actor, case)
    errors = {}
    if not (correction or "").strip():
        errors["correction"] = "Write the corrected account."
    if not (reason or "").strip():
        errors["reason"] = "Say why the entry is being corrected."
    if errors:
        raise ValidationError(errors)
    amendment = case_append_event(
        actor=actor,
        case=case,
        kind=events.AMENDMENT,
        summary=correction.strip(),
        details={"reason": reason.strip(), "amended_kind": event.kind},
        occurred_at=event.occurred_at,
        amends=event,
    )
    audit_record(
        actor=actor, action="event.amend", obj=amendment, client_id=case.client_id, detail={"amends": str(event.pk)}
    )
    return amendment


@transaction.atomic
def case_change_risk_level(
    *, actor, case: SafetyCase, risk_level: str, reason: str, details: dict[str, Any] | None = None
) -> SafetyCase:
    require_case_access(actor, case)
    require_case_open(case)
    _clean_risk(risk_level)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the risk level changes."})
    previous = case.risk_level
    if previous == risk_level:
        raise ValidationError({"risk_level": f"The case is already at {case.get_risk_level_display().lower()} risk."})
    details = dict(details or {})
    if RISK_RANK[risk_level] < RISK_RANK[previous]:
        details["evidence"] = _step_down_evidence(actor, case, details)
    case.risk_level, case.risk_rank = risk_level, RISK_RANK[risk_level]
    case.save(update_fields=["risk_level", "risk_rank"])
    event = case_append_event(
        actor=actor,
        case=case,
        kind=events.RISK_LEVEL_CHANGED,
        summary=f"Risk level {previous} → {risk_level}: {reason.strip()}",
        details={"from": previous, "to": risk_level, "reason": reason.strip(), **details},
    )
    if RISK_RANK[risk_level] > RISK_RANK[previous] and event.occurred_at > last_raise_at(case):
        case.risk_raised_at = event.occurred_at
        SafetyCase.objects.filter(pk=case.pk).update(risk_raised_at=event.occurred_at)
    audit_record(actor=actor, action="case.risk_level", obj=case)
    hooks.risk_changed(actor, case, previous)
    return case


def last_raise_at(case: SafetyCase) -> dt.datetime:
    """When the risk was last raised on this case (or the case opened): kept on the case by `case_open` and
    `case_change_risk_level` (and filled in from the risk changes by migration cases.0004)."""
    return case.risk_raised_at or case.opened_at


def _step_down_evidence(actor, case: SafetyCase, details: dict) -> str:
    """Lowering the risk needs an assessment since the risk was last raised, or a supervisor's rationale."""
    if details.get("assessment"):
        return "the assessment linked to this change"
    since = last_raise_at(case)
    found = hooks.risk_evidence(case, since)
    if found:
        return found
    if actor.is_supervisor:
        return f"rationale of {actor} (supervisor)"
    raise ValidationError(
        {
            "risk_level": (
                "Lowering the risk needs a suicide risk assessment recorded since the risk was last raised "
                f"({case.organisation.format_time(since)}): record one (a C-SSRS or a risk formulation), or ask a "
                "supervisor to step the risk down with their rationale."
            )
        }
    )


@transaction.atomic
def case_close(
    *, actor, case: SafetyCase, reason: str, status: str = CaseStatus.CLOSED, override: bool = False
) -> SafetyCase:
    """Close a case, or step it down to monitoring; both need a written reason.

    Other apps may block closing (outstanding protocol steps, open follow-ups, see `hooks.close_blockers`);
    a supervisor may close over them with `override=True`, and the blockers are kept on the record.
    """
    require_case_access(actor, case)
    require_case_open(case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Write why the case can be closed."})
    if status not in (CaseStatus.CLOSED, CaseStatus.MONITORING):
        raise ValidationError({"status": "Choose closed or monitoring."})
    if status == CaseStatus.MONITORING and case.status == CaseStatus.MONITORING:
        raise ValidationError({"status": "The case is already being monitored."})
    if case.risk_level == RiskLevel.IMMINENT:
        raise ValidationError(
            {
                "status": (
                    "The case is at imminent risk: it cannot be closed or moved to monitoring. Lower the risk level "
                    "first, with the assessment that shows the risk has passed."
                )
            }
        )
    blockers = hooks.close_blockers(actor, case, status)
    if blockers and not override:
        raise ValidationError(
            "The case cannot close yet: " + "; ".join(blockers) + ". A supervisor can close it with a written reason."
        )
    if blockers and not actor.is_supervisor:
        raise PermissionDenied("Only a supervisor can close a case over outstanding steps.")
    previous = case.status
    now = clock.now()
    case.status = status
    if status == CaseStatus.CLOSED:
        case.closed_by, case.closed_at, case.close_reason = actor, now, reason
    case.save()
    kind = events.CASE_CLOSED if status == CaseStatus.CLOSED else events.STATUS_CHANGED
    verb = "Closed" if status == CaseStatus.CLOSED else "Moved to monitoring"
    case_append_event(
        actor=actor,
        case=case,
        kind=kind,
        summary=f"{verb}{' by supervisor over outstanding items' if blockers else ''}: {reason}",
        details={"from": previous, "to": status, "reason": reason, "overridden": blockers},
    )
    audit_record(actor=actor, action=f"case.{status}", obj=case, detail={"overridden": len(blockers)})
    hooks.case_closed(actor, case, status, reason)
    return case


@transaction.atomic
def case_set_location(*, actor, case: SafetyCase, location: str) -> SafetyCase:
    """Where the client is now; the change is on the timeline (responders' address, 'at her sister's')."""
    require_case_access(actor, case)
    require_case_open(case)
    location = (location or "").strip()[:500]
    if not location:
        raise ValidationError({"location": "Write where the client is now (or 'location unknown')."})
    if location == case.location:
        return case
    case.location, case.location_updated_at = location, clock.now()
    case.save(update_fields=["location", "location_updated_at"])
    case_append_event(
        actor=actor,
        case=case,
        kind=events.LOCATION_CHANGED,
        summary=f"The client is now: {location}",
        details={"location": location},
    )
    audit_record(actor=actor, action="case.location", obj=case)
    return case


def note_client_change(actor, client: Client, change: str, summary: str, details: dict) -> None:
    """A change to the client's record (details, contacts, care team, break the glass) goes on their open cases."""
    for case in SafetyCase.objects.filter(client=client).exclude(status=CaseStatus.CLOSED):
        case_append_event(actor=actor, case=case, kind=change, summary=summary, details=details)
