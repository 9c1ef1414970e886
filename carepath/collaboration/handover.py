"""What goes into a hand-over summary: each chosen section as lines of text (taken when it is issued, so that the
summary stays what was handed over), and its PDF."""

from __future__ import annotations

import io
from html import escape

from carepath.assessments.definitions import INSTRUMENT_IDS, load
from carepath.assessments.selectors import case_history
from carepath.cases.selectors import case_timeline
from carepath.clients.selectors import active_support_contacts
from carepath.core import extensions

from .models import HandoverSection


def _risk(case) -> list[str]:
    lines = [f"Risk now: {case.get_risk_level_display()} (case opened {case.opened_at:%d %b %Y})."]
    for assessment in case_history(case)[:6]:
        level = assessment.final_level or assessment.computed_level or "no level"
        lines.append(f"{assessment.occurred_at:%d %b %Y}: {instrument_title(assessment.instrument)}, {level}")
    return lines


def instrument_title(instrument: str) -> str:
    return load(instrument).title if instrument in INSTRUMENT_IDS else instrument


def _events(case) -> list[str]:
    return [
        f"{event.occurred_at:%d %b %Y %H:%M}: {event.summary[:300]}"
        for event in case_timeline(case, limit=10)
        if event.kind not in ("handover_issued", "team_note")
    ]


def _contacts(case) -> list[str]:
    lines = []
    for contact in active_support_contacts(case.client):
        reach = contact.phone or contact.email or "no phone"
        lines.append(f"{contact.name} ({contact.relationship}), {reach}")
    return lines or ["No support contacts recorded."]


OWN = {HandoverSection.RISK: _risk, HandoverSection.EVENTS: _events, HandoverSection.CONTACTS: _contacts}


def available_sections() -> list[tuple[str, str]]:
    """The sections this installation can fill (the safety plan, medications and preferences come from their
    apps)."""
    others = extensions.handover_sections()
    return [(s.value, s.label) for s in HandoverSection if s.value in OWN or s.value in others]


def build(case, sections: list[str]) -> dict[str, list[str]]:
    others = extensions.handover_sections()
    content = {}
    for section in sections:
        lines = OWN.get(section) or others.get(section)
        content[section] = list(lines(case)) if lines else ["Not available in this installation."]
    return content


def as_pdf(handover, *, organisation) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    base = ParagraphStyle("base", fontName="Helvetica", fontSize=10, leading=13)
    title = ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=15, leading=19)
    heading = ParagraphStyle("heading", parent=base, fontName="Helvetica-Bold", fontSize=11, leading=15)
    meta = ParagraphStyle("meta", parent=base, textColor=colors.HexColor("#444444"), fontSize=9)
    client = handover.case.client
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title="Hand-over summary",
        author=organisation.name,
    )
    recipient = handover.recipient_name + (
        f", {handover.recipient_organisation}" if handover.recipient_organisation else ""
    )
    story = [
        Paragraph(f"Hand-over summary: {escape(client.given_name)} {escape(client.family_name)}", title),
        Paragraph(f"Date of birth {client.date_of_birth:%d %b %Y}", meta),
        Paragraph(
            f"Issued to {escape(recipient)} on {escape(organisation.format_time(handover.occurred_at))} by "
            f"{escape(str(handover.actor))}, {escape(organisation.name)}. Confidential: for the care of this client.",
            meta,
        ),
        Spacer(1, 4 * mm),
    ]
    labels = dict(HandoverSection.choices)
    for section in handover.sections:
        story.append(Paragraph(escape(str(labels.get(section, section))), heading))
        for line in handover.content.get(section, []):
            story.append(Paragraph(escape(line), base))
        story.append(Spacer(1, 3 * mm))
    doc.build(story)
    return buffer.getvalue()
