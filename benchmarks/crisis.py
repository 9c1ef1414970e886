"""Server time of the crisis console: rendering it, and saving an emergency action and a contact attempt.

Seeds with `seed_at_scale` of benchmarks/pages.py (full scale: 10,000 clients, 50,000 cases, 1,000,000 events).
Run:  python3 benchmarks/crisis.py                 (SQLite in a temporary folder; 1% and full scale)
      python3 benchmarks/crisis.py --scale 0.01    (only the small size)
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/carepath_bench_crisis python3 benchmarks/crisis.py
Prints, per scale, the median and 95th percentile server time (and SQL queries) of each operation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import throwaway  # noqa: E402
from benchmarks.pages import reset_database, seed_at_scale, setup_django  # noqa: E402


def _stats(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def timed(call, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call(0)  # warm caches and the connection
    times, queries = [], 0
    for i in range(1, repeat + 1):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = call(i)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), response.status_code
        queries = len(ctx.captured_queries)
    return (*_stats(times), queries)


def run(scale: float, repeat: int) -> list[str]:
    from django.test import Client as Browser
    from django.utils import timezone

    start = time.perf_counter()
    _org, _supervisor, clinicians, _clients, cases = seed_at_scale(scale)
    print(f"\nscale {scale}: {len(cases)} cases seeded in {time.perf_counter() - start:.1f} s")
    member = clinicians[0]
    case = next(c for c in cases if c.status == "open" and c.opened_by_id == member.pk)
    contact = case.client.support_contacts.first()
    browser = Browser()
    browser.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    console = f"/cases/{case.pk}/console/"
    # Typed as the clinician would: in the practice's zone, a minute ago.
    zone = zoneinfo.ZoneInfo(member.organisation.time_zone)
    when = timezone.localtime(timezone.now(), zone).strftime("%Y-%m-%dT%H:%M")

    def render(_i):
        return browser.get(console)

    def save_action(_i):
        data = {"idempotency_key": str(uuid.uuid4()), "arrived": "Paramedics", "occurred_at": when, "notes": ""}
        return browser.post(f"{console}actions/stayed_with_client/", data)

    def save_attempt(_i):
        data = {
            "idempotency_key": str(uuid.uuid4()),
            "contact_id": str(contact.pk),
            "result": "no_answer",
            "method": "call",
            "shared": "",
            "occurred_at": when,
        }
        return browser.post(f"/cases/{case.pk}/contact-attempts/", data)

    figures = []
    for label, call in (
        ("render console", render),
        ("save emergency action", save_action),
        ("save contact attempt", save_attempt),
    ):
        median, p95, queries = timed(call, repeat)
        figures.append(f"{label} p95 {p95:.1f} ms")
        print(f"  {label:<22} median {median:6.1f} ms   p95 {p95:6.1f} ms   {queries:3d} queries")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, action="append", help="default: 0.01 and 1")
    parser.add_argument("--repeat", type=int, default=40)
    throwaway.add_arguments(parser)
    args = parser.parse_args()
    if os.environ.get("DATABASE_URL"):
        throwaway.check_url(os.environ["DATABASE_URL"], reset=args.reset_database)
    setup_django(os.environ.get("DATABASE_URL"))
    from django.db import connection

    print(f"database: {connection.vendor}")
    for scale in args.scale or [0.01, 1.0]:
        reset_database()
        figures = run(scale, args.repeat)
    # No target of its own: the figures of the largest size, for docs/performance.md.
    print(f"crisis ({connection.vendor}): scale {scale:g}: " + ", ".join(figures) + ": no targets set")
    return 0


if __name__ == "__main__":
    sys.exit(main())
