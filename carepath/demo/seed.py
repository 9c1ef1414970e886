"""The demo practice: invented members, clients, support contacts and safety cases at several risk levels.

Everything is written through the services, with the clock set to when it happened, so the demo's
timelines and audit trail look as a real practice's would. Seeding twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from carepath.accounts.models import Member, Organisation
from carepath.accounts.services import member_create, organisation_create
from carepath.cases import events
from carepath.cases.services import case_close, case_open, case_record_event, event_amend
from carepath.clients.services import (
    access_grant_create,
    care_team_add,
    client_create,
    on_call_shift_create,
    support_contact_create,
    support_contact_update,
)
from carepath.core import clock, extensions

DEMO_SLUG = "riverside-counselling-demo"
DEMO_NAME = "Riverside Counselling Collective (demo)"

ACCOUNTS = [
    # email, password, name, roles
    ("maya.okafor@demo.carepath", "demo-supervisor-2026", "Dr Maya Okafor", ["supervisor", "clinician"]),
    ("sam.rivera@demo.carepath", "demo-clinician-2026", "Sam Rivera, LCSW", ["clinician"]),
    ("priya.natarajan@demo.carepath", "demo-clinician2-2026", "Priya Natarajan, PsyD", ["clinician"]),
    ("jordan.lee@demo.carepath", "demo-admin-2026", "Jordan Lee", ["admin"]),
    ("alex.kim@demo.carepath", "demo-auditor-2026", "Alex Kim", ["auditor"]),
]

# given, family, preferred, date of birth, jurisdiction, language, phone, address, flags, clinician key
CLIENTS = [
    (
        "Daniel",
        "Whitaker",
        "Danny",
        "1991-03-14",
        "US-CA",
        "en",
        "+1 415 555 0134",
        "1420 Alder St, Apt 3\nOakland, CA 94607",
        ["firearm_access"],
        "sam",
    ),
    (
        "Lucía",
        "Fernández",
        "",
        "1986-11-02",
        "US-CA",
        "es",
        "+1 510 555 0178",
        "77 Mission Rd\nSan Jose, CA 95112",
        ["interpreter"],
        "sam",
    ),
    (
        "Tyler",
        "Brooks",
        "",
        "2010-06-21",
        "US-CA",
        "en",
        "+1 415 555 0102",
        "9 Cedar Ct\nBerkeley, CA 94704",
        [],
        "sam",
    ),
    (
        "Marcus",
        "Hale",
        "",
        "1979-01-30",
        "US-TX",
        "en",
        "+1 512 555 0166",
        "2300 Riverside Dr\nAustin, TX 78741",
        ["part2", "prior_attempt"],
        "priya",
    ),
    (
        "Aisha",
        "Rahman",
        "",
        "1998-08-09",
        "US-NY",
        "en",
        "+1 718 555 0121",
        "145 Atlantic Ave, Fl 2\nBrooklyn, NY 11201",
        [],
        "priya",
    ),
    (
        "Eleanor",
        "Voss",
        "Ellie",
        "1957-05-17",
        "US-WA",
        "en",
        "+1 206 555 0190",
        "88 Pine St\nSeattle, WA 98101",
        ["prior_attempt"],
        "priya",
    ),
    (
        "Kenji",
        "Watanabe",
        "",
        "2001-12-03",
        "US-CA",
        "ja",
        "+1 408 555 0147",
        "310 Birch Ln\nSunnyvale, CA 94086",
        [],
        "sam",
    ),
    (
        "Grace",
        "O'Connell",
        "",
        "1994-02-25",
        "US-CA",
        "en",
        "+1 415 555 0155",
        "5 Harbor View\nSausalito, CA 94965",
        [],
        "priya",
    ),
    (
        "Jamal",
        "Carter",
        "",
        "1989-07-11",
        "US-CA",
        "en",
        "+1 510 555 0112",
        "62 Market St\nRichmond, CA 94801",
        [],
        "sam",
    ),
    (
        "Sofia",
        "Marino",
        "",
        "2008-09-30",
        "US-NY",
        "en",
        "+1 646 555 0183",
        "410 W 57th St\nNew York, NY 10019",
        [],
        "priya",
    ),
    (
        "Henry",
        "Adeyemi",
        "",
        "1972-04-04",
        "US-CA",
        "en",
        "+1 925 555 0139",
        "17 Oak Knoll\nWalnut Creek, CA 94596",
        [],
        "sam",
    ),
    (
        "Nora",
        "Lindqvist",
        "",
        "1996-10-19",
        "US-CA",
        "en",
        "+1 415 555 0171",
        "230 Fell St\nSan Francisco, CA 94102",
        [],
        "priya",
    ),
    (
        "Omar",
        "Haddad",
        "",
        "1983-03-08",
        "US-CA",
        "ar",
        "+1 408 555 0128",
        "1150 Saratoga Ave\nSan Jose, CA 95129",
        ["interpreter"],
        "sam",
    ),
    (
        "Chloe",
        "Bennett",
        "",
        "2000-01-15",
        "US-CA",
        "en",
        "+1 650 555 0164",
        "44 Palm Dr\nPalo Alto, CA 94301",
        [],
        "priya",
    ),
    (
        "Emma",
        "Sato",
        "",
        "2004-08-09",
        "JP",  # a study-abroad semester in Tokyo: telehealth sessions; Japan's numbers, no legal guidance
        "en",
        "+81 90 5555 0147",
        "International House, 2-1 Hongo\nBunkyo-ku, Tokyo",
        [],
        "priya",
    ),
]

# client family name -> support contacts: name, relationship, phone, email, consent days ago (None: no consent),
# what may be told
CONTACTS = {
    "Sato": [
        (
            "Keiko Sato",
            "mother (in Palo Alto)",
            "+1 650 555 0191",
            "keiko.sato@example.org",
            60,
            "That Emma is going through a hard time abroad and needs a call; not session content.",
        ),
        ("Ren Takahashi", "friend in the same residence", "+81 80 5555 0162", "", None, ""),
    ],
    "Whitaker": [
        (
            "Rachel Whitaker",
            "sister",
            "+1 415 555 0199",
            "rachel.w@example.org",
            120,
            "That Danny is struggling and needs her to come over; not session content.",
        ),
        ("Leo Martins", "friend and roommate", "+1 415 555 0188", "", None, ""),
    ],
    "Fernández": [
        (
            "Miguel Fernández",
            "husband",
            "+1 510 555 0177",
            "",
            200,
            "Safety concerns and the crisis plan; speaks Spanish.",
        )
    ],
    "Brooks": [
        (
            "Karen Brooks",
            "mother (guardian)",
            "+1 415 555 0105",
            "karen.brooks@example.org",
            60,
            "Everything about safety; Tyler agreed she is told of any risk.",
        ),
        ("David Brooks", "father", "+1 415 555 0106", "", 60, "Safety concerns only."),
    ],
    "Hale": [("Teresa Hale", "ex-wife, co-parent", "+1 512 555 0160", "", None, "")],
    "Rahman": [
        (
            "Farah Rahman",
            "cousin",
            "+1 718 555 0122",
            "farah.r@example.org",
            30,
            "That Aisha needs support tonight and where she is.",
        )
    ],
    "Voss": [("Peter Voss", "son", "+1 206 555 0191", "", 400, "Anything about her safety.")],
    "Watanabe": [("Yuki Watanabe", "mother", "+1 408 555 0148", "", 90, "Safety concerns.")],
    "O'Connell": [("Brendan O'Connell", "brother", "+1 415 555 0156", "", 45, "Safety concerns.")],
    "Carter": [("Denise Carter", "aunt", "+1 510 555 0113", "", None, "")],
    "Marino": [("Angela Marino", "mother", "+1 646 555 0184", "", 20, "Any risk to Sofia's safety.")],
    "Adeyemi": [("Funmi Adeyemi", "wife", "+1 925 555 0140", "", 300, "Safety concerns and appointments.")],
    "Lindqvist": [("Erik Lindqvist", "father", "+1 415 555 0172", "", 150, "Safety concerns.")],
    "Haddad": [("Layla Haddad", "wife", "+1 408 555 0129", "", 80, "Safety concerns; speaks Arabic and English.")],
    "Bennett": [("Mia Torres", "best friend", "+1 650 555 0165", "", 25, "That Chloe needs someone with her.")],
}


@dataclass
class SeedContext:
    """What the core demo created, for the apps' own demo seeders."""

    now: dt.datetime
    organisation: Organisation
    members: dict[str, Member]  # "maya" (supervisor), "sam", "priya" (clinicians), "jordan" (admin), "alex"
    clients: dict[str, object]  # by family name, e.g. clients["Whitaker"]
    cases: dict[str, object]  # open, monitoring and closed cases by the client's family name


@dataclass
class SeedResult:
    organisation: Organisation
    created: bool
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def _accounts_table() -> list[tuple[str, str, str]]:
    return [(email, password, ", ".join(roles)) for email, password, _name, roles in ACCOUNTS]


def seed_demo(now: dt.datetime | None = None) -> SeedResult:
    existing = Organisation.objects.filter(slug=DEMO_SLUG).first()
    if existing:
        return SeedResult(existing, False, _accounts_table())
    now = now or clock.now()
    with transaction.atomic():
        org = _seed(now)
    return SeedResult(org, True, _accounts_table())


def _ago(now: dt.datetime, days: float = 0, hours: float = 0, minutes: float = 0) -> dt.datetime:
    return now - dt.timedelta(days=days, hours=hours, minutes=minutes)


def _seed(now: dt.datetime) -> Organisation:
    start = _ago(now, days=420)
    with clock.at(start):
        org = organisation_create(name=DEMO_NAME, time_zone="America/Los_Angeles", default_jurisdiction="US-CA")
        Organisation.objects.filter(pk=org.pk).update(slug=DEMO_SLUG)
        org.refresh_from_db()
        members: dict[str, Member] = {}
        admin_email, admin_password, admin_name, admin_roles = ACCOUNTS[3]
        admin = member_create(
            actor=None,
            organisation=org,
            email=admin_email,
            full_name=admin_name,
            roles=admin_roles,
            password=admin_password,
        )
        for email, password, name, roles in ACCOUNTS:
            if email == admin_email:
                continue
            members[email.split(".")[0]] = member_create(
                actor=admin, organisation=org, email=email, full_name=name, roles=roles, password=password
            )
        maya, sam, priya = members["maya"], members["sam"], members["priya"]
        for clinician in (sam, priya):
            clinician.supervisor = maya
            clinician.save(update_fields=["supervisor"])
    owners = {"sam": sam, "priya": priya}

    clients = {}
    for i, (given, family, preferred, dob, code, lang, phone, address, flags, owner) in enumerate(CLIENTS):
        joined = 400 - i * 9
        with clock.at(_ago(now, days=joined)):
            client = client_create(
                actor=owners[owner],
                given_name=given,
                family_name=family,
                preferred_name=preferred,
                date_of_birth=dt.date.fromisoformat(dob),
                jurisdiction=code,
                preferred_language=lang,
                phone=phone,
                address=address,
                flags=flags,
            )
        for priority, (name, relation, cphone, email, consent_days, may_be_told) in enumerate(CONTACTS[family], 1):
            # A contact is written down when the client joins, or later on the day the client gave consent.
            with clock.at(_ago(now, days=min(joined, consent_days or joined))):
                support_contact_create(
                    actor=owners[owner],
                    client=client,
                    name=name,
                    relationship=relation,
                    phone=cphone,
                    email=email,
                    priority=priority,
                    languages="es, en" if lang == "es" else ("ar, en" if lang == "ar" else "en"),
                    consent_given_on=(now - dt.timedelta(days=consent_days)).date() if consent_days else None,
                    consent_scope="Contact in a safety crisis" if consent_days else "",
                    may_be_told=may_be_told,
                )
        clients[family] = client

    with clock.at(_ago(now, days=380)):
        care_team_add(
            actor=sam,
            client=clients["Whitaker"],
            role="Consulting psychiatrist",
            external_name="Dr Alan Cho",
            external_organisation="East Bay Psychiatry",
            external_phone="+1 510 555 0100",
            external_email="a.cho@eastbaypsych.example.org",
            responsibility="prescriber",
        )
        care_team_add(
            actor=priya,
            client=clients["Hale"],
            role="Addiction medicine",
            external_name="Dr Rosa Medina",
            external_organisation="Capital Recovery Clinic",
            external_phone="+1 512 555 0150",
            responsibility="prescriber",
        )
        care_team_add(
            actor=sam,
            client=clients["Brooks"],
            role="School counsellor",
            external_name="Ms Jenna Park",
            external_organisation="Berkeley High School",
            external_email="j.park@berkeleyhigh.example.org",
        )
        care_team_add(actor=priya, client=clients["Voss"], role="Co-therapist (groups)", member=sam)
        # Teresa, Marcus's only contact, lives with Greg Dalton, whom he threatened: the console warns before calling.
        support_contact_update(
            actor=priya, contact=clients["Hale"].support_contacts.get(), lives_with_person_at_risk=True
        )

    cases = {
        "Whitaker": _case_imminent(now, sam, clients["Whitaker"]),
        "Hale": _case_high_others(now, priya, clients["Hale"]),
        "Brooks": _case_high_minor(now, sam, clients["Brooks"]),
        "Rahman": _case_moderate(now, priya, clients["Rahman"]),
        "Voss": _case_low(now, priya, clients["Voss"]),
        "Fernández": _case_monitoring(now, sam, clients["Fernández"]),
        "O'Connell": _case_closed(now, priya, clients["O'Connell"]),
        "Sato": _case_abroad(now, priya, clients["Sato"]),
    }

    # A covering clinician breaks the glass on a client who is not theirs.
    with clock.at(_ago(now, hours=3)):
        access_grant_create(
            actor=priya,
            client=clients["Carter"],
            reason="Covering Sam's on-call line; Jamal called the practice asking for his clinician.",
        )
    # The on-call rota: Priya covers the practice's line tonight (she broke the glass before her shift began);
    # Sam takes the weekend.
    with clock.at(_ago(now, days=2)):
        on_call_shift_create(
            actor=members["maya"],
            member=priya,
            starts_at=_ago(now, hours=1),
            ends_at=now + dt.timedelta(hours=11),
            note="Evening and night line",
        )
        on_call_shift_create(
            actor=members["maya"],
            member=sam,
            starts_at=now + dt.timedelta(days=3),
            ends_at=now + dt.timedelta(days=5),
            note="Weekend line",
        )
    members["jordan"] = admin
    ctx = SeedContext(now=now, organisation=org, members=members, clients=clients, cases=cases)
    # Each app adds its part (its plugin's `demo`: seed(ctx)), in the order the plugins give.
    for seed in extensions.demo_seeders():
        seed(ctx)
    return org


def _case_imminent(now, clinician, client):
    with clock.at(_ago(now, hours=2, minutes=40)):
        case = case_open(
            actor=clinician,
            client=client,
            risk_level="imminent",
            location="At home alone: 1420 Alder St, Apt 3, Oakland (on video with Sam)",
            concern=(
                "During a video session Danny said he had taken his father's handgun out of the safe and "
                "'doesn't see the point any more'. He is alone at home."
            ),
            occurred_at=_ago(now, hours=2, minutes=42),
        )
    with clock.at(_ago(now, hours=2, minutes=35)):
        case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="Kept Danny on video; asked him to lock the gun back in the safe and give Leo the key. He agreed.",
            occurred_at=_ago(now, hours=2, minutes=36),
        )
    with clock.at(_ago(now, hours=2, minutes=28)):
        case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="Danny locked the gun back in the safe on camera and put the key in an envelope for Leo.",
            occurred_at=_ago(now, hours=2, minutes=29),
        )
    with clock.at(_ago(now, hours=2, minutes=12)):
        case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="Danny agreed to stay on video until Rachel arrives; he named his niece and his dog as reasons "
            "to hold on.",
            occurred_at=_ago(now, hours=2, minutes=13),
        )
    with clock.at(_ago(now, hours=1, minutes=55)):
        case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="Rachel (sister) reached by phone; she is driving over and will stay the night.",
            occurred_at=_ago(now, hours=2, minutes=20),
        )
    # Written two hours after the call: shows as a late entry.
    with clock.at(_ago(now, minutes=20)):
        case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="Consulted Dr Okafor by phone about the firearm; agreed plan to follow up at 9am tomorrow.",
            occurred_at=_ago(now, hours=2, minutes=30),
        )
    return case


def _case_high_others(now, clinician, client):
    with clock.at(_ago(now, days=2, hours=5)):
        case = case_open(
            actor=clinician,
            client=client,
            risk_level="high",
            concern=(
                "Marcus relapsed after 14 months sober, said he is 'done' and that his ex-wife's new partner "
                "'will pay for taking my kids'."
            ),
            at_risk="both",
            potential_victims="Greg Dalton, partner of Teresa Hale (ex-wife); lives with Teresa in Round Rock, TX.",
            occurred_at=_ago(now, days=2, hours=5, minutes=10),
        )
    with clock.at(_ago(now, days=2, hours=4)):
        note = case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="Marcus denies a plan to hurt Greg; says he has no weapons. Safety planning started.",
            occurred_at=_ago(now, days=2, hours=4, minutes=20),
        )
    with clock.at(_ago(now, days=2, hours=3)):
        event_amend(
            actor=clinician,
            event=note,
            correction="Marcus denies a plan to hurt Greg; says his hunting rifle is at his brother's house.",
            reason="Marcus corrected himself later in the session: he does own a rifle, kept by his brother.",
        )
    # Written the next day about the evening before: shows as a late entry.
    with clock.at(_ago(now, days=1, hours=16)):
        case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="Evening check-in call: Marcus attended an AA meeting with his sponsor and sounded calmer.",
            occurred_at=_ago(now, days=2, hours=1),
        )
    return case


def _case_high_minor(now, clinician, client):
    with clock.at(_ago(now, days=1, hours=6)):
        case = case_open(
            actor=clinician,
            client=client,
            risk_level="high",
            concern="Tyler (16) disclosed researching overdose methods after being outed at school.",
            occurred_at=_ago(now, days=1, hours=6),
        )
    with clock.at(_ago(now, days=1, hours=5)):
        case_record_event(
            actor=clinician,
            case=case,
            kind=events.NOTE,
            summary="Tyler agreed his mother can be told; Karen Brooks informed and will lock up medications.",
            occurred_at=_ago(now, days=1, hours=5, minutes=10),
        )
    return case


def _case_moderate(now, clinician, client):
    with clock.at(_ago(now, days=6)):
        case = case_open(
            actor=clinician,
            client=client,
            risk_level="high",
            concern="Aisha described passive wishes to die after losing her job; thoughts of jumping, no plan.",
            occurred_at=_ago(now, days=6),
        )
    # Stepped down to moderate three days ago, on the C-SSRS of that day (the assessments demo).
    return case


def _case_low(now, clinician, client):
    with clock.at(_ago(now, days=12)):
        case = case_open(
            actor=clinician,
            client=client,
            risk_level="moderate",
            concern="Ellie mentioned that the anniversary of her husband's death 'makes her want to join him'.",
            occurred_at=_ago(now, days=12),
        )
    # Stepped down to low five days ago, on the C-SSRS of that day (the assessments demo).
    return case


def _case_monitoring(now, clinician, client):
    with clock.at(_ago(now, days=30)):
        case = case_open(
            actor=clinician,
            client=client,
            risk_level="moderate",
            concern="Lucía reported thoughts of overdosing on her sleeping pills after a miscarriage.",
            occurred_at=_ago(now, days=30),
        )
    with clock.at(_ago(now, days=9)):
        case_close(
            actor=clinician,
            case=case,
            status="monitoring",
            reason="No ideation for two weeks; medication held by her husband; weekly sessions continue.",
        )
    return case


def _case_abroad(now, clinician, client):
    """A client abroad: the case page and console show Japan's numbers and say legal guidance is not available."""
    with clock.at(_ago(now, hours=20)):
        return case_open(
            actor=clinician,
            client=client,
            risk_level="moderate",
            concern=(
                "On a video session from Tokyo Emma said she has been thinking she would be better off not waking "
                "up; no plan, lonely since the semester started."
            ),
            location="Her dormitory room, International House, Bunkyo-ku, Tokyo",
            occurred_at=_ago(now, hours=20, minutes=10),
        )


def _case_closed(now, clinician, client):
    with clock.at(_ago(now, days=95)):
        case = case_open(
            actor=clinician,
            client=client,
            risk_level="moderate",
            concern="Grace said she had thought about crashing her car on the way home after a break-up.",
            occurred_at=_ago(now, days=95),
        )
    with clock.at(_ago(now, days=40)):
        case_close(
            actor=clinician.supervisor,  # closes over protocol steps the demo never recorded (supervisor override)
            case=case,
            reason="Eight weeks without ideation; safety plan reviewed; Grace and clinician agree the episode is over.",
            override=True,
        )
    return case
