"""The one way a step app records something on a safety case: its row, its timeline event and the audit entry.

A step app's record model extends `CaseRecord` (see models.py) and its service calls `case_record_append`
with a `prepare` function that checks the input and says what to write. The kit does the rest, in one
transaction and in this order:

1. the member may work on the case (`require_case_access`);
2. a repeated idempotency key (a retried offline submit) returns the record saved the first time;
3. the case is still open;
4. `prepare()` checks the input and returns an `Entry` (raising ValidationError names the fields);
5. the `Entry.also` writes (e.g. a disclosure a contact attempt makes), the timeline event and the row;
6. two deliveries of one key racing each other: the loser returns the winner's record;
7. the audit entry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from carepath.audit.services import audit_record

from . import hooks
from .models import CaseRecord, SafetyCase, TimelineEvent
from .services import case_append_event, require_case_access, require_case_open

R = TypeVar("R", bound=CaseRecord)


@dataclass
class Entry:
    """What `prepare()` decided to write, after checking the input."""

    kind: str  # the timeline event kind
    summary: str
    occurred_at: dt.datetime
    fields: dict[str, Any]  # the record's own columns
    details: dict[str, Any] = field(default_factory=dict)  # the timeline event's details
    audit_action: str = ""
    audit_detail: dict[str, Any] = field(default_factory=dict)
    # Further writes in the same transaction, before the event; returns (extra record fields, extra details).
    also: Callable[[], tuple[dict[str, Any], dict[str, Any]]] | None = None
    amends: TimelineEvent | None = None


@dataclass(frozen=True)
class Recorded(Generic[R]):
    record: R
    created: bool  # False when the idempotency key had been used: nothing new was written


def existing_record(model: type[R], key: uuid.UUID | None, case: SafetyCase) -> R | None:
    """The record already saved under this idempotency key (a retried submit), or None."""
    if key is None:
        return None
    found = model.objects.filter(idempotency_key=key).first()
    if found is not None and found.case_id != case.pk:
        raise ValidationError("This form was already used for another safety case; reload the page.")
    return found


@transaction.atomic
def case_record_append(
    *,
    actor,
    case: SafetyCase,
    model: type[R],
    prepare: Callable[[], Entry],
    idempotency_key: uuid.UUID | None = None,
) -> Recorded[R]:
    """Append one step record to a case (see the module's docstring for the order of checks)."""
    require_case_access(actor, case)
    existing = existing_record(model, idempotency_key, case)
    if existing is not None:
        return Recorded(existing, False)
    require_case_open(case)
    entry = prepare()
    try:
        with transaction.atomic():
            extra_fields, extra_details = entry.also() if entry.also else ({}, {})
            event = case_append_event(
                actor=actor,
                case=case,
                kind=entry.kind,
                summary=entry.summary,
                details={**entry.details, **extra_details},
                occurred_at=entry.occurred_at,
                amends=entry.amends,
                notify=False,
            )
            record = model.objects.create(
                organisation_id=case.organisation_id,
                case=case,
                actor=actor,
                occurred_at=entry.occurred_at,
                recorded_at=event.recorded_at,
                event=event,
                idempotency_key=idempotency_key,
                **entry.fields,
                **extra_fields,
            )
            hooks.event_recorded(actor, event)
    except IntegrityError:
        existing = existing_record(model, idempotency_key, case)
        if existing is None:
            raise
        return Recorded(existing, False)
    audit_record(
        actor=actor,
        action=entry.audit_action or f"{model._meta.app_label}.{model._meta.model_name}.record",
        obj=record,
        client_id=case.client_id,
        detail=entry.audit_detail,
    )
    return Recorded(record, True)
