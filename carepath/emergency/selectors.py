"""What the crisis console shows, read once per page: client, numbers, contacts, outstanding steps."""

from __future__ import annotations

import logging
import re
from collections import defaultdict

from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.contacts import events as contact_events
from carepath.contacts.models import ContactAttempt
from carepath.disclosures import events as disclosure_events
from carepath.disclosures.selectors import disclosure_bases
from carepath.jurisdictions import packs

from . import events

logger = logging.getLogger(__name__)
# The protocol stages a clinician works through on the console; later stages live on the case page.
CONSOLE_STAGES = ("emergency", "disclosure", "designated_person")
# Kinds the console writes; shown as outstanding when the protocol engine is not available.
CONSOLE_KINDS = (*events.KINDS, contact_events.CONTACT_ATTEMPT)


def tel_href(number: str | None) -> str | None:
    """`tel:` target for a number as a pack writes it ("988, then press 1" dials 988)."""
    if not number:
        return None
    head = number.split(",")[0]
    digits = re.sub(r"[^0-9+]", "", head)
    return f"tel:{digits}" if digits else None


def sms_href(text: str | None) -> str | None:
    """`sms:` target for a pack's text instructions ("Text HOME to 741741" → 741741 with body HOME)."""
    if not text:
        return None
    keyword = re.search(r"[Tt]ext\s+([A-Z]+)\s+to\s+([0-9]+)", text)
    if keyword:
        return f"sms:{keyword.group(2)}?&body={keyword.group(1)}"
    number = re.search(r"\+?[0-9][0-9 -]{1,18}[0-9]|[0-9]{3,}", text)
    return f"sms:{re.sub(r'[^0-9+]', '', number.group(0))}" if number else None


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
            }
            for line in lines
        ],
    }


def emergency_number(numbers: dict) -> str:
    emergency = numbers.get("emergency")
    if emergency and emergency["status"] == "known" and emergency["numbers"]:
        return emergency["numbers"][0]["number"]
    return ""


def support_contacts(case: SafetyCase) -> list[dict]:
    """Active support contacts in priority order, with consent status and this case's attempts (two queries)."""
    contacts = list(case.client.support_contacts.filter(is_active=True).order_by("priority", "name"))
    attempts = defaultdict(list)
    for attempt in ContactAttempt.objects.filter(case=case).order_by("-occurred_at"):
        attempts[attempt.contact_id].append(attempt)
    return [
        {"contact": contact, "consent": contact.consent_status(), "attempts": attempts.get(contact.pk, [])}
        for contact in contacts
    ]


def recorded_kinds(case: SafetyCase) -> set[str]:
    kinds = (*CONSOLE_KINDS, disclosure_events.DISCLOSURE)
    return set(TimelineEvent.objects.filter(case=case, kind__in=kinds).values_list("kind", flat=True).distinct())


def _protocol_selectors():
    """The protocol engine's reads, when the engine is installed."""
    try:
        from carepath.jurisdictions import protocol  # noqa: F401
        from carepath.jurisdictions import selectors as protocol_selectors
    except ImportError:
        return None
    if not hasattr(protocol_selectors, "case_steps") or not hasattr(protocol_selectors, "case_step_statuses"):
        return None
    return protocol_selectors


def outstanding_steps(case: SafetyCase) -> dict:
    """The protocol's outstanding steps of the crisis stages; without the engine, the console's unrecorded kinds."""
    engine = _protocol_selectors()
    if engine is not None:
        try:
            steps, _stored = engine.case_steps(case)
            statuses = engine.case_step_statuses(case, steps)
        except Exception:  # noqa: BLE001  (the console must render in a crisis even if the engine fails)
            logger.exception("Protocol engine failed on the crisis console of case %s", case.pk)
        else:
            outstanding = [st for st in statuses if st.state == "outstanding"]
            return {
                "source": "protocol",
                "steps": [
                    {
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
    done = recorded_kinds(case)
    from carepath.cases.events import label

    return {
        "source": "console",
        "steps": [{"label": label(kind), "stage": "", "required": False} for kind in CONSOLE_KINDS if kind not in done],
        "later": 0,
    }


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
        "recent": list(
            TimelineEvent.objects.filter(case=case).select_related("actor").order_by("-occurred_at", "-recorded_at")[:8]
        ),
    }
