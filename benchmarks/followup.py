"""Reminders at volume: 200,000 follow-up tasks of 10,000 clients, 20,000 of them due, sent by real workers to a
real SMTP server on 127.0.0.1.

Seeds one practice (20 clinicians, a supervisor) on PostgreSQL: 10,000 clients; 200,000 tasks, of which 20,000
are open with their reminder due now (due within the practice's reminder lead, not yet overdue), 90,000 open
and due in 8 to 60 days, 90,000 done (with the reminders they had, as history in the outbox). Then, once with
one worker and once with two, it starts `carepath worker` processes (interval 0.2 s) with EMAIL_HOST pointing
at an SMTP server it runs itself (aiosmtpd), and waits until every due reminder has arrived there. Between
the runs the reminders, notifications and jobs are removed and the due tasks made due again.

Prints, per run: the time until the last reminder arrived, reminders per second, the worst and the 99th
percentile lateness (arrival at the SMTP server minus the reminder's due time, or the run's start when it was
due before the workers started) and the number of reminders that arrived twice (same Message-ID).
Run:  python3 benchmarks/followup.py                 (a throwaway database carepath_bench_followup on 127.0.0.1)
      python3 benchmarks/followup.py --scale 0.05    (10,000 tasks, 1,000 due, to try it out)
It seeds only into a database it created (benchmarks/throwaway.py) or, with --reset-database, the one named.
Targets: every due reminder sent within 60 seconds, none twice. One summary line; exit 0 unless it could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import throwaway  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FULL = {"clients": 10_000, "tasks": 200_000, "due": 20_000}
CLINICIANS = 20
TARGET_S = 60.0


class Inbox:
    """What the SMTP server received: arrival time per Message-ID, and how often each came."""

    def __init__(self):
        self.lock = threading.Lock()
        self.first: dict[str, float] = {}
        self.count: dict[str, int] = {}

    def reset(self):
        with self.lock:
            self.first.clear()
            self.count.clear()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        now = time.time()
        message = email.message_from_bytes(envelope.content)
        key = message.get("Message-ID", "") or str(uuid.uuid4())
        with self.lock:
            self.first.setdefault(key, now)
            self.count[key] = self.count.get(key, 0) + 1
        return "250 OK"


def setup(reset: bool) -> None:
    url = throwaway.database_url("carepath_bench_followup", reset=reset)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CAREPATH_DATA", tempfile.mkdtemp(prefix="carepath-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepath.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise throwaway.Refused("benchmarks/followup.py measures PostgreSQL; DATABASE_URL must be postgres://")
    from benchmarks.pages import reset_database

    reset_database()


def seed(scale: float, batch: int = 10_000):
    from django.db import connection, transaction

    from carepath.accounts.models import Member
    from carepath.accounts.services import organisation_create
    from carepath.clients.models import Client
    from carepath.followup.models import FollowUpTask

    n_clients = max(100, int(FULL["clients"] * scale))
    n_tasks = max(1000, int(FULL["tasks"] * scale))
    n_due = max(100, int(FULL["due"] * scale))
    org = organisation_create(name="Reminder benchmark practice", time_zone="America/New_York")
    password = Member().password
    supervisor = Member.objects.create(
        organisation=org,
        email="sup@bench.test",
        full_name="Bench Supervisor",
        is_supervisor=True,
        is_clinician=True,
        password=password,
    )
    clinicians = Member.objects.bulk_create(
        Member(
            organisation=org,
            email=f"c{i}@bench.test",
            full_name=f"Clinician {i}",
            is_clinician=True,
            supervisor=supervisor,
            password=password,
        )
        for i in range(CLINICIANS)
    )
    clients = Client.objects.bulk_create(
        (
            Client(
                organisation=org,
                given_name=f"Given{i}",
                family_name=f"Family{i:05d}",
                date_of_birth=dt.date(1960 + i % 45, 1 + i % 12, 1 + i % 28),
                jurisdiction="US-NY",
            )
            for i in range(n_clients)
        ),
        batch_size=batch,
    )
    now = dt.datetime.now(dt.UTC)
    rows = []
    for i in range(n_tasks):
        owner = clinicians[i % CLINICIANS]
        if i < n_due:
            status, due, outcome = "open", now + dt.timedelta(minutes=30), ""  # made due again before each run
        elif i < n_due + (n_tasks - n_due) // 2:
            status, due, outcome = "open", now + dt.timedelta(days=8 + i % 52, minutes=i % 1440), ""
        else:
            status, due, outcome = "done", now - dt.timedelta(days=1 + i % 300), "Reached, safe."
        rows.append(
            FollowUpTask(
                organisation=org,
                client=clients[i % n_clients],
                kind="check_in",
                title="Check in",
                owner=owner,
                due_at=due,
                status=status,
                outcome=outcome,
                created_by=owner,
                closed_at=due if status == "done" else None,
                closed_by=owner if status == "done" else None,
            )
        )
        if len(rows) >= batch:
            with transaction.atomic():
                FollowUpTask.objects.bulk_create(rows)
            rows = []
    if rows:
        with transaction.atomic():
            FollowUpTask.objects.bulk_create(rows)
    from carepath.followup.models import Reminder

    with connection.cursor() as cursor:
        # The done tasks had their reminders once: the outbox holds their history, as a practice's does.
        cursor.execute(
            f"INSERT INTO {Reminder._meta.db_table} (id, task_id, kind, due_at, recipient_id, state, created_at, "
            "enqueued_at, claimed_by, claimed_at, attempts, sent_at, email_sent, last_error) "
            "SELECT gen_random_uuid(), id, 'reminder', due_at, owner_id, 'sent', due_at - interval '1 hour', "
            "due_at - interval '1 hour', 'history', due_at - interval '1 hour', 1, due_at - interval '1 hour', "
            f"true, '' FROM {FollowUpTask._meta.db_table} WHERE status = 'done'"
        )
        cursor.execute("ANALYZE")
    return org, n_clients, n_tasks, n_due


def make_due_again(org) -> dt.datetime:
    """Clear the reminders of the last run; every due task's reminder comes due within the last second."""
    from django.db import connection

    from carepath.followup.models import FollowUpSettings, FollowUpTask, Notification, Reminder

    lead = FollowUpSettings.objects.filter(organisation=org).values_list("reminder_lead_minutes", flat=True).first()
    lead = lead or FollowUpSettings().reminder_lead_minutes
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Notification._meta.db_table}")
        # the last run's reminders (of the open tasks); the history of the done ones stays
        cursor.execute(
            f"DELETE FROM {Reminder._meta.db_table} WHERE task_id IN "
            f"(SELECT id FROM {FollowUpTask._meta.db_table} WHERE status = 'open')"
        )
        cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")
        # Due at now + lead - up to 1 s: the reminder time (due minus lead) has just passed, not yet overdue.
        cursor.execute(
            f"UPDATE {FollowUpTask._meta.db_table} SET reminders_sent = 0, escalated_at = NULL, "
            "due_at = now() + make_interval(mins => %s) - (random() * interval '1 second') "
            "WHERE status = 'open' AND due_at < now() + interval '7 days'",
            [lead],
        )
        cursor.execute("ANALYZE")
    return lead


def run_workers(n: int, n_due: int, inbox: Inbox, port: int, lead: int, timeout: float) -> dict:
    from carepath.followup.models import FollowUpTask, Reminder

    due_at = dict(
        FollowUpTask.objects.filter(
            status="open", due_at__lte=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=lead)
        ).values_list("pk", "due_at")
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "DEFAULT_FROM_EMAIL": "carepath@bench.test",
    }
    inbox.reset()
    start = time.time()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "carepath.cli", "worker", "--interval", "0.2", "--worker-id", f"bench-{n}-{i}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(n)
    ]
    try:
        while len(inbox.first) < n_due and time.time() - start < timeout:
            if any(w.poll() is not None for w in workers):
                break
            time.sleep(0.1)
        done = time.time()
        time.sleep(1.0)  # anything sent twice arrives now or never
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(timeout=15)
            except subprocess.TimeoutExpired:
                w.kill()
    failed = [w.stderr.read().decode(errors="replace")[-2000:] for w in workers if w.returncode not in (0, -15)]
    # Lateness: arrival minus the reminder's due time (due minus lead), or the start when it came due before.
    by_reminder = {f"<reminder-{pk}@carepath>": task for pk, task in Reminder.objects.values_list("pk", "task_id")}
    late = []
    for message_id, arrived in inbox.first.items():
        task = by_reminder.get(message_id)
        if task in due_at:
            reminder_time = max(start, (due_at[task] - dt.timedelta(minutes=lead)).timestamp())
            late.append(arrived - reminder_time)
    late.sort()
    received = len(inbox.first)
    return {
        "workers": n,
        "received": received,
        "seconds": (max(inbox.first.values()) - start) if received else done - start,
        "complete": received >= n_due,
        "worst": late[-1] if late else float("nan"),
        "p99": late[min(len(late) - 1, int(round(0.99 * (len(late) - 1))))] if late else float("nan"),
        "median": statistics.median(late) if late else float("nan"),
        "twice": sum(1 for c in inbox.count.values() if c > 1),
        "failed": failed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the full size (default 1)")
    parser.add_argument("--timeout", type=float, default=900.0, help="give up a run after this many seconds")
    throwaway.add_arguments(parser)
    args = parser.parse_args()
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        print("error: aiosmtpd is needed (pip install aiosmtpd)", file=sys.stderr)
        return 2
    setup(args.reset_database)
    start = time.perf_counter()
    org, n_clients, n_tasks, n_due = seed(args.scale)
    print(f"seeded {n_clients} clients, {n_tasks} tasks, {n_due} due in {time.perf_counter() - start:.1f} s")
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its server by connecting to the port given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    results = []
    try:
        for n in (1, 2):
            lead = make_due_again(org)
            r = run_workers(n, n_due, inbox, port, lead, args.timeout)
            results.append(r)
            print(
                f"  {n} worker{'s' if n > 1 else ' '}: {r['received']}/{n_due} reminders in {r['seconds']:.1f} s "
                f"({r['received'] / max(r['seconds'], 1e-9):.0f}/s), lateness median {r['median']:.1f} s, "
                f"p99 {r['p99']:.1f} s, worst {r['worst']:.1f} s, {r['twice']} sent twice"
                + ("" if r["complete"] else "  (INCOMPLETE: stopped at the timeout or a worker died)")
            )
            for text in r["failed"]:
                print(f"    a worker failed: {text}")
    finally:
        controller.stop()
    missed = []
    for r in results:
        label = f"{r['workers']} worker{'s' if r['workers'] > 1 else ''}"
        if not r["complete"]:
            missed.append(f"{label} sent {r['received']} of {n_due}")
        elif r["worst"] > TARGET_S:
            missed.append(f"{label} worst lateness {r['worst']:.1f} s > {TARGET_S:.0f} s")
        if r["twice"]:
            missed.append(f"{label} sent {r['twice']} twice")
    size = "" if args.scale == 1 else f" (scale {args.scale:g}, not the full size)"
    one, two = results

    def took(r) -> str:
        return f"{r['seconds']:.1f} s" if r["complete"] else f"{r['received']} in {r['seconds']:.0f} s (stopped)"

    print(
        f"followup: {n_due} reminders{size}, 1 worker {took(one)}, 2 workers {took(two)}, "
        f"lateness p99 {max(one['p99'], two['p99']):.1f} s, worst {max(one['worst'], two['worst']):.1f} s, "
        f"{one['twice'] + two['twice']} sent twice: "
        + ("targets met" if not missed else "targets missed: " + ", ".join(missed))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
