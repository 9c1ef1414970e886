"""The client's copy of a safety plan as a PDF (reportlab): readable type, phone numbers large, one or two pages.

Every piece of text from the plan is escaped before it reaches reportlab's paragraph markup, so nothing a
plan contains is taken as markup.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from carepath.jurisdictions.selectors import guidance

from . import sections


def _styles():
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=11, leading=14, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=18, leading=22),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9, leading=11, textColor=colors.HexColor("#444444")),
        "danger": ParagraphStyle(
            "danger",
            parent=base,
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=17,
            textColor=colors.HexColor("#a4161a"),
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=6
        ),
        "prompt": ParagraphStyle("prompt", parent=base, fontSize=9, leading=11, textColor=colors.HexColor("#444444")),
        "entry": ParagraphStyle("entry", parent=base, leftIndent=8, bulletIndent=0),
        "phone": ParagraphStyle("phone", parent=base, fontName="Helvetica-Bold", fontSize=14, leading=18, leftIndent=8),
    }


def _e(text) -> str:
    return escape(str(text or ""))


def plan_pdf(version, *, client, language: str) -> bytes:
    """The PDF of one finalised version, with its fixed text in `language`."""
    with translation.override(language):
        return _render(version, client=client)


def _render(version, *, client) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    size = LETTER if client.jurisdiction.startswith(("US", "CA")) else A4
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=_("My safety plan"),
        author="CarePath",
    )
    info = guidance(client.jurisdiction)
    story = [Paragraph(_e(_("My safety plan")) + f" — {_e(client.display_name)}", styles["title"])]
    story.append(
        Paragraph(
            _e(_("Version %(number)s. %(signature)s.") % {"number": version.number, "signature": version.signature}),
            styles["meta"],
        )
    )
    if info.get("emergency_number"):
        story.append(
            Paragraph(
                _e(_("If you are in danger now, call %(number)s.") % {"number": info["emergency_number"]}),
                styles["danger"],
            )
        )
    content = version.content.get("sections", {})
    for section in sections.SECTIONS:
        entries = content.get(section.id, [])
        block = [Paragraph(_e(section.heading), styles["heading"]), Paragraph(_e(section.prompt), styles["prompt"])]
        if not entries:
            block.append(Paragraph("—", styles["entry"]))
        for entry in entries:
            if section.id == "environment":
                means = dict(sections.MEANS).get(entry.get("means"), entry.get("means", ""))
                text = f"{means}: {entry.get('action', '')}"
                if entry.get("holder"):
                    text += f" ({entry['holder']})"
                if entry.get("by_when"):
                    text += " — " + _("by %(date)s") % {"date": entry["by_when"]}
                block.append(Paragraph(_e(text), styles["entry"], bulletText="•"))
                continue
            # Names of crisis lines and the roles CarePath fills in are translated when the catalogue has them.
            words = [
                _(entry[k]) if k in ("name", "role", "hours") else entry[k]
                for k in ("text", "name", "relationship", "role", "hours")
                if entry.get(k)
            ]
            if words:
                block.append(Paragraph(_e(" · ".join(words)), styles["entry"], bulletText="•"))
            if entry.get("phone"):
                block.append(Paragraph(_e(entry["phone"]), styles["phone"]))
        story.append(KeepTogether(block))
    kept = version.content.get("kept_at")
    if kept:
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(_e(_("I keep this plan: %(place)s") % {"place": kept}), styles["entry"]))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(_e(sections.METHOD_CREDIT), styles["meta"]))
    story.append(
        Paragraph(
            _e(
                _("Who can read this plan: your care team at %(practice)s and its supervisors.")
                % {"practice": client.organisation.name}
            ),
            styles["meta"],
        )
    )
    doc.build(story)
    return buffer.getvalue()
