"""What the crisis console shows, read once per page: client, numbers, contacts, outstanding steps."""

from __future__ import annotations

import logging
from collections import defaultdict

from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.cases.selectors import case_timeline
from carepath.clients.selectors import active_support_contacts
from carepath.disclosures.selectors import disclosure_bases
from carepath.jurisdictions import packs
from carepath.jurisdictions.links import sms_href, tel_href
from carepath.protocol import selectors as protocol_selectors

from . import events
from .models import ActionKind, CallOutcome, EmergencyAction

logger = logging.getLogger(__name__)
# The protocol stages a clinician works through on the console; later stages live on the case page.
CONSOLE_STAGES = ("emergency", "disclosure", "designated_person")


def jurisdiction_numbers(code: str) -> dict:
    """Emergency numbers and crisis lines of a jurisdiction, each with its status; unknown stays unknown."""
    try:
        jurisdiction = packs.get(code)
    except packs.UnknownJurisdiction:
        return {"code": code, "name": None, "known": False, "emergency": None, "crisis_lines": []}
    emergency = jurisdiction.emergency
    lines = jurisdiction.crisis_lines or []
    return {
        "code": jurisdiction.code,
        "name": jurisdiction.name,
        "known": True,
        "legal_guidance": jurisdiction.pack.scope == "full",
        "emergency": None
        if emergency is None
        else {
            "status": emergency.status,
            "numbers": [{"number": n, "href": tel_href(n)} for n in emergency.numbers],
            "citation": emergency.citation,
            "note": emergency.note,
        },
        "crisis_lines": [
            {
                "name": line.name,
                "status": line.status,
                "phone": line.phone,
                "phone_href": tel_href(line.phone),
                "text": line.text,
                "text_href": sms_href(line.text),
                "chat": line.chat,
                "languages": list(line.languages),
                "hours": line.hours,
                "audience": line.audience,
                "web": line.web,
            }
            for line in lines
        ],
    }


def emergency_number(numbers: dict) -> str:
    emergency = numbers.get("emergency")
    if emergency and emergency["status"] == "known" and emergency["numbers"]:
        return emergency["numbers"][0]["number"]
    return ""


# Contact attempts are the contacts app's records; the console reads them from the timeline (a lower layer).
CONTACT_ATTEMPT = "contact_attempt"


def support_contacts(case: SafetyCase) -> list[dict]:
    """Active support contacts in priority order, with consent and this case's attempts, newest first (two queries)."""
    contacts = active_support_contacts(case.client)
    attempts = defaultdict(list)
    for event in TimelineEvent.objects.filter(case=case, kind=CONTACT_ATTEMPT).order_by("-occurred_at"):
        attempts[(event.details or {}).get("contact")].append(event.details or {})
    return [
        {"contact": contact, "consent": contact.consent_status(), "attempts": attempts.get(str(contact.pk), [])}
        for contact in contacts
    ]


def recorded_kinds(case: SafetyCase) -> set[str]:
    return set(TimelineEvent.objects.filter(case=case, kind__in=events.KINDS).values_list("kind", flat=True).distinct())


def outstanding_steps(case: SafetyCase) -> dict:
    """The protocol's outstanding steps of the crisis stages; if the engine fails, the console's unrecorded kinds."""
    try:
        steps, _stored = protocol_selectors.case_steps(case)
        statuses = protocol_selectors.case_step_statuses(case, steps)
    except Exception:  # noqa: BLE001  (the console must render in a crisis even if the engine fails)
        logger.exception("Protocol engine failed on the crisis console of case %s", case.pk)
        done = recorded_kinds(case)
        from carepath.cases.events import label

        return {
            "source": "console",
            "steps": [{"label": label(k), "stage": "", "required": False} for k in events.KINDS if k not in done],
            "later": 0,
        }
    outstanding = [st for st in statuses if st.state == "outstanding"]
    return {
        "source": "protocol",
        "steps": [
            {
                "id": st.step.id,
                "label": st.step.title,
                "stage": st.step.stage,
                "required": st.step.required,
                "due_at": st.due_at,
                "overdue": st.overdue,
                "legal_basis": st.step.legal_basis,
            }
            for st in outstanding
            if st.step.stage in CONSOLE_STAGES
        ],
        "later": sum(1 for st in outstanding if st.step.stage not in CONSOLE_STAGES),
    }


def calls_awaiting_outcome(case: SafetyCase) -> list[EmergencyAction]:
    """Calls logged as "not known yet" (a number tapped on the console) whose outcome is not recorded yet."""
    return list(
        EmergencyAction.objects.filter(case=case, kind=ActionKind.EMERGENCY_CALL, outcome=CallOutcome.PENDING)
        .exclude(outcomes__isnull=False)
        .order_by("-occurred_at")
    )


def console_data(case: SafetyCase) -> dict:
    """Everything the console shows, for the page and the API alike."""
    client = case.client
    numbers = jurisdiction_numbers(client.jurisdiction)
    return {
        "case": case,
        "client": client,
        "numbers": numbers,
        "emergency_number": emergency_number(numbers),
        "contacts": support_contacts(case),
        "bases": disclosure_bases(case),
        "steps": outstanding_steps(case),
        "awaiting_outcome": calls_awaiting_outcome(case),
        "local_numbers": local_numbers(case),
        "recent": case_timeline(case, limit=8),
    }


def local_numbers(case: SafetyCase) -> list:
    """The practice's numbers for help where the client is: the client's own first, then their jurisdiction's."""
    from django.db.models import Q

    from .models import LocalNumber

    found = LocalNumber.objects.filter(
        Q(client=case.client) | Q(client__isnull=True, jurisdiction=case.client.jurisdiction),
        organisation_id=case.organisation_id,
        is_active=True,
    )
    return sorted(found, key=lambda n: (n.client_id is None, n.kind, n.area))
