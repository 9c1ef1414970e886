"""Reads of case protocols that the case page, the console, the dashboard and the API share."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.core import clock
from carepath.jurisdictions.selectors import resolved_jurisdiction

from . import engine as protocol
from .models import CaseProtocol, ProtocolPolicy
from .rules import Policy, rules


def current_policy(organisation_id) -> ProtocolPolicy | None:
    return ProtocolPolicy.objects.filter(organisation_id=organisation_id).order_by("-version").first()


def policy_versions(organisation_id) -> list[ProtocolPolicy]:
    return list(
        ProtocolPolicy.objects.filter(organisation_id=organisation_id).select_related("created_by").order_by("-version")
    )


def client_facts(case: SafetyCase) -> protocol.ClientFacts:
    client = case.client
    return protocol.ClientFacts(
        age=client.age,
        is_minor=client.is_minor,
        sud_protected=client.sud_protected,
        at_risk=case.at_risk,
        firearm_access="firearm_access" in (client.flags or []),
    )


def compute_case_steps(case: SafetyCase, policy: ProtocolPolicy | None) -> list[protocol.Step]:
    """The steps for the case as it stands, with the given policy version (pure apart from reading the case)."""
    return protocol.compute(
        risk_level=case.risk_level,
        jurisdiction=resolved_jurisdiction(case.jurisdiction_code),
        facts=client_facts(case),
        policy=Policy.model_validate(policy.rules) if policy else None,
        policy_label=policy.label if policy else "Organisation policy",
    )


@dataclass(frozen=True)
class StepStatus:
    step: protocol.Step
    state: str  # done / outstanding / not_applicable
    event: TimelineEvent | None  # the event that completed it, or that said it does not apply
    due_at: dt.datetime | None = None
    overdue: bool = False

    @property
    def reason_not_applicable(self) -> str:
        return (self.event.details or {}).get("reason", "") if self.state == "not_applicable" and self.event else ""


def _matches(done_by: dict, event) -> bool:
    if event.kind != done_by["kind"]:
        return False
    details = event.details or {}
    return all(str(details.get(key)) == value for key, value in done_by.get("details", {}).items())


def _status(step: protocol.Step, events: list, since: dt.datetime | None, now: dt.datetime) -> StepStatus:
    """Events are in time order. A matching event, or a tick for this step, completes it; "not applicable" with
    a reason closes it unless it was done after all."""
    done = next(
        (
            e
            for e in events
            if any(_matches(d, e) for d in step.done_by)
            or (e.kind == protocol.STEP_DONE and (e.details or {}).get("step_id") == step.id)
        ),
        None,
    )
    due = protocol.due_at(step, since) if since else None
    if done is not None:
        return StepStatus(step, "done", done, due, overdue=bool(due and done.occurred_at > due))
    not_applicable = [
        e for e in events if e.kind == protocol.STEP_NOT_APPLICABLE and (e.details or {}).get("step_id") == step.id
    ]
    if not_applicable:
        return StepStatus(step, "not_applicable", not_applicable[-1], due)
    return StepStatus(step, "outstanding", None, due, overdue=bool(due and now > due))


def _kinds(steps) -> set[str]:
    return set().union(*(s.kinds for s in steps)) if steps else set()


def case_steps(case: SafetyCase) -> tuple[list[protocol.Step], CaseProtocol | None]:
    """The case's stored protocol; computed on the fly (not saved) for a case opened before it existed."""
    stored = CaseProtocol.objects.filter(case=case).select_related("policy").first()
    if stored is not None:
        return [protocol.step_from_dict(s) for s in stored.steps], stored
    return compute_case_steps(case, current_policy(case.organisation_id)), None


def case_step_statuses(case: SafetyCase, steps: list[protocol.Step], since: dt.datetime | None = None):
    """Each step's status, from one query for the case's events of the kinds that matter."""
    return _statuses(case, steps, _events(case, _kinds(steps)), since)


def case_checklist(
    case: SafetyCase, steps: list[protocol.Step], since: dt.datetime | None = None
) -> tuple[list[StepStatus], dict]:
    """Each step's status (as `case_step_statuses`) and the supervisors' confirmations of consultations
    (consultation event id -> its confirmation, with who confirmed), from one query of the case's events."""
    from . import events as protocol_events

    confirmed = protocol_events.CONSULTATION_CONFIRMED
    events = _events(case, _kinds(steps) | {confirmed}, "actor__id", "actor__full_name", "actor__email")
    return _statuses(case, steps, events, since), _confirmations(e for e in events if e.kind == confirmed)


def _events(case: SafetyCase, kinds: set[str], *actor_fields: str) -> list[TimelineEvent]:
    found = TimelineEvent.objects.filter(case=case, kind__in=kinds)
    if actor_fields:
        found = found.select_related("actor")
    return list(
        found.only("id", "kind", "details", "occurred_at", "case_id", *actor_fields).order_by(
            "occurred_at", "recorded_at"
        )
    )


def _statuses(case: SafetyCase, steps, events: list, since: dt.datetime | None) -> list[StepStatus]:
    now = clock.now()
    return [_status(step, events, since or case.opened_at, now) for step in steps]


def outstanding_counts(cases) -> dict:
    """Required steps still outstanding per case id, for a page of cases in a constant number of queries."""
    cases = list(cases)
    if not cases:
        return {}
    stored = {p.case_id: p for p in CaseProtocol.objects.filter(case_id__in=[c.pk for c in cases])}
    policies: dict = {}
    steps_by_case: dict = {}
    for case in cases:
        if case.pk in stored:
            steps_by_case[case.pk] = [protocol.step_from_dict(s) for s in stored[case.pk].steps]
            continue
        if case.organisation_id not in policies:  # once per organisation: one query for a page
            policies[case.organisation_id] = current_policy(case.organisation_id)
        steps_by_case[case.pk] = compute_case_steps(case, policies[case.organisation_id])
    kinds = set().union(*(_kinds(steps) for steps in steps_by_case.values()))
    events_by_case: dict = {case.pk: [] for case in cases}
    for event in (
        TimelineEvent.objects.filter(case_id__in=list(events_by_case), kind__in=kinds)
        .only("id", "kind", "details", "occurred_at", "case_id")
        .order_by("occurred_at", "recorded_at")
    ):
        events_by_case[event.case_id].append(event)
    now = clock.now()
    counts = {}
    for case in cases:
        statuses = [_status(s, events_by_case[case.pk], None, now) for s in steps_by_case[case.pk] if s.required]
        counts[case.pk] = sum(1 for st in statuses if st.state == "outstanding")
    return counts


def outstanding_required(case: SafetyCase) -> list[protocol.Step]:
    steps, _stored = case_steps(case)
    return [st.step for st in case_step_statuses(case, steps) if st.step.required and st.state == "outstanding"]


def rules_reviewed() -> dt.date:
    return rules().reviewed


def overdue_steps(member, now: dt.datetime) -> list:
    """Required steps past their due time on the practice's open cases (the practice's own steps included), for the
    supervisor's urgent queue."""
    from django.urls import reverse

    from carepath.cases.vocabulary import CaseStatus
    from carepath.core.extensions import Urgent

    cases = list(
        SafetyCase.objects.filter(organisation_id=member.organisation_id, status=CaseStatus.OPEN).select_related(
            "client"
        )
    )
    if not cases:
        return []
    stored = {p.case_id: p for p in CaseProtocol.objects.filter(case_id__in=[c.pk for c in cases])}
    policy = None
    steps_by_case = {}
    for case in cases:
        if case.pk in stored:
            steps_by_case[case.pk] = [protocol.step_from_dict(s) for s in stored[case.pk].steps]
        else:
            policy = policy or current_policy(member.organisation_id)
            steps_by_case[case.pk] = compute_case_steps(case, policy)
    kinds = set().union(*(_kinds(steps) for steps in steps_by_case.values()))
    events_by_case: dict = {case.pk: [] for case in cases}
    for event in (
        TimelineEvent.objects.filter(case_id__in=list(events_by_case), kind__in=kinds)
        .only("id", "kind", "details", "occurred_at", "case_id")
        .order_by("occurred_at", "recorded_at")
    ):
        events_by_case[event.case_id].append(event)
    items = []
    for case in cases:
        for step in steps_by_case[case.pk]:
            if not step.required:
                continue
            status = _status(step, events_by_case[case.pk], case.opened_at, now)
            if status.state == "outstanding" and status.overdue:
                url = reverse("cases:detail", kwargs={"case_id": case.pk}) + f"#step-{step.id.replace('.', '')}"
                items.append(
                    Urgent(
                        case.pk, case.client.display_name, case.risk_level, step.title, status.due_at, url, "protocol"
                    )
                )
    return items


def _confirmations(found) -> dict:
    return {uuid.UUID(e.details["consultation"]): e for e in found if (e.details or {}).get("consultation")}
