"""Follow-up services: tasks, rules, case hooks, caring contacts and risk drivers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from carepath.audit.models import AuditEntry
from carepath.cases.models import TimelineEvent
from carepath.cases.services import case_change_risk_level, case_close
from carepath.core import clock
from carepath.followup import rules, services
from carepath.followup.models import (
    CaringContactOptOut,
    DriverProgress,
    FollowUpSettings,
    FollowUpTask,
    Notification,
    TaskStatus,
)

pytestmark = pytest.mark.django_db


def _reassessment(case):
    return FollowUpTask.objects.get(case=case, rule_id="reassessment_by_risk", status=TaskStatus.OPEN)


def test_opening_a_case_schedules_the_first_reassessment_at_the_risk_levels_interval(case):
    task = _reassessment(case)
    assert task.kind == "reassessment"
    assert abs((task.due_at - case.opened_at) - dt.timedelta(days=7)) < dt.timedelta(minutes=1)  # high: 7 days
    # CarePath's own cadence stays off the timeline, so it cannot tick "schedule the next contact".
    assert not TimelineEvent.objects.filter(case=case, kind="followup_scheduled").exists()


def test_a_follow_up_made_by_hand_writes_followup_scheduled_on_the_timeline(case, clinician):
    task = services.followup_create(actor=clinician, case=case, kind="appointment", due_at=timezone.now())
    event = TimelineEvent.objects.get(case=case, kind="followup_scheduled")
    assert event.details["task_id"] == str(task.pk)


def test_changing_the_risk_level_reschedules_the_reassessment(case, clinician):
    before = _reassessment(case)
    case_change_risk_level(actor=clinician, case=case, risk_level="imminent", reason="Plan and means now.")
    before.refresh_from_db()
    assert before.status == TaskStatus.CANCELLED and "imminent" in before.reason
    after = _reassessment(case)
    assert after.due_at - timezone.now() < dt.timedelta(days=1, minutes=1)


def _custom(case, clinician, **kw):
    return services.followup_create(
        actor=clinician, case=case, kind="custom", title="Send the letter", due_at=clock.now() + dt.timedelta(hours=2)
    )


def test_completing_a_task_writes_followup_done(case, clinician):
    task = _custom(case, clinician)
    services.followup_complete(actor=clinician, task=task, outcome="Letter sent to Dr Cho.")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.outcome == "Letter sent to Dr Cho."
    event = TimelineEvent.objects.get(case=case, kind="followup_done")
    assert event.details["task_id"] == str(task.pk)
    assert AuditEntry.objects.filter(action="followup.complete", object_id=str(task.pk)).exists()


def test_a_reassessment_is_done_by_recording_one_and_the_next_counts_from_it(case, clinician):
    from carepath.assessments.selectors import reassessment_due
    from carepath.assessments.services import assessment_finalise

    task = _reassessment(case)
    with pytest.raises(ValidationError, match="done by recording it"):
        services.followup_complete(actor=clinician, task=task, outcome="Reassessed: ideation fading.")
    # A PHQ-9 is not a suicide risk reassessment.
    assessment_finalise(
        actor=clinician, client=case.client, instrument="phq9", answers={f"q{i}": 1 for i in range(1, 10)}, case=case
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assessment_finalise(
        actor=clinician,
        client=case.client,
        instrument="cssrs-since-last-contact",
        answers={"q1": True, "q2": False, "q6": False},
        case=case,
        final_level="high",
        rationale="Still high: no change in his circumstances.",
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    following = FollowUpTask.objects.get(case=case, status=TaskStatus.OPEN, follows=task)
    assert following.due_at == reassessment_due(case).due_at  # one due time, on the case page and the task


def test_completing_needs_an_outcome_and_only_once(case, clinician):
    task = _custom(case, clinician)
    with pytest.raises(ValidationError):
        services.followup_complete(actor=clinician, task=task, outcome="  ")
    services.followup_complete(actor=clinician, task=task, outcome="Done")
    with pytest.raises(ValidationError):
        services.followup_cancel(actor=clinician, task=task, reason="too late")


def test_someone_off_the_care_team_cannot_touch_a_task(case, off_team_clinician, outsider):
    task = _reassessment(case)
    for member in (off_team_clinician, outsider):
        with pytest.raises(PermissionDenied):
            services.followup_complete(actor=member, task=task, outcome="x")
        with pytest.raises(PermissionDenied):
            services.followup_create(actor=member, case=case, kind="custom", due_at=timezone.now())


def test_a_task_made_by_hand_for_someone_else_notifies_them(case, clinician, supervisor):
    task = services.followup_create(
        actor=clinician,
        case=case,
        kind="check_in_call",
        due_at=timezone.now() + dt.timedelta(hours=3),
        owner=supervisor,
    )
    assert task.rule_id == "" and task.owner == supervisor
    assert Notification.objects.filter(member=supervisor, task=task).exists()


def test_missed_appointment_creates_outreach_due_at_once_then_unreachable_escalates(case, clinician, supervisor):
    appointment = services.followup_create(
        actor=clinician, case=case, kind="appointment", due_at=timezone.now() + dt.timedelta(hours=1)
    )
    services.followup_miss(actor=clinician, task=appointment, reason="Did not attend.")
    outreach = FollowUpTask.objects.get(follows=appointment)
    assert outreach.kind == "outreach" and outreach.due_at <= timezone.now()
    services.followup_miss(actor=clinician, task=outreach, reason="No answer, voicemail full.", client_unreachable=True)
    escalated = FollowUpTask.objects.filter(follows=outreach).order_by("rule_step")
    assert [t.title for t in escalated] == [
        "Call the client's safety-plan contacts (within their consent)",
        "Decide on a welfare check and record the decision",
    ]
    assert Notification.objects.filter(member=supervisor, text__contains="could not be reached").exists()


def test_post_discharge_rule_schedules_72_hours_7_and_30_days(case, clinician):
    discharged = timezone.now() - dt.timedelta(hours=2)
    tasks = services.schedule_rule(clinician, case, "post_discharge", discharged)
    assert [t.due_at - discharged for t in tasks] == [
        dt.timedelta(hours=72),
        dt.timedelta(days=7),
        dt.timedelta(days=30),
    ]
    assert [t.kind for t in tasks] == ["post_discharge_contact", "appointment", "appointment"]


def test_an_organisation_override_changes_the_schedule(case, clinician, admin):
    services.rule_override_set(actor=admin, rule_id="post_discharge", offsets="48h, 5d, 21d", reason="Our policy")
    anchor = timezone.now()
    tasks = services.schedule_rule(clinician, case, "post_discharge", anchor)
    assert [t.due_at - anchor for t in tasks] == [dt.timedelta(hours=48), dt.timedelta(days=5), dt.timedelta(days=21)]
    services.rule_override_set(actor=admin, rule_id="post_discharge", enabled=False, reason="Hospital does it")
    assert services.schedule_rule(clinician, case, "post_discharge", anchor) == []


def test_only_admins_change_rules(clinician):
    with pytest.raises(PermissionDenied):
        services.rule_override_set(actor=clinician, rule_id="post_discharge", offsets="1d, 2d, 3d", reason="x")


def test_override_with_the_wrong_number_of_offsets_is_refused(admin):
    with pytest.raises(ValidationError):
        services.rule_override_set(actor=admin, rule_id="post_discharge", offsets="1d", reason="x")


def test_caring_texts_follow_the_comtois_schedule_outside_quiet_hours_with_a_draft(case, clinician):
    anchor = dt.datetime(2026, 11, 26, 18, 0, tzinfo=dt.UTC)
    with clock.at(anchor):
        tasks = services.caring_series_start(actor=clinician, case=case)
    assert len(tasks) == 11 and {t.kind for t in tasks} == {"caring_contact"}
    tz = case.organisation.zone
    for task in tasks:
        local = task.due_at.astimezone(tz).time()
        assert dt.time(9) <= local < dt.time(21), task.due_at
        assert "Quentin" in task.draft_text and task.needs_approval
    with pytest.raises(ValidationError):
        services.followup_complete(actor=clinician, task=tasks[0], outcome="Sent")
    services.followup_approve_message(actor=clinician, task=tasks[0], text="Hi Quentin, thinking of you.")
    services.followup_complete(actor=clinician, task=tasks[0], outcome="Sent by text")


def test_caring_messages_vary_by_occasion_and_carry_the_crisis_line_and_who_reads_a_reply(case, clinician, admin):
    services.followup_settings_update(actor=admin, caring_replies="Replies go to Sam's work phone, read on weekdays.")
    with clock.at(dt.datetime(2026, 11, 26, 18, 0, tzinfo=dt.UTC)):
        tasks = services.caring_series_start(actor=clinician, case=case)
    texts = [t.draft_text for t in tasks]
    assert len(set(texts)) >= 6  # not the same message eleven times
    assert "glad you reached out" in texts[0]  # the first, after the crisis
    assert "Happy birthday, Quentin" in texts[-1]  # the birthday message
    assert "It has been a year" in texts[-2]  # month 12, the last dated one
    for text in texts:
        assert "If you need help now, call" in text and "988" in text  # the line of the pack
        assert text.endswith("Replies go to Sam's work phone, read on weekdays.")


def test_caring_letters_when_the_organisation_chooses_them(case, clinician, admin):
    services.followup_settings_update(actor=admin, caring_series=FollowUpSettings.CaringSeries.LETTERS)
    anchor = dt.datetime(2026, 11, 26, 18, 0, tzinfo=dt.UTC)
    with clock.at(anchor):
        tasks = services.caring_series_start(actor=clinician, case=case)
    assert len(tasks) == 24 and {t.kind for t in tasks} == {"caring_contact"}
    assert [t.rule_id for t in tasks] == ["caring_letters"] * 24
    tz = case.organisation.zone
    months = [(t.due_at.astimezone(tz).year - 2026) * 12 + t.due_at.astimezone(tz).month - 11 for t in tasks]
    assert months == [1, 2, 3, 4, 6, 8, 10, 12, *range(15, 61, 3)]  # monthly, then every two, then quarterly
    assert all(9 <= t.due_at.astimezone(tz).hour < 21 for t in tasks)  # never in the night
    assert all(t.draft_text and t.needs_approval for t in tasks)  # each letter waits for the clinician


def test_opting_out_cancels_caring_contacts_and_stops_new_ones(case, clinician):
    services.caring_series_start(actor=clinician, case=case)
    cancelled = services.caring_contacts_opt_out(actor=clinician, client=case.client, note="Asked by phone")
    assert cancelled == 11
    assert CaringContactOptOut.objects.filter(client=case.client).exists()
    with pytest.raises(ValidationError):
        services.caring_series_start(actor=clinician, case=case)


def test_a_spanish_speaking_client_gets_a_spanish_draft_and_unknown_language_is_marked(case, clinician):
    client = case.client
    client.preferred_language = "es"
    assert services._draft_for(client, clinician).startswith("Hola")
    client.preferred_language = "ja"
    assert "Translate" in services._draft_for(client, clinician)


def test_open_follow_ups_block_closing_and_a_supervisor_override_cancels_them(case, clinician, supervisor):
    services.followup_create(
        actor=clinician, case=case, kind="check_in_call", due_at=timezone.now() + dt.timedelta(days=2)
    )
    with pytest.raises(ValidationError, match="follow-up"):
        case_close(actor=clinician, case=case, reason="Risk resolved")
    case_close(actor=supervisor, case=case, reason="Risk resolved; moving away", override=True)
    assert not FollowUpTask.objects.filter(case=case, status=TaskStatus.OPEN).exists()
    assert FollowUpTask.objects.filter(case=case, reason__contains="moving away").count() == 2


def test_the_reassessment_cadence_does_not_block_closing_and_caring_contacts_carry_on(case, clinician, supervisor):
    services.caring_series_start(actor=clinician, case=case)
    assert services.close_blockers(clinician, case, "closed") == []
    case_close(actor=supervisor, case=case, reason="Episode over", override=True)
    assert FollowUpTask.objects.filter(case=case, status=TaskStatus.OPEN, kind="caring_contact").count() == 11
    assert _reassessment_closed(case).status == TaskStatus.CANCELLED


def _reassessment_closed(case):
    return FollowUpTask.objects.get(case=case, rule_id="reassessment_by_risk")


def test_stepping_down_to_monitoring_is_not_blocked(case, clinician):
    services.followup_create(actor=clinician, case=case, kind="custom", due_at=timezone.now() + dt.timedelta(days=1))
    assert services.close_blockers(clinician, case, "monitoring") == []
    assert services.close_blockers(clinician, case, "closed")


def test_each_follow_up_records_progress_on_the_drivers_of_risk(case, clinician):
    driver = services.risk_driver_add(actor=clinician, case=case, category="hopelessness", description="Feels stuck")
    task = _custom(case, clinician)
    services.followup_complete(actor=clinician, task=task, outcome="Talked", progress=[(driver, "better", "hope")])
    assert DriverProgress.objects.get(driver=driver).direction == "better"
    assert TimelineEvent.objects.get(case=case, kind="followup_done").details["progress"][0]["direction"] == "better"
    services.risk_driver_resolve(actor=clinician, driver=driver)
    driver.refresh_from_db()
    assert not driver.is_active


def test_rules_file_is_valid_and_every_rule_names_a_source():
    book = rules.book()
    assert book.reviewed == "2026-11-26"
    for rule in book.rules:
        assert rule.source.strip()
    assert rules.default_rules()["reassessment_by_risk"].by_risk["moderate"].days == 14


def test_offsets_parse_and_quiet_hours_move_to_morning():
    assert [o.label() for o in rules.parse_offsets("72h, 7d, 2w, 3m, birthday")] == [
        "72 hours",
        "7 days",
        "2 weeks",
        "3 months",
        "birthday",
    ]
    with pytest.raises(ValueError):
        rules.parse_offsets("soon")
    import zoneinfo

    tz = zoneinfo.ZoneInfo("America/Los_Angeles")
    late = dt.datetime(2026, 11, 26, 23, 30, tzinfo=tz)
    moved = rules.outside_quiet_hours(late, dt.time(21), dt.time(9), tz)
    assert moved.astimezone(tz) == dt.datetime(2026, 11, 27, 9, 0, tzinfo=tz)
    assert rules.add_months(dt.datetime(2026, 1, 31, tzinfo=dt.UTC), 1).day == 28


def test_the_organisations_cadence_applies_to_the_next_reassessment(case, clinician, admin):
    from carepath.assessments.services import assessment_finalise, assessment_policy_update

    with pytest.raises(ValidationError, match="reassessment intervals"):
        services.rule_override_set(
            actor=admin,
            rule_id="reassessment_by_risk",
            by_risk_days={"low": 21, "moderate": 10, "high": 3, "imminent": 1},
            reason="Practice policy",
        )
    assessment_policy_update(actor=admin, low_days=21, moderate_days=10, high_days=3, imminent_hours=12)
    task = _reassessment(case)
    assessment_finalise(
        actor=clinician,
        client=case.client,
        instrument="formulation",
        case=case,
        answers={
            "risk_factors": ["hopelessness"],
            "protective_factors": [],
            "warning_signs": [],
            "risk_level": "high",
            "rationale": "Unchanged.",
        },
    )
    following = FollowUpTask.objects.get(follows=task)
    assert abs(following.due_at - timezone.now() - dt.timedelta(days=3)) < dt.timedelta(minutes=1)
    assert "every 3 days" in following.title


def test_schedule_rule_refuses_an_unknown_rule_and_a_naive_time(case, clinician):
    with pytest.raises(ValidationError):
        services.schedule_rule(clinician, case, "no_such_rule", timezone.now())
    with pytest.raises(ValidationError):
        services.schedule_rule(clinician, case, "post_discharge", dt.datetime(2026, 11, 26, 9, 0))


def test_the_next_contact_must_come_within_the_limit_for_the_risk_and_does_the_protocol_step(case, clinician):
    from carepath.protocol.selectors import outstanding_required

    assert "follow_up.schedule" in {s.id for s in outstanding_required(case)}
    with pytest.raises(ValidationError) as refused:
        services.followup_create(
            actor=clinician, case=case, kind="appointment", due_at=clock.now() + dt.timedelta(days=3), next_contact=True
        )
    assert "At high risk the next contact must be within 24 hours" in str(refused.value.message_dict["due_at"])
    # A later appointment is fine when it is not the next contact; it does not do the step.
    services.followup_create(actor=clinician, case=case, kind="appointment", due_at=clock.now() + dt.timedelta(days=3))
    assert "follow_up.schedule" in {s.id for s in outstanding_required(case)}
    services.followup_create(
        actor=clinician, case=case, kind="check_in_call", due_at=clock.now() + dt.timedelta(hours=20), next_contact=True
    )
    assert "follow_up.schedule" not in {s.id for s in outstanding_required(case)}
    with pytest.raises(ValidationError, match="call, an appointment"):
        services.followup_create(
            actor=clinician, case=case, kind="safety_plan_review", due_at=clock.now(), next_contact=True
        )


def test_the_dashboards_summary_counts_what_the_worklist_lists(case, clinician):
    from carepath.followup import selectors

    now = clock.now()
    for offset in (-3 * 60, -5, 1, 60 * 24 * 3, 60 * 24 * 6, 60 * 24 * 8, 60 * 24 * 40):  # minutes from now
        services.followup_create(
            actor=clinician, case=case, kind="check_in_call", due_at=now + dt.timedelta(minutes=offset)
        )
    groups = selectors.worklist(clinician, now=now)
    summary = selectors.worklist_summary(clinician, now=now, show=1)
    assert summary["counts"] == {name: len(tasks) for name, tasks in groups.items()}
    assert summary["counts"]["overdue"] >= 2 and summary["counts"]["later"] >= 2
    assert summary["overdue"] == groups["overdue"][:1]


def test_escalation_limits_come_from_the_rule_book_with_their_source():
    import yaml
    from pydantic import ValidationError as RuleError

    book = rules.book()
    assert book.escalation_source.strip() and rules.escalation_limit_minutes("imminent") == 15
    assert rules.escalation_limit_minutes("high") == 60 and rules.escalation_limit_minutes("low") is None
    raw = yaml.safe_load(rules.RULES_FILE.read_text())
    for bad, message in (
        ({"extreme": {"minutes": 5}}, "unknown risk levels: extreme"),
        ({"imminent": {"months": 1}}, "minutes, hours, days or weeks"),
    ):
        with pytest.raises(RuleError, match=message):
            rules.RuleBook.model_validate({**raw, "escalation_limits": bad})
    with pytest.raises(RuleError, match="needs its escalation_source"):
        rules.RuleBook.model_validate({**raw, "escalation_source": " "})
