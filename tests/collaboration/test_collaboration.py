"""Collaboration: consultations (asked, notified, answered, chased), supervisor review (the protocol's step), referrals
through their statuses with a chase task, hand-over summaries with only the chosen sections (page and PDF) and a
disclosure when they leave the practice, team notes with mentions; bad input refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from carepath.collaboration import selectors, services
from carepath.collaboration.models import Handover, Referral
from carepath.disclosures.models import Disclosure
from carepath.followup.models import FollowUpTask, Notification, TaskStatus
from carepath.protocol import selectors as protocol_selectors


def _statuses(case):
    steps, _ = protocol_selectors.case_steps(case)
    return {s.step.id: s for s in protocol_selectors.case_step_statuses(case, steps)}


def test_a_consultation_is_notified_answered_and_its_task_completed(clinician, supervisor, case):
    asked = services.consultation_request(
        actor=clinician, case=case, to_member_id=supervisor.pk, urgency="urgent", question="Do we warn tonight?"
    ).record
    texts = list(Notification.objects.filter(member=supervisor).values_list("text", flat=True))
    note = next((t for t in texts if "asks for" in t), str(texts))
    assert "asks for an urgent consultation on Q.Z.'s case" in note and "Zephyrine" not in note
    task = FollowUpTask.objects.get(rule_id="consultation_answer", status=TaskStatus.OPEN)
    assert task.owner == supervisor and (task.due_at - asked.occurred_at).total_seconds() <= 3600 + 60
    with pytest.raises(PermissionDenied):
        services.consultation_answer(actor=clinician, request=asked, answer="I answer myself")
    services.consultation_answer(actor=supervisor, request=asked, answer="Not tonight; reassess at 9pm.")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert Notification.objects.filter(member=clinician, text__contains="answered your consultation").exists()


def test_a_consultation_asked_of_oneself_or_an_outsider_is_refused(clinician, outsider, case):
    with pytest.raises(ValidationError, match="Ask someone else"):
        services.consultation_request(
            actor=clinician, case=case, to_member_id=clinician.pk, urgency="routine", question="Second opinion please"
        )
    with pytest.raises(ValidationError, match="clinician or supervisor of this practice"):
        services.consultation_request(
            actor=clinician, case=case, to_member_id=outsider.pk, urgency="routine", question="Second opinion please"
        )


def test_a_supervisor_review_does_the_consultation_step_and_clears_the_queue(clinician, supervisor, case):
    from carepath.core import clock

    assert selectors.review_status(case).awaiting
    assert any(i.what == "Awaiting supervisor review" for i in selectors.awaiting_review(supervisor, clock.now()))
    with pytest.raises(PermissionDenied):
        services.supervisor_review(actor=clinician, case=case, agreed="I reviewed it myself.")
    services.supervisor_review(actor=supervisor, case=case, agreed="Same-day evaluation; I call back at 5pm.")
    assert not selectors.review_status(case).awaiting
    assert _statuses(case)["supervisor.consult"].state == "done"


def test_a_referral_moves_through_its_statuses_and_is_chased_until_booked(clinician, case):
    with pytest.raises(ValidationError, match="phone or an email"):
        services.referral_send(actor=clinician, case=case, to_name="Dr X", reason="Meds", urgency="routine")
    with pytest.raises(ValidationError, match="email address is not valid"):
        services.referral_send(actor=clinician, case=case, to_name="Dr X", email="x@", reason="Meds", urgency="routine")
    referral = services.referral_send(
        actor=clinician, case=case, to_name="Dr Lena Ortiz", phone="+1 510 555 0111", reason="Meds", urgency="urgent"
    )
    chase = FollowUpTask.objects.get(rule_id="referral_chase")
    assert chase.status == TaskStatus.OPEN and chase.owner == clinician
    services.referral_update(actor=clinician, referral=referral, status="received")
    chase.refresh_from_db()
    assert chase.status == TaskStatus.OPEN  # received is not enough
    services.referral_update(actor=clinician, referral=referral, status="appointment_booked", note="Thu 10am")
    chase.refresh_from_db()
    referral.refresh_from_db()
    assert chase.status == TaskStatus.DONE and referral.status == "appointment_booked"
    with pytest.raises(ValidationError, match="why the referral was declined"):
        services.referral_update(actor=clinician, referral=referral, status="declined")
    assert [u.status for u in referral.updates.order_by("recorded_at")] == ["sent", "received", "appointment_booked"]


def test_a_summary_holds_only_the_chosen_sections_and_leaving_the_practice_is_a_disclosure(signed_in, clinician, case):
    with pytest.raises(ValidationError, match="at least one section"):
        services.handover_issue(actor=clinician, case=case, recipient_name="Dr Brooks", sections=[])
    inside = services.handover_issue(actor=clinician, case=case, recipient_name="Priya", sections=["contacts"])
    assert inside.disclosure_id is None and list(inside.content) == ["contacts"]
    with pytest.raises(ValidationError):
        services.handover_issue(
            actor=clinician, case=case, recipient_name="Dr Brooks", sections=["risk"], external=True, basis_id=""
        )
    out = services.handover_issue(
        actor=clinician,
        case=case,
        recipient_name="Dr Imani Brooks",
        recipient_organisation="Bay Crest inpatient unit",
        sections=["risk", "contacts"],
        external=True,
        basis_id="us-hipaa-164-506-treatment",
    )
    disclosure = Disclosure.objects.get(pk=out.disclosure_id)
    assert disclosure.categories == ["contact_details", "risk_status"] and "Bay Crest" in disclosure.recipient
    browser = signed_in(clinician)
    page = browser.get(f"/cases/{case.pk}/collaboration/handovers/{out.pk}/").content.decode()
    assert "Risk level and history" in page and "Contacts" in page and "Current safety plan" not in page
    pdf = browser.get(f"/cases/{case.pk}/collaboration/handovers/{out.pk}/pdf/")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Issued to Dr Imani Brooks, Bay Crest inpatient unit" in text
    assert "Wilhelmina Zephyrine" in text and "Risk level and history" in text
    assert "Current safety plan" not in text and "Medications" not in text
    assert Handover.objects.count() == 2


def test_a_team_note_notifies_those_mentioned_and_refuses_outsiders(clinician, supervisor, outsider, case):
    services.team_note(actor=clinician, case=case, text="Please take Thursday.", mention_ids=[supervisor.pk])
    assert Notification.objects.filter(member=supervisor, text__contains="mentioned you on Q.Z.'s case").exists()
    with pytest.raises(ValidationError, match="only members of this practice"):
        services.team_note(actor=clinician, case=case, text="Hello", mention_ids=[outsider.pk])


def test_the_page_keeps_a_refused_form_and_the_api_lists_it_all(signed_in, clinician, supervisor, case):
    browser = signed_in(clinician)
    page = browser.get(f"/cases/{case.pk}/collaboration/")
    assert page.status_code == 200 and "Awaiting supervisor review" in page.content.decode()
    refused = browser.post(
        f"/cases/{case.pk}/collaboration/referrals/",
        {"to_name": "Dr Nobody", "urgency": "routine", "reason": "Typed reason kept"},
    )
    assert refused.status_code == 400 and "Typed reason kept" in refused.content.decode()
    services.referral_send(
        actor=clinician, case=case, to_name="Dr Y", email="y@example.org", reason="x", urgency="routine"
    )
    data = browser.get(f"/api/v1/cases/{case.pk}/collaboration").json()
    assert data["awaiting_review"] is True and data["referrals"][0]["status"] == "sent"
    made = browser.post(
        f"/api/v1/cases/{case.pk}/consultations",
        {"to_member_id": str(supervisor.pk), "urgency": "routine", "question": "Thoughts on discharge?"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["answer"] is None
    assert Referral.objects.count() == 1


def test_the_supervisors_dashboard_lists_cases_awaiting_review(signed_in, supervisor, clinician, case):
    body = signed_in(supervisor).get("/cases/").content.decode()
    assert "Awaiting your review (1)" in body and "Quentin Zephyrine" in body
    services.supervisor_review(actor=supervisor, case=case, agreed="Agreed the plan; I call at 5pm.")
    assert "Awaiting your review" not in signed_in(supervisor).get("/cases/").content.decode()
    assert "Awaiting your review" not in signed_in(clinician).get("/cases/").content.decode()


def test_the_cases_awaiting_review_agree_with_each_cases_review_status(clinician, supervisor, case):
    from carepath.cases.services import case_change_risk_level

    def awaiting():
        found = list(selectors.cases_awaiting_review(case.organisation_id).values_list("pk", flat=True))
        assert (case.pk in found) == selectors.review_status(case).awaiting
        return case.pk in found

    assert awaiting()  # opened at high risk, never reviewed
    services.supervisor_review(actor=supervisor, case=case, agreed="Same-day evaluation; I call back at 5pm.")
    assert not awaiting()
    case_change_risk_level(actor=clinician, case=case, risk_level="imminent", reason="Plan and means disclosed")
    assert awaiting()  # raised since the review
    since = selectors.cases_awaiting_review(case.organisation_id).get(pk=case.pk).since
    assert since == selectors.review_status(case).since
    services.supervisor_review(actor=supervisor, case=case, agreed="Emergency evaluation now; I stay on the line.")
    assert not awaiting()
    case.refresh_from_db()
    case_change_risk_level(
        actor=supervisor, case=case, risk_level="high", reason="Means removed", details={"rationale": "Seen at ED"}
    )
    assert not awaiting()  # lowering the risk asks for no new review


def test_the_case_page_counts_what_is_still_waited_on(signed_in, clinician, supervisor, case):
    def panel():
        return signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()

    assert "0 consultations awaiting an answer · 0 open referrals" in panel()
    answered = services.consultation_request(
        actor=clinician, case=case, to_member_id=supervisor.pk, urgency="routine", question="Discharge on Friday?"
    ).record
    services.consultation_answer(actor=supervisor, request=answered, answer="Yes, with a visit booked.")
    services.consultation_request(
        actor=clinician, case=case, to_member_id=supervisor.pk, urgency="urgent", question="Warn tonight?"
    )
    declined = services.referral_send(
        actor=clinician, case=case, to_name="Dr X", phone="+1 510 555 0111", reason="Meds", urgency="routine"
    )
    services.referral_update(actor=clinician, referral=declined, status="declined", note="No capacity this month")
    for name in ("Dr Y", "Dr Z"):
        services.referral_send(
            actor=clinician, case=case, to_name=name, phone="+1 510 555 0112", reason="Meds", urgency="routine"
        )
    assert "1 consultation awaiting an answer · 2 open referrals" in panel()
