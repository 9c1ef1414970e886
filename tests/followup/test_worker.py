"""The worker: reminders and escalations by email (a real SMTP server) and in-app, each exactly once,
with two workers at once and across a SIGKILL (real processes sharing one database file, or PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from carepath.followup import services, worker
from carepath.followup.models import FollowUpTask, Notification, Reminder, ReminderState

ROOT = Path(__file__).resolve().parents[2]


class Inbox:
    """An SMTP handler that keeps what arrives; `delay` holds each reply to let a test kill a sender mid-send."""

    def __init__(self, delay: float = 0.0):
        self.messages: list[email.message.Message] = []
        self.delay = delay
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted"

    def header(self, name: str) -> list[str]:
        with self.lock:
            return [m[name] for m in self.messages]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    def start(delay: float = 0.0):
        inbox = Inbox(delay)
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
        controller.start()
        started.append(controller)
        return inbox, controller.port

    started: list[Controller] = []
    yield start
    for controller in started:
        controller.stop()


def _due_task(case, clinician, minutes: int = 10, **kw):
    return services.followup_create(
        actor=clinician, case=case, kind="check_in_call", due_at=timezone.now() + dt.timedelta(minutes=minutes), **kw
    )


# ---------------------------------------------------------------- in one process


@pytest.mark.django_db
def test_a_reminder_goes_once_by_email_and_in_app_without_clinical_details(case, clinician, smtp):
    inbox, port = smtp()
    task = _due_task(case, clinician)
    with override_settings(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        DEFAULT_FROM_EMAIL="cp@harbour.test",
        CAREPATH_BASE_URL="https://care.example",
    ):
        worker.run(once=True, worker_id="w-test")
        worker.run(once=True, worker_id="w-test")
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["X-CarePath-Task"] == str(task.pk)
    assert message["To"] == clinician.email and message["From"] == "cp@harbour.test"
    body = message.get_payload(decode=True).decode()
    assert f"https://care.example/followup/tasks/{task.pk}/" in body
    for secret in ("Zephyrine", "Quentin", "high", "Xylophagous", "Check-in"):
        assert secret not in body + message["Subject"]
    task.refresh_from_db()
    assert task.reminders_sent == 1
    assert Notification.objects.filter(member=clinician, reminder__task=task).count() == 1
    assert Reminder.objects.get(task=task).state == ReminderState.SENT


@pytest.mark.django_db
def test_a_task_not_yet_within_the_lead_time_is_not_reminded(case, clinician):
    task = _due_task(case, clinician, minutes=90)  # default lead: 60 minutes
    worker.run(once=True, worker_id="w-test")
    task.refresh_from_db()
    assert task.reminders_sent == 0 and not Reminder.objects.filter(task=task).exists()


@pytest.mark.django_db
def test_an_overdue_task_past_the_grace_period_is_escalated_to_the_owners_supervisor(case, clinician, supervisor, smtp):
    inbox, port = smtp()
    task = _due_task(case, clinician)
    FollowUpTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - dt.timedelta(hours=3))  # grace: 2 hours
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
        worker.run(once=True, worker_id="w-test")
    task.refresh_from_db()
    assert task.escalated_at is not None
    recipients = sorted(m["To"] for m in inbox.messages)
    assert recipients == sorted([clinician.email, supervisor.email])
    escalation = next(m for m in inbox.messages if m["To"] == supervisor.email)
    assert "overdue" in escalation["Subject"] and escalation["X-CarePath-Task"] == str(task.pk)
    assert Notification.objects.filter(member=supervisor, reminder__kind="escalation").count() == 1


@pytest.mark.django_db
def test_without_email_configured_reminders_are_in_app_only(case, clinician):
    task = _due_task(case, clinician)
    worker.run(once=True, worker_id="w-test")
    reminder = Reminder.objects.get(task=task)
    assert reminder.state == ReminderState.SENT and not reminder.email_sent
    assert Notification.objects.filter(reminder=reminder).count() == 1


@pytest.mark.django_db
def test_an_smtp_failure_keeps_the_reminder_for_a_retry_without_a_second_notification(case, clinician, smtp):
    task = _due_task(case, clinician)
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=_free_port()):  # nobody listens
        worker.run(once=True, worker_id="w-test")
    reminder = Reminder.objects.get(task=task)
    assert reminder.state == ReminderState.PENDING and reminder.last_error
    inbox, port = smtp()
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
        worker.recover("w-test", dt.timedelta(0))
        worker.run_jobs("w-test")
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SENT and len(inbox.messages) == 1
    task.refresh_from_db()
    assert task.reminders_sent == 1 and Notification.objects.filter(reminder=reminder).count() == 1


@pytest.mark.django_db
def test_a_reminder_held_by_a_dead_worker_is_sent_by_another_after_the_lease(case, clinician):
    from django_tasks_db.models import DBTaskResult

    task = _due_task(case, clinician)
    worker.scan()
    reminder = Reminder.objects.get(task=task)
    ten_minutes_ago = timezone.now() - dt.timedelta(minutes=10)
    Reminder.objects.filter(pk=reminder.pk).update(
        state=ReminderState.SENDING, claimed_by="dead", claimed_at=ten_minutes_ago, attempts=1
    )
    DBTaskResult.objects.update(status="RUNNING", started_at=ten_minutes_ago, worker_ids=["dead"])
    worker.run(once=True, worker_id="alive", lease_seconds=300)
    reminder.refresh_from_db()
    task.refresh_from_db()
    assert reminder.state == ReminderState.SENT and reminder.claimed_by == "alive"
    assert task.reminders_sent == 1 and Notification.objects.filter(reminder=reminder).count() == 1


@pytest.mark.django_db
def test_a_completed_task_is_not_reminded(case, clinician):
    task = _due_task(case, clinician)
    services.followup_complete(actor=clinician, task=task, outcome="Called early", risk_now="high")
    worker.run(once=True, worker_id="w-test")
    assert not Notification.objects.filter(task=task, reminder__isnull=False).exists()


@pytest.mark.django_db
def test_many_due_reminders_go_out_in_batches_each_once(case, clinician, smtp, monkeypatch):
    from carepath.audit import chain
    from carepath.audit.models import AuditEntry

    monkeypatch.setattr(worker, "BATCH", 3)  # a scan finds 3 at a time, a job carries 2
    monkeypatch.setattr(worker, "CHUNK", 2)
    inbox, port = smtp()
    tasks = [_due_task(case, clinician, title=f"Call {i}") for i in range(7)]
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
        assert worker.run(once=True, worker_id="w-test") == 7  # --once goes on while the scan fills its batch
        worker.run(once=True, worker_id="w-test")
    assert sorted(inbox.header("X-CarePath-Task")) == sorted(str(t.pk) for t in tasks)
    assert len(set(inbox.header("Message-ID"))) == 7
    assert sorted(Reminder.objects.values_list("state", flat=True)) == ["sent"] * 7
    assert (
        list(FollowUpTask.objects.filter(pk__in=[t.pk for t in tasks]).values_list("reminders_sent", flat=True))
        == [1] * 7
    )
    assert Notification.objects.filter(reminder__isnull=False, member=clinician).count() == 7
    audited = AuditEntry.objects.filter(action="followup.reminder")
    assert sorted(str(e.object_id) for e in audited) == sorted(str(t.pk) for t in tasks)
    assert all(e.actor_label == "worker w-test" and e.client_id == case.client_id for e in audited)
    assert chain.verify().ok


class RefusingInbox(Inbox):
    """Refuses mail to one address (a mailbox that no longer exists), accepts the rest."""

    def __init__(self, refuse: str):
        super().__init__()
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refuse:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.mark.django_db
def test_a_refused_address_does_not_hold_back_the_rest_of_the_batch(case, clinician, off_team_clinician):
    inbox = RefusingInbox(refuse=off_team_clinician.email)
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        mine = [_due_task(case, clinician, title=f"Call {i}") for i in range(3)]
        theirs = _due_task(case, clinician, owner=off_team_clinician, title="Their call")
        with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=controller.port):
            worker.run(once=True, worker_id="w-test")
    finally:
        controller.stop()
    assert sorted(inbox.header("X-CarePath-Task")) == sorted(str(t.pk) for t in mine)
    refused = Reminder.objects.get(task=theirs)
    assert refused.state == ReminderState.PENDING and "No such user" in refused.last_error
    assert list(Reminder.objects.filter(task__in=mine).values_list("state", flat=True)) == ["sent"] * 3
    # the in-app notification of the refused one is there already, and is not written again on the retry
    assert Notification.objects.filter(reminder=refused).count() == 1


# ---------------------------------------------------------------- real processes on a shared database


def _worker_database(tmp_path) -> tuple[str, callable]:
    """A database the worker processes share: a SQLite file, or a fresh PostgreSQL database."""
    if connection.vendor == "postgresql":
        import psycopg

        settings_ = connection.settings_dict
        name = f"carepath_follow_worker_{os.getpid()}"
        base = f"postgres://{settings_['USER']}:{settings_['PASSWORD'] or ''}@{settings_['HOST']}:{settings_['PORT']}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"{base}/{name}", drop
    return f"sqlite:///{tmp_path / 'shared.sqlite3'}", lambda: None


@pytest.fixture
def shared_db(tmp_path):
    url, drop = _worker_database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CAREPATH_DATA": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "carepath.settings",
    }
    env.pop("EMAIL_HOST", None)
    subprocess.run(
        [sys.executable, "-m", "carepath.cli", "migrate"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    yield env
    drop()


def _seed(env, n: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "tests.followup.worker_db", "seed", str(n)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _count(env) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.followup.worker_db", "count"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(out.stdout)


def _worker(env, port: int, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "carepath.cli", "worker", "--once", *extra],
        env={**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_workers_at_once_send_each_reminder_exactly_once(shared_db, smtp):
    inbox, port = smtp()
    _seed(shared_db, 8)
    workers = [_worker(shared_db, port, "--worker-id", f"w{i}") for i in range(2)]
    for proc in workers:
        _out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err.decode()[-2000:]
    counts = _count(shared_db)
    assert counts["tasks"] == 8
    assert counts["reminders_sent"] == [1] * 8
    assert counts["reminder_states"] == ["sent"] * 8
    assert counts["notifications"] == 8 and counts["distinct_notified_tasks"] == 8
    assert len(inbox.messages) == 8
    assert len(set(inbox.header("X-CarePath-Task"))) == 8


def test_a_worker_killed_mid_batch_and_restarted_sends_each_reminder_once(shared_db, smtp):
    inbox, port = smtp(delay=1.0)  # slow SMTP replies: the kill lands while emails are being handed over
    _seed(shared_db, 5)
    shared_db = {**shared_db, "EMAIL_CONNECTIONS": "2"}  # at most two emails in flight when the kill lands
    first = _worker(shared_db, port, "--worker-id", "crashy")
    deadline = time.monotonic() + 120
    # Two go out at once (answered after 1 s, then marked sent within FLUSH_SECONDS); the third and fourth
    # arrive once those are answered, and are killed in flight.
    while len(inbox.messages) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    partial = _count(shared_db)
    assert "sent" in partial["reminder_states"] and partial["reminder_states"] != ["sent"] * 5

    again = _worker(shared_db, port, "--worker-id", "crashy")
    _out, err = again.communicate(timeout=180)
    assert again.returncode == 0, err.decode()[-2000:]
    counts = _count(shared_db)
    # Exactly once: the in-app notification and the count on the task.
    assert counts["reminder_states"] == ["sent"] * 5
    assert counts["reminders_sent"] == [1] * 5
    assert counts["notifications"] == 5 and counts["distinct_notified_tasks"] == 5
    # At least once by email: an email interrupted mid-hand-off is sent again, with the same Message-ID; only
    # those that were in flight (one per connection) or handed over and not yet marked sent.
    message_ids = inbox.header("Message-ID")
    assert len(set(message_ids)) == 5
    assert len(set(inbox.header("X-CarePath-Task"))) == 5
    assert len(message_ids) - 5 <= 2
    listed = subprocess.run(
        [sys.executable, "-m", "carepath.cli", "followup", "list", "--json"],
        env=shared_db,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    calls = [row for row in json.loads(listed.stdout) if row["kind"] == "check_in_call"]
    assert [row["reminders_sent"] for row in calls] == [1] * 5
