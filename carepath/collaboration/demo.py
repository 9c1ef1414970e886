"""Demo of collaboration: a supervisor review and a hand-over summary to the inpatient unit for Danny Whitaker,
an urgent consultation answered and a referral booked for Marcus Hale, an open consultation, a referral received
and a team note for Tyler Brooks, and referrals sent, seen and declined for Aisha Rahman."""

from __future__ import annotations

import datetime as dt

from carepath.core import clock

from . import services
from .models import ConsultationRequest


def seed(ctx) -> None:
    cases = ctx.cases
    if any(k not in cases for k in ("Whitaker", "Hale", "Brooks", "Rahman")):
        return
    if ConsultationRequest.objects.filter(case__organisation=ctx.organisation).exists():
        return
    now = ctx.now
    maya, sam, priya = ctx.members["maya"], ctx.members["sam"], ctx.members["priya"]
    whitaker, hale, brooks, rahman = (cases[k] for k in ("Whitaker", "Hale", "Brooks", "Rahman"))
    for case in (whitaker, hale, brooks, rahman):
        case.refresh_from_db()

    def ago(**kw) -> dt.datetime:
        return now - dt.timedelta(**kw)

    with clock.at(ago(minutes=40)):
        services.supervisor_review(
            actor=maya,
            case=whitaker,
            agreed="Admission on the 5150 stands; Sam calls Bay Crest tomorrow 9am; firearm stays with Rachel; "
            "I review again after the hold's first 24 hours.",
        )
    if whitaker.is_open:
        with clock.at(ago(minutes=20)):
            services.handover_issue(
                actor=sam,
                case=whitaker,
                recipient_name="Dr Imani Brooks, admitting psychiatrist",
                recipient_organisation="Bay Crest Behavioral Health, inpatient unit",
                recipient_contact="2100 Bay Crest Rd, Oakland, CA · +1 510 555 0177",
                sections=["risk", "safety_plan", "medications", "crisis_preferences", "contacts"],
                external=True,
                purpose="Continuity of care on admission",
                basis_id="us-hipaa-164-506-treatment",
                client_informed="yes",
            )

    with clock.at(ago(days=2, hours=3)):
        asked = services.consultation_request(
            actor=priya,
            case=hale,
            to_member_id=maya.pk,
            urgency="urgent",
            question="Marcus named his ex-wife's partner. Texas only permits a warning: do we warn Greg Dalton "
            "tonight, given Part 2 protects his treatment records?",
        ).record
    with clock.at(ago(days=2, hours=2, minutes=35)):
        services.consultation_answer(
            actor=maya,
            request=asked,
            answer="No warning naming treatment without his consent; he agreed to a voluntary evaluation. Call the "
            "police only if he leaves with intent. Reassess by phone at 9pm.",
        )
    with clock.at(ago(days=2)):
        booked = services.referral_send(
            actor=priya,
            case=hale,
            to_name="Intake team",
            to_organisation="Capital Recovery Clinic, intensive outpatient programme",
            phone="+1 512 555 0150",
            reason="Relapse after 14 months sober; needs intensive outpatient treatment this week.",
            urgency="urgent",
            what_sent="Referral letter with his consent to share with the clinic (Part 2 authorisation on file).",
        )
    with clock.at(ago(days=1, hours=20)):
        services.referral_update(actor=priya, referral=booked, status="received", note="Intake nurse called back.")
    with clock.at(ago(days=1, hours=6)):
        services.referral_update(
            actor=priya, referral=booked, status="appointment_booked", note="Assessment Thursday 10am."
        )

    with clock.at(ago(hours=5)):
        services.consultation_request(
            actor=sam,
            case=brooks,
            to_member_id=priya.pk,
            urgency="routine",
            question="Tyler's school wants an update. Would you share the safety plan with the counsellor, or only "
            "that he is safe to attend?",
        )
        services.team_note(
            actor=sam,
            case=brooks,
            text="Karen Brooks will lock away the medications tonight; Priya, can you take Thursday's check-in?",
            mention_ids=[priya.pk],
        )
    with clock.at(ago(days=1)):
        received = services.referral_send(
            actor=sam,
            case=brooks,
            to_name="Dr Lena Ortiz, adolescent psychiatry",
            to_organisation="East Bay Children's Clinic",
            email="intake@eastbaychildrens.example.org",
            reason="Medication review after the overdose threat.",
            urgency="routine",
        )
    with clock.at(ago(hours=8)):
        services.referral_update(actor=sam, referral=received, status="received")

    if rahman.is_open:
        with clock.at(ago(days=3)):
            services.referral_send(
                actor=priya,
                case=rahman,
                to_name="Job loss support group",
                to_organisation="Brooklyn Community Services",
                phone="+1 718 555 0144",
                reason="Peer support after losing her job.",
                urgency="routine",
            )
            seen = services.referral_send(
                actor=priya,
                case=rahman,
                to_name="Dr Hassan Ali, primary care",
                to_organisation="Atlantic Family Practice",
                phone="+1 718 555 0139",
                reason="Sleep and appetite; medical review after the discharge.",
                urgency="routine",
            )
            declined = services.referral_send(
                actor=priya,
                case=rahman,
                to_name="Day programme",
                to_organisation="Kings County partial hospitalisation programme",
                phone="+1 718 555 0137",
                reason="Structured days in the first weeks after discharge.",
                urgency="urgent",
            )
        with clock.at(ago(days=1)):
            services.referral_update(actor=priya, referral=seen, status="seen", note="Seen; labs ordered.")
            services.referral_update(
                actor=priya,
                referral=declined,
                status="declined",
                note="Aisha chose to return to work part time instead; programme informed.",
            )
