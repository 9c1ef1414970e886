"""Reads of safety cases and timelines that pages, the API and reports share."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from carepath.audit.services import audit_record
from carepath.clients.access import access_basis, on_call_shift, reachable_client_ids, reached, remember_access
from carepath.clients.models import AccessGrant

from . import hooks
from .models import CaseStatus, SafetyCase, TimelineEvent


def visible_cases(member) -> QuerySet[SafetyCase]:
    """Cases of clients the member may see; same rules as `visible_clients` (an on-call shift opens them all)."""
    if not member.is_authenticated or not member.is_clinical:
        return SafetyCase.objects.none()
    cases = SafetyCase.objects.filter(organisation_id=member.organisation_id)
    if member.is_supervisor or on_call_shift(member) is not None:
        return cases
    return cases.filter(client_id__in=reachable_client_ids(member))


def dashboard_cases(member) -> QuerySet[SafetyCase]:
    """Open and monitored cases, those needing action first: highest risk, then longest without activity."""
    return (
        visible_cases(member)
        # open or monitored, said as the indexes say it: "not closed" (see SafetyCase.Meta)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("client")
        .defer("jurisdiction_snapshot", "concern", "potential_victims", "close_reason")  # not shown on a list
        .order_by("-risk_rank", "last_activity_at")
    )


def client_cases(client) -> QuerySet[SafetyCase]:
    return SafetyCase.objects.filter(client=client).order_by("-opened_at")


def access_case(member, case_id, *, audit_action: str | None = "case.view") -> SafetyCase:
    """The case if `member` may see it, else 404, with its client.

    A page (`audit_action` given) also gets who opened and closed the case in the same query; a write
    (`audit_action=None`: it audits its own change) does not need them, and they load only if used."""
    try:
        pk = case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404("No such safety case.")
    if not member.is_authenticated or not member.is_clinical:
        raise Http404("No such safety case.")
    # one query: the case, its client, and whether the member reaches it (see clients.access.reached)
    case = (
        reached(SafetyCase.objects.filter(organisation_id=member.organisation_id, pk=pk), member, "client_id")
        .select_related(*(("client", "opened_by", "closed_by") if audit_action else ("client",)))
        .first()
    )
    if case is None:
        raise Http404("No such safety case.")
    remember_access(member, case.client_id)
    if audit_action:
        basis = access_basis(member, case.client, directly=getattr(case, "reached_directly", None))
        audit_record(actor=member, action=audit_action, obj=case, detail=basis)
    return case


def access_event(member, event_id) -> TimelineEvent:
    try:
        pk = uuid.UUID(str(event_id))
    except (TypeError, ValueError):
        raise Http404("No such entry.")
    event = (
        TimelineEvent.objects.filter(pk=pk, case__in=visible_cases(member))
        .select_related("case", "case__client")
        .first()
    )
    if event is None:
        raise Http404("No such entry.")
    return event


TIMELINE_ON_CASE_PAGE = 30  # the newest entries on the case page; the rest on the full timeline
TIMELINE_PAGE = 100  # entries a page of the full timeline


def case_timeline(case: SafetyCase, limit: int = 200, offset: int = 0) -> list[TimelineEvent]:
    """The case's events, newest first, with who wrote them and what they amend (`limit` of them from
    `offset`)."""
    # Corrections are events of the same case: asking for them by case lets the database walk the case's index
    # (SQLite's statistics count every uncorrected event under one NULL, and would rather scan the table).
    # Of the people and the corrected entries, only what a timeline shows (a member's whole row, password hash
    # included, and the corrected entry's every column were read for each entry).
    corrections = Prefetch(
        "amendments",
        queryset=TimelineEvent.objects.filter(case=case)
        .select_related("actor")
        .only(*_ENTRY, *_WHO)
        .order_by("recorded_at"),
    )
    return list(
        TimelineEvent.objects.filter(case=case)
        .select_related("actor", "amends")
        .only(*_ENTRY, *_WHO, "amends__id", "amends__occurred_at", "amends__summary")
        .prefetch_related(corrections)
        .order_by("-occurred_at", "-recorded_at", "-id")[offset : offset + limit]
    )


def case_timeline_page(case: SafetyCase, limit: int, offset: int = 0) -> tuple[list[TimelineEvent], bool]:
    """`limit` entries of the case from `offset` (newest first), and whether older ones follow: one more read
    than shown, no count over a long record."""
    rows = case_timeline(case, limit=limit + 1, offset=offset)
    return rows[:limit], len(rows) > limit


_ENTRY = ("id", "case_id", "kind", "summary", "details", "occurred_at", "recorded_at", "actor_id", "amends_id")
_WHO = ("actor__id", "actor__full_name", "actor__email")


def recent_break_glass(member, limit: int = 20) -> QuerySet[AccessGrant]:
    """Break-the-glass grants of the organisation, for supervisors."""
    if not member.is_supervisor:
        return AccessGrant.objects.none()
    return (
        AccessGrant.objects.filter(client__organisation_id=member.organisation_id)
        .select_related("member", "client")
        .order_by("-created_at")[:limit]
    )


def close_blockers(member, case: SafetyCase) -> list[str]:
    """What still stands in the way of closing (outstanding required steps, open follow-ups)."""
    return hooks.close_blockers(member, case, CaseStatus.CLOSED)
