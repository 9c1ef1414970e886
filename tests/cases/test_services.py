import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from carepath.audit.models import AuditEntry
from carepath.cases import events
from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.cases.services import (
    case_change_risk_level,
    case_close,
    case_open,
    case_record_event,
    event_amend,
)


def test_opening_a_case_writes_event_audit_and_jurisdiction_snapshot(clinician, client_record):
    case = case_open(actor=clinician, client=client_record, risk_level="moderate", concern="Passive ideation.")
    assert case.status == "open" and case.risk_rank == 2
    assert case.jurisdiction_code == "US-CA" and case.jurisdiction_snapshot["emergency"]["numbers"][0] == "911"
    event = case.events.get()
    assert event.kind == events.CASE_OPENED and event.actor == clinician
    assert AuditEntry.objects.filter(action="case.open", object_id=str(case.pk)).exists()


def test_others_at_risk_must_be_named(clinician, client_record):
    with pytest.raises(ValidationError) as exc:
        case_open(actor=clinician, client=client_record, risk_level="high", concern="Threat.", at_risk="others")
    assert "potential_victims" in exc.value.message_dict


def test_one_open_case_per_client(clinician, case):
    with pytest.raises(ValidationError):
        case_open(actor=clinician, client=case.client, risk_level="low", concern="Again.")


def test_off_team_clinician_cannot_open_or_write(off_team_clinician, client_record, case):
    with pytest.raises(PermissionDenied):
        case_record_event(actor=off_team_clinician, case=case, kind=events.NOTE, summary="x")
    with pytest.raises(PermissionDenied):
        case_close(actor=off_team_clinician, case=case, reason="x")


def test_supervisor_may_write_without_being_on_the_team(supervisor, case):
    event = case_record_event(actor=supervisor, case=case, kind=events.NOTE, summary="Reviewed with clinician.")
    assert event.actor == supervisor


def test_auditor_and_admin_have_no_clinical_write(auditor, admin, case):
    for member in (auditor, admin):
        with pytest.raises(PermissionDenied):
            case_record_event(actor=member, case=case, kind=events.NOTE, summary="x")


def test_event_in_the_future_is_refused(clinician, case):
    with pytest.raises(ValidationError) as exc:
        case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="x",
            occurred_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert "future" in exc.value.message_dict["occurred_at"][0]


def test_late_entry_is_marked(clinician, case):
    event = case_record_event(
        actor=clinician,
        case=case,
        kind=events.NOTE,
        summary="Called back.",
        occurred_at=timezone.now() - dt.timedelta(hours=3),
    )
    assert event.is_late_entry
    prompt = case_record_event(actor=clinician, case=case, kind=events.NOTE, summary="Now.")
    assert not prompt.is_late_entry


def test_events_are_append_only(clinician, case):
    event = case.events.get()
    event.summary = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_amendment_is_a_new_event_pointing_at_the_original(clinician, case):
    original = case.events.get()
    amendment = event_amend(actor=clinician, event=original, correction="Corrected text.", reason="Misheard.")
    assert amendment.amends == original and amendment.kind == events.AMENDMENT
    assert TimelineEvent.objects.get(pk=original.pk).summary == original.summary
    with pytest.raises(ValidationError):
        event_amend(actor=clinician, event=original, correction="x", reason=" ")


def test_risk_level_change_is_recorded(clinician, case):
    case_change_risk_level(actor=clinician, case=case, risk_level="imminent", reason="Has the means at hand.")
    case.refresh_from_db()
    assert case.risk_level == "imminent" and case.risk_rank == 4
    change = case.events.get(kind=events.RISK_LEVEL_CHANGED)
    assert change.details == {"from": "high", "to": "imminent", "reason": "Has the means at hand."}


def test_closing_without_reason_is_refused(clinician, case):
    with pytest.raises(ValidationError) as exc:
        case_close(actor=clinician, case=case, reason="   ")
    assert "reason" in exc.value.message_dict
    assert SafetyCase.objects.get(pk=case.pk).status == "open"


def test_closing_records_who_when_why_and_stops_writes(clinician, supervisor, case):
    case_close(actor=supervisor, case=case, reason="Risk resolved over six weeks.", override=True)
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_by == supervisor and case.closed_at
    assert case.events.filter(kind=events.CASE_CLOSED).exists()
    with pytest.raises(ValidationError):
        case_record_event(actor=clinician, case=case, kind=events.NOTE, summary="late")


def test_clinician_cannot_close_over_outstanding_items(clinician, case):
    with pytest.raises(ValidationError) as exc:
        case_close(actor=clinician, case=case, reason="Feels better.")
    assert "cannot close yet" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        case_close(actor=clinician, case=case, reason="Feels better.", override=True)


def test_monitoring_keeps_case_open(clinician, case):
    case_close(actor=clinician, case=case, reason="Stable for two weeks.", status="monitoring")
    case.refresh_from_db()
    assert case.status == "monitoring" and case.closed_at is None


def test_lowering_the_risk_needs_an_assessment_since_it_was_raised_or_a_supervisor(clinician, supervisor, case):
    from carepath.assessments.services import assessment_finalise

    with pytest.raises(ValidationError, match="Lowering the risk needs a suicide risk assessment"):
        case_change_risk_level(actor=clinician, case=case, risk_level="moderate", reason="Feels better.")
    case.refresh_from_db()
    assert case.risk_level == "high"
    # A PHQ-9 is not evidence; a C-SSRS since the risk was raised is.
    assessment_finalise(
        actor=clinician, client=case.client, instrument="phq9", answers={f"q{i}": 0 for i in range(1, 10)}
    )
    with pytest.raises(ValidationError):
        case_change_risk_level(actor=clinician, case=case, risk_level="moderate", reason="Feels better.")
    assessment_finalise(
        actor=clinician,
        client=case.client,
        instrument="cssrs-since-last-contact",
        answers={"q1": True, "q2": False, "q6": False},
    )
    case_change_risk_level(actor=clinician, case=case, risk_level="moderate", reason="C-SSRS low; plan in place.")
    event = TimelineEvent.objects.filter(case=case, kind="risk_level_changed").latest("recorded_at")
    assert event.details["evidence"].startswith("C-SSRS")
    # Raising needs nothing; lowering again after the raise needs new evidence, or a supervisor's rationale.
    case_change_risk_level(actor=clinician, case=case, risk_level="imminent", reason="Bought pills today.")
    with pytest.raises(ValidationError):
        case_change_risk_level(actor=clinician, case=case, risk_level="high", reason="Gave the pills away.")
    case_change_risk_level(actor=supervisor, case=case, risk_level="high", reason="Pills with her sister.")
    event = TimelineEvent.objects.filter(case=case, kind="risk_level_changed").latest("recorded_at")
    assert "supervisor" in event.details["evidence"]


@pytest.mark.parametrize("status", ["closed", "monitoring"])
def test_a_case_at_imminent_risk_cannot_close_or_go_to_monitoring(supervisor, case, status):
    case_change_risk_level(actor=supervisor, case=case, risk_level="imminent", reason="Means at hand.")
    with pytest.raises(ValidationError, match="imminent risk: it cannot be closed"):
        case_close(actor=supervisor, case=case, reason="Admitted elsewhere.", status=status, override=True)
    case.refresh_from_db()
    assert case.status == "open"


def test_a_closed_case_shows_what_was_outstanding_and_who_closed_over_it(signed_in, supervisor, case):
    case_close(actor=supervisor, case=case, reason="Moved out of state; care transferred.", override=True)
    page = signed_in(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert "At closing" in page and "over what was still outstanding" in page
    assert "Next reassessment due" not in page and "Mark done" not in page and "Next step" not in page


def test_the_case_keeps_when_its_risk_was_last_raised_as_its_events_tell(case, clinician, supervisor):
    from carepath.cases.services import case_change_risk_level, last_raise_at

    assert case.risk_raised_at == case.opened_at == last_raise_at(case)
    case_change_risk_level(actor=clinician, case=case, risk_level="imminent", reason="Plan and means disclosed")
    raised = SafetyCase.objects.get(pk=case.pk).risk_raised_at
    change = TimelineEvent.objects.get(case=case, kind=events.RISK_LEVEL_CHANGED)
    assert raised == change.occurred_at > case.opened_at and last_raise_at(case) == raised
    case_change_risk_level(
        actor=supervisor, case=case, risk_level="moderate", reason="Means removed", details={"rationale": "Seen at ED"}
    )
    assert SafetyCase.objects.get(pk=case.pk).risk_raised_at == raised  # lowering is no raise
