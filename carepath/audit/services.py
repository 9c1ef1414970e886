"""Writing audit entries. Services call `audit_record` themselves, inside their own transaction."""

from __future__ import annotations

import contextvars
import re
from typing import Any

from django.db import models

from . import chain
from .models import AuditEntry

# The client IP of the request being served; set by middleware, None on the command line.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("carepath_current_ip", default=None)


# What an audit entry may say beyond who, what action and which record: ids, kinds, counts, field names, dates.
# Never free text: what a clinician wrote (reasons, notes, risk formulations) belongs on the timeline, which
# only the care team reads; auditors read this trail.
_PLAIN = re.compile(r"^[A-Za-z0-9_.:@+\-]{0,100}$")


def _check_detail(detail: dict) -> None:
    def plain(value) -> bool:
        if value is None or isinstance(value, bool | int | float):
            return True
        if isinstance(value, str):
            return bool(_PLAIN.match(value))
        if isinstance(value, list | tuple):
            return all(plain(v) for v in value)
        return False

    for key, value in detail.items():
        if not plain(value):
            raise ValueError(f"audit detail '{key}' looks like free text; keep clinical words on the timeline")


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    client_id: Any | None = None,
    organisation_id: Any | None = None,
    detail: dict | None = None,
    actor_label: str = "",
    ip: str | None = None,
) -> AuditEntry:
    """Append an entry: who (actor), did what (action, e.g. 'case.view'), to which record."""
    _check_detail(detail or {})
    if organisation_id is None:
        organisation_id = getattr(actor, "organisation_id", None) or getattr(obj, "organisation_id", None)
    if client_id is None and obj is not None:
        client_id = getattr(obj, "client_id", None) or (obj.pk if obj._meta.model_name == "client" else None)
    return chain.append(
        organisation_id=organisation_id,
        actor_id=getattr(actor, "pk", None),
        actor_label=actor_label or (getattr(actor, "email", "") if actor else ""),
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        client_id=client_id,
        detail=detail or {},
        ip=ip if ip is not None else current_ip.get(),
    )


def audit_record_many(*, organisation_id: Any, entries: list[dict]) -> list[AuditEntry]:
    """Append entries of one organisation together (one lock, one head read, one insert): each dict has the
    arguments of `audit_record` except the organisation (actor, action, obj, client_id, detail, actor_label)."""
    rows = []
    for item in entries:
        detail = item.get("detail") or {}
        _check_detail(detail)
        actor, obj = item.get("actor"), item.get("obj")
        client_id = item.get("client_id")
        if client_id is None and obj is not None:
            client_id = getattr(obj, "client_id", None) or (obj.pk if obj._meta.model_name == "client" else None)
        rows.append(
            {
                "actor_id": getattr(actor, "pk", None),
                "actor_label": item.get("actor_label") or (getattr(actor, "email", "") if actor else ""),
                "action": item["action"],
                "object_type": obj._meta.model_name if obj is not None else "",
                "object_id": str(obj.pk) if obj is not None else "",
                "client_id": client_id,
                "detail": detail,
                "ip": item.get("ip") if item.get("ip") is not None else current_ip.get(),
            }
        )
    return chain.append_many(organisation_id, rows)
