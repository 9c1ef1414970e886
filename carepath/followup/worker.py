"""The follow-up worker: finds reminders and escalations that are due, and sends each one once.

How it holds up with many workers and with crashes (the guarantee, honestly):

* Finding work. Each loop scans for open tasks whose reminder time (due minus the organisation's lead) or
  escalation time (due plus its grace period) has come, and inserts a `Reminder` row per (task, kind, due
  time) together with a django-tasks job that sends it, in one transaction. The unique constraint on
  (task, kind, due_at) decides which worker owns a reminder: a second insert fails and is skipped.
* Claiming. The job claims its reminder with a conditional UPDATE (pending → sending, by this worker id).
  Only one UPDATE can succeed, on SQLite (IMMEDIATE transactions) and on PostgreSQL alike. In the same
  transaction it writes the in-app notification(s) (unique per reminder and member) and counts the
  reminder on the task: **the in-app notification and `reminders_sent` are exactly-once.**
* Email. After that commit the email is handed to SMTP, then the reminder is marked sent. If the worker
  dies between the hand-off and that mark, the reminder is found in `sending` after a restart (at once
  when the worker comes back with the same `--worker-id`, otherwise when the lease runs out) and its
  email is sent again. **Email is at-least-once**; every attempt carries the same Message-ID and an
  `X-CarePath-Task` header, so a duplicate is recognisable and mail systems that de-duplicate drop it.
* Jobs left RUNNING by a killed worker are never retried by django-tasks; the worker re-enqueues the
  reminders they were carrying (see `recover`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import socket
import time
from typing import TextIO

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django_tasks import task

from carepath.accounts.models import zone_named
from carepath.audit.services import audit_record
from carepath.core import clock

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


# The longest a follow-up of a case at this risk waits, overdue, before its owner's supervisor is told: the
# practice's own grace period applies when it is shorter. CarePath's defaults (no external source): at imminent
# risk a missed contact cannot wait for the usual two hours.
ESCALATION_MINUTES_BY_RISK = {"imminent": 15, "high": 60}


def escalation_minutes(task_, settings_) -> int:
    practice = settings_.escalation_grace_minutes
    risk = task_.case.risk_level if task_.case_id else None
    return min(practice, ESCALATION_MINUTES_BY_RISK.get(risk, practice))


def notification_text(reminder: Reminder, now) -> str:
    """The in-app notification: the client's initials, the risk, the task and how late it is (never the name;
    emails say even less). E.g. "D.W. · imminent risk · Reassessment due 14:00 PST: 35 min overdue"."""
    task_ = FollowUpTask.objects.select_related("client", "case", "organisation").get(pk=reminder.task_id)
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


def _recipients(reminder: Reminder) -> list:
    owner = reminder.task.owner
    if reminder.kind == ReminderKind.ESCALATION:
        # A practice without a supervisor still hears of it: the owner is told it is overdue.
        return supervisors_of(owner) or ([owner] if owner.is_active else [])
    return [owner] if owner.is_active else supervisors_of(owner)


@task(queue_name=QUEUE)
def send_reminder(reminder_id: str) -> str:
    """Claim one reminder and send it: in-app notification exactly once, then the email."""
    worker_id = CURRENT_WORKER_ID or f"{socket.gethostname()}-{os.getpid()}"
    now = clock.now()
    with transaction.atomic():
        claimed = Reminder.objects.filter(pk=reminder_id, state=ReminderState.PENDING).update(
            state=ReminderState.SENDING, claimed_by=worker_id, claimed_at=now, attempts=F("attempts") + 1
        )
        if not claimed:
            return "taken"
        reminder = Reminder.objects.select_related("task", "task__owner", "task__organisation").get(pk=reminder_id)
        task_ = reminder.task
        # Done, cancelled or moved since the reminder was found: a reminder of the new time comes on its own.
        stale = task_.status != TaskStatus.OPEN or task_.due_at != reminder.due_at
        if stale:
            Reminder.objects.filter(pk=reminder_id).update(state=ReminderState.SKIPPED)
            return "skipped"
        recipients = _recipients(reminder)
        text = notification_text(reminder, now)
        new = 0
        for member in recipients:
            if not Notification.objects.filter(reminder=reminder, member=member).exists():
                Notification.objects.create(
                    organisation_id=member.organisation_id,
                    member=member,
                    task=task_,
                    reminder=reminder,
                    text=text,
                    link=task_link(task_),
                    created_at=now,
                )
                new += 1
        if new:  # first successful claim: the notifications were written in this same transaction
            FollowUpTask.objects.filter(pk=task_.pk).update(reminders_sent=F("reminders_sent") + 1)
            audit_record(
                actor=None,
                actor_label=f"worker {worker_id}",
                action=f"followup.{reminder.kind}",
                obj=task_,
                organisation_id=task_.organisation_id,
                detail={"to": [m.email for m in recipients], "reminder": str(reminder.pk)},
            )
    emailed = False
    if recipients and email_configured():
        try:
            _connection().send_messages([build_email(reminder, recipients)])
            emailed = True
        except Exception as exc:  # noqa: BLE001  (any SMTP failure: retry after the lease)
            logger.warning("reminder %s: email failed: %s", reminder_id, exc)
            Reminder.objects.filter(pk=reminder_id, claimed_by=worker_id, state=ReminderState.SENDING).update(
                state=ReminderState.PENDING, enqueued_at=clock.now(), last_error=str(exc)[:500]
            )
            return "email failed"
    Reminder.objects.filter(pk=reminder_id, claimed_by=worker_id, state=ReminderState.SENDING).update(
        state=ReminderState.SENT, sent_at=clock.now(), email_sent=emailed
    )
    return "sent"


# ---------------------------------------------------------------- the scan


def _settings_by_org() -> dict:
    return {s.organisation_id: s for s in FollowUpSettings.objects.all()}


def _create(task_: FollowUpTask, kind: str, recipient) -> bool:
    """Insert the reminder and its job together; False when another worker got there first."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                task=task_, kind=kind, due_at=task_.due_at, recipient=recipient, enqueued_at=clock.now()
            )
            if kind == ReminderKind.ESCALATION:
                FollowUpTask.objects.filter(pk=task_.pk, escalated_at__isnull=True).update(escalated_at=clock.now())
            send_reminder.enqueue(str(reminder.pk))
    except IntegrityError:
        return False
    return True


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
    for task_ in candidates:
        lead = dt.timedelta(minutes=by_org.get(task_.organisation_id, default).reminder_lead_minutes)
        if task_.due_at - lead <= now and _create(task_, ReminderKind.REMINDER, task_.owner):
            result.reminders += 1
    has_escalation = Reminder.objects.filter(
        task=OuterRef("pk"), kind=ReminderKind.ESCALATION, due_at=OuterRef("due_at")
    )
    overdue = (
        FollowUpTask.objects.filter(status=TaskStatus.OPEN, due_at__lte=now)
        .exclude(Exists(has_escalation))
        .select_related("owner", "owner__supervisor", "case")
        .order_by("due_at")[:BATCH]
    )
    for task_ in overdue:
        grace = dt.timedelta(minutes=escalation_minutes(task_, by_org.get(task_.organisation_id, default)))
        if task_.due_at + grace <= now:
            supervisors = supervisors_of(task_.owner)
            if _create(task_, ReminderKind.ESCALATION, supervisors[0] if supervisors else None):
                result.escalations += 1
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
        for reminder_id in list(stuck.values_list("pk", flat=True)):
            if Reminder.objects.filter(pk=reminder_id, state=ReminderState.SENDING).update(
                state=ReminderState.PENDING, enqueued_at=now
            ):
                requeue.append(str(reminder_id))
        pending = Reminder.objects.filter(state=ReminderState.PENDING)
        if not startup:
            pending = pending.filter(enqueued_at__lt=now - lease)
        ready_ids = set()
        for job in DBTaskResult.objects.filter(task_path=send_reminder.module_path).exclude(
            status__in=["SUCCESSFUL", "FAILED"]
        ):
            mine = startup and worker_id in (job.worker_ids or [])
            expired = job.started_at is not None and job.started_at < now - lease
            if job.status == "RUNNING" and (mine or expired):
                # A job whose worker was killed (ours, before this restart, or anyone's past the lease):
                # django-tasks never retries it, so its reminder is enqueued again below.
                DBTaskResult.objects.filter(pk=job.pk, status="RUNNING").update(status="FAILED", finished_at=now)
                continue
            ready_ids.update(str(a) for a in job.args_kwargs.get("args", []))
        for reminder_id in pending.values_list("pk", flat=True):
            if str(reminder_id) in ready_ids or str(reminder_id) in requeue:
                continue
            if Reminder.objects.filter(pk=reminder_id, state=ReminderState.PENDING).update(enqueued_at=now):
                requeue.append(str(reminder_id))
        for reminder_id in requeue:
            send_reminder.enqueue(reminder_id)
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
        if once or (max_iterations is not None and iteration >= max_iterations):
            return created
        time.sleep(interval)
