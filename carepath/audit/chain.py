"""Writing and verifying the hash chains of the audit trail.

Each organisation has its own chain (entries without an organisation, such as failed sign-ins of unknown
emails, form one more chain of their own), so that audited requests of different organisations never wait
for each other. Each entry stores its place in its chain (`seq`, 1, 2, 3, ...) and the SHA-256 of its
canonical content, which includes the organisation, the place and the previous entry's hash.

Two writers can never fork a chain: a unique constraint on (organisation, seq) refuses a second entry at the
same place. So that they do not have to retry, appending first takes a lock on the one chain: PostgreSQL
takes a transaction-scoped advisory lock keyed by the organisation; SQLite runs every transaction IMMEDIATE
(see settings), which already serialises writers.

Entries written before there were chains (seq NULL) are the legacy global chain, verified in id order as
they were written; every organisation's chain starts from the legacy chain's last hash (GENESIS when there
is none), so deleting or adding a legacy entry breaks every chain after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from carepath.core import clock

from .models import AuditEntry

GENESIS = "0" * 64
_PG_LOCK_CLASS = 724_053  # arbitrary constant naming the audit chains' advisory locks (one per organisation)
_NO_ORG = "-"  # the chain of entries without an organisation, in the lock key


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _content(
    at, organisation_id, actor_id, actor_label, action, object_type, object_id, client_id, detail, ip, prev_hash, seq
) -> bytes:
    content = {
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "organisation": str(organisation_id) if organisation_id else None,
        "actor": str(actor_id) if actor_id else None,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "client": str(client_id) if client_id else None,
        "detail": detail,
        "ip": ip,
        "prev": prev_hash,
    }
    if seq is not None:  # legacy entries (no seq) keep the content they were hashed with
        content["seq"] = seq
    return _json(content).encode()


def canonical(entry: AuditEntry) -> bytes:
    return _content(
        entry.at,
        entry.organisation_id,
        entry.actor_id,
        entry.actor_label,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.client_id,
        entry.detail,
        entry.ip,
        entry.prev_hash,
        entry.seq,
    )


def digest(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def legacy_head() -> str:
    """The last hash of the legacy global chain (entries without seq), where every organisation's chain starts."""
    last = AuditEntry.objects.filter(seq__isnull=True).order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS


def _chain(organisation_id):
    entries = AuditEntry.objects.filter(seq__isnull=False)
    if organisation_id is None:
        return entries.filter(organisation_id__isnull=True)
    return entries.filter(organisation_id=organisation_id)


def append(**fields) -> AuditEntry:
    """Append one entry to its organisation's chain, inside the caller's transaction when there is one.

    The chain's lock is held from here to the end of that transaction (a service is best to append its
    entry last); an audited read outside a transaction holds it only for this append.
    """
    organisation_id = fields.get("organisation_id")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                    [_PG_LOCK_CLASS, str(organisation_id) if organisation_id else _NO_ORG],
                )
        head = _chain(organisation_id).order_by("-seq").values_list("seq", "hash").first()
        seq, prev = head if head else (0, legacy_head())
        entry = AuditEntry(at=fields.pop("at", None) or clock.now(), prev_hash=prev, seq=seq + 1, **fields)
        # JSON round trip so the hash covers exactly what the database will give back.
        entry.detail = json.loads(json.dumps(entry.detail or {}, default=str))
        entry.hash = digest(entry)
        entry.save(force_insert=True)
    return entry


@dataclass
class ChainResult:
    organisation_id: str | None  # None: entries without an organisation; "legacy": the pre-chain entries
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""
    last_hash: str = GENESIS


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""
    last_hash: str = GENESIS
    chains: list[ChainResult] = field(default_factory=list)


_COLUMNS = (
    "id",
    "at",
    "organisation_id",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "detail",
    "ip",
    "prev_hash",
    "seq",
    "hash",
)


def _rows(queryset, key: str, batch: int) -> Iterator[tuple]:
    """Rows of `queryset` in `key` order, fetched in batches by key (no server-side cursor, no OFFSET)."""
    last = 0
    while True:
        rows = list(queryset.filter(**{f"{key}__gt": last}).order_by(key).values_list(*_COLUMNS)[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1][0] if key == "id" else rows[-1][12]


def _verify_rows(rows: Iterator[tuple], start: str, label, *, numbered: bool) -> ChainResult:
    sha256 = hashlib.sha256
    prev = start
    checked = 0
    for pk, at, org, actor, actor_label, action, otype, oid, client, detail, ip, prev_hash, seq, stored in rows:
        if numbered and seq != checked + 1:
            problem = "an entry before it is missing" if seq > checked + 1 else "it is out of place"
            return ChainResult(label, False, checked, pk, problem, prev)
        if prev_hash != prev:
            return ChainResult(label, False, checked, pk, "does not point at the entry before it", prev)
        content = _content(at, org, actor, actor_label, action, otype, oid, client, detail, ip, prev_hash, seq)
        if sha256(content).hexdigest() != stored:
            return ChainResult(label, False, checked, pk, "its content does not match its hash", prev)
        prev = stored
        checked += 1
    return ChainResult(label, True, checked, last_hash=prev)


def chain_keys() -> list[str | None]:
    """Every chain there is: the organisations with entries (and None for the entries without one)."""
    keys = AuditEntry.objects.filter(seq__isnull=False).values_list("organisation_id", flat=True).distinct()
    return sorted(keys, key=lambda k: (k is not None, str(k)))


def verify_chain(organisation_id, start: str, *, batch: int = 20_000) -> ChainResult:
    label = str(organisation_id) if organisation_id else None
    return _verify_rows(_rows(_chain(organisation_id), "seq", batch), start, label, numbered=True)


def verify(*, batch: int = 20_000) -> VerifyResult:
    """Check the legacy chain, then every organisation's chain; the first broken entry is reported."""
    legacy = _verify_rows(
        _rows(AuditEntry.objects.filter(seq__isnull=True), "id", batch), GENESIS, "legacy", numbered=False
    )
    results = [legacy] if legacy.checked or not legacy.ok else []
    if legacy.ok:
        for key in chain_keys():
            results.append(verify_chain(key, legacy.last_hash, batch=batch))
    checked = sum(r.checked for r in results)
    bad = next((r for r in results if not r.ok), None)
    if bad:
        return VerifyResult(False, checked, bad.first_bad_id, bad.problem, bad.last_hash, results)
    return VerifyResult(True, checked, last_hash=legacy.last_hash, chains=results)
