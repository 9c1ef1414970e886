"""Timeline entries and dashboard rows drawn in Python (carepath/cases/templatetags/cases.py): what a
clinician reads, escaped, with the links the template drew."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from carepath.cases import selectors
from carepath.cases.models import TimelineEvent
from carepath.cases.templatetags.cases import case_row, event_row


def _event(case, actor, **fields) -> TimelineEvent:
    fields.setdefault("occurred_at", case.opened_at)
    fields.setdefault("recorded_at", fields["occurred_at"])
    event = TimelineEvent(organisation_id=case.organisation_id, case=case, actor=actor, **fields)
    event.save()
    return event


def _row(case, event) -> str:
    shown = next(e for e in selectors.case_timeline(case, limit=500) if e.pk == event.pk)
    return event_row(shown, case)


def test_an_entry_escapes_what_was_typed_and_keeps_its_line_breaks(case, clinician):
    event = _event(
        case,
        clinician,
        kind="note",
        summary='<script>alert(1)</script>\nSister "Ana" & me',
        details={"url": '/x/?a=1&b="2"'},
    )
    html = _row(case, event)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;<br>Sister &quot;Ana&quot; &amp; me" in html
    assert 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html and "Open the record" in html
    assert f'id="event-{event.pk}"' in html and f"by {clinician.full_name}" in html
    assert reverse("cases:amend", args=[case.pk, event.pk]) in html  # an open case's entry can be corrected


def test_a_late_entry_says_when_it_was_recorded_and_a_correction_points_both_ways(case, clinician):
    at = case.opened_at + dt.timedelta(minutes=5)
    late = _event(
        case,
        clinician,
        kind="note",
        summary="Called the sister",
        occurred_at=at,
        recorded_at=at + dt.timedelta(hours=3),
    )
    fix = _event(
        case,
        clinician,
        kind="amendment",
        summary="Called the brother, not the sister " * 5,
        details={"reason": "Wrong <name>"},
        occurred_at=at + dt.timedelta(hours=4),
        amends=late,
    )
    original = _row(case, late)
    assert 'class="tag late">late entry · recorded' in original and 'class="tag corrected">corrected' in original
    assert f'<a href="#event-{fix.pk}">read the correction</a>' in original
    assert "(“Called the brother, not the sister Called the brother, not the sister Called th…”)" in original
    correction = _row(case, fix)
    assert f'corrects <a href="#event-{late.pk}">' in correction and "because: Wrong &lt;name&gt;" in correction
    assert "cases/" not in correction.split("because")[1]  # a correction is not itself corrected from here


def test_a_closed_case_entry_has_no_correct_link(case, clinician):
    event = _event(case, clinician, kind="note", summary="Seen")
    case.status = "closed"
    assert "Correct<span" not in _row(case, event)


def test_a_dashboard_row_escapes_the_name_and_says_when_others_are_at_risk(case):
    case.client.given_name = "<b>Jo</b>"
    case.at_risk = "others"
    row = {"case": case, "actions": [("Crisis console", "/c/?a=1&b=2")], "labelled_cells": []}
    html = case_row(row)
    assert "&lt;b&gt;Jo&lt;/b&gt;" in html and "<b>Jo" not in html
    assert '<a href="/c/?a=1&amp;b=2">Crisis console<span class="sr-only"> for' in html
    assert '<span class="tag">others at risk</span>' in html
    assert f'href="{reverse("cases:detail", args=[case.pk])}"' in html


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC"])
def test_entry_times_read_as_the_date_filter_writes_them(language, zone, settings):
    """Across daylight-saving changes, languages and a naive time, the same text as `{{ value|date:fmt }}`."""
    from django.template import engines
    from django.utils import timezone, translation

    from carepath.cases.templatetags.cases import LONG, SHORT, _when

    engine = engines["django"]
    start = dt.datetime(2026, 1, 1, 0, 7, tzinfo=dt.UTC)
    moments = [start + dt.timedelta(hours=37 * k, minutes=13 * k) for k in range(260)]  # a year and more
    moments.append(dt.datetime(2026, 3, 8, 1, 59))  # naive: the default zone names it
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        for fmt in (LONG, SHORT, "c"):
            drawn = engine.from_string("{% for m in moments %}{{ m|date:fmt }}|{% endfor %}")
            expected = drawn.render({"moments": moments, "fmt": fmt}).split("|")[:-1]
            assert [_when(m, fmt) for m in moments] == expected
