"""Reads of assessments shared by pages, panels and the API: access, history, drafts and reassessment due."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from carepath.audit.services import audit_record
from carepath.cases.models import SafetyCase
from carepath.clients.access import visible_clients
from carepath.clients.models import Client
from carepath.core import clock

from . import riskpolicy
from .models import Assessment, AssessmentStatus, OrganisationAssessmentPolicy


def access_assessment(member, assessment_id, *, audit_action: str | None = "assessment.view") -> Assessment:
    """The assessment if `member` may see its client, else 404."""
    try:
        pk = assessment_id if isinstance(assessment_id, uuid.UUID) else uuid.UUID(str(assessment_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404("No such assessment.")
    assessment = (
        Assessment.objects.filter(pk=pk, client__in=visible_clients(member))
        .select_related("client", "case", "created_by", "prompted_by")
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment.")
    if audit_action:
        audit_record(actor=member, action=audit_action, obj=assessment)
    return assessment


def _history(assessments: QuerySet[Assessment]) -> list[Assessment]:
    # One query: who recorded each, and whether a PHQ-9's item 9 prompt was answered by a suicide screen.
    answered = Assessment.objects.filter(prompted_by=OuterRef("pk"), status=AssessmentStatus.FINAL)
    return list(
        assessments.filter(status=AssessmentStatus.FINAL)
        .select_related("created_by")
        .annotate(cssrs_done=Exists(answered))
        .order_by("occurred_at", "finalised_at")
    )


def client_history(client: Client) -> list[Assessment]:
    """Every final assessment of the client, oldest first."""
    return _history(Assessment.objects.filter(client=client))


def case_history(case: SafetyCase) -> list[Assessment]:
    """Every final assessment on the case, oldest first."""
    return _history(Assessment.objects.filter(case=case))


def own_draft(member, client: Client, instrument: str) -> Assessment | None:
    """The member's draft of this instrument for this client, if one was kept."""
    return (
        Assessment.objects.filter(
            created_by=member, client=client, instrument=instrument, status=AssessmentStatus.DRAFT
        )
        .order_by("-updated_at")
        .first()
    )


def organisation_intervals(organisation_id) -> riskpolicy.Intervals:
    """The organisation's reassessment intervals, or the documented defaults."""
    row = OrganisationAssessmentPolicy.objects.filter(organisation_id=organisation_id).first()
    if row is None:
        return riskpolicy.default_intervals()
    return riskpolicy.Intervals(row.low_days, row.moderate_days, row.high_days, row.imminent_hours, is_default=False)


@dataclass(frozen=True)
class Reassessment:
    risk_level: str
    interval: dt.timedelta | None
    last_at: dt.datetime | None  # the latest final assessment on the case, if any
    since: dt.datetime  # what the interval counts from: the latest assessment, else the case's opening
    due_at: dt.datetime | None
    overdue: bool
    intervals: riskpolicy.Intervals


# Instruments that assess suicide risk (the PHQ-9 measures depression and never counts as a risk assessment).
RISK_INSTRUMENTS = ("cssrs-screener", "cssrs-since-last-contact", "asq", "formulation")


def reassessment_due(case: SafetyCase, history: list[Assessment] | None = None) -> Reassessment:
    """When the case's next reassessment is due at its current risk level, counted from the latest suicide-risk
    assessment on the case (or its opening). The one due time: the follow-up task of the reassessment rule uses it."""
    intervals = organisation_intervals(case.organisation_id)
    if history is None:
        last_at = (
            Assessment.objects.filter(case=case, status=AssessmentStatus.FINAL, instrument__in=RISK_INSTRUMENTS)
            .order_by("-occurred_at")
            .values_list("occurred_at", flat=True)
            .first()
        )
    else:
        last_at = max((a.occurred_at for a in history if a.instrument in RISK_INSTRUMENTS), default=None)
    since = last_at or case.opened_at
    interval = intervals.interval(case.risk_level)
    due_at = since + interval if interval else None
    overdue = bool(due_at and case.is_open and due_at < clock.now())
    return Reassessment(case.risk_level, interval, last_at, since, due_at, overdue, intervals)


def risk_evidence(case, since) -> str | None:
    """The latest final suicide-risk assessment of the case's client since `since`, described; None without one.
    The case hook that lets a clinician lower a case's risk level (cases.services.case_change_risk_level)."""
    found = (
        Assessment.objects.filter(
            client_id=case.client_id,
            status=AssessmentStatus.FINAL,
            instrument__in=RISK_INSTRUMENTS,
            occurred_at__gte=since,
        )
        .order_by("-occurred_at")
        .first()
    )
    if found is None:
        return None
    level = found.final_level or found.computed_level or "no level"
    return f"{found.short_name} of {case.organisation.format_time(found.occurred_at)} ({level})"


def cases_without_assessment(member, now) -> list:
    """Open cases of the practice with no suicide-risk assessment recorded since they opened, for the urgent queue."""
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from carepath.cases.models import SafetyCase
    from carepath.cases.vocabulary import CaseStatus
    from carepath.core.extensions import Urgent

    assessed = Assessment.objects.filter(
        case=OuterRef("pk"), status=AssessmentStatus.FINAL, instrument__in=RISK_INSTRUMENTS
    )
    cases = (
        SafetyCase.objects.filter(organisation_id=member.organisation_id, status=CaseStatus.OPEN)
        .exclude(Exists(assessed))
        .select_related("client")
        .order_by("opened_at")[:500]
    )
    return [
        Urgent(
            case.pk,
            case.client.display_name,
            case.risk_level,
            "No suicide-risk assessment since the case opened",
            case.opened_at,
            reverse("cases:detail", kwargs={"case_id": case.pk}) + "#assessments",
            "assessments",
        )
        for case in cases
    ]
