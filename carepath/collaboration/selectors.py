"""Reads of collaboration: what a case's page shows, whether a high-risk case has been reviewed, and the cases
awaiting review for the supervisor's urgent queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from carepath.cases.models import SafetyCase
from carepath.cases.services import last_raise_at
from carepath.cases.vocabulary import CaseStatus

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
    return {
        "review": review_status(case) if needed else ReviewStatus(False, None, case.opened_at),
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


def _reviewed_cases(organisation_id) -> QuerySet[SafetyCase]:
    """Open high- and imminent-risk cases with `since` (the case opened, or its risk was last raised) and
    `reviewed_at` (their last supervisor review, one index lookup a case)."""
    reviewed = SupervisorReview.objects.filter(case=OuterRef("pk")).order_by("-occurred_at").values("occurred_at")[:1]
    return (
        SafetyCase.objects.filter(
            organisation_id=organisation_id, status=CaseStatus.OPEN, risk_level__in=REVIEWED_LEVELS
        )
        .annotate(reviewed_at=Subquery(reviewed))
        .annotate(since=Coalesce("risk_raised_at", "opened_at"))  # as cases.services.last_raise_at reads it
    )


def cases_awaiting_review(organisation_id) -> QuerySet[SafetyCase]:
    """Open high- and imminent-risk cases with no supervisor review since they opened or their risk was last
    raised, most urgent first (imminent, then the longest waiting), in one query however many cases there are."""
    return (
        _reviewed_cases(organisation_id)
        .filter(Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=F("since")))
        .order_by("-risk_rank", "since")
    )


def _urgent(case):
    from carepath.core.extensions import Urgent

    return Urgent(
        case.pk,
        case.client.display_name,
        case.risk_level,
        "Awaiting supervisor review",
        case.since,
        reverse("collaboration:case", kwargs={"case_id": case.pk}) + "#review",
        "collaboration",
    )


def awaiting_review(member, now) -> list:
    """The cases awaiting review as items of the urgent queue."""
    return [_urgent(case) for case in cases_awaiting_review(member.organisation_id).select_related("client")]


def awaiting_review_items(member, limit: int) -> tuple[int, list]:
    """How many cases await review, and the `limit` most urgent as urgent-queue items (the supervisors'
    dashboard), in three light queries however many wait."""
    waiting = cases_awaiting_review(member.organisation_id)
    count = waiting.count()
    if not count:
        return 0, []
    # the few shown, then their clients: joined before the limit, the database would join every waiting case
    top = list(waiting.values_list("pk", "since")[:limit])
    cases = {c.pk: c for c in SafetyCase.objects.filter(pk__in=[pk for pk, _ in top]).select_related("client")}
    for pk, since in top:
        cases[pk].since = since
    return count, [_urgent(cases[pk]) for pk, _ in top]


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
