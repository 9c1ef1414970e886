"""The protocol engine: which steps each risk level and client fact calls for (pure, no database)."""

from __future__ import annotations

import pytest

from carepath.jurisdictions import packs
from carepath.protocol.engine import ClientFacts, compute
from carepath.protocol.rules import STAGES, Policy, parse_policy, rules


def steps_for(risk="high", code="US-CA", policy=None, **facts):
    jurisdiction = packs.get(code) if code else None
    return {
        s.id: s for s in compute(risk_level=risk, jurisdiction=jurisdiction, facts=ClientFacts(**facts), policy=policy)
    }


def test_the_rules_file_names_its_sources_and_reviewed_date():
    the_rules = rules()
    assert the_rules.reviewed.isoformat() == "2026-12-01"
    assert {"safe-t", "stanley-brown-2012", "tjc-npsg-15-01-01", "lifeline-imminent-risk"} <= set(the_rules.sources)
    for step in the_rules.steps:
        assert step.sources or step.source_note, step.id


def test_imminent_risk_calls_the_emergency_number_and_stays_with_the_client():
    steps = steps_for("imminent")
    call, stay = steps["emergency.call"], steps["emergency.stay_with_client"]
    assert call.required and stay.required
    assert call.title == "Call 911 now" and "911" in call.legal_basis
    assert call.done_by == [{"kind": "emergency_call", "details": {}}]
    assert stay.done_by[0]["kind"] == "stayed_with_client"
    assert steps["emergency.outcome"].done_by[0]["kind"] == "emergency_outcome"
    assert not steps["emergency.escort_ed"].required


def test_steps_come_in_stage_order_emergency_first():
    ordered = compute(risk_level="imminent", jurisdiction=packs.get("US-CA"), facts=ClientFacts(at_risk="both"))
    stages = [STAGES.index(s.stage) for s in ordered]
    assert stages == sorted(stages) and ordered[0].id == "emergency.call"


def test_emergency_number_of_the_jurisdiction_is_used():
    assert steps_for("imminent", code="GB-SCT")["emergency.call"].title.startswith("Call 999")


def test_high_risk_calls_for_a_disposition_today_a_formulation_safety_plan_means_and_supervisor():
    steps = steps_for("high")
    assert "emergency.call" not in steps and "hospitalisation.evaluate" not in steps
    for step_id in (
        "hospitalisation.disposition_high",
        "assessment.formulation",
        "safety_plan.create",
        "lethal_means.counsel",
        "supervisor.consult",
        "designated_person.contact",
    ):
        assert steps[step_id].required, step_id
    disposition = steps["hospitalisation.disposition_high"]
    assert disposition.legal_basis.startswith("Cal. Welf. & Inst. Code § 5150")
    decisions = {d["details"].get("decision") for d in disposition.done_by if d["kind"] == "disposition_recorded"}
    assert decisions == {"emergency_evaluation", "admitted", "outpatient_plan"}  # "not needed" is not enough at high
    assert "assessment.screen" not in steps  # a screen is not enough either: a formulation
    assert steps["assessment.formulation"].done_by == [
        {"kind": "assessment_recorded", "details": {"instrument": "formulation"}}
    ]
    assert steps["supervisor.consult"].done_by[0]["kind"] == "supervisor_consulted"
    assert not steps["emergency.mobile_crisis"].required


def test_moderate_risk_recommends_what_high_risk_requires():
    steps = steps_for("moderate")
    assert not steps["hospitalisation.evaluate"].required and not steps["supervisor.consult"].required
    assert steps["safety_plan.create"].required and steps["lethal_means.counsel"].required


def test_low_risk_needs_assessment_and_follow_up_only():
    steps = steps_for("low")
    required = {i for i, s in steps.items() if s.required}
    assert required == {"assessment.screen", "follow_up.schedule"}
    assert steps["follow_up.schedule"].done_by == [{"kind": "followup_scheduled", "details": {"next_contact": "True"}}]
    instruments = {d["details"]["instrument"] for d in steps["assessment.screen"].done_by}
    assert instruments == {"cssrs-screener", "cssrs-since-last-contact", "formulation"}  # not the PHQ-9


def test_clinical_steps_have_no_legal_basis_but_name_sources():
    step = steps_for("high")["safety_plan.create"]
    assert step.legal_basis is None and any("Stanley" in s for s in step.sources)


def test_others_at_risk_under_a_mandatory_duty_require_each_way_the_law_discharges_it():
    steps = steps_for("high", at_risk="others")
    warn, police = steps["disclosure.warn_victim"], steps["disclosure.notify_police"]
    assert warn.required and police.required
    assert "43.92" in warn.legal_basis and warn.legal_reviewed == "2026-11-26"
    assert warn.done_by == [{"kind": "disclosure", "details": {"recipient_type": "victim"}}]
    assert police.done_by == [{"kind": "disclosure", "details": {"recipient_type": "police"}}]
    assert "requires" in warn.reason


def test_county_official_notification_where_the_law_says_so():
    pack = packs.get("US-NY").duty_to_warn
    steps = steps_for("high", code="US-NY", at_risk="both")
    if pack.type == "mandatory" and "notify_county_official" in pack.discharge:
        step = steps["disclosure.notify_county_official"]
        assert step.required and step.done_by[0]["details"] == {"recipient_type": "county_official"}


def test_others_at_risk_under_a_permissive_duty_recommend_the_steps():
    code = next(c for c in packs.codes() if c.startswith("US-") and packs.get(c).duty_to_warn.type == "permissive")
    steps = steps_for("high", code=code, at_risk="others")
    duty_steps = [s for s in steps.values() if s.origin == "jurisdiction"]
    assert duty_steps and all(not s.required and "permits" in s.reason for s in duty_steps)


def test_others_at_risk_where_the_law_is_unknown_calls_for_a_consult():
    steps = steps_for("high", code="US", at_risk="others")  # the federal pack leaves the duty to the states
    consult = steps["disclosure.duty_consult"]
    assert consult.required and consult.legal_basis == "unknown"
    assert "disclosure.warn_victim" not in steps


def test_others_at_risk_without_a_pack_is_unknown_everywhere():
    steps = steps_for("imminent", code=None, at_risk="others")
    assert steps["disclosure.duty_consult"].required
    assert steps["emergency.call"].title == "Call the emergency number now"
    assert steps["emergency.call"].legal_basis == "unknown"


def test_self_only_has_no_duty_to_warn_steps():
    assert not [s for s in steps_for("imminent", at_risk="self").values() if s.origin == "jurisdiction"]


def test_mandatory_duty_without_listed_discharge_points_at_the_law():
    code = next(
        (c for c in packs.codes() if (d := packs.get(c).duty_to_warn) and d.type == "mandatory" and not d.discharge),
        None,
    )
    if code is None:
        pytest.skip("every mandatory pack lists how the duty is discharged")
    step = steps_for("high", code=code, at_risk="others")["disclosure.duty_other"]
    assert step.required and step.legal_basis != "unknown"


def test_a_minor_needs_a_parent_or_guardian_notified_with_the_jurisdictions_basis():
    steps = steps_for("moderate", is_minor=True, age=16)
    step = steps["minor.notify_guardian"]
    assert step.required and "124260" in step.legal_basis
    assert {d["kind"] for d in step.done_by} == {"contact_attempt", "guardian_notified"}
    assert "minor.notify_guardian" not in steps_for("moderate", is_minor=False, age=30)


def test_minor_rules_unknown_show_unknown_basis():
    assert steps_for("high", code="US", is_minor=True)["minor.notify_guardian"].legal_basis == "unknown"


def test_sud_protected_records_limit_disclosure_to_the_medical_emergency_basis():
    steps = steps_for("imminent", sud_protected=True)
    step = steps["disclosure.sud_medical_emergency"]
    assert step.required and "2.51" in step.legal_basis
    assert steps["designated_person.contact"].cautions
    assert "disclosure.sud_medical_emergency" not in steps_for("imminent", sud_protected=False)
    assert not steps_for("imminent", sud_protected=False)["designated_person.contact"].cautions


def test_policy_adds_steps_and_makes_steps_stricter_but_cannot_relax_the_law():
    policy = parse_policy(
        """
overrides:
  - {step: collaboration.inform_team, required: true}
  - {step: emergency.call, required: false}
  - {step: disclosure.warn_victim, required: false}
  - {step: supervisor.consult, due_within_minutes: 60}
steps:
  - id: policy.supervisor_within_hour
    stage: collaboration
    title: Supervisor consulted within 1 hour
    reason: Practice policy.
    required: true
    when: {risk: [high, imminent]}
    due_within_minutes: 60
    done_by: [{kind: supervisor_consulted}]
    source_note: Practice policy
"""
    )
    steps = steps_for("imminent", at_risk="others", policy=policy)
    assert steps["collaboration.inform_team"].required
    assert steps["emergency.call"].required and steps["disclosure.warn_victim"].required
    assert steps["supervisor.consult"].due_within_minutes == 60
    extra = steps["policy.supervisor_within_hour"]
    assert extra.required and extra.origin == "policy" and extra.sources == ["Organisation policy"]
    assert "policy.supervisor_within_hour" not in steps_for("moderate", policy=policy)


@pytest.mark.parametrize(
    "text, field",
    [
        (
            "steps: [{id: supervisor.extra, stage: collaboration, title: t, reason: r, done_by: [{kind: x}]}]",
            "steps.0.id",
        ),
        ("overrides: [{step: no.such_step}]", "overrides.0.step"),
        ("overrides: [{step: supervisor.consult, colour: red}]", "overrides.0.colour"),
        ("steps: [{id: policy.x, stage: lunch, title: t, reason: r, done_by: [{kind: x}]}]", "steps.0.stage"),
    ],
)
def test_invalid_policy_is_refused_naming_the_field(text, field):
    from carepath.protocol.rules import RulesError

    with pytest.raises(RulesError) as exc:
        parse_policy(text)
    assert field in str(exc.value)


def test_every_risk_level_and_fact_combination_computes():
    for risk in ("low", "moderate", "high", "imminent"):
        for at_risk in ("self", "others", "both"):
            for minor in (True, False):
                steps = compute(
                    risk_level=risk,
                    jurisdiction=packs.get("US-TX"),
                    facts=ClientFacts(is_minor=minor, sud_protected=not minor, at_risk=at_risk),
                    policy=Policy(),
                )
                ids = [s.id for s in steps]
                assert len(ids) == len(set(ids)) and all(s.reason for s in steps)


def test_unknown_risk_level_is_refused():
    with pytest.raises(ValueError):
        compute(risk_level="severe", jurisdiction=None, facts=ClientFacts())


def test_a_firearm_needs_lethal_means_counselling_even_at_low_risk():
    assert "lethal_means.firearm" not in steps_for("low")
    step = steps_for("low", firearm_access=True)["lethal_means.firearm"]
    assert step.required and step.done_by == [{"kind": "lethal_means_secured", "details": {}}]
    assert "18100" in step.legal_basis  # California's gun violence restraining order law


def test_reaching_the_person_is_what_completes_the_designated_person_and_guardian_steps():
    steps = steps_for("high", is_minor=True)
    assert steps["designated_person.contact"].done_by == [{"kind": "contact_attempt", "details": {"result": "reached"}}]
    assert {"kind": "contact_attempt", "details": {"result": "reached", "guardian": "True"}} in steps[
        "minor.notify_guardian"
    ].done_by


def test_a_permissive_duty_says_what_is_permitted_and_names_no_duty_to_discharge():
    steps = steps_for("high", code="US-NM", at_risk="others")  # NMSA 43-1-19(B)(2): permitted, not required
    warn = steps["disclosure.warn_victim"]
    assert not warn.required and warn.title.startswith("You may warn")
    assert "disclosure.duty_other" not in steps


def test_a_mandatory_report_of_the_pack_is_a_required_step():
    steps = steps_for("high", code="US-NY")
    report = next(s for s in steps.values() if s.id.startswith("disclosure.report_"))
    assert report.required and "9.46" in report.legal_basis
    assert report.done_by == [{"kind": "disclosure", "details": {"recipient_type": "county_official"}}]
    assert not any(s.id.startswith("disclosure.report_") for s in steps_for("moderate", code="US-NY").values())


def test_others_at_risk_with_protected_records_warn_about_the_designated_person_who_lives_with_them():
    cautions = steps_for("high", sud_protected=True, at_risk="others")["designated_person.contact"].cautions
    assert any("lives with the person at risk" in c for c in cautions)
