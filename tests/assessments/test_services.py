"""Assessment services: drafts, finalising with the pure scorer, overrides, tampering, and acting on a screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from carepath.assessments import services
from carepath.assessments.models import Assessment, OrganisationAssessmentPolicy
from carepath.assessments.scoring import score
from carepath.audit.models import AuditEntry
from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.core import clock

from .factories import ASQ_ACUTE, ASQ_NON_ACUTE, CSSRS_HIGH, CSSRS_LOW, CSSRS_MODERATE, CSSRS_NONE, phq9

pytestmark = pytest.mark.django_db


def test_half_filled_draft_is_kept_on_the_server_and_updated_in_place(clinician, client_record):
    first = services.assessment_save_draft(
        actor=clinician, client=client_record, instrument="cssrs-screener", answers={"q1": True}
    )
    again = services.assessment_save_draft(
        actor=clinician, client=client_record, instrument="cssrs-screener", answers={"q1": True, "q2": False}
    )
    assert first.pk == again.pk
    draft = Assessment.objects.get(pk=first.pk)
    assert draft.status == "draft" and draft.answers == {"q1": True, "q2": False} and draft.result is None
    assert AuditEntry.objects.filter(action="assessment.draft", object_id=str(draft.pk)).exists()


def test_draft_with_an_unknown_item_is_refused(clinician, client_record):
    with pytest.raises(ValidationError) as exc:
        services.assessment_save_draft(
            actor=clinician, client=client_record, instrument="phq9", answers={"q1": 1, "q99": 3}
        )
    assert "q99" in exc.value.message_dict
    assert not Assessment.objects.exists()


def test_finalising_turns_the_draft_into_the_scored_assessment(clinician, client_record):
    draft = services.assessment_save_draft(
        actor=clinician, client=client_record, instrument="cssrs-screener", answers={"q1": True}
    )
    final = services.assessment_finalise(
        actor=clinician, client=client_record, instrument="cssrs-screener", answers=CSSRS_MODERATE
    )
    assert final.pk == draft.pk
    assert final.status == "final" and final.finalised_at is not None
    assert final.result == score("cssrs-screener", CSSRS_MODERATE)
    assert final.computed_level == "moderate" and final.final_level == "moderate"
    assert final.definition_version == "1.0.0"
    assert AuditEntry.objects.filter(action="assessment.finalise", object_id=str(final.pk)).exists()


def test_finalising_on_a_case_writes_the_timeline_event_with_result_and_link(clinician, case):
    a = services.assessment_finalise(
        actor=clinician, client=case.client, instrument="cssrs-screener", answers=CSSRS_HIGH, case=case
    )
    event = TimelineEvent.objects.get(case=case, kind="assessment_recorded")
    assert event.details["assessment"] == str(a.pk)
    assert event.details["url"] == f"/assessments/{a.pk}/"
    assert event.details["result"]["risk_level"] == "high"
    assert "High risk" in event.summary


def test_assessment_of_a_client_with_an_open_case_joins_that_case(clinician, case):
    a = services.assessment_finalise(actor=clinician, client=case.client, instrument="phq9", answers=phq9(4))
    assert a.case_id == case.pk
    assert a.computed_level == "" and a.final_level == ""  # the PHQ-9 never sets suicide risk


@pytest.mark.parametrize(
    "answers, posted",
    [
        ({"q1": 1, "q2": 0, "q3": 0, "q4": 0, "q5": 0, "q6": 0, "q7": 0, "q8": 0, "q9": 0, "q42": 1}, "q42"),
        ({"q1": 7, "q2": 0, "q3": 0, "q4": 0, "q5": 0, "q6": 0, "q7": 0, "q8": 0, "q9": 0}, "q1"),
    ],
    ids=["item-not-in-instrument", "value-out-of-range"],
)
def test_tampered_answers_are_refused_with_a_message_and_nothing_is_saved(clinician, case, answers, posted):
    events_before = TimelineEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.assessment_finalise(actor=clinician, client=case.client, instrument="phq9", answers=answers)
    assert posted in exc.value.message_dict
    assert not Assessment.objects.exists()
    assert TimelineEvent.objects.count() == events_before


def test_a_level_different_from_the_screen_needs_a_rationale(clinician, client_record):
    with pytest.raises(ValidationError) as exc:
        services.assessment_finalise(
            actor=clinician, client=client_record, instrument="cssrs-screener", answers=CSSRS_LOW, final_level="high"
        )
    assert "rationale" in exc.value.message_dict
    assert not Assessment.objects.exists()
    a = services.assessment_finalise(
        actor=clinician,
        client=client_record,
        instrument="cssrs-screener",
        answers=CSSRS_LOW,
        final_level="high",
        rationale="Gave away his dog yesterday; denies but presentation is of high risk.",
    )
    assert a.computed_level == "low" and a.final_level == "high" and a.overridden
    assert "Gave away his dog" in a.rationale


def test_formulation_rationale_is_required_only_when_it_differs_from_the_latest_screen(clinician, case):
    services.assessment_finalise(
        actor=clinician, client=case.client, instrument="cssrs-screener", answers=CSSRS_MODERATE, case=case
    )
    same = services.assessment_finalise(
        actor=clinician, client=case.client, instrument="formulation", answers={"risk_level": "moderate"}, case=case
    )
    assert same.computed_level == "moderate" and same.final_level == "moderate"
    with pytest.raises(ValidationError) as exc:
        services.assessment_finalise(
            actor=clinician, client=case.client, instrument="formulation", answers={"risk_level": "high"}, case=case
        )
    assert "rationale" in exc.value.message_dict
    differs = services.assessment_finalise(
        actor=clinician,
        client=case.client,
        instrument="formulation",
        answers={"risk_level": "high", "rationale": "Firearm at home.", "risk_factors": ["access_to_firearms"]},
        case=case,
    )
    assert differs.final_level == "high" and differs.rationale == "Firearm at home." and differs.overridden


def test_a_posted_screen_level_is_ignored_in_favour_of_the_recorded_screen(clinician, case):
    services.assessment_finalise(
        actor=clinician, client=case.client, instrument="cssrs-screener", answers=CSSRS_LOW, case=case
    )
    with pytest.raises(ValidationError):
        services.assessment_finalise(
            actor=clinician,
            client=case.client,
            instrument="formulation",
            answers={"risk_level": "high", "screen_level": "high"},
            case=case,
        )


def test_screen_results_map_to_case_levels(clinician, client_record):
    expected = [
        ("cssrs-screener", CSSRS_HIGH, "high"),
        ("cssrs-screener", CSSRS_MODERATE, "moderate"),
        ("cssrs-screener", CSSRS_LOW, "low"),
        ("cssrs-screener", CSSRS_NONE, "none"),
        ("asq", ASQ_ACUTE, "imminent"),
        ("asq", ASQ_NON_ACUTE, "moderate"),
    ]
    for instrument, answers, level in expected:
        a = services.assessment_finalise(actor=clinician, client=client_record, instrument=instrument, answers=answers)
        assert a.computed_level == level, instrument


def test_positive_screen_without_a_case_opens_one_at_its_level_and_links_it(clinician, client_record):
    a = services.assessment_finalise(actor=clinician, client=client_record, instrument="asq", answers=ASQ_ACUTE)
    assert a.case is None
    case = services.assessment_open_case(actor=clinician, assessment=a, concern="ASQ acute positive in session.")
    a.refresh_from_db()
    assert a.case_id == case.pk and case.risk_level == "imminent"
    event = TimelineEvent.objects.get(case=case, kind="assessment_recorded")
    assert event.details["assessment"] == str(a.pk)


def test_a_negative_screen_cannot_open_a_case(clinician, client_record):
    a = services.assessment_finalise(
        actor=clinician,
        client=client_record,
        instrument="asq",
        answers={"q1": False, "q2": False, "q3": False, "q4": False},
    )
    with pytest.raises(ValidationError):
        services.assessment_open_case(actor=clinician, assessment=a)
    assert not SafetyCase.objects.exists()


def test_risk_update_from_an_assessment_is_recorded_with_the_assessment_linked(clinician, case):
    a = services.assessment_finalise(
        actor=clinician, client=case.client, instrument="cssrs-screener", answers=CSSRS_MODERATE, case=case
    )
    services.assessment_update_case_risk(actor=clinician, assessment=a)
    case.refresh_from_db()
    assert case.risk_level == "moderate"
    event = TimelineEvent.objects.get(case=case, kind="risk_level_changed")
    assert event.details["assessment"] == str(a.pk) and event.details["to"] == "moderate"


def test_item9_prompt_is_recorded_on_the_cssrs(clinician, client_record):
    phq = services.assessment_finalise(
        actor=clinician, client=client_record, instrument="phq9", answers=phq9(6, item9=1)
    )
    assert phq.item9_positive
    cssrs = services.assessment_finalise(
        actor=clinician, client=client_record, instrument="cssrs-screener", answers=CSSRS_LOW, prompted_by=phq
    )
    assert cssrs.prompted_by_id == phq.pk
    assert list(phq.prompted_screens.all()) == [cssrs]


def test_prompt_must_come_from_a_positive_item9(clinician, client_record):
    phq = services.assessment_finalise(actor=clinician, client=client_record, instrument="phq9", answers=phq9(6))
    with pytest.raises(ValidationError):
        services.assessment_finalise(
            actor=clinician, client=client_record, instrument="cssrs-screener", answers=CSSRS_LOW, prompted_by=phq
        )


def test_off_team_clinician_cannot_assess(off_team_clinician, client_record):
    with pytest.raises(PermissionDenied):
        services.assessment_finalise(
            actor=off_team_clinician, client=client_record, instrument="cssrs-screener", answers=CSSRS_LOW
        )
    with pytest.raises(PermissionDenied):
        services.assessment_save_draft(
            actor=off_team_clinician, client=client_record, instrument="cssrs-screener", answers={}
        )


def test_assessment_time_in_the_future_is_refused(clinician, client_record):
    with pytest.raises(ValidationError):
        services.assessment_finalise(
            actor=clinician,
            client=client_record,
            instrument="cssrs-screener",
            answers=CSSRS_LOW,
            occurred_at=clock.now() + dt.timedelta(hours=2),
        )


def test_admins_and_supervisors_set_intervals_and_higher_risk_is_reassessed_sooner(admin, clinician, supervisor):
    with pytest.raises(PermissionDenied):
        services.assessment_policy_update(
            actor=clinician, low_days=30, moderate_days=14, high_days=7, imminent_hours=24
        )
    with pytest.raises(ValidationError):
        services.assessment_policy_update(actor=admin, low_days=3, moderate_days=14, high_days=7, imminent_hours=24)
    services.assessment_policy_update(actor=admin, low_days=28, moderate_days=10, high_days=3, imminent_hours=12)
    policy = OrganisationAssessmentPolicy.objects.get(organisation=admin.organisation)
    assert (policy.high_days, policy.imminent_hours) == (3, 12)
    assert AuditEntry.objects.filter(action="assessment_policy.update").exists()
    services.assessment_policy_update(actor=supervisor, low_days=28, moderate_days=10, high_days=2, imminent_hours=12)
    assert OrganisationAssessmentPolicy.objects.get(organisation=admin.organisation).high_days == 2
