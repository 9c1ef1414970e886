"""Logging emergency actions from the crisis console: each one a typed timeline event and an audit entry."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django.core.exceptions import ValidationError

from carepath.cases.models import SafetyCase
from carepath.cases.records import Entry, Recorded, case_record_append
from carepath.cases.services import check_occurred_at
from carepath.disclosures.services import disclosure_check, disclosure_write

from .models import ActionKind, CallOutcome, EmergencyAction

# Reference numbers of dispatch centres are letters, digits and a few separators; anything else is a typo
# or pasted text, and a wrong reference cannot be traced later.
REFERENCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./#:_-]{0,39}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{0,38}$")
TEXT_FIELDS = (
    "service",
    "number_dialled",
    "reference",
    "outcome",
    "facility",
    "crisis_line",
    "handed_over_to",
    "notes",
)


def _clean(kind: str, data: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in ActionKind.values:
        raise ValidationError({"kind": "Unknown emergency action."})
    if data["reference"] and not REFERENCE_RE.match(data["reference"]):
        errors["reference"] = (
            "A reference number may only contain letters, digits, spaces and . / # : _ - (at most 40 characters)."
        )
    if data["number_dialled"] and not PHONE_RE.match(data["number_dialled"]):
        errors["number_dialled"] = "Give the number as dialled, with digits, spaces, + ( ) - only."
    if data["outcome"] and data["outcome"] not in CallOutcome.values:
        errors["outcome"] = "Choose an outcome from the list."
    if kind == ActionKind.EMERGENCY_CALL:
        if not data["number_dialled"]:
            errors["number_dialled"] = "Give the number you dialled."
        data["outcome"] = data["outcome"] or CallOutcome.PENDING
    if kind == ActionKind.ESCORTED_TO_ED and not data["facility"]:
        errors["facility"] = "Name the emergency department."
    if kind == ActionKind.CLIENT_CALLED_LINE and not data["crisis_line"]:
        errors["crisis_line"] = "Say which crisis line the client called."
    if kind == ActionKind.CALL_OUTCOME and data["outcome"] in ("", CallOutcome.PENDING):
        errors["outcome"] = "Say what came of the call."
    if kind == ActionKind.OUTCOME:
        if not data["handed_over_to"]:
            errors["handed_over_to"] = "Say who took over the client's care."
        if not data["notes"]:
            errors["notes"] = "Describe how the emergency ended."
    if errors:
        raise ValidationError(errors)
    return data


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def action_summary(kind: str, data: dict[str, str]) -> str:
    """A plain, complete account of the action for the timeline."""
    parts: list[str] = []
    if kind == ActionKind.EMERGENCY_CALL:
        service = f" for {data['service']}" if data["service"] else ""
        parts.append(f"Emergency call placed to {data['number_dialled']}{service}.")
        if data["reference"]:
            parts.append(f"The reference number is {data['reference']}.")
        parts.append(f"Outcome: {CallOutcome(data['outcome']).label.lower()}.")
    elif kind == ActionKind.MOBILE_CRISIS:
        team = f" ({data['service']})" if data["service"] else ""
        parts.append(f"A mobile crisis team was requested{team}.")
        if data["number_dialled"]:
            parts.append(f"Requested by calling {data['number_dialled']}.")
        if data["reference"]:
            parts.append(f"The reference number is {data['reference']}.")
    elif kind == ActionKind.ESCORTED_TO_ED:
        parts.append(f"The client was escorted to the emergency department at {data['facility']}.")
        if data["handed_over_to"]:
            parts.append(f"Care was handed over to {_sentence(data['handed_over_to'])}")
    elif kind == ActionKind.STAYED:
        parts.append("The clinician stayed with the client until help arrived.")
        if data["handed_over_to"]:
            parts.append(f"Help that arrived: {_sentence(data['handed_over_to'])}")
    elif kind == ActionKind.CLIENT_CALLED_LINE:
        parts.append(f"The client called {data['crisis_line']} themselves.")
    elif kind == ActionKind.CALL_OUTCOME:
        parts.append(f"{CallOutcome(data['outcome']).label} after the call to {data['number_dialled']}.")
        if data["reference"]:
            parts.append(f"The reference number is {data['reference']}.")
    elif kind == ActionKind.OUTCOME:
        parts.append(f"Outcome of the emergency: {_sentence(data['notes'])}")
        parts.append(f"Care was taken over by {_sentence(data['handed_over_to'])}")
        return " ".join(parts)
    if data["notes"]:
        parts.append(_sentence(data["notes"]))
    return " ".join(parts)


DISCLOSING = (ActionKind.EMERGENCY_CALL, ActionKind.MOBILE_CRISIS, ActionKind.ESCORTED_TO_ED)


def _recipient(kind: str, data: dict[str, str]) -> tuple[str, str]:
    """Who was told, for the disclosure: the service called, the team, the emergency department."""
    if kind == ActionKind.ESCORTED_TO_ED:
        return data["facility"] + (f" ({data['handed_over_to']})" if data["handed_over_to"] else ""), "professional"
    number = f" ({data['number_dialled']})" if data["number_dialled"] else ""
    if kind == ActionKind.MOBILE_CRISIS:
        return (data["service"] or "Mobile crisis team") + number, "professional"
    service = data["service"] or "emergency services"
    kind_of = "professional" if service in ("ambulance",) else ("other" if service == "fire service" else "police")
    return f"Dispatch, {service}{number}", kind_of


def _call_of(case: SafetyCase, call_id) -> EmergencyAction:
    try:
        pk = call_id if isinstance(call_id, uuid.UUID) else uuid.UUID(str(call_id))
    except (TypeError, ValueError, AttributeError):
        pk = None
    call = EmergencyAction.objects.filter(pk=pk, case=case, kind=ActionKind.EMERGENCY_CALL).first() if pk else None
    if call is None:
        raise ValidationError({"call_id": "Choose the call on this case whose outcome you record."})
    return call


def emergency_action_record(
    *,
    actor,
    case: SafetyCase,
    kind: str,
    occurred_at: dt.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
    call_id: uuid.UUID | str | None = None,
    shared: str = "",
    basis_id: str = "",
    documentation: dict | None = None,
    **fields: str,
) -> Recorded[EmergencyAction]:
    """Log one emergency action; a repeated idempotency key returns the action saved the first time.

    The outcome of a call (`emergency_call_outcome`) names the call it completes (`call_id`). An emergency call,
    a mobile crisis request or an escort to an emergency department that told them about the client (`shared`)
    records that as a disclosure on its legal basis, in the same transaction, so the accounting misses none.
    The client's location as the case knows it goes with the action. `case_record_append` holds the transaction
    (`prepare` runs inside it): no savepoint of its own, two statements fewer on the crisis console's path.
    """

    def prepare() -> Entry:
        unknown = set(fields) - set(TEXT_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
        data = {name: (fields.get(name) or "").strip() for name in TEXT_FIELDS}
        call = None
        if kind == ActionKind.CALL_OUTCOME:
            call = _call_of(case, call_id)
            data["number_dialled"] = call.number_dialled
        data = _clean(kind, data)
        details = {"action": kind, **{k: v for k, v in data.items() if v}}
        if call is not None:
            details["call"] = str(call.pk)
        if getattr(case, "location", "") and kind in DISCLOSING:
            details["client_location"] = case.location
        when = check_occurred_at(occurred_at, case)
        text = (shared or "").strip()
        checked = None
        if text and kind in DISCLOSING:
            recipient, recipient_type = _recipient(kind, data)
            checked = disclosure_check(
                actor=actor,
                case=case,
                recipient=recipient,
                recipient_type=recipient_type,
                shared=text,
                basis_id=basis_id,
                documentation=documentation,
                categories=["risk_status", "location"],
                purpose="Emergency response: to protect the client" + (" and others" if case.at_risk != "self" else ""),
            )
        elif text:
            raise ValidationError({"shared": "Only an emergency call, a mobile crisis request or an escort discloses."})

        def disclose() -> tuple[dict, dict]:
            if checked is None:
                return {}, {}
            disclosure = disclosure_write(actor=actor, case=case, checked=checked, occurred_at=when)
            return {}, {"disclosure": str(disclosure.pk), "basis_id": checked.basis["id"], "shared": text}

        return Entry(
            kind=kind,
            summary=action_summary(kind, data) + (f" Told them: {_sentence(text)}" if text else ""),
            occurred_at=when,
            details=details,
            fields={"kind": kind, "call": call, **data},
            audit_action=f"emergency.{kind}",
            also=disclose,
        )

    return case_record_append(
        actor=actor, case=case, model=EmergencyAction, prepare=prepare, idempotency_key=idempotency_key
    )
