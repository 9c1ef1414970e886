"""Reads of follow-ups shared by the pages, the API, the command line and the calendar feed."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from carepath.audit.services import audit_record
from carepath.clients.access import visible_clients
from carepath.core import clock

from .models import CalendarFeed, FollowUpTask, Notification, RiskDriver, TaskKind, TaskStatus


def visible_tasks(member) -> QuerySet[FollowUpTask]:
    """Follow-ups of clients the member may see (care team, supervisor, break-the-glass)."""
    if not member.is_authenticated or not member.is_clinical:
        return FollowUpTask.objects.none()
    clients = visible_clients(member).filter(pk=OuterRef("client_id"))
    return FollowUpTask.objects.filter(organisation_id=member.organisation_id).filter(Exists(clients))


def access_task(member, task_id, *, audit_action: str | None = "followup.view") -> FollowUpTask:
    """The follow-up if `member` may see its client, else 404; the view is audited like a case's."""
    try:
        pk = task_id if isinstance(task_id, uuid.UUID) else uuid.UUID(str(task_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404("No such follow-up.")
    task = visible_tasks(member).select_related("client", "case", "owner", "client__organisation").filter(pk=pk).first()
    if task is None:
        raise Http404("No such follow-up.")
    if audit_action:
        audit_record(actor=member, action=audit_action, obj=task)
    return task


def case_tasks(case) -> list[FollowUpTask]:
    """A case's follow-ups: open ones by due time first, then the closed ones, newest first."""
    tasks = list(FollowUpTask.objects.filter(case=case).select_related("owner", "closed_by").order_by("due_at"))
    open_ = [t for t in tasks if t.status == TaskStatus.OPEN]
    closed = sorted(
        (t for t in tasks if t.status != TaskStatus.OPEN), key=lambda t: t.closed_at or t.due_at, reverse=True
    )
    return open_ + closed[:20]


def case_drivers(case) -> list[RiskDriver]:
    return list(
        RiskDriver.objects.filter(case=case)
        .prefetch_related(Prefetch("progress", queryset=_progress_qs()))
        .order_by("-is_active", "created_at")
    )


def _progress_qs():
    from .models import DriverProgress

    return DriverProgress.objects.order_by("-recorded_at")


def _end_of_today(member, now: dt.datetime) -> dt.datetime:
    """Midnight at the end of the practice's today: where "today" ends and "this week" begins on a worklist."""
    zone = member.organisation.zone
    return dt.datetime.combine(now.astimezone(zone).date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)


def worklist(member, *, whole_practice: bool = False, now: dt.datetime | None = None) -> dict[str, list]:
    """Open follow-ups in groups: overdue, today, this week (the next seven days), later."""
    now = now or clock.now()
    tasks = visible_tasks(member).filter(status=TaskStatus.OPEN)
    if not (whole_practice and member.is_supervisor):
        tasks = tasks.filter(owner=member)
    tasks = tasks.select_related("client", "owner", "case").order_by("due_at")[:500]
    end_of_today = _end_of_today(member, now)
    groups: dict[str, list] = {"overdue": [], "today": [], "week": [], "later": []}
    for task in tasks:
        if task.due_at <= now:
            groups["overdue"].append(task)
        elif task.due_at < end_of_today:
            groups["today"].append(task)
        elif task.due_at < now + dt.timedelta(days=7):
            groups["week"].append(task)
        else:
            groups["later"].append(task)
    return groups


def worklist_summary(member, *, now: dt.datetime | None = None, show: int = 5) -> dict:
    """The dashboard's view of `worklist`: how many follow-ups are in each group (counted by the database, so
    the cost does not grow with them) and the first `show` overdue ones."""
    now = now or clock.now()
    tasks = visible_tasks(member).filter(status=TaskStatus.OPEN, owner=member)
    end_of_today = _end_of_today(member, now)
    week = now + dt.timedelta(days=7)
    counts = tasks.aggregate(  # the groups of `worklist` (the end of today always comes before a week from now)
        overdue=Count("pk", filter=Q(due_at__lte=now)),
        today=Count("pk", filter=Q(due_at__gt=now, due_at__lt=end_of_today)),
        week=Count("pk", filter=Q(due_at__gte=end_of_today, due_at__lt=week)),
        later=Count("pk", filter=Q(due_at__gte=week)),
    )
    overdue = list(tasks.filter(due_at__lte=now).select_related("client").order_by("due_at")[:show])
    return {"counts": counts, "overdue": overdue}


def due_tasks(now: dt.datetime | None = None, *, organisation_id=None) -> QuerySet[FollowUpTask]:
    """Open tasks due now or earlier (the command line's `followup list --due`)."""
    tasks = FollowUpTask.objects.filter(status=TaskStatus.OPEN, due_at__lte=now or clock.now())
    if organisation_id:
        tasks = tasks.filter(organisation_id=organisation_id)
    return tasks.select_related("owner").order_by("due_at")


def notifications(member, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(member=member).order_by("-created_at")[:limit])


def unread_count(member) -> int:
    if not getattr(member, "is_authenticated", False):
        return 0
    return Notification.objects.filter(member=member, read_at__isnull=True).count()


def feed_member(token: str):
    """The member a calendar secret belongs to, if it is still valid."""
    from .services import feed_token_hash

    feed = CalendarFeed.objects.filter(token_hash=feed_token_hash(token or ""), revoked_at__isnull=True)
    found = feed.select_related("member", "member__organisation").first()
    if found is None or not found.member.is_active:
        return None
    return found.member


def has_feed(member) -> bool:
    return CalendarFeed.objects.filter(member=member, revoked_at__isnull=True).exists()


def feed_tasks(member) -> list[FollowUpTask]:
    """The member's own open follow-ups for the calendar (no clinical details go into the feed)."""
    since = clock.now() - dt.timedelta(days=30)
    return list(
        FollowUpTask.objects.filter(owner=member, status=TaskStatus.OPEN, due_at__gte=since).order_by("due_at")[:1000]
    )


DISCHARGE_RULE = "post_discharge"
SEVEN_DAY_STEP = 1  # the rule's second step: the visit within 7 days (followup/data/rules.yaml)


def discharges_without_seven_day_visit(member, *, days: int = 30, now: dt.datetime | None = None) -> list[FollowUpTask]:
    """Discharges in the last `days` whose 7-day follow-up visit is not done (open, missed or cancelled): the
    riskiest weeks, on the dashboard of the clinicians who see the client and of their supervisors."""
    now = now or clock.now()
    return list(
        visible_tasks(member)
        .filter(rule_id=DISCHARGE_RULE, rule_step=SEVEN_DAY_STEP, anchor_at__gte=now - dt.timedelta(days=days))
        .exclude(status=TaskStatus.DONE)
        .select_related("client", "owner", "case")
        .order_by("due_at")
    )


def overdue_for_queue(member, now: dt.datetime) -> list:
    """Open follow-ups of the practice past their due time (missed outreach among them), for the urgent queue."""
    from django.urls import reverse

    from carepath.core.extensions import Urgent

    tasks = (
        FollowUpTask.objects.filter(organisation_id=member.organisation_id, status=TaskStatus.OPEN, due_at__lt=now)
        .select_related("client", "case", "owner")
        .order_by("due_at")[:500]
    )
    items = []
    for task in tasks:
        what = f"{task.get_kind_display()}: {task.title} (owner {task.owner})"
        if task.kind == TaskKind.OUTREACH:
            what = f"Outreach not done: {task.title} (owner {task.owner})"
        risk = task.case.risk_level if task.case_id else "unknown"
        url = reverse("followup:task", kwargs={"task_id": task.pk})
        items.append(Urgent(task.case_id, task.client.display_name, risk, what, task.due_at, url, "followup"))
    return items
