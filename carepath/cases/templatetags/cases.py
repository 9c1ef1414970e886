"""Template tags of safety cases: the label of a timeline event kind, one entry of a timeline, one row of the
dashboard.

Entries and rows are drawn in Python, not with a template each: a case page draws thirty entries, the crisis
console ten and the dashboard 25 rows, and the template engine spent about 0.4 ms on each entry (a third of a
case page). The HTML is the one the templates drew (tests/cases/test_rows.py).
"""

import datetime as dt

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr, timesince_filter
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import get_default_timezone, template_localtime

from carepath.cases import events

register = template.Library()

LONG = "j M Y H:i T"
SHORT = "j M H:i T"
CORRECTED = '<span class="tag corrected">corrected</span>'


@register.filter
def event_label(kind: str) -> str:
    return events.label(kind)


def _when(value, fmt: str) -> str:
    """A time as `{{ value|date:fmt }}` draws it: in the practice's time zone, escaped.

    The three formats of a timeline entry are put together here (Django's date formatter, general, took
    most of an entry's time); any other value or format goes through Django's filter."""
    if isinstance(value, dt.datetime) and fmt in (LONG, SHORT, "c"):
        local = template_localtime(value)
        if fmt == "c":
            return esc(local.isoformat())
        zone = local.tzinfo if local.tzinfo is not None else get_default_timezone()
        year = f" {local.year:04d}" if fmt == LONG else ""
        month = str(MONTHS_3[local.month]).title()
        return esc(f"{local.day} {month}{year} {local.hour:02d}:{local.minute:02d} {zone.tzname(local)}")
    return esc(date_filter(template_localtime(value), fmt))


def _quote(text: str, length: int) -> str:
    return esc(Truncator(text).chars(length))


@register.simple_tag
def event_row(event, case) -> SafeString:
    """One entry of a case's timeline: what, when, who, its corrections and what it corrects.

    `event` comes from `cases.selectors.case_timeline` (its actor, what it amends and its corrections read)."""
    label = events.label(event.kind)
    corrections = list(event.amendments.all())
    details = event.details if isinstance(event.details, dict) else {}
    out = [
        f'<li class="event event-{esc(event.kind)}{" amendment" if event.amends_id else ""}" id="event-{event.pk}">\n'
        '  <div class="event-head">\n'
        f"    <strong>{esc(label)}</strong>\n"
        f'    <time datetime="{_when(event.occurred_at, "c")}">{_when(event.occurred_at, LONG)}</time>\n'
        f"    {CORRECTED if corrections else ''}\n",
    ]
    late = (
        f'<span class="tag late">late entry · recorded {_when(event.recorded_at, LONG)}</span>'
        if event.is_late_entry
        else ""
    )
    out.append(f"    {late}\n  </div>\n  <p>{linebreaksbr(event.summary, autoescape=True)}</p>\n  ")
    for correction in corrections:
        out.append(
            f'<p class="notice correction-link">Corrected by {esc(correction.actor)} on '
            f"{_when(correction.recorded_at, LONG)}: "
            f'<a href="#event-{correction.pk}">read the correction</a> (“{_quote(correction.summary, 80)}”).</p>'
        )
    out.append(f'\n  <p class="meta">by {esc(event.actor)}')
    if event.amends_id:
        amended = event.amends
        out.append(
            f' · corrects <a href="#event-{event.amends_id}">the entry of {_when(amended.occurred_at, SHORT)}</a> '
            f"(“{_quote(amended.summary, 60)}”) because: {esc(details.get('reason', ''))}"
        )
    if details.get("url"):
        out.append(
            f' · <a href="{esc(details["url"])}">Open the record'
            f'<span class="sr-only"> of {esc(label.lower())}</span></a>'
        )
    if case.is_open and not event.amends_id:
        url = reverse("cases:amend", args=[case.pk, event.pk])
        out.append(
            f' · <a href="{esc(url)}">Correct'
            f'<span class="sr-only"> the entry of {_when(event.occurred_at, SHORT)}</span></a>'
        )
    out.append("</p>\n</li>\n")
    return mark_safe("".join(out))


@register.simple_tag
def case_row(row) -> SafeString:
    """One row of the dashboard's table of open cases (`row` as `cases.views.dashboard` builds it): the client,
    the risk, the status, how long open and since the last activity, then the apps' columns."""
    case = row["case"]
    name = esc(case.client.display_name)
    out = [f'<tr>\n    <td class="case-client"><a href="{reverse("cases:detail", args=[case.pk])}">{name}</a>\n      ']
    if row["actions"]:
        out.append('<span class="row-actions">')
        out.extend(
            f'<a href="{esc(url)}">{esc(label)}<span class="sr-only"> for {name}</span></a>'
            for label, url in row["actions"]
        )
        out.append("</span>")
    others = ' <span class="tag">others at risk</span>' if case.at_risk != "self" else ""
    out.append(
        f'</td>\n    <td data-label="Risk"><span class="risk risk-{esc(case.risk_level)}">'
        f"{esc(case.get_risk_level_display())}</span>{others}</td>\n"
        f'    <td data-label="Status">{esc(case.get_status_display())}</td>\n'
        f'    <td data-label="Open for">{esc(timesince_filter(case.opened_at))}</td>\n'
        f'    <td data-label="Last activity">{esc(timesince_filter(case.last_activity_at))} ago</td>\n    '
    )
    out.extend(f'<td data-label="{esc(column.heading)}">{esc(cell)}</td>' for column, cell in row["labelled_cells"])
    out.append("\n  </tr>")
    return mark_safe("".join(out))
