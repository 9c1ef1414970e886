"""The iCalendar (RFC 5545) feed of a member's follow-ups: due times and kinds only, no client, no risk."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from carepath.core import clock


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1)."""
    out, current = [], line
    while len(current.encode()) > 75:
        cut = 75
        while len(current[:cut].encode()) > 75:
            cut -= 1
        out.append(current[:cut])
        current = " " + current[cut:]
    out.append(current)
    return "\r\n".join(out)


def render_feed(member, tasks) -> str:
    base = getattr(settings, "CAREPATH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    now = _stamp(clock.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//CarePath//Follow-ups//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:CarePath follow-ups",
    ]
    for task in tasks:
        lines += [
            "BEGIN:VEVENT",
            f"UID:followup-{task.pk}@carepath",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(task.due_at)}",
            f"DTEND:{_stamp(task.due_at + dt.timedelta(minutes=30))}",
            # The kind only: a calendar is often synced to phones and shared devices.
            f"SUMMARY:{_escape('CarePath: ' + task.get_kind_display())}",
            f"URL:{base}/followup/tasks/{task.pk}/",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
