"""The follow-up worker: finds reminders and escalations that are due, and sends each one once.

How it holds up with many workers and with crashes (the guarantee, honestly):

* Finding work. Each loop scans for open tasks whose reminder time (due minus the organisation's lead) or
  escalation time (due plus its grace period) has come, up to BATCH at a time, and inserts a `Reminder` row
  per (task, kind, due time) together with django-tasks jobs that send them (CHUNK reminders a job), in one
  transaction. The unique constraint on (task, kind, due_at) decides which worker owns a reminder: a second
  insert is skipped. On PostgreSQL one worker scans at a time (an advisory lock; the others run jobs), and a
  scan that fills its batch is followed by another at once.
* Claiming. A job claims its pending reminders with a locking UPDATE (pending -> sending, by this worker id;
  rows another worker holds are skipped). Only one claim of a reminder can succeed, on SQLite (IMMEDIATE
  transactions) and on PostgreSQL alike. In the same transaction it writes the in-app notifications (unique
  per reminder and member), counts the reminders on their tasks and appends their audit entries:
  **the in-app notification and `reminders_sent` are exactly-once.** Tasks are locked in id order before
  they are counted, and a claim PostgreSQL gives up on a deadlock is retried.
* Email. After that commit the emails are handed to SMTP over a few connections at once (EMAIL_CONNECTIONS,
  default 4), and the reminders are marked sent as the server accepts them (at the latest FLUSH_SECONDS
  later, in groups of at most FLUSH_EVERY). If the worker dies in between, those reminders are found in
  `sending` after a restart (at once when the worker comes back with the same `--worker-id`, otherwise when
  the lease runs out) and their emails are sent again: the ones in flight and the ones accepted but not yet
  marked. **Email is at-least-once**; every attempt carries the same Message-ID and an `X-CarePath-Task`
  header, so a duplicate is recognisable and mail systems that de-duplicate drop it. A message the server
  refuses (say, a mailbox that no longer exists) is retried after the lease without holding back the rest.
* Jobs left RUNNING by a killed worker are never retried by django-tasks; the worker re-enqueues the
  reminders they were carrying (see `recover`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import smtplib
import socket
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import TextIO

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django_tasks import task

from carepath.accounts.models import zone_named
from carepath.audit.services import audit_record_many
from carepath.core import clock

from . import rules
from .models import FollowUpSettings, FollowUpTask, Notification, Reminder, ReminderKind, ReminderState, TaskStatus
from .services import supervisors_of, task_link

logger = logging.getLogger("carepath.followup.worker")

QUEUE = "default"  # settings.TASKS declares no other queue
# The longest reminder lead an organisation may set, so the scan can narrow its query by time.
MAX_LEAD = dt.timedelta(days=7)
BATCH = 500

# The id of the worker process running jobs, set by `run`; jobs claim reminders in its name.
CURRENT_WORKER_ID = ""


@dataclasses.dataclass
class ScanResult:
    reminders: int = 0
    escalations: int = 0
    recovered: int = 0
    full: bool = False  # a batch was filled: more may be due, scan again without waiting


# ---------------------------------------------------------------- email


def _mail_setting(name: str, default):
    """Django's EMAIL_* names, from settings when set there (or by override_settings), else the environment."""
    if settings.is_overridden(name):
        return getattr(settings, name)
    return os.environ.get(name, default)


def email_configured() -> bool:
    return bool(_mail_setting("EMAIL_HOST", ""))


def _connection():
    use_tls = str(_mail_setting("EMAIL_USE_TLS", "")).strip().lower() in {"1", "true", "yes", "on"}
    return get_connection(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=_mail_setting("EMAIL_HOST", ""),
        port=int(_mail_setting("EMAIL_PORT", 25)),
        username=_mail_setting("EMAIL_HOST_USER", "") or None,
        password=_mail_setting("EMAIL_HOST_PASSWORD", "") or None,
        use_tls=use_tls,
        timeout=30,
        fail_silently=False,
    )


def build_email(reminder: Reminder, recipients: list) -> EmailMessage:
    """The reminder email: that something is due and a link, never the client or the risk."""
    task_ = reminder.task
    base = getattr(settings, "CAREPATH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    tz_name = task_.organisation.time_zone
    when = timezone.localtime(task_.due_at, zone_named(tz_name)).strftime("%d %b %Y %H:%M %Z")
    if reminder.kind == ReminderKind.ESCALATION:
        subject = "CarePath: an overdue follow-up needs attention"
        body = f"A follow-up owned by {task_.owner.full_name} was due at {when} ({tz_name}) and is not done yet."
    else:
        subject = "CarePath: a follow-up is due"
        body = f"A follow-up assigned to you is due at {when} ({tz_name})."
    body += f"\n\nOpen it in CarePath (sign-in needed): {base}{task_link(task_)}\n"
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=_mail_setting("DEFAULT_FROM_EMAIL", "carepath@localhost"),
        to=[member.email for member in recipients],
        headers={"Message-ID": reminder.message_id, "X-CarePath-Task": str(task_.pk)},
    )


def escalation_minutes(task_, settings_) -> int:
    """How long this overdue task waits before its owner's supervisor is told: the practice's grace period, or
    the limit for the case's risk in rules.yaml (`escalation_limits`) when that is shorter."""
    practice = settings_.escalation_grace_minutes
    limit = rules.escalation_limit_minutes(task_.case.risk_level if task_.case_id else None)
    return practice if limit is None else min(practice, limit)


def notification_text(reminder: Reminder, now) -> str:
    """The in-app notification: the client's initials, the risk, the task and how late it is (never the name;
    emails say even less). E.g. "D.W. · imminent risk · Reassessment due 14:00 PST: 35 min overdue".
    Reads the reminder's task with its client, case and organisation (load them with it: see `_load`)."""
    task_ = reminder.task
    client = task_.client
    initials = f"{(client.preferred_name or client.given_name)[:1]}.{client.family_name[:1]}."
    risk = f"{task_.case.get_risk_level_display().lower()} risk" if task_.case_id else "no open case"
    when = timezone.localtime(task_.due_at, task_.organisation.zone).strftime("%d %b %H:%M %Z")
    late = now - task_.due_at
    if late.total_seconds() > 0:
        minutes = int(late.total_seconds() // 60)
        lateness = f"{minutes} min overdue" if minutes < 120 else f"{minutes // 60} h overdue"
    else:
        lateness = "due soon"
    lead = "Overdue, escalated to you: " if reminder.kind == ReminderKind.ESCALATION else ""
    return f"{lead}{initials} · {risk} · {task_.get_kind_display()} due {when}: {lateness}"


# ---------------------------------------------------------------- the job

# Reminders per job: claimed, notified, counted and audited in one transaction, emailed over one SMTP connection.
CHUNK = 100
# While emailing a job's reminders, "sent" is written after this many emails or this many seconds, whichever
# comes first: what a crash in between can make go twice (see the module's docstring).
FLUSH_EVERY = 25
FLUSH_SECONDS = 0.25


# SMTP refusals of one message (its recipients, sender or content); any other failure is of the connection.
_ONE_MESSAGE = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _recipients(reminder: Reminder, cache: dict) -> list:
    owner = reminder.task.owner
    if reminder.kind == ReminderKind.ESCALATION:
        # A practice without a supervisor still hears of it: the owner is told it is overdue.
        return _supervisors(owner, cache) or ([owner] if owner.is_active else [])
    return [owner] if owner.is_active else _supervisors(owner, cache)


def _supervisors(member, cache: dict) -> list:
    """`supervisors_of`, asked once per member in a batch."""
    if member.pk not in cache:
        cache[member.pk] = supervisors_of(member)
    return cache[member.pk]


def _load(ids) -> list[Reminder]:
    return list(
        Reminder.objects.filter(pk__in=ids).select_related(
            "task",
            "task__owner",
            "task__owner__supervisor",
            "task__organisation",
            "task__client",
            "task__case",
        )
    )


@task(queue_name=QUEUE)
def send_reminders(reminder_ids: list[str]) -> str:
    """Claim a batch of reminders and send them: in-app notifications exactly once, then the emails."""
    worker_id = CURRENT_WORKER_ID or f"{socket.gethostname()}-{os.getpid()}"
    for attempt in range(3):
        try:
            live = _claim(reminder_ids, worker_id)
            break
        except OperationalError as exc:  # PostgreSQL gave this transaction up to let another go on: again
            if getattr(exc.__cause__, "sqlstate", "") not in _RETRY or attempt == 2 or connection.in_atomic_block:
                raise
            logger.warning("reminders: claim retried after %s", type(exc.__cause__).__name__)
            time.sleep(0.05 * (attempt + 1))
    if live is None:
        return "taken"
    return _email(worker_id, live)


_RETRY = {"40P01", "40001"}  # deadlock detected, serialization failure


def _claim(reminder_ids: list[str], worker_id: str) -> list[tuple[Reminder, list]] | None:
    """One transaction: claim the batch's pending reminders, write their notifications, counts and audit entries.
    Returns the live reminders with their recipients (None when another worker had claimed them all)."""
    now = clock.now()
    live: list[tuple[Reminder, list]] = []
    with transaction.atomic():
        pending = Reminder.objects.filter(pk__in=reminder_ids, state=ReminderState.PENDING)
        if connection.vendor == "postgresql":  # SQLite's IMMEDIATE transaction already holds every writer off
            pending = pending.select_for_update(skip_locked=True)
        mine = list(pending.values_list("pk", flat=True))
        if not mine:
            return None
        Reminder.objects.filter(pk__in=mine, state=ReminderState.PENDING).update(
            state=ReminderState.SENDING, claimed_by=worker_id, claimed_at=now, attempts=F("attempts") + 1
        )
        stale: list = []
        cache: dict = {}
        for reminder in _load(mine):
            task_ = reminder.task
            # Done, cancelled or moved since the reminder was found: a reminder of the new time comes on its own.
            if task_.status != TaskStatus.OPEN or task_.due_at != reminder.due_at:
                stale.append(reminder.pk)
            else:
                live.append((reminder, _recipients(reminder, cache)))
        if stale:
            Reminder.objects.filter(pk__in=stale).update(state=ReminderState.SKIPPED)
        already = set(
            Notification.objects.filter(reminder_id__in=[r.pk for r, _ in live]).values_list("reminder_id", "member_id")
        )
        notes: list[Notification] = []
        counted: dict = {}  # task id -> reminders counted now (a reminder and an escalation may share a task)
        audits: dict = {}  # organisation id -> entries
        for reminder, recipients in live:
            task_ = reminder.task
            text = notification_text(reminder, now)
            new = [m for m in recipients if (reminder.pk, m.pk) not in already]
            notes += [
                Notification(
                    organisation_id=m.organisation_id,
                    member=m,
                    task=task_,
                    reminder=reminder,
                    text=text,
                    link=task_link(task_),
                    created_at=now,
                )
                for m in new
            ]
            if new:  # first successful claim: the notifications are written in this same transaction
                counted[task_.pk] = counted.get(task_.pk, 0) + 1
                audits.setdefault(task_.organisation_id, []).append(
                    {
                        "actor": None,
                        "actor_label": f"worker {worker_id}",
                        "action": f"followup.{reminder.kind}",
                        "obj": task_,
                        "detail": {"to": [m.email for m in recipients], "reminder": str(reminder.pk)},
                    }
                )
        Notification.objects.bulk_create(notes, batch_size=500)
        _lock_tasks(list(counted))
        for times in set(counted.values()):
            FollowUpTask.objects.filter(pk__in=[pk for pk, n in counted.items() if n == times]).update(
                reminders_sent=F("reminders_sent") + times
            )
        for organisation_id, entries in audits.items():
            audit_record_many(organisation_id=organisation_id, entries=entries)
    return live


def email_connections() -> int:
    """How many SMTP connections a worker sends over at once (EMAIL_CONNECTIONS, default 4): a mail server
    answers each message in a few round trips, so one connection at a time mostly waits."""
    try:
        return max(1, min(32, int(_mail_setting("EMAIL_CONNECTIONS", 4))))
    except (TypeError, ValueError):
        return 4


class _Mailer:
    """Sends messages from a few threads, each over its own SMTP connection (opened on first use, closed at the
    end). No database access happens in the threads: results come back to the caller, which writes them."""

    def __init__(self, connections: int):
        self.pool = ThreadPoolExecutor(max_workers=connections, thread_name_prefix="carepath-smtp")
        self.local = threading.local()
        self.opened: list = []
        self.lock = threading.Lock()
        self.broken: Exception | None = None  # the server cannot be reached: the rest fail at once

    def _send(self, message: EmailMessage) -> None:
        if self.broken is not None:
            raise self.broken
        smtp = getattr(self.local, "smtp", None)
        if smtp is None:
            smtp = self.local.smtp = _connection()
            with self.lock:
                self.opened.append(smtp)
        try:
            smtp.open()
            smtp.send_messages([message])
        except Exception as exc:
            try:
                smtp.close()
            except Exception:  # noqa: BLE001,S110  (the connection is already gone)
                pass
            if not isinstance(exc, _ONE_MESSAGE):
                self.broken = exc
            raise

    def submit(self, message: EmailMessage):
        return self.pool.submit(self._send, message)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        for smtp in self.opened:
            try:
                smtp.close()
            except Exception:  # noqa: BLE001,S110
                pass


def _email(worker_id: str, live: list[tuple[Reminder, list]]) -> str:
    """Hand the claimed reminders' emails to SMTP (a few connections at once), marking them sent as they go."""
    mine = Reminder.objects.filter(claimed_by=worker_id, state=ReminderState.SENDING)
    quiet = [r.pk for r, recipients in live if not recipients or not email_configured()]
    if quiet:  # nobody to email, or no email configured: in-app only
        mine.filter(pk__in=quiet).update(state=ReminderState.SENT, sent_at=clock.now(), email_sent=False)
    outbox = [(r, recipients) for r, recipients in live if recipients and email_configured()]
    if not outbox:
        return f"{len(live)} sent"
    sent: list = []
    failed: dict[str, list] = {}  # error -> reminder ids
    flushed = time.monotonic()

    def flush():
        nonlocal flushed
        if sent:
            mine.filter(pk__in=sent).update(state=ReminderState.SENT, sent_at=clock.now(), email_sent=True)
            sent.clear()
        flushed = time.monotonic()

    mailer = _Mailer(min(email_connections(), len(outbox)))
    try:
        futures = {mailer.submit(build_email(r, recipients)): r.pk for r, recipients in outbox}
        waiting = set(futures)
        while waiting:  # woken at least every FLUSH_SECONDS, so that what was sent is marked soon after
            done, waiting = wait(waiting, timeout=FLUSH_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                error = future.exception()
                if error is None:
                    sent.append(futures[future])
                else:
                    failed.setdefault(str(error)[:500], []).append(futures[future])
            if len(sent) >= FLUSH_EVERY or time.monotonic() - flushed >= FLUSH_SECONDS:
                flush()
    finally:
        mailer.close()
        flush()
    for error, ids in failed.items():  # retried after the lease (see `recover`); the notifications stay as they are
        logger.warning("%d reminder(s): email failed: %s", len(ids), error)
        mine.filter(pk__in=ids).update(state=ReminderState.PENDING, enqueued_at=clock.now(), last_error=error)
    n_failed = sum(len(ids) for ids in failed.values())
    return f"{len(live) - n_failed} sent" + (f", {n_failed} email failed" if n_failed else "")


@task(queue_name=QUEUE)
def send_reminder(reminder_id: str) -> str:
    """One reminder (the jobs of earlier versions, still in a queue after an upgrade)."""
    return send_reminders.call([reminder_id])


# ---------------------------------------------------------------- the scan


def _settings_by_org() -> dict:
    return {s.organisation_id: s for s in FollowUpSettings.objects.all()}


def _create(found: list[tuple[FollowUpTask, str, object]]) -> int:
    """Insert the reminders and their jobs together (the caller's transaction); returns how many were ours:
    one that another worker inserted first is skipped by the unique constraint."""
    if not found:
        return 0
    now = clock.now()
    rows = [
        Reminder(id=uuid.uuid4(), task=t, kind=kind, due_at=t.due_at, recipient=recipient, enqueued_at=now)
        for t, kind, recipient in found
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    ours = set(Reminder.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", flat=True))
    escalated = [r.task_id for r in rows if r.pk in ours and r.kind == ReminderKind.ESCALATION]
    if escalated:
        _lock_tasks(escalated)
        FollowUpTask.objects.filter(pk__in=escalated, escalated_at__isnull=True).update(escalated_at=now)
    ids = [str(r.pk) for r in rows if r.pk in ours]
    for i in range(0, len(ids), CHUNK):
        send_reminders.enqueue(ids[i : i + CHUNK])
    return len(ids)


_PG_SCAN_LOCK = (724_054, 1)  # the advisory lock one scanning worker holds on PostgreSQL (see `scan`)


def _scan_lock() -> bool:
    """On PostgreSQL, one worker scans at a time, the others run jobs meanwhile: a scan that started while
    another was committing would find the same tasks again and race it for every one of them. SQLite's
    IMMEDIATE transactions already take turns. (The unique constraint still decides any race.)"""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", list(_PG_SCAN_LOCK))
        return bool(cursor.fetchone()[0])


def _lock_tasks(ids) -> None:
    """Lock tasks in one order (their ids) before updating them, so that two transactions updating some of
    the same tasks (a job counting its reminders, a scan marking escalations) never deadlock."""
    if ids and connection.vendor == "postgresql":
        list(FollowUpTask.objects.filter(pk__in=ids).order_by("pk").select_for_update(no_key=True).values_list("pk"))


def scan(now: dt.datetime | None = None) -> ScanResult:
    """Create the reminders and escalations that have come due (each once, whoever else is scanning)."""
    now = now or clock.now()
    result = ScanResult()
    by_org = _settings_by_org()
    default = FollowUpSettings()
    has_reminder = Reminder.objects.filter(task=OuterRef("pk"), kind=ReminderKind.REMINDER, due_at=OuterRef("due_at"))
    candidates = (
        FollowUpTask.objects.filter(status=TaskStatus.OPEN, due_at__lte=now + MAX_LEAD)
        .exclude(Exists(has_reminder))
        .select_related("owner")
        .order_by("due_at")[:BATCH]
    )
    with transaction.atomic():
        if not _scan_lock():
            return result  # another worker is scanning
        found = []
        for task_ in candidates:
            lead = dt.timedelta(minutes=by_org.get(task_.organisation_id, default).reminder_lead_minutes)
            if task_.due_at - lead <= now:
                found.append((task_, ReminderKind.REMINDER, task_.owner))
        result.reminders = _create(found)
        result.full = len(found) >= BATCH
    has_escalation = Reminder.objects.filter(
        task=OuterRef("pk"), kind=ReminderKind.ESCALATION, due_at=OuterRef("due_at")
    )
    overdue = (
        FollowUpTask.objects.filter(status=TaskStatus.OPEN, due_at__lte=now)
        .exclude(Exists(has_escalation))
        .select_related("owner", "owner__supervisor", "case")
        .order_by("due_at")[:BATCH]
    )
    with transaction.atomic():
        if not _scan_lock():
            return result
        found, cache = [], {}
        for task_ in overdue:
            grace = dt.timedelta(minutes=escalation_minutes(task_, by_org.get(task_.organisation_id, default)))
            if task_.due_at + grace <= now:
                supervisors = _supervisors(task_.owner, cache)
                found.append((task_, ReminderKind.ESCALATION, supervisors[0] if supervisors else None))
        result.escalations = _create(found)
        result.full = result.full or len(found) >= BATCH
    return result


def recover(worker_id: str, lease: dt.timedelta, *, startup: bool = False) -> int:
    """Put back reminders whose sender died: our own at start-up, anyone's whose lease has run out."""
    from django_tasks_db.models import DBTaskResult

    now = clock.now()
    requeue: list[str] = []
    with transaction.atomic():
        stuck = Reminder.objects.filter(state=ReminderState.SENDING, claimed_at__lt=now - lease)
        if startup:
            stuck = stuck | Reminder.objects.filter(state=ReminderState.SENDING, claimed_by=worker_id)
        stuck_ids = list(stuck.values_list("pk", flat=True))
        if stuck_ids:
            back = Reminder.objects.filter(pk__in=stuck_ids, state=ReminderState.SENDING)
            if connection.vendor == "postgresql":
                back = back.select_for_update(skip_locked=True)
            stuck_ids = list(back.values_list("pk", flat=True))
            Reminder.objects.filter(pk__in=stuck_ids).update(state=ReminderState.PENDING, enqueued_at=now)
            requeue += [str(pk) for pk in stuck_ids]
        pending = Reminder.objects.filter(state=ReminderState.PENDING).exclude(pk__in=stuck_ids)
        if not startup:
            pending = pending.filter(enqueued_at__lt=now - lease)
        pending_ids = [str(pk) for pk in pending.values_list("pk", flat=True)]
        if pending_ids or startup:
            ready_ids = set()
            jobs = DBTaskResult.objects.filter(
                task_path__in=[send_reminders.module_path, send_reminder.module_path]
            ).exclude(status__in=["SUCCESSFUL", "FAILED"])
            for job in jobs:
                mine = startup and worker_id in (job.worker_ids or [])
                expired = job.started_at is not None and job.started_at < now - lease
                if job.status == "RUNNING" and (mine or expired):
                    # A job whose worker was killed (ours, before this restart, or anyone's past the lease):
                    # django-tasks never retries it, so its reminders are enqueued again below.
                    DBTaskResult.objects.filter(pk=job.pk, status="RUNNING").update(status="FAILED", finished_at=now)
                    continue
                for arg in job.args_kwargs.get("args", []):  # a list of ids, or one id (earlier versions)
                    ready_ids.update(str(a) for a in arg) if isinstance(arg, list) else ready_ids.add(str(arg))
            lost = [pk for pk in pending_ids if pk not in ready_ids]
            if lost:
                still = Reminder.objects.filter(pk__in=lost, state=ReminderState.PENDING)
                if connection.vendor == "postgresql":
                    still = still.select_for_update(skip_locked=True)
                lost = [str(pk) for pk in still.values_list("pk", flat=True)]  # not sent since they were read
                Reminder.objects.filter(pk__in=lost).update(enqueued_at=now)
                requeue += lost
        for i in range(0, len(requeue), CHUNK):
            send_reminders.enqueue(requeue[i : i + CHUNK])
    return len(requeue)


def run_jobs(worker_id: str, limit: int = 10_000) -> int:
    """Run the ready django-tasks jobs of every queue, then return (the loop of django-tasks-db's db_worker,
    without its connection recycling, so it also runs inside a test's transaction)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    ran = 0
    while ran < limit:
        jobs = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
        with exclusive_transaction(jobs.db):
            job = jobs.get_locked()
            if job is not None:
                job.claim(worker_id)  # RUNNING: no other worker takes it
        if job is None:
            return ran
        try:
            result = job.task_result
            value = job.task.call(*result.args, **result.kwargs)
            job.set_successful(value)
        except Exception as exc:  # noqa: BLE001  (recorded on the job, as db_worker does)
            logger.exception("job %s failed", job.pk)
            job.set_failed(exc)
        ran += 1
    return ran


def run(
    *,
    once: bool = False,
    max_iterations: int | None = None,
    interval: float = 15.0,
    worker_id: str | None = None,
    lease_seconds: int = 300,
    out: TextIO | None = None,
) -> int:
    """The worker loop: recover, scan, run jobs, sleep. Returns the number of reminders it created."""
    global CURRENT_WORKER_ID
    worker_id = (worker_id or f"{socket.gethostname()}-{os.getpid()}")[:64]
    CURRENT_WORKER_ID = worker_id
    lease = dt.timedelta(seconds=lease_seconds)
    created = 0
    iteration = 0
    startup = True
    if out:
        mode = "email and in-app" if email_configured() else "in-app only (EMAIL_HOST not set)"
        print(f"CarePath worker {worker_id}: reminders {mode}; Ctrl-C stops it.", file=out, flush=True)
    while True:
        if not connection.in_atomic_block:
            close_old_connections()
        recovered = recover(worker_id, lease, startup=startup)
        startup = False
        found = scan()
        created += found.reminders + found.escalations
        run_jobs(worker_id)
        if out and (found.reminders or found.escalations or recovered):
            print(
                f"{clock.now():%H:%M:%S} reminders {found.reminders}, escalations {found.escalations}, "
                f"recovered {recovered}",
                file=out,
                flush=True,
            )
        iteration += 1
        if once and found.full:
            continue  # --once still sends everything that is due now, batch after batch
        if once or (max_iterations is not None and iteration >= max_iterations):
            return created
        if not found.full:  # a full batch means more is due: scan again at once
            time.sleep(interval)
