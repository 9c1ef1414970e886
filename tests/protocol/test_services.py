"""Protocol writes: policy versions, the protocol kept on each case, ticking steps off and closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from carepath.audit.models import AuditEntry
from carepath.cases.services import case_change_risk_level, case_close, case_open, case_record_event
from carepath.clients.services import client_create
from carepath.protocol import selectors, services
from carepath.protocol.models import CaseProtocol, ProtocolPolicy

POLICY = """
steps:
  - id: policy.supervisor_within_hour
    stage: collaboration
    title: Supervisor consulted within 1 hour for high or imminent risk
    reason: Practice policy.
    required: true
    when: {risk: [high, imminent]}
    due_within_minutes: 60
    done_by: [{kind: supervisor_consulted}]
    source_note: Practice policy
"""


def statuses(case):
    steps, stored = selectors.case_steps(case)
    return {s.step.id: s for s in selectors.case_step_statuses(case, steps)}


def test_policy_versions_are_numbered_immutable_and_audited(admin):
    first = services.protocol_policy_save(actor=admin, text=POLICY, note="Supervisor within the hour.")
    second = services.protocol_policy_save(actor=admin, text="", note="Back to the rules alone.")
    assert (first.version, second.version) == (1, 2)
    assert selectors.current_policy(admin.organisation_id) == second
    assert first.rules["steps"][0]["id"] == "policy.supervisor_within_hour"
    first.note = "rewritten"
    with pytest.raises(PermissionError):
        first.save()
    assert AuditEntry.objects.filter(action="protocol_policy.save").count() == 2


def test_admins_and_supervisors_save_a_policy_clinicians_do_not(clinician, supervisor):
    with pytest.raises(PermissionDenied):
        services.protocol_policy_save(actor=clinician, text="", note="x")
    saved = services.protocol_policy_save(actor=supervisor, text=POLICY, note="Clinical director: within the hour.")
    assert saved.version == 1 and saved.created_by == supervisor


def test_an_invalid_policy_is_refused_naming_the_field(admin):
    with pytest.raises(ValidationError) as exc:
        services.protocol_policy_save(actor=admin, text="overrides: [{step: nope.nope}]", note="typo")
    assert "overrides.0.step" in " ".join(exc.value.message_dict["text"])
    assert not ProtocolPolicy.objects.exists()


def test_opening_a_case_keeps_its_protocol_with_the_policy_version(admin, case, clinician, client_record):
    stored = CaseProtocol.objects.get(case=case)
    assert stored.policy is None and stored.risk_level == "high"
    assert "hospitalisation.disposition_high" in [s["id"] for s in stored.steps]
    version = services.protocol_policy_save(actor=admin, text=POLICY, note="Supervisor within the hour.")
    case_change_risk_level(actor=clinician, case=case, risk_level="imminent", reason="Has the means at hand.")
    stored.refresh_from_db()
    assert stored.policy == version and stored.risk_level == "imminent"
    ids = [s["id"] for s in stored.steps]
    assert ids[0] == "emergency.call" and "policy.supervisor_within_hour" in ids


def test_risk_down_drops_steps_no_longer_called_for(supervisor, case):
    case_change_risk_level(actor=supervisor, case=case, risk_level="low", reason="Crisis passed.")
    ids = {s["id"] for s in CaseProtocol.objects.get(case=case).steps}
    assert "hospitalisation.disposition_high" not in ids and "assessment.screen" in ids


def test_not_applicable_needs_a_reason_and_records_it_on_the_timeline(clinician, case):
    with pytest.raises(ValidationError) as exc:
        services.protocol_step_not_applicable(
            actor=clinician, case=case, step_id="hospitalisation.disposition_high", reason=" "
        )
    assert "reason" in exc.value.message_dict
    event = services.protocol_step_not_applicable(
        actor=clinician,
        case=case,
        step_id="hospitalisation.disposition_high",
        reason="Already an inpatient at St Mary's.",
    )
    assert (
        event.kind == "protocol_step_not_applicable" and event.details["step_id"] == "hospitalisation.disposition_high"
    )
    status = statuses(case)["hospitalisation.disposition_high"]
    assert status.state == "not_applicable" and status.reason_not_applicable == "Already an inpatient at St Mary's."
    assert AuditEntry.objects.filter(action="protocol.step_not_applicable").exists()


def test_a_step_not_in_the_protocol_is_refused(clinician, case):
    with pytest.raises(ValidationError):
        services.protocol_step_not_applicable(actor=clinician, case=case, step_id="emergency.call", reason="x")


def test_outsiders_cannot_tick_steps(off_team_clinician, outsider, case):
    for member in (off_team_clinician, outsider):
        with pytest.raises(PermissionDenied):
            services.protocol_step_done(actor=member, case=case, step_id="safety_plan.create", note="x")


def test_marking_done_writes_the_steps_own_kind_and_a_step_with_its_own_page_is_not_ticked(clinician, case):
    consulted = services.protocol_step_done(
        actor=clinician, case=case, step_id="supervisor.consult", note="Dr Okafor agreed the plan by phone."
    )
    assert consulted.kind == "supervisor_consulted"
    with pytest.raises(ValidationError, match="recorded on its own page: Write the safety plan"):
        services.protocol_step_done(
            actor=clinician, case=case, step_id="safety_plan.create", note="Paper plan written in session."
        )
    found = statuses(case)
    assert found["supervisor.consult"].state == "done" and found["supervisor.consult"].event == consulted
    assert found["safety_plan.create"].state == "outstanding"
    assert found["hospitalisation.disposition_high"].state == "outstanding"


def test_an_event_of_the_right_kind_and_details_completes_a_step(clinician, client_record):
    from carepath.cases.events import EVENT_KINDS, register

    if "disclosure" not in EVENT_KINDS:  # the disclosures app registers it; this test does not depend on that app
        register("disclosure", "Disclosure")
    case = case_open(
        actor=clinician,
        client=client_record,
        risk_level="high",
        concern="Threatened his neighbour.",
        at_risk="others",
        potential_victims="Neighbour, Mr Yarrow.",
    )
    case_record_event(
        actor=clinician, case=case, kind="disclosure", summary="Told police.", details={"recipient_type": "police"}
    )
    found = statuses(case)
    assert found["disclosure.notify_police"].state == "done"
    assert found["disclosure.warn_victim"].state == "outstanding"


def test_done_after_the_policy_deadline_is_marked_late(admin, clinician, client_record):
    from carepath.core import clock

    services.protocol_policy_save(actor=admin, text=POLICY, note="Supervisor within the hour.")
    opened = clock.now() - dt.timedelta(hours=3)
    with clock.at(opened):
        case = case_open(actor=clinician, client=client_record, risk_level="high", concern="Plan to overdose.")
    status = statuses(case)["policy.supervisor_within_hour"]
    assert status.state == "outstanding" and status.overdue
    services.protocol_step_done(actor=clinician, case=case, step_id="policy.supervisor_within_hour", note="Called.")
    status = statuses(case)["policy.supervisor_within_hour"]
    assert status.state == "done" and status.overdue


def test_required_steps_outstanding_block_closing_until_a_supervisor_overrides(clinician, supervisor, case):
    with pytest.raises(ValidationError) as exc:
        case_close(actor=clinician, case=case, reason="Better.")
    assert "required protocol step" in str(exc.value)
    case_close(actor=supervisor, case=case, reason="Moved out of state; handed over.", override=True)
    case.refresh_from_db()
    assert case.status == "closed"


def test_stepping_down_to_monitoring_is_not_blocked(clinician, case):
    assert selectors.outstanding_required(case)  # required steps are still outstanding...
    stepped = case_close(actor=clinician, case=case, reason="Stable for a week.", status="monitoring")
    stepped.refresh_from_db()
    assert stepped.status == "monitoring" and stepped.closed_at is None  # ...and yet it steps down, not closes
    event = stepped.events.get(kind="status_changed")
    assert event.details["to"] == "monitoring" and event.details["overridden"] == []


def test_a_case_with_every_required_step_resolved_has_nothing_outstanding(clinician, case):
    for status in statuses(case).values():
        if status.step.required:
            services.protocol_step_not_applicable(actor=clinician, case=case, step_id=status.step.id, reason="Test.")
    assert selectors.outstanding_required(case) == []
    assert services.close_blockers(clinician, case, "closed") == []


def test_outstanding_counts_match_the_case_page(clinician, case, client_record):
    minor = client_create(
        actor=clinician,
        given_name="Tess",
        family_name="Young",
        date_of_birth=dt.date.today() - dt.timedelta(days=15 * 365),
        jurisdiction="US-TX",
        flags=["part2"],
    )
    other = case_open(actor=clinician, client=minor, risk_level="imminent", concern="Took pills.")
    counts = selectors.outstanding_counts([case, other])
    for c in (case, other):
        assert counts[c.pk] == len(selectors.outstanding_required(c))
    assert counts[other.pk] > counts[case.pk]
