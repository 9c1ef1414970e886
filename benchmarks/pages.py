"""Server time and SQL queries of the dashboard, client page and case page, at 1% and at full scale.

Full scale: 10,000 clients, 50,000 safety cases, 1,000,000 timeline events and 200,000 audit entries in one
practice. The measured clinician sees at least 30 open cases at every size (in the small practice by covering
colleagues' clients), so their dashboard's first page holds 25 rows at both sizes and its growth compares the
same page over more data.
Run:  python3 benchmarks/pages.py               (SQLite, in a temporary folder)
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/carepath_bench python3 benchmarks/pages.py
Options: --scale 0.01 (only the small size), --repeat N (requests per page, default 40).
It seeds only into a database it created (see benchmarks/throwaway.py) or, with --reset-database, the one named.
Prints seeding time, then per page the median and 95th percentile server time and the query count, and one
summary line: the targets are a p95 under 35 ms at full size and each full-size median within 1.5x of its 1% one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import throwaway  # noqa: E402

FULL = {"clients": 10_000, "cases": 50_000, "events": 1_000_000}
CLINICIANS = 20
MEASURED_OPEN = 30  # open cases the measured clinician sees at least, at every size (a dashboard page is 25)


def setup_django(database_url: str | None) -> None:
    os.environ.setdefault("CAREPATH_DATA", tempfile.mkdtemp(prefix="carepath-bench-"))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepath.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def reset_database() -> None:
    """Drop and re-create the benchmark's throwaway database (checked by `throwaway.check_url` first), migrate."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import throwaway

    connection.close()
    throwaway.recreate(settings.DATABASES["default"])
    call_command("migrate", verbosity=0)


def seed_at_scale(scale: float = 1.0, *, batch: int = 10_000):
    """Seed one practice with `scale` times the full size; returns (organisation, supervisor, clinicians)."""
    from django.db import connection, transaction

    from carepath.accounts.models import Member
    from carepath.accounts.services import organisation_create
    from carepath.cases.models import RISK_RANK, SafetyCase, TimelineEvent
    from carepath.clients.models import CareTeamMember, Client, SupportContact

    n_clients = max(10, int(FULL["clients"] * scale))
    n_cases = max(50, int(FULL["cases"] * scale))
    events_per_case = FULL["events"] // FULL["cases"]
    org = organisation_create(name=f"Benchmark practice x{scale}", time_zone="America/New_York")
    password = Member().password  # unusable; the benchmark signs in with force_login
    supervisor = Member.objects.create(
        organisation=org,
        email=f"sup-{uuid.uuid4().hex[:8]}@bench.test",
        full_name="Bench Supervisor",
        is_supervisor=True,
        is_clinician=True,
        password=password,
    )
    clinicians = Member.objects.bulk_create(
        Member(
            organisation=org,
            email=f"c{i}-{uuid.uuid4().hex[:8]}@bench.test",
            full_name=f"Clinician {i}",
            is_clinician=True,
            supervisor=supervisor,
            password=password,
        )
        for i in range(CLINICIANS)
    )
    now = dt.datetime.now(dt.UTC)
    levels = list(RISK_RANK)
    with transaction.atomic():
        clients = [
            Client(
                organisation=org,
                given_name=f"Given{i}",
                family_name=f"Family{i:05d}",
                date_of_birth=dt.date(1960 + i % 45, 1 + i % 12, 1 + i % 28),
                jurisdiction="US-NY",
                phone="+1 212 555 0100",
                address=f"{i} Bench Street",
            )
            for i in range(n_clients)
        ]
        Client.objects.bulk_create(clients, batch_size=batch)
        CareTeamMember.objects.bulk_create(
            (
                CareTeamMember(client=c, member=clinicians[i % CLINICIANS], role="Primary clinician")
                for i, c in enumerate(clients)
            ),
            batch_size=batch,
        )
        # The measured clinician's dashboard shows a full first page (25 rows) at every size, so its growth
        # compares the same page over more data: in the small practice they also cover other clinicians'
        # clients with an open case (the first half of the clients have one), as a colleague on leave would ask.
        own_open = len(range(0, n_clients // 2, CLINICIANS))
        covering = [c for i, c in enumerate(clients[: n_clients // 2]) if i % CLINICIANS][
            : max(0, MEASURED_OPEN - own_open)
        ]
        CareTeamMember.objects.bulk_create(
            CareTeamMember(client=c, member=clinicians[0], role="Covering clinician") for c in covering
        )
        SupportContact.objects.bulk_create(
            (
                SupportContact(
                    client=c, name=f"Contact of {c.family_name}", relationship="sibling", phone="+1 212 555 0199"
                )
                for c in clients
            ),
            batch_size=batch,
        )
    cases = []
    with transaction.atomic():
        for i in range(n_cases):
            client = clients[i % n_clients]
            open_case = i < n_clients // 2  # half the clients have one open case; all other cases are closed
            level = levels[i % 4]
            opened = now - dt.timedelta(days=1 + (i % 700), hours=i % 24)
            cases.append(
                SafetyCase(
                    organisation=org,
                    client=client,
                    status="open" if open_case else "closed",
                    risk_level=level,
                    risk_rank=RISK_RANK[level],
                    concern="Benchmark concern",
                    jurisdiction_code="US-NY",
                    jurisdiction_snapshot={"code": "US-NY"},
                    opened_by=clinicians[i % CLINICIANS],
                    opened_at=opened,
                    risk_raised_at=opened,  # opened at this level, never raised since (as case_open writes it)
                    closed_by=None if open_case else clinicians[i % CLINICIANS],
                    closed_at=None if open_case else opened + dt.timedelta(days=30),
                    close_reason="" if open_case else "Benchmark closed",
                    last_activity_at=opened + dt.timedelta(hours=5),
                )
            )
        SafetyCase.objects.bulk_create(cases, batch_size=batch)
        _store_protocols(cases, batch)
    rows = []
    for case in cases:
        actor = case.opened_by_id
        for k in range(events_per_case):
            at = case.opened_at + dt.timedelta(minutes=15 * k)
            rows.append(
                TimelineEvent(
                    organisation_id=org.pk,
                    case_id=case.pk,
                    kind="note" if k else "case_opened",
                    summary=f"Benchmark event {k}",
                    occurred_at=at,
                    recorded_at=at,
                    actor_id=actor,
                )
            )
            if len(rows) >= batch:
                with transaction.atomic():
                    TimelineEvent.objects.bulk_create(rows)
                rows = []
    if rows:
        with transaction.atomic():
            TimelineEvent.objects.bulk_create(rows)
    _seed_audit_history(org, cases, batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return org, supervisor, clinicians, clients, cases


AUDIT_PER_CASE = 4  # earlier views of each case: a practice of this size has a long audit trail


def _seed_audit_history(org, cases, batch: int) -> None:
    """The audit trail of the practice's past (each case viewed a few times by who opened it), appended as the
    product appends, before ANALYZE: the statistics then describe a trail of the practice's size. With only the
    benchmark's own entries, analysed when the trail was empty (this machine's PostgreSQL runs without
    autovacuum, which would analyse it again as it grows), PostgreSQL read a chain's last place by walking all
    of the practice's entries, slower with every request measured."""
    from carepath.audit.services import audit_record_many

    views = [
        {"actor": case.opened_by, "action": "case.view", "obj": case} for case in cases for _ in range(AUDIT_PER_CASE)
    ]
    for start in range(0, len(views), batch):
        audit_record_many(organisation_id=org.pk, entries=views[start : start + batch])


def _store_protocols(cases, batch: int) -> None:
    """Every real open case keeps its computed protocol (CaseProtocol); give the seeded ones theirs too."""
    from carepath.protocol import selectors
    from carepath.protocol.models import CaseProtocol
    from carepath.protocol.rules import rules

    open_cases = [c for c in cases if c.status == "open"]
    if not open_cases:
        return
    policy = selectors.current_policy(open_cases[0].organisation_id)
    steps_by_level = {}
    for case in open_cases:
        if case.risk_level not in steps_by_level:  # every seeded client is an adult in US-NY: same steps per level
            steps_by_level[case.risk_level] = [s.as_dict() for s in selectors.compute_case_steps(case, policy)]
    now = dt.datetime.now(dt.UTC)
    CaseProtocol.objects.bulk_create(
        (
            CaseProtocol(
                case=c,
                policy=policy,
                risk_level=c.risk_level,
                rules_version=rules().version,
                steps=steps_by_level[c.risk_level],
                computed_at=now,
            )
            for c in open_cases
        ),
        batch_size=batch,
    )


def measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and the connection
    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, queries


def run(scale: float, repeat: int) -> list[tuple]:
    from django.test import Client as Browser

    start = time.perf_counter()
    org, supervisor, clinicians, clients, cases = seed_at_scale(scale)
    seeded = time.perf_counter() - start
    from carepath.audit.models import AuditEntry
    from carepath.cases.models import TimelineEvent

    n_events = TimelineEvent.objects.filter(organisation_id=org.pk).count()
    n_audit = AuditEntry.objects.filter(organisation_id=org.pk).count()
    print(
        f"\nscale {scale}: {len(clients)} clients, {len(cases)} cases, {n_events} events, {n_audit} audit entries "
        f"seeded in {seeded:.1f} s"
    )
    open_case = next(c for c in cases if c.status == "open")
    # as `carepath serve` sets up each worker (carepath.core.runtime): the seeded objects this process holds, like
    # a server's loaded modules, are left out of the collector's walks
    from carepath.core.runtime import tune_gc

    tune_gc()
    results = []
    for who, member in (("supervisor", supervisor), ("clinician", clinicians[0])):
        browser = Browser()
        browser.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
        case = (
            open_case
            if who == "supervisor"
            else next(c for c in cases if c.client.care_team.filter(member=member).exists() and c.status == "open")
        )
        for page, url in (
            ("dashboard", "/cases/"),
            ("client page", f"/clients/{case.client_id}/"),
            ("case page", f"/cases/{case.pk}/"),
        ):
            median, p95, queries = measure(browser, url, repeat)
            results.append((scale, who, page, median, p95, queries))
            print(f"  {who:<10} {page:<12} median {median:6.1f} ms   p95 {p95:6.1f} ms   {queries:3d} queries")
    return results


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
    results = []
    for scale in args.scale or [0.01, 1.0]:
        reset_database()
        results += run(scale, args.repeat)
    print(summary(results, connection.vendor))
    return 0


P95_TARGET_MS = 35.0
GROWTH_TARGET = 1.5


def summary(results: list[tuple], vendor: str) -> str:
    """One line: the worst p95 at the largest size, the worst growth of a median from the smallest size."""
    scales = sorted({r[0] for r in results})
    big = [r for r in results if r[0] == scales[-1]]
    worst = max(big, key=lambda r: r[4])
    line = f"pages ({vendor}): scale {scales[-1]:g}: worst p95 {worst[4]:.1f} ms ({worst[1]} {worst[2]})"
    missed = []
    if scales[-1] != 1.0:
        missed.append("not the full size")
    if worst[4] > P95_TARGET_MS:
        over = sum(r[4] > P95_TARGET_MS for r in big)
        missed.append(f"p95 over {P95_TARGET_MS:.0f} ms on {over} of {len(big)} pages")
    if len(scales) > 1:
        small = {(r[1], r[2]): r[3] for r in results if r[0] == scales[0]}
        growth = max(big, key=lambda r: r[3] / small[(r[1], r[2])])
        ratio = growth[3] / small[(growth[1], growth[2])]
        line += f", worst median growth from {scales[0]:g} {ratio:.2f}x ({growth[1]} {growth[2]})"
        if ratio > GROWTH_TARGET:
            missed.append(f"median grows {ratio:.2f}x > {GROWTH_TARGET}x")
    return line + ": " + ("targets met" if not missed else "targets missed: " + ", ".join(missed))


if __name__ == "__main__":
    sys.exit(main())
