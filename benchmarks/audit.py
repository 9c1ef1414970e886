"""The audit trail at volume, on PostgreSQL: verifying 1,000,000 entries, and the append rate of concurrent writers.

Seeds 1,000,000 chained entries (20 organisations of 49,000 and 20,000 without an organisation, three
page views to one write, hashed exactly as `audit.chain.append` does, written with COPY), then appends for
a few seconds with 1 writer, 8 writers of one organisation and 8 writers of 8 organisations (each writer
a thread with its own database connection, each entry its own transaction, as an audited page view is),
then times `carepath audit verify`'s check of every chain.

Run:  python3 benchmarks/audit.py                    (a throwaway database carepath_bench_audit on 127.0.0.1)
      python3 benchmarks/audit.py --scale 0.01       (10,000 entries, to try it out)
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python3 benchmarks/audit.py
      --hold-ms 5   each writer keeps its transaction open 5 ms after appending, as a write service does
It seeds only into a database it created (benchmarks/throwaway.py) or, with --reset-database, the one named.
Target: verification within 10 seconds. Ends with one summary line; exits 0 unless it could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import throwaway  # noqa: E402

FULL = 1_000_000
ORGS = 20
NO_ORG_SHARE = 0.02
VERIFY_TARGET_S = 10.0


def setup(reset: bool) -> None:
    url = throwaway.database_url("carepath_bench_audit", reset=reset)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CAREPATH_DATA", tempfile.mkdtemp(prefix="carepath-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepath.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise throwaway.Refused("benchmarks/audit.py measures PostgreSQL; DATABASE_URL must be postgres://")
    from benchmarks.pages import reset_database

    reset_database()


def seed(total: int) -> tuple[list[uuid.UUID], float]:
    """`total` entries over ORGS organisations and the chain without one; returns the organisations."""
    from django.db import connection

    from carepath.audit import chain
    from carepath.audit.models import AuditEntry

    orgs = [uuid.uuid4() for _ in range(ORGS)]
    no_org = int(total * NO_ORG_SHARE)
    per_org = (total - no_org) // ORGS
    sizes = [(org, per_org) for org in orgs] + [(None, total - per_org * ORGS)]
    start = time.perf_counter()
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    columns = (
        "at, organisation_id, actor_id, actor_label, action, object_type, object_id, client_id, detail, ip, "
        "prev_hash, seq, hash"
    )
    raw = connection.cursor().cursor  # the psycopg cursor, for COPY
    k = 0
    for org, size in sizes:
        prev = chain.GENESIS
        actor = uuid.uuid4() if org else None
        client = uuid.uuid4() if org else None
        buffer = io.StringIO()
        for seq in range(1, size + 1):
            k += 1
            at = base + dt.timedelta(seconds=k)
            # Like a practice's trail: three page views (no detail) to one write (what it wrote).
            write = org and seq % 4 == 0
            action = ("event.note" if write else "case.view") if org else "auth.failed"
            label = "bench@bench.test"
            object_type, object_id = ("safetycase", str(uuid.UUID(int=seq))) if org else ("", "")
            detail = {"event": str(uuid.UUID(int=k)), "kind": "note"} if write else {}
            digest = chain.digest(
                AuditEntry(
                    at=at,
                    organisation_id=org,
                    actor_id=actor,
                    actor_label=label,
                    action=action,
                    object_type=object_type,
                    object_id=object_id,
                    client_id=client,
                    detail=detail,
                    ip=None,
                    prev_hash=prev,
                    seq=seq,
                )
            )
            buffer.write(
                "\t".join(
                    (
                        at.isoformat(),
                        str(org) if org else r"\N",
                        str(actor) if actor else r"\N",
                        label,
                        action,
                        object_type,
                        object_id,
                        str(client) if client else r"\N",
                        json.dumps(detail),
                        r"\N",
                        prev,
                        str(seq),
                        digest,
                    )
                )
                + "\n"
            )
            prev = digest
            if seq % 50_000 == 0 or seq == size:
                with raw.copy(f"COPY audit_auditentry ({columns}) FROM STDIN") as copy:
                    copy.write(buffer.getvalue())
                buffer = io.StringIO()
    connection.commit() if not connection.get_autocommit() else None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditentry")
    return orgs, time.perf_counter() - start


def append_rate(writers: int, org_ids: list, seconds: float, hold_ms: float) -> tuple[float, int]:
    """Entries per second that `writers` threads append in `seconds` (writer i writes to org_ids[i])."""
    from django.db import connections, transaction

    from carepath.audit.services import audit_record

    counts = [0] * writers
    errors: list[BaseException] = []
    barrier = threading.Barrier(writers + 1)
    stop = threading.Event()

    def writer(i: int) -> None:
        try:
            connections["default"].ensure_connection()
            barrier.wait()
            while not stop.is_set():
                with transaction.atomic():
                    audit_record(actor=None, action="bench.append", organisation_id=org_ids[i], detail={"w": i})
                    if hold_ms:
                        time.sleep(hold_ms / 1000)
                counts[i] += 1
        except BaseException as exc:  # noqa: BLE001 - counted and reported
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        print(f"  {len(errors)} writers failed: {errors[0]!r}")
    return sum(counts) / elapsed, len(errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="share of 1,000,000 entries (default 1)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of appending per writer mix")
    parser.add_argument("--hold-ms", type=float, default=0.0)
    throwaway.add_arguments(parser)
    args = parser.parse_args()
    setup(args.reset_database)
    from django.db import connection

    from carepath.audit import chain

    total = max(1000, int(FULL * args.scale))
    orgs, seeded = seed(total)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(f"database: {version}; {total} entries in {ORGS + 1} chains seeded in {seeded:.1f} s")

    rates = {}
    for label, org_ids in (
        ("1 writer", orgs[:1]),
        ("8 writers, one organisation", orgs[:1] * 8),
        ("8 writers, 8 organisations", orgs[:8]),
    ):
        rate, failed = append_rate(len(org_ids), org_ids, args.seconds, args.hold_ms)
        rates[label] = (rate, failed)
        print(f"  append, {label:<28} {rate:8.0f} entries/s" + (f"  ({failed} writers failed)" if failed else ""))

    start = time.perf_counter()
    result = chain.verify()
    verified_in = time.perf_counter() - start
    print(
        f"  verify: {result.checked} entries in {len(result.chains)} chains, {verified_in:.1f} s "
        f"({result.checked / verified_in:,.0f} entries/s), {'intact' if result.ok else 'BROKEN: ' + result.problem}"
    )

    missed = []
    if verified_in > VERIFY_TARGET_S:
        missed.append(f"verification {verified_in:.1f} s > {VERIFY_TARGET_S:.0f} s")
    if not result.ok:
        missed.append("chain not intact")
    if any(failed for _, failed in rates.values()):
        missed.append("writers failed")
    size = "" if args.scale == 1 else f" (scale {args.scale:g}, not the full size)"
    hold = f", hold {args.hold_ms:g} ms" if args.hold_ms else ""
    print(
        f"audit: {result.checked} entries verified in {verified_in:.1f} s{size}, append{hold} "
        f"1 writer {rates['1 writer'][0]:.0f}/s, 8 writers one organisation "
        f"{rates['8 writers, one organisation'][0]:.0f}/s, 8 writers 8 organisations "
        f"{rates['8 writers, 8 organisations'][0]:.0f}/s: "
        + ("targets met" if not missed else "targets missed: " + ", ".join(missed))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
