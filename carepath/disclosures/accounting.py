"""The accounting of disclosures as the client receives it: rows (from selectors.accounting), as CSV, JSON and a
PDF (reportlab; every value escaped before it reaches reportlab's markup). Producing one is audited by the caller."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .selectors import AccountingRow

FIELDS = ("date", "recipient", "recipient_address", "description", "purpose", "legal_basis")
HEADINGS = ("Date", "Recipient", "Recipient's address", "What was disclosed", "Purpose", "Legal basis")


def as_dicts(rows: list[AccountingRow], zone) -> list[dict]:
    return [
        {
            "date": r.date.astimezone(zone).isoformat(timespec="minutes"),
            "recipient": r.recipient,
            "recipient_address": r.recipient_address,
            "description": r.description,
            "purpose": r.purpose,
            "legal_basis": r.legal_basis,
        }
        for r in rows
    ]


def as_json(rows: list[AccountingRow], zone) -> str:
    return json.dumps(as_dicts(rows, zone), ensure_ascii=False, indent=2)


def as_csv(rows: list[AccountingRow], zone) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for row in as_dicts(rows, zone):
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow({k: ("'" + v if v[:1] in "=+-@" else v) for k, v in row.items()})
    return out.getvalue()


def _e(text) -> str:
    return escape(str(text or ""))


def as_pdf(
    rows: list[AccountingRow], *, client, organisation, start: dt.date, end: dt.date, rule, produced_by
) -> bytes:
    zone = organisation.zone
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=9, leading=11)
    title = ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=15, leading=19)
    meta = ParagraphStyle("meta", parent=base, textColor=colors.HexColor("#444444"))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(LETTER),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="Accounting of disclosures",
        author=organisation.name,
    )
    story = [
        Paragraph(f"Accounting of disclosures: {_e(client.given_name)} {_e(client.family_name)}", title),
        Paragraph(f"Date of birth {client.date_of_birth:%d %b %Y}", meta),
        Paragraph(
            f"{_e(organisation.name)} · disclosures from {start:%d %b %Y} to {end:%d %b %Y} · produced "
            f"{_e(organisation.format_time(dt.datetime.now(dt.UTC)))} by {_e(produced_by)}",
            meta,
        ),
    ]
    if rule is not None:
        story.append(Paragraph(f"As {_e(rule.citation)} asks. {_e(rule.summary)}", meta))
    else:
        story.append(
            Paragraph(
                "The accounting rule of this jurisdiction is not known to CarePath: every disclosure is listed.", meta
            )
        )
    story.append(Spacer(1, 4 * mm))
    if not rows:
        story.append(Paragraph("No disclosure to account for in this period.", base))
    else:
        data = [[Paragraph(f"<b>{h}</b>", base) for h in HEADINGS]]
        for r in rows:
            data.append(
                [
                    Paragraph(_e(r.date.astimezone(zone).strftime("%d %b %Y %H:%M %Z")), base),
                    Paragraph(_e(r.recipient), base),
                    Paragraph(_e(r.recipient_address) or "not known", base),
                    Paragraph(_e(r.description), base),
                    Paragraph(_e(r.purpose), base),
                    Paragraph(_e(r.legal_basis), base),
                ]
            )
        table = Table(data, colWidths=[26 * mm, 38 * mm, 38 * mm, 70 * mm, 40 * mm, 40 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()
