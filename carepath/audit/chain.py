"""Writing and verifying the hash chain of the audit trail.

Each entry stores the SHA-256 of its canonical content, which includes the previous entry's hash.
Appending takes a lock so that parallel writers never fork the chain: PostgreSQL takes a
transaction-scoped advisory lock; SQLite runs every transaction IMMEDIATE (see settings), which
already serialises writers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction

from carepath.core import clock

from .models import AuditEntry

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_240_531_001  # arbitrary constant naming the audit chain's advisory lock


def canonical(entry: AuditEntry) -> bytes:
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    content = {
        "at": at,
        "organisation": str(entry.organisation_id) if entry.organisation_id else None,
        "actor": str(entry.actor_id) if entry.actor_id else None,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "client": str(entry.client_id) if entry.client_id else None,
        "detail": entry.detail,
        "ip": entry.ip,
        "prev": entry.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def digest(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def append(**fields) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction when there is one."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(at=fields.pop("at", None) or clock.now(), prev_hash=last or GENESIS, **fields)
        # JSON round trip so the hash covers exactly what the database will give back.
        entry.detail = json.loads(json.dumps(entry.detail or {}, default=str))
        entry.hash = digest(entry)
        entry.save(force_insert=True)
    return entry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""
    last_hash: str = GENESIS


def _iter_entries(batch: int = 5000) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def verify() -> VerifyResult:
    prev = GENESIS
    checked = 0
    for entry in _iter_entries():
        if entry.prev_hash != prev:
            return VerifyResult(False, checked, entry.id, "does not point at the entry before it", prev)
        if digest(entry) != entry.hash:
            return VerifyResult(False, checked, entry.id, "its content does not match its hash", prev)
        prev = entry.hash
        checked += 1
    return VerifyResult(True, checked, last_hash=prev)
