"""Reads of collaboration: what a case's page shows, whether a high-risk case has been reviewed, and the cases
awaiting review for the supervisor's urgent queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.cases.services import last_raise_at
from carepath.cases.vocabulary import RISK_RANK, CaseStatus

from .models import ConsultationAnswer, ConsultationRequest, Handover, Referral, SupervisorReview, TeamNote

REVIEWED_LEVELS = ("high", "imminent")


@dataclass(frozen=True)
class ReviewStatus:
    needed: bool  # high or imminent risk
    last: SupervisorReview | None
    since: dt.datetime  # the review must be after this: the case opened, or its risk was last raised

    @property
    def awaiting(self) -> bool:
        return self.needed and (self.last is None or self.last.occurred_at < self.since)


def review_status(case: SafetyCase) -> ReviewStatus:
    last = SupervisorReview.objects.filter(case=case).select_related("actor").order_by("-occurred_at").first()
    return ReviewStatus(case.risk_level in REVIEWED_LEVELS, last, last_raise_at(case))


def case_panel_summary(case: SafetyCase) -> dict:
    """What the case page's panel shows: the review status (looked up only where a review is needed), how many
    consultations await an answer and referrals are open, the last three hand-over summaries."""
    needed = case.risk_level in REVIEWED_LEVELS
    last = (
        SupervisorReview.objects.filter(case=case).select_related("actor").order_by("-occurred_at").first()
        if needed
        else None
    )
    return {
        "review": ReviewStatus(needed, last, last_raise_at(case) if needed else case.opened_at),
        "open_consultations": ConsultationRequest.objects.filter(case=case, answer__isnull=True).count(),
        "open_referrals": Referral.objects.filter(case=case).exclude(status__in=CLOSED_REFERRALS).count(),
        "handovers": list(
            Handover.objects.filter(case=case).only("recipient_name", "occurred_at").order_by("-occurred_at")[:3]
        ),
    }


# A referral the other side has seen or declined is no longer waited on.
CLOSED_REFERRALS = ("seen", "declined")


def case_collaboration(case: SafetyCase) -> dict:
    return {
        "consultations": list(
            ConsultationRequest.objects.filter(case=case)
            .select_related("actor", "to_member", "answer", "answer__actor")
            .order_by("-occurred_at")
        ),
        "reviews": list(SupervisorReview.objects.filter(case=case).select_related("actor").order_by("-occurred_at")),
        "referrals": list(Referral.objects.filter(case=case).prefetch_related("updates").order_by("-created_at")),
        "handovers": list(Handover.objects.filter(case=case).select_related("actor").order_by("-occurred_at")),
        "notes": list(TeamNote.objects.filter(case=case).select_related("actor").order_by("-occurred_at")[:50]),
        "review": review_status(case),
    }


def awaiting_review(member, now) -> list:
    """Open high- and imminent-risk cases of the practice with no supervisor review since they opened or their
    risk was last raised (for the supervisor's urgent queue and dashboard), in three queries however many cases."""
    from carepath.core.extensions import Urgent

    cases = list(
        SafetyCase.objects.filter(
            organisation_id=member.organisation_id, status=CaseStatus.OPEN, risk_level__in=REVIEWED_LEVELS
        ).select_related("client")
    )
    ids = [c.pk for c in cases]
    reviewed: dict = {}
    for case_id, at in SupervisorReview.objects.filter(case_id__in=ids).values_list("case_id", "occurred_at"):
        reviewed[case_id] = max(at, reviewed.get(case_id, at))
    raised = {c.pk: c.opened_at for c in cases}
    changes = TimelineEvent.objects.filter(case_id__in=ids, kind="risk_level_changed").only(
        "case_id", "details", "occurred_at"
    )
    for event in changes:
        d = event.details or {}
        if (
            RISK_RANK.get(d.get("to"), 0) > RISK_RANK.get(d.get("from"), 0)
            and event.occurred_at > raised[event.case_id]
        ):
            raised[event.case_id] = event.occurred_at
    items = []
    for case in cases:
        since = raised[case.pk]
        if case.pk in reviewed and reviewed[case.pk] >= since:
            continue
        items.append(
            Urgent(
                case.pk,
                case.client.display_name,
                case.risk_level,
                "Awaiting supervisor review",
                since,
                reverse("collaboration:case", kwargs={"case_id": case.pk}) + "#review",
                "collaboration",
            )
        )
    return items


def pending_for(member, case: SafetyCase) -> list[ConsultationRequest]:
    """Consultations on this case asked of `member` (or, for a supervisor, of anyone) not answered yet."""
    asked = ConsultationRequest.objects.filter(case=case, answer__isnull=True).select_related("actor", "to_member")
    if not member.is_supervisor:
        asked = asked.filter(to_member=member)
    return list(asked.order_by("occurred_at"))


def is_open(request: ConsultationRequest) -> bool:
    """Not answered yet (no query when the answer was selected with the request)."""
    try:
        return request.answer is None
    except ConsultationAnswer.DoesNotExist:
        return True
