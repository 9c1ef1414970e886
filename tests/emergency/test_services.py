"""Emergency actions: typed timeline events, audit entries, refusals, and idempotent retries."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from carepath.audit.models import AuditEntry
from carepath.cases.models import TimelineEvent
from carepath.core import clock
from carepath.emergency.models import EmergencyAction
from carepath.emergency.services import emergency_action_record


def test_emergency_call_is_a_typed_event_with_a_plain_sentence_and_an_audit_entry(clinician, case):
    action = emergency_action_record(
        actor=clinician,
        case=case,
        kind="emergency_call",
        number_dialled="911",
        service="police",
        reference="CAD-2291",
        outcome="welfare_check",
    ).record
    event = action.event
    assert event.kind == "emergency_call" and event.case == case
    assert event.summary == (
        "Emergency call placed to 911 for police. The reference number is CAD-2291. Outcome: welfare check."
    )
    assert event.details["reference"] == "CAD-2291" and event.details["outcome"] == "welfare_check"
    assert AuditEntry.objects.filter(action="emergency.emergency_call", object_id=str(action.pk)).exists()


def test_call_without_outcome_is_recorded_as_not_known_yet(clinician, case):
    action = emergency_action_record(actor=clinician, case=case, kind="emergency_call", number_dialled="911").record
    assert action.outcome == "pending"
    assert "Outcome: not known yet." in action.event.summary


@pytest.mark.parametrize("reference", ["<script>", "CAD;DROP", "ref\nnext", "x" * 41, "—123"])
def test_reference_number_with_odd_characters_is_refused(clinician, case, reference):
    with pytest.raises(ValidationError) as exc:
        emergency_action_record(
            actor=clinician, case=case, kind="emergency_call", number_dialled="911", reference=reference
        )
    assert "reference" in exc.value.message_dict
    assert not TimelineEvent.objects.filter(case=case, kind="emergency_call").exists()


def test_time_in_the_future_is_refused(clinician, case):
    with pytest.raises(ValidationError) as exc:
        emergency_action_record(
            actor=clinician, case=case, kind="stayed_with_client", occurred_at=clock.now() + dt.timedelta(hours=1)
        )
    assert "future" in exc.value.message_dict["occurred_at"][0]


def test_logged_later_keeps_the_time_it_happened_and_is_a_late_entry(clinician, case):
    happened = clock.now() - dt.timedelta(hours=3)
    action = emergency_action_record(actor=clinician, case=case, kind="stayed_with_client", occurred_at=happened).record
    assert action.event.occurred_at == happened and action.event.is_late_entry


def test_repeated_idempotency_key_returns_the_first_action_and_writes_one_event(clinician, case):
    key = uuid.uuid4()
    first = emergency_action_record(
        actor=clinician, case=case, kind="emergency_call", number_dialled="911", idempotency_key=key
    ).record
    again = emergency_action_record(
        actor=clinician, case=case, kind="emergency_call", number_dialled="911", idempotency_key=key
    ).record
    assert again.pk == first.pk
    assert EmergencyAction.objects.count() == 1
    assert TimelineEvent.objects.filter(case=case, kind="emergency_call").count() == 1


@pytest.mark.parametrize(
    "kind, fields, field",
    [
        ("escorted_to_ed", {}, "facility"),
        ("client_called_crisis_line", {}, "crisis_line"),
        ("emergency_outcome", {"notes": "Admitted."}, "handed_over_to"),
        ("emergency_call", {}, "number_dialled"),
    ],
)
def test_each_action_requires_its_facts(clinician, case, kind, fields, field):
    with pytest.raises(ValidationError) as exc:
        emergency_action_record(actor=clinician, case=case, kind=kind, **fields)
    assert field in exc.value.message_dict


def test_every_action_kind_writes_its_own_event_kind(clinician, case):
    facts = {
        "emergency_call": {"number_dialled": "911"},
        "mobile_crisis_requested": {"service": "Alameda County MCT"},
        "escorted_to_ed": {"facility": "Highland Hospital", "handed_over_to": "the triage nurse"},
        "stayed_with_client": {"handed_over_to": "two police officers"},
        "client_called_crisis_line": {"crisis_line": "988 Suicide & Crisis Lifeline"},
        "emergency_outcome": {"notes": "Admitted voluntarily", "handed_over_to": "Dr Cho, Highland Hospital"},
    }
    for kind, fields in facts.items():
        emergency_action_record(actor=clinician, case=case, kind=kind, **fields)
    kinds = set(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert set(facts) <= kinds
    outcome = TimelineEvent.objects.get(case=case, kind="emergency_outcome")
    assert (
        outcome.summary
        == "Outcome of the emergency: Admitted voluntarily. Care was taken over by Dr Cho, Highland Hospital."
    )


def test_off_team_clinician_cannot_log(off_team_clinician, case):
    with pytest.raises(PermissionDenied):
        emergency_action_record(actor=off_team_clinician, case=case, kind="stayed_with_client")


def test_closed_case_refuses_new_actions(clinician, supervisor, case):
    from carepath.cases.services import case_close

    case_close(actor=supervisor, case=case, reason="Resolved after admission.", override=True)
    with pytest.raises(ValidationError):
        emergency_action_record(actor=clinician, case=case, kind="stayed_with_client")
