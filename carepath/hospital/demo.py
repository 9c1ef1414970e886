"""Demo of hospitalisation (invented facilities and people; 555 numbers):

- facilities in each state the demo's clients live in (CA, NY, TX, WA);
- Danny Whitaker's crisis preferences, agreed in session months ago, then tonight: a 5150 placed by the police
  after the welfare check, by ambulance to the psychiatric emergency service he prefers, admitted on the hold;
- Aisha Rahman: an emergency evaluation six days ago, a voluntary admission, discharged four days ago with her
  summary; the 72-hour contact done, the 7-day visit due;
- Chloe Bennett: an overdose three days ago, on a 5150 that ends within hours (the dashboard's "holds ending").
"""

from __future__ import annotations

import datetime as dt

from carepath.cases.models import SafetyCase
from carepath.cases.services import case_open, case_set_location
from carepath.core import clock

from . import services
from .models import Facility, FacilityKind, Transport

FACILITIES = [
    # name, kind, phone, address, jurisdiction, takes holds, min age, max age, notes
    (
        "Bay Crest Psychiatric Emergency Services",
        FacilityKind.PSYCHIATRIC_HOSPITAL,
        "+1 510 555 0140",
        "2800 Telegraph Ave\nOakland, CA 94609",
        "US-CA",
        True,
        18,
        None,
        "County-designated for 5150 evaluation.",
    ),
    (
        "Eastshore Medical Center Emergency Department",
        FacilityKind.EMERGENCY_DEPARTMENT,
        "+1 510 555 0141",
        "1100 San Pablo Ave\nBerkeley, CA 94706",
        "US-CA",
        True,
        None,
        None,
        "Medical clearance; no psychiatric beds.",
    ),
    (
        "Alameda Youth Crisis Stabilization Unit",
        FacilityKind.CRISIS_STABILISATION,
        "+1 510 555 0142",
        "455 Fruitvale Ave\nOakland, CA 94601",
        "US-CA",
        True,
        12,
        17,
        "Up to 23 hours; parents may stay.",
    ),
    (
        "Harbor Light Crisis Residential",
        FacilityKind.RESIDENTIAL,
        "+1 415 555 0143",
        "60 Harbor Rd\nSan Francisco, CA 94124",
        "US-CA",
        False,
        18,
        None,
        "Voluntary only; 14-day stays.",
    ),
    (
        "Atlantic Avenue Hospital CPEP",
        FacilityKind.EMERGENCY_DEPARTMENT,
        "+1 718 555 0144",
        "300 Atlantic Ave\nBrooklyn, NY 11201",
        "US-NY",
        True,
        None,
        None,
        "Comprehensive Psychiatric Emergency Program.",
    ),
    (
        "Prospect Psychiatric Pavilion",
        FacilityKind.PSYCHIATRIC_HOSPITAL,
        "+1 718 555 0145",
        "12 Prospect Park W\nBrooklyn, NY 11215",
        "US-NY",
        True,
        18,
        None,
        "",
    ),
    (
        "Riverside Crisis Stabilization Unit",
        FacilityKind.CRISIS_STABILISATION,
        "+1 512 555 0146",
        "1500 E Riverside Dr\nAustin, TX 78741",
        "US-TX",
        True,
        18,
        None,
        "Accepts emergency detentions.",
    ),
    (
        "Hill Country Behavioral Hospital",
        FacilityKind.PSYCHIATRIC_HOSPITAL,
        "+1 512 555 0147",
        "8000 Research Blvd\nAustin, TX 78758",
        "US-TX",
        True,
        13,
        None,
        "Adolescent and adult units.",
    ),
    (
        "Puget Sound Behavioral Health Hospital",
        FacilityKind.PSYCHIATRIC_HOSPITAL,
        "+1 206 555 0148",
        "900 Madison St\nSeattle, WA 98104",
        "US-WA",
        True,
        18,
        None,
        "Evaluation and treatment facility.",
    ),
    (
        "Elliott Bay Crisis Respite",
        FacilityKind.RESIDENTIAL,
        "+1 206 555 0149",
        "210 Western Ave\nSeattle, WA 98121",
        "US-WA",
        False,
        18,
        None,
        "Voluntary; up to 5 nights.",
    ),
]


def seed(ctx) -> None:
    if Facility.objects.filter(organisation=ctx.organisation).exists():
        return
    now = ctx.now
    admin, sam, priya = ctx.members["jordan"], ctx.members["sam"], ctx.members["priya"]

    def ago(days: float = 0, hours: float = 0, minutes: float = 0) -> dt.datetime:
        return now - dt.timedelta(days=days, hours=hours, minutes=minutes)

    with clock.at(ago(days=380)):
        facilities = {}
        for name, kind, phone, address, code, holds, lo, hi, notes in FACILITIES:
            facilities[name] = services.facility_save(
                actor=admin,
                name=name,
                kind=kind,
                phone=phone,
                address=address,
                jurisdiction=code,
                takes_involuntary=holds,
                min_age=lo,
                max_age=hi,
                notes=notes,
                is_active=True,
            )

    _whitaker(ctx, sam, facilities, ago)
    _rahman(ctx, priya, facilities, ago)
    _bennett(ctx, priya, facilities, ago)


def _whitaker(ctx, sam, facilities, ago) -> None:
    client = ctx.clients["Whitaker"]
    with clock.at(ago(days=200)):
        services.crisis_preferences_save(
            actor=sam,
            client=client,
            source="session",
            agreed_on=ago(days=200).date(),
            preferred_facilities="Bay Crest Psychiatric Emergency Services (felt safe there in 2024)",
            refused_facilities="Eastshore Medical Center ED: restrained on arrival in 2023, would rather not go back",
            call="Rachel (sister) first; his roommate Leo if Rachel cannot be reached",
            do_not_call="His father, Richard Whitaker",
            helpful_medications="Sertraline 100 mg; a short course of hydroxyzine for sleep",
            harmful_medications="Haloperidol: severe restlessness (akathisia) in 2023",
            agent_name="Rachel Whitaker",
            agent_relationship="sister",
            agent_phone="+1 415 555 0199",
        )
    case = ctx.cases.get("Whitaker")
    if case is None:
        return
    bay_crest = facilities["Bay Crest Psychiatric Emergency Services"]
    with clock.at(ago(minutes=112)):
        hospitalisation = services.hospitalisation_start(
            actor=sam,
            case=case,
            status="referred",
            facility_id=bay_crest.pk,
            involuntary=True,
            transport=Transport.AMBULANCE,
            facility_contacts="Charge nurse Dana Ortiz, +1 510 555 0140 ext 2; intake ref BC-4471",
            occurred_at=ago(minutes=114),
        )
        services.hold_start(
            actor=sam,
            hospitalisation=hospitalisation,
            type_id="US-CA:emergency_hold",
            initiated_by="Officer M. Reyes #4127, Oakland Police Department",
            starts_at=ago(minutes=118),
        )
    with clock.at(ago(minutes=80)):
        services.hospitalisation_advance(
            actor=sam, hospitalisation=hospitalisation, status="admitted", occurred_at=ago(minutes=84)
        )
        case_set_location(actor=sam, case=case, location="Bay Crest Psychiatric Emergency Services, on the 5150 hold")


def _rahman(ctx, priya, facilities, ago) -> None:
    case = ctx.cases.get("Rahman")
    if case is None:
        return
    cpep = facilities["Atlantic Avenue Hospital CPEP"]
    with clock.at(ago(days=5, hours=23)):
        services.disposition_record(
            actor=priya,
            case=case,
            decision="emergency_evaluation",
            where=cpep.name,
            reason="Thoughts of jumping from her building's roof tonight; she agreed to go for an evaluation.",
            occurred_at=ago(days=5, hours=23, minutes=10),
        )
        hospitalisation = services.hospitalisation_start(
            actor=priya,
            case=case,
            status="referred",
            facility_id=cpep.pk,
            transport=Transport.FAMILY,
            facility_contacts="Dr Okonkwo (CPEP attending), +1 718 555 0144",
            occurred_at=ago(days=5, hours=23),
        )
    with clock.at(ago(days=5, hours=20)):
        services.hospitalisation_advance(
            actor=priya, hospitalisation=hospitalisation, status="admitted", occurred_at=ago(days=5, hours=20)
        )
    with clock.at(ago(days=4, hours=1)):
        services.discharge_record(
            actor=priya,
            hospitalisation=hospitalisation,
            discharged_at=ago(days=4, hours=2),
            summary_note=(
                "Voluntary admission for passive ideation with a method in mind after job loss. Started "
                "mirtazapine 15 mg at night. No ideation for 24 hours before discharge; plan reviewed with her "
                "cousin Farah, who is staying with her this week."
            ),
            medications_changed="Started mirtazapine 15 mg at night",
            followup_appointment="Outpatient psychiatry, Dr Lewin, Atlantic Avenue clinic, in 10 days",
        )


def _bennett(ctx, priya, facilities, ago) -> None:
    client = ctx.clients["Bennett"]
    if SafetyCase.objects.filter(client=client).exists():
        return
    with clock.at(ago(hours=65)):
        case = case_open(
            actor=priya,
            client=client,
            risk_level="imminent",
            concern=(
                "Chloe's best friend Mia called the practice: Chloe texted her goodbye and said she had taken "
                "a bottle of sleeping tablets. 911 called to her apartment."
            ),
            occurred_at=ago(hours=65, minutes=5),
            location="Her apartment, 44 Palm Dr, Palo Alto; Mia on her way",
        )
    with clock.at(ago(hours=63, minutes=20)):
        hospitalisation = services.hospitalisation_start(
            actor=priya,
            case=case,
            status="referred",
            facility_id=facilities["Eastshore Medical Center Emergency Department"].pk,
            involuntary=True,
            transport=Transport.AMBULANCE,
            facility_contacts="ED social worker on shift, +1 510 555 0141",
            occurred_at=ago(hours=64, minutes=10),
        )
        services.hold_start(
            actor=priya,
            hospitalisation=hospitalisation,
            type_id="US-CA:emergency_hold",
            initiated_by="Palo Alto police officer, badge 2231, at the apartment",
            starts_at=ago(hours=64),
        )
        services.hospitalisation_advance(
            actor=priya, hospitalisation=hospitalisation, status="admitted", occurred_at=ago(hours=63, minutes=30)
        )
