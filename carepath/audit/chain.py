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
import multiprocessing
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat

from django.db import connection, transaction

from carepath.core import clock

from .models import AuditEntry

GENESIS = "0" * 64
_PG_LOCK_CLASS = 724_053  # arbitrary constant naming the audit chains' advisory locks (one per organisation)
_NO_ORG = "-"  # the chain of entries without an organisation, in the lock key


_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str (C-accelerated)


def _text(value) -> str:
    return "null" if value is None else _string(value)


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _content(
    at: str, organisation, actor, actor_label, action, object_type, object_id, client, detail: str, ip, prev_hash, seq
) -> bytes:
    """The canonical content: compact JSON, keys sorted, of the entry's fields as text.

    `at` is the ISO time in UTC to the microsecond, the ids are text (or None), `detail` is already
    canonical JSON. Written out by hand (it is what verification spends its time on); the result is byte
    for byte what `json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)` gives for
    the same dict, which is how the legacy entries were hashed (tests/audit checks this).
    """
    content = (
        f'{{"action":{_string(action)},"actor":{_text(actor)},"actor_label":{_string(actor_label)},'
        f'"at":{_string(at)},"client":{_text(client)},"detail":{detail},"ip":{_text(ip)},'
        f'"object_id":{_string(object_id)},"object_type":{_string(object_type)},'
        f'"organisation":{_text(organisation)},"prev":{_string(prev_hash)}'
    )
    # Legacy entries (no seq) keep the content they were hashed with.
    return (content + ("}" if seq is None else f',"seq":{int(seq)}}}')).encode()


def _id(value) -> str | None:
    return str(value) if value else None


def canonical(entry: AuditEntry) -> bytes:
    return _content(
        entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        _id(entry.organisation_id),
        _id(entry.actor_id),
        entry.actor_label,
        entry.action,
        entry.object_type,
        entry.object_id,
        _id(entry.client_id),
        _json(entry.detail),
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


def _lock_head(organisation_id) -> tuple[int, str]:
    """Take the chain's lock (to the end of the transaction) and read its head: the last place and hash."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                [_PG_LOCK_CLASS, str(organisation_id) if organisation_id else _NO_ORG],
            )
        cursor.execute(*_head_sql(organisation_id))
        head = cursor.fetchone()
    return tuple(head) if head else (0, legacy_head())


def _head_sql(organisation_id) -> tuple[str, list]:
    """The chain's last place and hash, as `_chain(organisation_id).order_by("-seq")` asks it (one probe of
    the chain's unique index), written out: every audited request asks it, and the ORM took longer to build
    the query than the database to answer it."""
    q = connection.ops.quote_name
    table, org, seq, hashed = (q(n) for n in (AuditEntry._meta.db_table, "organisation_id", "seq", "hash"))
    sql = f"SELECT {seq}, {hashed} FROM {table} WHERE {seq} IS NOT NULL AND {org} "
    if organisation_id is None:
        return sql + f"IS NULL ORDER BY {seq} DESC LIMIT 1", []
    value = AuditEntry._meta.get_field("organisation_id").get_db_prep_value(organisation_id, connection)
    return sql + f"= %s ORDER BY {seq} DESC LIMIT 1", [value]


def append(**fields) -> AuditEntry:
    """Append one entry to its organisation's chain, inside the caller's transaction when there is one.

    The chain's lock is held from here to the end of that transaction (a service is best to append its
    entry last); an audited read outside a transaction holds it only for this append.
    """
    for key in ("organisation_id", "actor_id", "client_id"):  # as the database gives them back (and one lock key)
        if fields.get(key) and not isinstance(fields[key], uuid.UUID):
            fields[key] = uuid.UUID(str(fields[key]))
    organisation_id = fields.get("organisation_id")
    # No savepoint of its own: an entry that cannot be written fails the caller's whole transaction, never
    # only itself (a caught error would otherwise leave the caller's change saved without its entry).
    with transaction.atomic(savepoint=False):
        seq, prev = _lock_head(organisation_id)
        entry = AuditEntry(at=fields.pop("at", None) or clock.now(), prev_hash=prev, seq=seq + 1, **fields)
        # JSON round trip so the hash covers exactly what the database will give back.
        entry.detail = json.loads(json.dumps(entry.detail or {}, default=str))
        entry.hash = digest(entry)
        entry.save(force_insert=True)
    return entry


def append_many(organisation_id, entries: list[dict]) -> list[AuditEntry]:
    """Append several entries to one organisation's chain in one go, in the caller's transaction: the lock is
    taken and the chain's head read once, and the entries are inserted together (a worker's batch of
    reminders, say). Same content and hashes as appending them one by one."""
    if not entries:
        return []
    if organisation_id and not isinstance(organisation_id, uuid.UUID):
        organisation_id = uuid.UUID(str(organisation_id))
    rows: list[AuditEntry] = []
    with transaction.atomic(savepoint=False):
        seq, prev = _lock_head(organisation_id)
        now = clock.now()
        for fields in entries:
            fields = dict(fields)
            for key in ("actor_id", "client_id"):
                if fields.get(key) and not isinstance(fields[key], uuid.UUID):
                    fields[key] = uuid.UUID(str(fields[key]))
            fields.pop("organisation_id", None)
            seq += 1
            entry = AuditEntry(
                at=fields.pop("at", None) or now, organisation_id=organisation_id, prev_hash=prev, seq=seq, **fields
            )
            entry.detail = json.loads(json.dumps(entry.detail or {}, default=str))
            entry.hash = digest(entry)
            prev = entry.hash
            rows.append(entry)
        AuditEntry.objects.bulk_create(rows, batch_size=500)
    return rows


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
# PostgreSQL hands the fields over as the text the hash is made of: no parsing of times, ids or JSON
# into Python objects only to print them again. (inet's own output is the address without its /32.)
_PG_AT = """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
# Entries without detail (most: page views) are hashed by PostgreSQL itself, from the same canonical content
# `_content` writes: to_json escapes a string exactly as Python's json does (\" \\ \b \f \n \r \t, other
# control characters as \u00xx, everything else as it is); ids, times and hashes need no escaping (as in
# `_verify_rows`). The others are hashed in Python. tests/audit checks both against `canonical` with awkward
# text. Functions are named in pg_catalog so that nothing earlier on the search path can stand in for them.
_PG_HASH = f"""pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
        '{{"action":' || pg_catalog.to_json(action)::text
        || ',"actor":' || coalesce('"' || actor_id::text || '"', 'null')
        || ',"actor_label":' || pg_catalog.to_json(actor_label)::text
        || ',"at":"' || {_PG_AT} || '"'
        || ',"client":' || coalesce('"' || client_id::text || '"', 'null')
        || ',"detail":{{}},"ip":' || coalesce('"' || pg_catalog.host(ip) || '"', 'null')
        || ',"object_id":' || pg_catalog.to_json(object_id)::text
        || ',"object_type":' || pg_catalog.to_json(object_type)::text
        || ',"organisation":' || coalesce('"' || organisation_id::text || '"', 'null')
        || ',"prev":"' || prev_hash || '"'
        || CASE WHEN seq IS NULL THEN '}}' ELSE ',"seq":' || seq::text || '}}' END,
    'UTF8')), 'hex')"""
_PG_FIELDS = (
    _PG_AT,
    "organisation_id::text",
    "actor_id::text",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "client_id::text",
    "detail",
    "ip",
)
_PG_EMPTY = "detail = '{}'::jsonb"
# The rows as the text the hash is made of (no parsing of times, ids or JSON into Python objects only to
# print them again); for the rows PostgreSQL hashed, only what links them (the other fields stay NULL).
_PG_SELECT = (
    "SELECT id, "
    + ", ".join(f"CASE WHEN {_PG_EMPTY} THEN NULL ELSE {field} END" for field in _PG_FIELDS)
    + f", prev_hash, seq, hash, CASE WHEN {_PG_EMPTY} THEN {_PG_HASH} END FROM audit_auditentry WHERE "
)


def _pg_batches(organisation_id, key: str, batch: int) -> Iterator[list[tuple]]:
    if key == "id":
        where, params = "seq IS NULL AND id > %s", []
    elif organisation_id is None:
        where, params = "organisation_id IS NULL AND seq IS NOT NULL AND seq > %s", []
    else:
        where, params = "organisation_id = %s AND seq IS NOT NULL AND seq > %s", [organisation_id]
    sql = f"{_PG_SELECT}{where} ORDER BY {key} LIMIT %s"
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, last, batch])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0] if key == "id" else rows[-1][12]


def _orm_batches(organisation_id, key: str, batch: int) -> Iterator[list[tuple]]:
    queryset = AuditEntry.objects.filter(seq__isnull=True) if key == "id" else _chain(organisation_id)
    last = 0
    while True:
        rows = list(queryset.filter(**{f"{key}__gt": last}).order_by(key).values_list(*_COLUMNS)[:batch])
        if not rows:
            return
        yield [
            (
                pk,
                at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                _id(org),
                _id(actor),
                label,
                action,
                otype,
                oid,
                _id(client),
                json.dumps(detail),
                ip,
                prev,
                seq,
                stored,
                None,  # hashed in Python
            )
            for pk, at, org, actor, label, action, otype, oid, client, detail, ip, prev, seq, stored in rows
        ]
        last = rows[-1][0] if key == "id" else rows[-1][12]


def _batches(organisation_id, key: str, batch: int) -> Iterator[list[tuple]]:
    """A chain's rows in `key` order (id: the legacy chain; seq: an organisation's), in batches, fields as
    text: the time in UTC as `canonical` writes it, ids as text, the detail as JSON text."""
    if connection.vendor == "postgresql":
        return _pg_batches(organisation_id, key, batch)
    return _orm_batches(organisation_id, key, batch)


class _Encoded(dict):
    """JSON strings of the values seen (most repeat: organisation, actor, action), None as null."""

    def __init__(self):
        super().__init__({None: "null"})

    def __missing__(self, value):
        encoded = self[value] = _string(value)
        return encoded


class _Details(dict):
    """The canonical JSON of each detail text seen (most details repeat, such as {})."""

    def __missing__(self, text):
        canonical_json = self[text] = _json(json.loads(text))
        return canonical_json


def _verify_rows(batches: Iterator[list[tuple]], start: str, label, *, numbered: bool) -> ChainResult:
    """Walk one chain. The content is written out as `_content` writes it, inlined because this loop is
    what verification spends its time on: the time, the hashes and the ids are known to need no escaping
    (a prev_hash is compared with the previous entry's hash, a hex digest, before it is used)."""
    sha256 = hashlib.sha256
    enc, details = _Encoded(), _Details()
    prev = start
    checked = 0
    for rows in batches:
        if len(enc) > 50_000 or len(details) > 50_000:
            enc, details = _Encoded(), _Details()
        for row in rows:
            pk, at, org, actor, actor_label, action, otype, oid, client, detail, ip, prev_hash, seq, stored, hashed = (
                row
            )
            if numbered and seq != checked + 1:
                problem = "an entry before it is missing" if seq > checked + 1 else "it is out of place"
                return ChainResult(label, False, checked, pk, problem, prev)
            if prev_hash != prev:
                return ChainResult(label, False, checked, pk, "does not point at the entry before it", prev)
            if hashed is not None:  # by the database, from the content below
                if hashed != stored:
                    return ChainResult(label, False, checked, pk, "its content does not match its hash", prev)
                prev = stored
                checked += 1
                continue
            content = (
                f'{{"action":{enc[action]},"actor":{enc[actor]},"actor_label":{enc[actor_label]},"at":"{at}",'
                f'"client":{enc[client]},"detail":{details[detail]},"ip":{enc[ip]},"object_id":{enc[oid]},'
                f'"object_type":{enc[otype]},"organisation":{enc[org]},"prev":"{prev_hash}"'
                + ("}" if seq is None else f',"seq":{seq}}}')
            )
            if sha256(content.encode()).hexdigest() != stored:
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
    return _verify_rows(_batches(organisation_id, "seq", batch), start, label, numbered=True)


def _verify_in_child(organisation_id, start: str, batch: int) -> ChainResult:
    from django.db import connections

    try:
        return verify_chain(organisation_id, start, batch=batch)
    finally:
        connections.close_all()


def verify(*, batch: int = 20_000, processes: int | None = None) -> VerifyResult:
    """Check the legacy chain, then every organisation's chain; the first broken entry is reported.

    The chains are independent, so on PostgreSQL they are checked by two processes per core (`processes`),
    unless the caller is inside a transaction (a forked process cannot share its connection).
    """
    legacy = _verify_rows(_batches(None, "id", batch), GENESIS, "legacy", numbered=False)
    results = [legacy] if legacy.checked or not legacy.ok else []
    if legacy.ok:
        keys = chain_keys()
        if processes is None:
            parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
            processes = 2 * (os.cpu_count() or 1) if parallel else 1  # half of the time is waiting on the database
        processes = min(processes, len(keys))
        if processes > 1:
            from django.db import connections

            connections.close_all()  # each process opens its own connection
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(processes, mp_context=context) as pool:
                results += pool.map(_verify_in_child, keys, repeat(legacy.last_hash), repeat(batch))
        else:
            results += [verify_chain(key, legacy.last_hash, batch=batch) for key in keys]
    checked = sum(r.checked for r in results)
    bad = next((r for r in results if not r.ok), None)
    if bad:
        return VerifyResult(False, checked, bad.first_bad_id, bad.problem, bad.last_hash, results)
    return VerifyResult(True, checked, last_hash=legacy.last_hash, chains=results)
