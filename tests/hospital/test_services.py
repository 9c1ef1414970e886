"""The hospitalisation step: decision, referral to discharge, holds with their clock, what the discharge schedules,
and what is refused (a discharge before admission, times in the future, a hold or facility from elsewhere)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from carepath.cases.models import TimelineEvent
from carepath.cases.services import case_open
from carepath.clients.services import client_create
from carepath.core import clock
from carepath.followup.models import FollowUpTask, TaskStatus
from carepath.followup.services import followup_complete
from carepath.hospital import services
from carepath.hospital.models import Hold, Status
from carepath.protocol.selectors import outstanding_required

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def facility(admin):
    return services.facility_save(
        actor=admin,
        name="Bay Crest PES",
        kind="psychiatric",
        phone="+1 510 555 0140",
        jurisdiction="US-CA",
        takes_involuntary=True,
        min_age=18,
        max_age=None,
        notes="",
        is_active=True,
        address="",
    )


def _admitted(clinician, case, facility, **kw):
    h = services.hospitalisation_start(actor=clinician, case=case, status="referred", facility_id=facility.pk, **kw)
    return services.hospitalisation_advance(actor=clinician, hospitalisation=h, status="admitted")


def _kinds(case) -> list[str]:
    return list(TimelineEvent.objects.filter(case=case).order_by("recorded_at").values_list("kind", flat=True))


def test_only_admins_keep_the_directory_and_a_jurisdiction_must_exist(clinician, admin):
    with pytest.raises(PermissionDenied):
        services.facility_save(actor=clinician, name="X", kind="ed")
    with pytest.raises(ValidationError) as refused:
        services.facility_save(actor=admin, name="X", kind="ed", jurisdiction="US-ZZ", min_age=18, max_age=12)
    assert set(refused.value.message_dict) == {"jurisdiction", "max_age"}


def test_a_facility_of_another_practice_is_refused(clinician, case, outsider):
    theirs = services.facility_save(actor=outsider, name="Elsewhere General", kind="ed")
    with pytest.raises(ValidationError, match="not in your practice's directory"):
        services.hospitalisation_start(actor=clinician, case=case, facility_id=theirs.pk)
    assert not TimelineEvent.objects.filter(case=case, kind="hospital_referral").exists()


def test_referral_to_admission_is_on_the_timeline_and_does_the_protocol_step(clinician, case, facility):
    step = "hospitalisation.disposition_high"
    assert step in {s.id for s in outstanding_required(case)}
    h = _admitted(clinician, case, facility, transport="ambulance", facility_contacts="Charge nurse, ext 2")
    assert h.status == Status.ADMITTED and h.admitted_at is not None
    assert _kinds(case)[-2:] == ["hospital_referral", "hospital_admitted"]
    assert step not in {s.id for s in outstanding_required(case)}
    with pytest.raises(ValidationError, match="already has an open hospitalisation"):
        services.hospitalisation_start(actor=clinician, case=case, facility_name="Another place")


def test_an_admission_in_the_future_is_refused(clinician, case, facility):
    h = services.hospitalisation_start(actor=clinician, case=case, facility_id=facility.pk)
    with pytest.raises(ValidationError) as refused:
        services.hospitalisation_advance(
            actor=clinician, hospitalisation=h, status="admitted", occurred_at=clock.now() + dt.timedelta(hours=3)
        )
    assert "future" in str(refused.value.message_dict["occurred_at"])
    h.refresh_from_db()
    assert h.status == Status.RECOMMENDED


def test_declined_and_not_admitted_need_the_reason(clinician, case, facility):
    h = services.hospitalisation_start(actor=clinician, case=case, facility_id=facility.pk)
    with pytest.raises(ValidationError, match="why the client declined"):
        services.hospitalisation_advance(actor=clinician, hospitalisation=h, status="declined")
    services.hospitalisation_advance(
        actor=clinician, hospitalisation=h, status="declined", reason="Agreed to stay with her sister instead."
    )
    assert (
        TimelineEvent.objects.filter(case=case, kind="hospital_not_admitted")
        .get()
        .summary.endswith("Agreed to stay with her sister instead.")
    )


def test_an_outpatient_plan_needs_why_who_and_the_contact_within_24_hours(clinician, case):
    with pytest.raises(ValidationError) as refused:
        services.disposition_record(actor=clinician, case=case, decision="outpatient_plan")
    assert set(refused.value.message_dict) == {"reason", "with_client", "next_contact_at"}
    with pytest.raises(ValidationError, match="within the next 24 hours"):
        services.disposition_record(
            actor=clinician,
            case=case,
            decision="outpatient_plan",
            reason="Crisis resolved",
            with_client="Sister",
            next_contact_at=clock.now() + dt.timedelta(hours=30),
        )
    done = services.disposition_record(
        actor=clinician,
        case=case,
        decision="outpatient_plan",
        reason="Ex-partner left; plan agreed.",
        with_client="His sister Ana, staying tonight",
        next_contact_at=clock.now() + dt.timedelta(hours=20),
    )
    assert done.record.event.details["decision"] == "outpatient_plan"
    assert "hospitalisation.disposition_high" not in {s.id for s in outstanding_required(case)}


def test_not_indicated_does_not_do_the_high_risk_step(clinician, case):
    services.disposition_record(
        actor=clinician, case=case, decision="not_indicated", reason="Evaluated by the crisis team."
    )
    assert "hospitalisation.disposition_high" in {s.id for s in outstanding_required(case)}


def test_the_hold_clock_comes_from_the_pack_and_its_reminder_from_the_rules(clinician, case, facility):
    h = _admitted(clinician, case, facility)
    start = clock.now() - dt.timedelta(hours=1)
    hold = services.hold_start(
        actor=clinician,
        hospitalisation=h,
        type_id="US-CA:emergency_hold",
        initiated_by="Officer Reyes",
        starts_at=start,
    )
    assert hold.expiry_basis == "computed" and hold.expires_at == start + dt.timedelta(hours=72)
    assert "5150" in hold.citation
    reminder = FollowUpTask.objects.get(case=case, rule_id="hold_expiry")
    assert reminder.due_at == hold.expires_at - dt.timedelta(hours=4) and reminder.status == TaskStatus.OPEN
    services.hold_end(actor=clinician, hold=hold, reason="voluntary")
    reminder.refresh_from_db()
    assert reminder.status == TaskStatus.DONE


@pytest.mark.parametrize(
    "type_id, starts, message",
    [
        ("US-NY:emergency_hold", dt.timedelta(0), "does not exist in US-CA"),
        ("US-CA:emergency_hold", dt.timedelta(hours=2), "cannot start in the future"),
    ],
)
def test_a_hold_from_elsewhere_or_in_the_future_is_refused(clinician, case, facility, type_id, starts, message):
    h = _admitted(clinician, case, facility)
    with pytest.raises(ValidationError, match=message):
        services.hold_start(
            actor=clinician, hospitalisation=h, type_id=type_id, initiated_by="Dr Lee", starts_at=clock.now() + starts
        )
    assert not Hold.objects.exists()


def test_a_hold_whose_duration_is_unknown_asks_for_its_end(clinician, admin):
    client = client_create(
        actor=clinician,
        given_name="Rhody",
        family_name="Island",
        date_of_birth=dt.date(1980, 1, 1),
        jurisdiction="US-RI",
        preferred_language="en",
        phone="",
        address="",
        flags=[],
    )
    case = case_open(actor=clinician, client=client, risk_level="imminent", concern="Overdose.")
    h = services.hospitalisation_start(actor=clinician, case=case, status="admitted", facility_name="RI Hospital")
    [hold_type] = services.hold_types(client)
    assert hold_type["max_hours"] is None
    start = clock.now() - dt.timedelta(hours=2)
    with pytest.raises(ValidationError, match="not known to CarePath"):
        services.hold_start(
            actor=clinician, hospitalisation=h, type_id=hold_type["id"], initiated_by="Dr A", starts_at=start
        )
    hold = services.hold_start(
        actor=clinician,
        hospitalisation=h,
        type_id=hold_type["id"],
        initiated_by="Dr A",
        starts_at=start,
        expires_at=start + dt.timedelta(days=10),
    )
    assert hold.expiry_basis == "given" and "does not know" in services.hold_note(hold)


def test_discharge_before_admission_in_the_future_or_without_admission_is_refused(clinician, case, facility):
    h = services.hospitalisation_start(actor=clinician, case=case, facility_id=facility.pk)
    with pytest.raises(ValidationError, match="record the admission first"):
        services.discharge_record(actor=clinician, hospitalisation=h, discharged_at=clock.now())
    services.hospitalisation_advance(actor=clinician, hospitalisation=h, status="admitted")
    h.refresh_from_db()
    for when, message in (
        (h.admitted_at - dt.timedelta(hours=5), "before the admission"),
        (clock.now() + dt.timedelta(days=1), "cannot be in the future"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.discharge_record(actor=clinician, hospitalisation=h, discharged_at=when)
    h.refresh_from_db()
    assert h.status == Status.ADMITTED


def test_the_discharge_schedules_the_follow_ups_and_ends_the_hold(clinician, case, facility):
    admitted_at = clock.now() - dt.timedelta(days=6)
    with clock.at(admitted_at):
        h = services.hospitalisation_start(
            actor=clinician, case=case, status="admitted", facility_id=facility.pk, involuntary=True
        )
        services.hold_start(
            actor=clinician,
            hospitalisation=h,
            type_id="US-CA:emergency_hold",
            initiated_by="Officer Reyes",
            starts_at=admitted_at,
        )
    discharged = clock.now() - dt.timedelta(hours=3)
    upload = SimpleUploadedFile("summary.pdf", PDF, content_type="application/pdf")
    services.discharge_record(
        actor=clinician,
        hospitalisation=h,
        discharged_at=discharged,
        summary_file=upload,
        medications_changed="Started sertraline 50 mg",
        followup_appointment="Dr Cho, 12 Dec 10:00",
    )
    h.refresh_from_db()
    assert h.status == Status.DISCHARGED and h.discharge_document.content_type == "application/pdf"
    assert Hold.objects.get(hospitalisation=h).end_reason == "discharged"
    tasks = {t.rule_step: t for t in FollowUpTask.objects.filter(case=case, rule_id="post_discharge")}
    assert tasks[0].due_at == discharged + dt.timedelta(hours=72)
    assert tasks[1].due_at == discharged + dt.timedelta(days=7)
    assert tasks[2].due_at == discharged + dt.timedelta(days=30)
    review = FollowUpTask.objects.get(case=case, rule_id="safety_plan_review", status=TaskStatus.OPEN)
    assert review.due_at <= discharged + dt.timedelta(days=7)
    # The HEDIS measure does not count a visit on the day of discharge.
    with clock.at(discharged + dt.timedelta(seconds=1)):
        with pytest.raises(ValidationError, match="day of discharge does not count"):
            followup_complete(actor=clinician, task=tasks[1], outcome="Seen at the clinic.", risk_now="high")
    with clock.at(discharged + dt.timedelta(days=2)):
        followup_complete(
            actor=clinician, task=tasks[1], outcome="Seen at the clinic; plan reviewed.", risk_now="moderate"
        )
    tasks[1].refresh_from_db()
    assert tasks[1].status == TaskStatus.DONE


def test_a_second_hospitalisation_gets_its_own_discharge_follow_ups(clinician, case, facility):
    for days in (20, 10):
        with clock.at(clock.now() - dt.timedelta(days=days)):
            h = services.hospitalisation_start(actor=clinician, case=case, status="admitted", facility_id=facility.pk)
        services.discharge_record(
            actor=clinician, hospitalisation=h, discharged_at=clock.now() - dt.timedelta(days=days - 2)
        )
    assert FollowUpTask.objects.filter(case=case, rule_id="post_discharge").count() == 6


def test_crisis_preferences_need_content_and_a_directive_needs_its_copy(clinician, case):
    client = case.client
    today = clock.today()
    with pytest.raises(ValidationError, match="at least one preference"):
        services.crisis_preferences_save(actor=clinician, client=client, source="session", agreed_on=today)
    with pytest.raises(ValidationError) as refused:
        services.crisis_preferences_save(
            actor=clinician, client=client, source="directive", agreed_on=today, do_not_call="His father"
        )
    assert "directive_file" in refused.value.message_dict
    with pytest.raises(ValidationError, match="not a PDF or an image"):
        services.crisis_preferences_save(
            actor=clinician,
            client=client,
            source="directive",
            agreed_on=today,
            do_not_call="His father",
            directive_file=SimpleUploadedFile("directive.pdf", b"MZ\x90\x00 not a pdf"),
        )
    saved = services.crisis_preferences_save(
        actor=clinician,
        client=client,
        source="directive",
        agreed_on=today,
        do_not_call="His father",
        directive_file=SimpleUploadedFile("directive.pdf", PDF),
    )
    assert saved.directive.kind == "advance_directive"
    assert TimelineEvent.objects.filter(case=case, kind="crisis_preferences_recorded").exists()


def test_the_same_submit_twice_is_one_hospitalisation(clinician, case, facility):
    key = uuid.uuid4()
    first = services.hospitalisation_start(actor=clinician, case=case, facility_id=facility.pk, idempotency_key=key)
    again = services.hospitalisation_start(actor=clinician, case=case, facility_id=facility.pk, idempotency_key=key)
    assert first.pk == again.pk and again.created is False
    assert TimelineEvent.objects.filter(case=case, kind="hospital_referral").count() == 1
