"""Every write to follow-up tasks, rules, notifications, feeds and risk drivers; the case hooks of this app."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from carepath.accounts.models import Member
from carepath.accounts.selectors import member_of, supervisors
from carepath.assessments import riskpolicy
from carepath.assessments.selectors import reassessment_due
from carepath.audit.services import audit_record
from carepath.cases.models import CaseStatus, RiskLevel, SafetyCase
from carepath.cases.services import case_append_event
from carepath.clients.access import can_see_client
from carepath.clients.models import Client
from carepath.core import clock

from . import events, rules
from .models import (
    CalendarFeed,
    CaringContactOptOut,
    DriverCategory,
    DriverProgress,
    FollowUpSettings,
    FollowUpTask,
    Notification,
    RiskDriver,
    RuleOverride,
    TaskKind,
    TaskStatus,
)

RISK_RULE = "reassessment_by_risk"
CARING_RULES = {"caring_texts", "caring_letters"}


# ---------------------------------------------------------------- permissions and small helpers


def _require_client_access(actor, client: Client) -> None:
    if not actor.is_clinical or client.organisation_id != actor.organisation_id or not can_see_client(actor, client):
        raise PermissionDenied("You are not on this client's care team.")


def _require_admin(actor) -> None:
    if not actor.is_org_admin:
        raise PermissionDenied("Only an organisation admin changes follow-up rules and settings.")


def org_settings(organisation_id) -> FollowUpSettings:
    """The organisation's settings, or unsaved defaults."""
    found = FollowUpSettings.objects.filter(organisation_id=organisation_id).first()
    return found or FollowUpSettings(organisation_id=organisation_id)


def _owner_for(actor, case: SafetyCase | None, owner: Member | None) -> Member:
    if owner is not None:
        return owner
    if actor.is_clinical:
        return actor
    if case is not None:
        return case.opened_by
    raise ValidationError({"owner": "Choose who owns this follow-up."})


def _check_owner(owner: Member, organisation_id) -> None:
    if owner.organisation_id != organisation_id or not owner.is_active or not owner.is_clinical:
        raise ValidationError({"owner": "The owner must be an active clinician or supervisor of this practice."})


def _event(actor, task: FollowUpTask, kind: str, summary: str, details: dict | None = None, occurred_at=None):
    if task.case_id is None:
        return None
    return case_append_event(
        actor=actor,
        case=task.case,
        kind=kind,
        summary=summary,
        details={"task_id": str(task.pk), "kind": task.kind, **(details or {})},
        occurred_at=occurred_at,
    )


def notify(*, member: Member, text: str, link: str = "", task: FollowUpTask | None = None, reminder=None):
    """An in-app notification; the text names no client and no risk (it may be read over a shoulder)."""
    return Notification.objects.create(
        organisation_id=member.organisation_id,
        member=member,
        task=task,
        reminder=reminder,
        text=text[:300],
        link=link,
        created_at=clock.now(),
    )


def task_link(task: FollowUpTask) -> str:
    return f"/followup/tasks/{task.pk}/"


def supervisors_of(member: Member) -> list[Member]:
    """Who hears of an overdue task: the owner's supervisor, else every active supervisor of the practice."""
    if member.supervisor_id and member.supervisor.is_active:
        return [member.supervisor]
    return list(supervisors(member.organisation_id).exclude(pk=member.pk))


# ---------------------------------------------------------------- tasks


@transaction.atomic
def followup_create(
    *,
    actor,
    kind: str,
    due_at: dt.datetime,
    client: Client | None = None,
    case: SafetyCase | None = None,
    title: str = "",
    owner: Member | None = None,
    rule_id: str = "",
    rule_step: int | None = None,
    anchor_at: dt.datetime | None = None,
    draft_text: str = "",
    follows: FollowUpTask | None = None,
    quiet: bool = False,
    source_key: str = "",
    next_contact: bool = False,
) -> FollowUpTask:
    """Schedule a follow-up on a client (and their case); by hand when `rule_id` is empty.

    `quiet` (rules scheduled by CarePath itself) leaves the timeline alone; the audit entry is still written.
    `next_contact` says it is the next contact with the client: it must come within the limit for the case's
    risk level (rules.yaml `next_contact_limits`), and it does the protocol's "schedule the next contact".
    """
    if case is not None:
        client = case.client
    if client is None:
        raise ValidationError("A follow-up is for a client or a safety case.")
    _require_client_access(actor, client)
    errors: dict[str, str] = {}
    if kind not in TaskKind.values:
        errors["kind"] = "Choose the kind of follow-up."
    if due_at is None or timezone.is_naive(due_at):
        errors["due_at"] = "Give the due time with its time zone."
    elif abs(due_at - clock.now()) > dt.timedelta(days=366 * 6):
        errors["due_at"] = "This time is years away; check the date."
    if case is not None and case.status == CaseStatus.CLOSED:
        errors["case"] = "This safety case is closed; schedule the follow-up on the client instead."
    if not errors and next_contact:
        errors.update(_next_contact_errors(case, kind, due_at))
    if errors:
        raise ValidationError(errors)
    if not rule_id and due_at < clock.now() - dt.timedelta(days=1):
        raise ValidationError({"due_at": "This time is already past; give the time the follow-up is due."})
    owner = _owner_for(actor, case, owner)
    _check_owner(owner, client.organisation_id)
    task = FollowUpTask.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        case=case,
        kind=kind,
        title=(title or "").strip()[:200] or TaskKind(kind).label,
        owner=owner,
        due_at=due_at,
        rule_id=rule_id,
        rule_step=rule_step,
        anchor_at=anchor_at,
        draft_text=draft_text,
        created_by=actor,
        created_at=clock.now(),
        follows=follows,
        source_key=source_key[:120],
    )
    when = timezone.localtime(due_at, client.organisation.zone).strftime("%d %b %Y %H:%M %Z")
    if not quiet:
        _event(
            actor,
            task,
            events.FOLLOWUP_SCHEDULED,
            ("Next contact: " if next_contact else "") + f"{task.title} due {when} ({owner})",
            {"due_at": due_at.isoformat(), "owner": str(owner.pk), "rule_id": rule_id, "next_contact": next_contact},
        )
    audit_record(
        actor=actor, action="followup.create", obj=task, detail={"kind": kind, "rule_id": rule_id, "owner": owner.email}
    )
    if owner.pk != actor.pk:
        notify(
            member=owner,
            text=f"A follow-up was assigned to you: {TaskKind(kind).label}.",
            link=task_link(task),
            task=task,
        )
    return task


def _next_contact_errors(case: SafetyCase | None, kind: str, due_at: dt.datetime) -> dict[str, str]:
    if case is None:
        return {"next_contact": "The next contact is scheduled on a safety case."}
    if kind not in CONTACT_KINDS:
        return {"kind": "The next contact is a call, an appointment, an outreach or a post-discharge contact."}
    limit = rules.next_contact_limit(case.risk_level)
    latest = rules.apply_offset(clock.now(), limit, date_of_birth=None, tz=case.organisation.zone)
    if due_at > latest:
        return {
            "due_at": (
                f"At {case.risk_level} risk the next contact must be within {limit.label()} (by "
                f"{case.organisation.format_time(latest)}). Schedule it sooner; a later appointment can be added "
                "as well, without 'next contact' ticked."
            )
        }
    return {}


def _require_open_task(actor, task: FollowUpTask) -> None:
    _require_client_access(actor, task.client)
    if task.status != TaskStatus.OPEN:
        raise ValidationError(f"This follow-up is already {task.get_status_display().lower()}.")


def _close(actor, task: FollowUpTask, status: str, *, outcome: str = "", reason: str = "") -> None:
    task.status, task.outcome, task.reason = status, outcome, reason
    task.closed_by, task.closed_at = actor, clock.now()
    task.save(update_fields=["status", "outcome", "reason", "closed_by", "closed_at"])


# Follow-ups that are a contact with the client (the risk is rated at each one on high and imminent cases).
CONTACT_KINDS = frozenset(
    {TaskKind.CHECK_IN_CALL, TaskKind.APPOINTMENT, TaskKind.POST_DISCHARGE_CONTACT, TaskKind.OUTREACH}
)


def _check_not_on_anchor_day(task: FollowUpTask, when: dt.datetime) -> None:
    """A follow-up visit after discharge on the day of discharge itself does not count (HEDIS FUH)."""
    if not task.rule_id or task.rule_step is None or task.anchor_at is None:
        return
    try:
        step = rules.get_rule(task.organisation_id, task.rule_id).steps[task.rule_step]
    except (rules.UnknownRule, IndexError):
        return
    zone = task.organisation.zone
    if step.not_on_anchor_day and when.astimezone(zone).date() == task.anchor_at.astimezone(zone).date():
        raise ValidationError(
            {
                "occurred_at": (
                    "A visit on the day of discharge does not count as the follow-up visit after discharge (the "
                    "HEDIS measure counts visits from the next day). Record today's visit as a note, and keep this "
                    "follow-up for a visit on a later day."
                )
            }
        )


@transaction.atomic
def followup_complete(
    *,
    actor,
    task: FollowUpTask,
    outcome: str,
    occurred_at: dt.datetime | None = None,
    progress: Iterable[tuple[RiskDriver, str, str]] = (),
    risk_now: str | None = None,
) -> FollowUpTask:
    """Mark a follow-up done with what came of it, and the progress on the case's risk drivers. A contact with a
    client on a high or imminent case rates the risk now (assessments' risk policy: at every contact)."""
    _require_open_task(actor, task)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": "Write what came of the follow-up."})
    if risk_now is not None and risk_now not in RiskLevel.values:
        raise ValidationError({"risk_now": "Choose the risk level."})
    case_level = task.case.risk_level if task.case_id and task.case.status != CaseStatus.CLOSED else None
    if case_level and task.kind in CONTACT_KINDS and riskpolicy.reassess_every_contact(case_level) and not risk_now:
        raise ValidationError(
            {"risk_now": f"This case is at {case_level} risk: rate the risk at this contact (every contact counts)."}
        )
    if task.needs_approval:
        raise ValidationError("Approve the caring message (edit it if needed) before marking it sent.")
    if task.rule_id == RISK_RULE:
        raise ValidationError(
            "A reassessment is done by recording it: a C-SSRS (since last contact) or a risk formulation on the "
            "case. Recording it completes this follow-up and schedules the next one."
        )
    if occurred_at is not None and timezone.is_naive(occurred_at):
        raise ValidationError({"occurred_at": "Give the time with its time zone."})
    if occurred_at is not None and occurred_at > clock.now() + dt.timedelta(minutes=2):
        raise ValidationError({"occurred_at": "This time is in the future."})
    _check_not_on_anchor_day(task, occurred_at or clock.now())
    _close(actor, task, TaskStatus.DONE, outcome=outcome)
    recorded = []
    for driver, direction, note in progress:
        if driver.case_id != task.case_id:
            raise ValidationError("That risk driver belongs to another case.")
        if direction not in DriverProgress.Direction.values:
            raise ValidationError({"progress": "Say whether the driver is better, unchanged or worse."})
        DriverProgress.objects.create(
            driver=driver, task=task, direction=direction, note=(note or "")[:300], recorded_at=clock.now()
        )
        recorded.append({"driver": str(driver), "direction": direction, "note": note or ""})
    rated = ""
    if risk_now:
        rated = f" Risk at this contact: {risk_now}"
        if case_level and risk_now != case_level:
            rated += f" (the case is at {case_level}: change its level on the case page if the risk has changed)"
        rated += "."
    _event(
        actor,
        task,
        events.FOLLOWUP_DONE,
        f"{task.title}: {outcome}{rated}",
        {"outcome": outcome, "progress": recorded, "risk_now": risk_now or "", "rule_id": task.rule_id},
        occurred_at=occurred_at,
    )
    audit_record(actor=actor, action="followup.complete", obj=task)
    if task.rule_id:
        rule = rules.get_rule(task.organisation_id, task.rule_id)
        if rule.repeat and task.case_id and task.case.status != CaseStatus.CLOSED:
            _schedule_by_risk(actor, task.case, rule, clock.now(), follows=task)
    return task


@transaction.atomic
def followup_miss(*, actor, task: FollowUpTask, reason: str, client_unreachable: bool = False) -> FollowUpTask:
    """Mark a follow-up missed. A missed appointment brings an outreach task due at once; an outreach
    that could not reach the client brings tasks for the safety-plan contacts and a welfare check."""
    _require_open_task(actor, task)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why it was missed."})
    _close(actor, task, TaskStatus.MISSED, reason=reason)
    _event(actor, task, events.FOLLOWUP_MISSED, f"{task.title} missed: {reason}", {"reason": reason})
    audit_record(actor=actor, action="followup.miss", obj=task, detail={"client_unreachable": client_unreachable})
    case = task.case
    if case is not None and case.status != CaseStatus.CLOSED:
        now = clock.now()
        if task.kind == TaskKind.APPOINTMENT:
            schedule_rule(actor, case, "missed_appointment", now, owner=task.owner, follows=task)
        elif task.kind == TaskKind.OUTREACH and client_unreachable:
            schedule_rule(actor, case, "client_unreachable", now, owner=task.owner, follows=task)
    return task


@transaction.atomic
def followup_cancel(*, actor, task: FollowUpTask, reason: str) -> FollowUpTask:
    _require_open_task(actor, task)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why it is cancelled."})
    _close(actor, task, TaskStatus.CANCELLED, reason=reason)
    _event(actor, task, events.FOLLOWUP_CANCELLED, f"{task.title} cancelled: {reason}", {"reason": reason})
    audit_record(actor=actor, action="followup.cancel", obj=task)
    return task


@transaction.atomic
def followup_approve_message(*, actor, task: FollowUpTask, text: str) -> FollowUpTask:
    """The clinician writes or approves the caring message before it goes."""
    _require_open_task(actor, task)
    if task.kind != TaskKind.CARING_CONTACT:
        raise ValidationError("Only caring contacts carry a message to approve.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the message the client will receive."})
    task.draft_text, task.approved_by, task.approved_at = text, actor, clock.now()
    task.save(update_fields=["draft_text", "approved_by", "approved_at"])
    audit_record(actor=actor, action="followup.approve_message", obj=task)
    return task


# ---------------------------------------------------------------- rules


def _crisis_line_words(client: Client, language: str) -> str:
    """'call or text 988 (988 Suicide & Crisis Lifeline)': the client's jurisdiction's first line, else the
    emergency number."""
    from carepath.jurisdictions.selectors import guidance

    info = guidance(client.jurisdiction)
    verbs = {"en": ("call", "text", "call or text"), "es": ("llama a", "escribe a", "llama o escribe a")}[language]
    for line in info.get("crisis_lines") or []:
        if line.get("phone") and line.get("text") == line.get("phone"):
            return f"{verbs[2]} {line['phone']} ({line['name']})"
        if line.get("phone"):
            return f"{verbs[0]} {line['phone']} ({line['name']})"
        if line.get("text"):
            return f"{verbs[1]} {line['text']} ({line['name']})"
    number = info.get("emergency_number")
    return (
        f"{verbs[0]} {number}"
        if number
        else {"en": "call your local emergency number", "es": "llama al número de emergencias"}[language]
    )


def _draft_for(client: Client, owner: Member, index: int = 0, steps: list | None = None) -> str:
    """The draft caring message for step `index` of a series: it varies by occasion, and ends with the client's
    crisis line and who reads a reply."""
    book = rules.book()
    language = (client.preferred_language or "en").split("-")[0]
    note = ""
    if language not in book.caring_drafts:
        language = "en"
        note = f"[Translate into the client's language ({client.preferred_language}) before sending.] "
    steps = steps or []
    dated = [i for i, s in enumerate(steps) if not getattr(s.after, "birthday", False)]
    birthday = bool(steps) and bool(getattr(steps[index].after, "birthday", False))
    text = book.caring_drafts[language].for_step(index, dated[-1] if dated else 0, birthday=birthday)
    name = client.preferred_name or client.given_name
    footer = book.caring_footer[language].format(
        crisis_line=_crisis_line_words(client, language), replies=org_settings(client.organisation_id).caring_replies
    )
    return note + text.format(name=name, clinician=owner.full_name) + " " + footer


def _schedule_by_risk(actor, case: SafetyCase, rule: rules.Rule, anchor: dt.datetime, follows=None):
    if not rule.enabled or not rule.by_risk:
        return None
    offset = rule.by_risk[case.risk_level]
    due = rules.apply_offset(anchor, offset, date_of_birth=None, tz=case.organisation.zone)
    if rule.id == RISK_RULE:
        # One due time everywhere: counted from the latest suicide-risk assessment, as the case page shows it.
        due = reassessment_due(case).due_at or due
    return followup_create(
        actor=actor,
        case=case,
        kind=rule.kind,
        title=f"{rule.title} ({case.get_risk_level_display().lower()} risk: every {offset.label()})",
        due_at=due,
        owner=follows.owner if follows else None,
        rule_id=rule.id,
        anchor_at=anchor,
        follows=follows,
        quiet=rule.quiet,
    )


@transaction.atomic
def schedule_rule(
    actor,
    case: SafetyCase,
    rule_id: str,
    anchor_time: dt.datetime,
    *,
    owner: Member | None = None,
    follows=None,
    source_key: str = "",
    title: str = "",
    after: rules.Offset | None = None,
) -> list[FollowUpTask]:
    """Schedule the tasks of a rule on a case from an anchor time (e.g. discharge): the API other apps call.

    Returns the tasks created (none when the organisation switched the rule off or the client opted out).
    """
    _require_client_access(actor, case.client)
    if anchor_time is None or timezone.is_naive(anchor_time):
        raise ValidationError({"anchor_time": "Give the start time with its time zone."})
    if abs(anchor_time - clock.now()) > dt.timedelta(days=366):
        raise ValidationError({"anchor_time": "The start time is more than a year away; check the date."})
    try:
        rule = rules.get_rule(case.organisation_id, rule_id)
    except rules.UnknownRule:
        raise ValidationError(f"There is no follow-up rule '{rule_id}'.")
    if not rule.enabled:
        return []
    if rule.by_risk:
        task = _schedule_by_risk(actor, case, rule, anchor_time, follows=follows)
        return [task] if task else []
    if rule.kind == TaskKind.CARING_CONTACT and CaringContactOptOut.objects.filter(client=case.client).exists():
        return []
    settings_ = org_settings(case.organisation_id)
    tz = case.organisation.zone
    created = []
    owner = _owner_for(actor, case, owner)
    for index, step in enumerate(rule.steps):
        kind = step.kind or rule.kind
        offset = after if after is not None and len(rule.steps) == 1 else step.after
        due = rules.apply_offset(anchor_time, offset, date_of_birth=case.client.date_of_birth, tz=tz)
        draft = ""
        if kind == TaskKind.CARING_CONTACT:
            # Messages to the client never land in the night.
            due = rules.outside_quiet_hours(due, settings_.quiet_hours_start, settings_.quiet_hours_end, tz)
            draft = _draft_for(case.client, owner, index, rule.steps)
        created.append(
            followup_create(
                actor=actor,
                case=case,
                kind=kind,
                title=step.title or title or rule.title,
                due_at=due,
                owner=owner,
                rule_id=rule.id,
                rule_step=index,
                anchor_at=anchor_time,
                draft_text=draft,
                follows=follows,
                source_key=source_key,
            )
        )
    if rule.notify_supervisor:
        for supervisor in supervisors_of(owner):
            notify(
                member=supervisor,
                text="A client could not be reached; outreach has been escalated.",
                link=f"/cases/{case.pk}/",
            )
    return created


@transaction.atomic
def caring_series_start(*, actor, case: SafetyCase, anchor_time: dt.datetime | None = None) -> list[FollowUpTask]:
    """Start the caring-contacts series the organisation chose (texts or letters) for this client."""
    choice = org_settings(case.organisation_id).caring_series
    if choice == FollowUpSettings.CaringSeries.NONE:
        raise ValidationError("Your organisation has no caring-contacts series switched on.")
    if FollowUpTask.objects.filter(case=case, rule_id__in=CARING_RULES, status=TaskStatus.OPEN).exists():
        raise ValidationError("A caring-contacts series is already running for this case.")
    if CaringContactOptOut.objects.filter(client=case.client).exists():
        raise ValidationError("The client has opted out of caring contacts.")
    return schedule_rule(actor, case, choice, anchor_time or clock.now())


@transaction.atomic
def caring_contacts_opt_out(*, actor, client: Client, note: str = "") -> int:
    """The client asked for no caring contacts: record it and cancel the ones still to come."""
    _require_client_access(actor, client)
    CaringContactOptOut.objects.update_or_create(
        client=client, defaults={"recorded_by": actor, "note": note, "opted_out_at": clock.now()}
    )
    cancelled = 0
    for task in FollowUpTask.objects.filter(client=client, kind=TaskKind.CARING_CONTACT, status=TaskStatus.OPEN):
        followup_cancel(actor=actor, task=task, reason="The client opted out of caring contacts.")
        cancelled += 1
    audit_record(actor=actor, action="followup.caring_opt_out", obj=client, detail={"cancelled": cancelled})
    return cancelled


# ---------------------------------------------------------------- case hooks


def on_case_opened(actor, case: SafetyCase) -> None:
    schedule_rule(actor, case, RISK_RULE, clock.now())


def on_risk_changed(actor, case: SafetyCase, previous_level: str) -> None:
    """The reassessment cadence follows the risk level: replace the open reassessment with one at the new pace."""
    reason = f"Risk level changed from {previous_level} to {case.risk_level}; reassessment rescheduled."
    owner = None
    for task in FollowUpTask.objects.filter(case=case, rule_id=RISK_RULE, status=TaskStatus.OPEN):
        owner = task.owner
        # The cadence is CarePath's own bookkeeping: replaced quietly (the risk change is on the timeline).
        _close(actor, task, TaskStatus.CANCELLED, reason=reason)
        audit_record(actor=actor, action="followup.cancel", obj=task, detail={"why": "risk_level_changed"})
    schedule_rule(actor, case, RISK_RULE, clock.now(), owner=owner)


def _notify_named(event, details: dict) -> None:
    """An event that names members to tell (`notify`, with a `notify_text` free of clinical words and a `link`):
    each gets an in-app notification, counted in the top bar (mentions, consultation requests and answers)."""
    for member_id in details.get("notify") or []:
        member = member_of(event.organisation_id, member_id)
        if member is not None and member.is_active and member.pk != event.actor_id:
            notify(
                member=member,
                text=str(details.get("notify_text") or "Something on a case needs you"),
                link=str(details.get("link") or ""),
            )


def on_event(actor, event) -> None:
    """Another app recorded an event on a case: schedule the rules it triggers and complete the tasks it completes
    (a finalised safety plan brings its review; a step agreed to make the surroundings safer, a task to confirm
    it, which its confirmation completes). The rules say which, in data/rules.yaml."""
    case = event.case
    details = event.details or {}
    _notify_named(event, details)
    if case.status == CaseStatus.CLOSED:
        return
    book = rules.effective_rules(case.organisation_id)
    for rule in book.values():
        for completion in rule.completed_by:
            if not rules.completes(completion, event.kind, details):
                continue
            open_tasks = FollowUpTask.objects.filter(case=case, rule_id=rule.id, status=TaskStatus.OPEN)
            if completion.key:
                open_tasks = open_tasks.filter(source_key=f"{rule.id}:{details.get(completion.key)}")
            for task in open_tasks:
                _close(actor, task, TaskStatus.DONE, outcome=event.summary[:2000] or "Done.")
                audit_record(actor=actor, action="followup.complete", obj=task, detail={"by_event": event.kind})
                if rule.repeat:
                    _schedule_by_risk(actor, case, rule, event.occurred_at, follows=task)
    for rule in book.values():
        trigger = rules.triggered(rule, event.kind, details)
        if trigger is None or not rule.enabled:
            continue
        anchor = event.occurred_at
        if trigger.anchor and details.get(trigger.anchor):
            try:
                anchor = dt.datetime.fromisoformat(str(details[trigger.anchor]))
            except ValueError:
                pass
        key = f"{rule.id}:{details.get(trigger.key)}" if trigger.key else ""
        if key and FollowUpTask.objects.filter(case=case, source_key=key, status=TaskStatus.OPEN).exists():
            continue
        open_one = None if key else FollowUpTask.objects.filter(case=case, rule_id=rule.id, status=TaskStatus.OPEN)
        if open_one is not None and open_one.exists():
            _bring_forward(actor, open_one.order_by("due_at").first(), rule, trigger, anchor, event)
            continue  # one review at a time, brought forward when this event asks for it sooner
        title = f"{rule.title}: {event.summary}"[:200] if trigger.key else ""
        anchor = max(anchor, clock.now() - dt.timedelta(days=1)) if trigger.anchor else anchor
        owner = None
        if trigger.owner and details.get(trigger.owner):
            owner = member_of(case.organisation_id, details[trigger.owner])
        schedule_rule(actor, case, rule.id, anchor, source_key=key, title=title, after=trigger.after, owner=owner)


def _bring_forward(actor, task: FollowUpTask, rule: rules.Rule, trigger: rules.Trigger, anchor, event) -> None:
    """An open task of a one-step rule, due later than this event would make it: due sooner, on the timeline."""
    if len(rule.steps) != 1:
        return
    offset = trigger.after or rule.steps[0].after
    due = rules.apply_offset(anchor, offset, date_of_birth=None, tz=task.organisation.zone)
    if due >= task.due_at:
        return
    before = task.due_at
    task.due_at = due
    task.save(update_fields=["due_at"])
    when = task.organisation.format_time(due)
    _event(
        actor,
        task,
        events.FOLLOWUP_SCHEDULED,
        f"{task.title} brought forward to {when} ({event.summary[:120]})",
        {"due_at": due.isoformat(), "owner": str(task.owner_id), "rule_id": rule.id, "was_due": before.isoformat()},
    )
    audit_record(actor=actor, action="followup.reschedule", obj=task, detail={"by_event": event.kind})


def _blocks(rule: rules.Rule | None, task: FollowUpTask, now: dt.datetime) -> bool:
    mode = rule.blocks_close if rule else "always"
    return mode == "always" or (mode == "when_overdue" and task.due_at <= now)


def close_blockers(actor, case: SafetyCase, status: str) -> list[str]:
    """Open follow-ups stop a case closing (not stepping down to monitoring)."""
    if status != CaseStatus.CLOSED:
        return []
    book = rules.effective_rules(case.organisation_id)
    now = clock.now()
    blocking = [
        t
        for t in FollowUpTask.objects.filter(case=case, status=TaskStatus.OPEN).order_by("due_at")
        if _blocks(book.get(t.rule_id), t, now)
    ]
    if not blocking:
        return []
    titles = ", ".join(t.title for t in blocking[:3]) + (f" and {len(blocking) - 3} more" if len(blocking) > 3 else "")
    return [f"{len(blocking)} follow-up{'s are' if len(blocking) != 1 else ' is'} still open ({titles})"]


def on_case_closed(actor, case: SafetyCase, status: str, reason: str) -> None:
    """Closing cancels the open follow-ups with the closing reason (caring contacts carry on)."""
    if status != CaseStatus.CLOSED:
        return
    book = rules.effective_rules(case.organisation_id)
    for task in FollowUpTask.objects.filter(case=case, status=TaskStatus.OPEN):
        rule = book.get(task.rule_id)
        if rule is not None and rule.on_close == "keep":
            continue
        _close(actor, task, TaskStatus.CANCELLED, reason=f"Case closed: {reason}")
        audit_record(actor=actor, action="followup.cancel", obj=task, detail={"why": "case_closed"})


# ---------------------------------------------------------------- settings and overrides (admins)


@transaction.atomic
def followup_settings_update(*, actor, **values: Any) -> FollowUpSettings:
    _require_admin(actor)
    allowed = {
        "reminder_lead_minutes",
        "escalation_grace_minutes",
        "caring_series",
        "quiet_hours_start",
        "quiet_hours_end",
        "caring_replies",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(f"Unknown settings: {', '.join(sorted(unknown))}")
    if values.get("caring_series", "none") not in FollowUpSettings.CaringSeries.values:
        raise ValidationError({"caring_series": "Choose a caring-contacts series."})
    if int(values.get("reminder_lead_minutes", 0)) > 7 * 24 * 60:
        raise ValidationError({"reminder_lead_minutes": "Remind at most 7 days (10080 minutes) before."})
    found = org_settings(actor.organisation_id)
    for name, value in values.items():
        setattr(found, name, value)
    found.updated_by, found.updated_at = actor, clock.now()
    found.full_clean()
    found.save()
    audit_record(
        actor=actor,
        action="followup.settings",
        detail={k: str(v) for k, v in values.items() if k != "caring_replies"} | {"fields": sorted(values)},
    )
    return found


@transaction.atomic
def rule_override_set(
    *,
    actor,
    rule_id: str,
    enabled: bool = True,
    offsets: str | None = None,
    by_risk_days: dict[str, int] | None = None,
    reason: str = "",
) -> RuleOverride:
    """The organisation's own version of a rule; `offsets` like '72h, 7d, 30d' replace the steps' times."""
    _require_admin(actor)
    base = rules.default_rules().get(rule_id)
    if base is None:
        raise ValidationError({"rule_id": "No such rule."})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why your organisation departs from the default (e.g. its policy)."})
    data: dict[str, Any] = {}
    if rule_id == RISK_RULE and by_risk_days:
        raise ValidationError(
            {"by_risk": "The reassessment cadence is the practice's reassessment intervals: change it on that page."}
        )
    if base.by_risk and by_risk_days:
        if set(by_risk_days) != set(base.by_risk) or any(int(v) < 1 or int(v) > 365 for v in by_risk_days.values()):
            raise ValidationError({"by_risk": "Give a number of days from 1 to 365 for every risk level."})
        data["by_risk"] = {level: {"days": int(days)} for level, days in by_risk_days.items()}
    elif base.steps and offsets is not None:
        try:
            parsed = rules.parse_offsets(offsets)
        except ValueError as exc:
            raise ValidationError({"offsets": str(exc)})
        if len(parsed) != len(base.steps):
            raise ValidationError({"offsets": f"Give {len(base.steps)} offsets, one for each step."})
        data["steps"] = [
            step.model_dump() | {"after": offset.model_dump()} for step, offset in zip(base.steps, parsed, strict=True)
        ]
    override, _ = RuleOverride.objects.update_or_create(
        organisation_id=actor.organisation_id,
        rule_id=rule_id,
        defaults={
            "enabled": enabled,
            "data": data,
            "reason": reason.strip(),
            "updated_by": actor,
            "updated_at": clock.now(),
        },
    )
    audit_record(
        actor=actor,
        action="followup.rule_override",
        obj=override,
        detail={"rule_id": rule_id, "enabled": enabled, "changed": sorted(data)},
    )
    return override


@transaction.atomic
def rule_override_remove(*, actor, rule_id: str) -> None:
    _require_admin(actor)
    RuleOverride.objects.filter(organisation_id=actor.organisation_id, rule_id=rule_id).delete()
    audit_record(actor=actor, action="followup.rule_default", detail={"rule_id": rule_id})


# ---------------------------------------------------------------- notifications, calendar feeds


@transaction.atomic
def notification_mark_read(*, actor, notification_ids: Iterable | None = None) -> int:
    """Mark the member's own notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(member=actor, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=clock.now())


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, actor) -> str:
    """A new secret link for the member's calendar; earlier links are revoked. Returns the secret once."""
    if not actor.is_clinical:
        raise PermissionDenied("Only clinicians and supervisors have follow-ups.")
    CalendarFeed.objects.filter(member=actor, revoked_at__isnull=True).update(revoked_at=clock.now())
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(member=actor, token_hash=feed_token_hash(token), created_at=clock.now())
    audit_record(actor=actor, action="followup.calendar_feed_create")
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor) -> int:
    count = CalendarFeed.objects.filter(member=actor, revoked_at__isnull=True).update(revoked_at=clock.now())
    audit_record(actor=actor, action="followup.calendar_feed_revoke", detail={"revoked": count})
    return count


# ---------------------------------------------------------------- drivers of risk


@transaction.atomic
def risk_driver_add(*, actor, case: SafetyCase, category: str, description: str = "") -> RiskDriver:
    _require_client_access(actor, case.client)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This safety case is closed.")
    if category not in DriverCategory.values:
        raise ValidationError({"category": "Choose what drives the risk."})
    description = (description or "").strip()[:300] or DriverCategory(category).label
    driver = RiskDriver.objects.create(
        case=case, category=category, description=description, created_by=actor, created_at=clock.now()
    )
    case_append_event(
        actor=actor,
        case=case,
        kind=events.RISK_DRIVER_ADDED,
        summary=f"Working on: {description}",
        details={"driver_id": str(driver.pk), "category": category},
    )
    audit_record(actor=actor, action="followup.risk_driver_add", obj=driver, client_id=case.client_id)
    return driver


@transaction.atomic
def risk_driver_resolve(*, actor, driver: RiskDriver) -> RiskDriver:
    case = driver.case
    _require_client_access(actor, case.client)
    if not driver.is_active:
        raise ValidationError("This driver is already resolved.")
    driver.is_active = False
    driver.save(update_fields=["is_active"])
    case_append_event(
        actor=actor,
        case=case,
        kind=events.RISK_DRIVER_RESOLVED,
        summary=f"No longer a driver of risk: {driver.description}",
        details={"driver_id": str(driver.pk)},
    )
    audit_record(actor=actor, action="followup.risk_driver_resolve", obj=driver, client_id=case.client_id)
    return driver
