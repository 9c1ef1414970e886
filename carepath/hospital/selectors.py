"""Reads of the hospitalisation step for the pages, the API and the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from carepath.cases.models import SafetyCase
from carepath.clients.access import visible_clients
from carepath.clients.models import Client
from carepath.core import clock

from .models import OPEN_STATUSES, CrisisPreferences, Disposition, Facility, Hold, Hospitalisation, Status


def facilities(organisation_id, *, active_only: bool = True) -> QuerySet[Facility]:
    found = Facility.objects.filter(organisation_id=organisation_id)
    return (found.filter(is_active=True) if active_only else found).order_by("jurisdiction", "name")


def facility_choices(case: SafetyCase) -> list[tuple[str, str]]:
    """The directory for this client: their jurisdiction's facilities first, each saying what may not fit."""
    age = case.client.age
    rows = sorted(facilities(case.organisation_id), key=lambda f: (f.jurisdiction != case.client.jurisdiction, f.name))
    choices = [("", "Not in the directory (write its name below)")]
    for f in rows:
        notes = [f.get_kind_display().lower()]
        if f.jurisdiction and f.jurisdiction != case.client.jurisdiction:
            notes.append(f.jurisdiction)
        if not f.accepts_age(age):
            notes.append(f"does not take age {age}")
        if f.takes_involuntary:
            notes.append("takes holds")
        choices.append((str(f.pk), f"{f.name} ({', '.join(notes)})"))
    return choices


def _with_holds(qs: QuerySet[Hospitalisation]) -> QuerySet[Hospitalisation]:
    return qs.select_related("facility", "discharge_document").prefetch_related(
        Prefetch("holds", queryset=Hold.objects.order_by("-starts_at"))
    )


def case_hospitalisations(case: SafetyCase) -> list[Hospitalisation]:
    return list(_with_holds(Hospitalisation.objects.filter(case=case)).order_by("-recommended_at"))


def client_hospitalisations(client: Client) -> list[Hospitalisation]:
    return list(_with_holds(Hospitalisation.objects.filter(client=client)).order_by("-recommended_at"))


def open_hospitalisation(case: SafetyCase) -> Hospitalisation | None:
    return _with_holds(Hospitalisation.objects.filter(case=case, status__in=OPEN_STATUSES)).first()


def latest_disposition(case: SafetyCase) -> Disposition | None:
    return Disposition.objects.filter(case=case).order_by("-occurred_at").first()


def case_dispositions(case: SafetyCase) -> list[Disposition]:
    return list(Disposition.objects.filter(case=case).select_related("actor").order_by("-occurred_at"))


def preferences_of(client: Client) -> CrisisPreferences | None:
    return CrisisPreferences.objects.filter(client=client).select_related("directive", "updated_by").first()


def active_hold(hospitalisation: Hospitalisation | None) -> Hold | None:
    if hospitalisation is None:
        return None
    return next((h for h in hospitalisation.holds.all() if h.ended_at is None), None)


@dataclass(frozen=True)
class Countdown:
    remaining: dt.timedelta
    text: str
    expired: bool
    soon: bool  # within 12 hours


def countdown(hold: Hold, now: dt.datetime | None = None) -> Countdown:
    now = now or clock.now()
    left = hold.expires_at - now
    expired = left <= dt.timedelta(0)
    span = abs(left)
    hours, minutes = int(span.total_seconds() // 3600), int(span.total_seconds() % 3600 // 60)
    amount = f"{hours // 24} d {hours % 24} h" if hours >= 48 else f"{hours} h {minutes:02d} min"
    text = f"ended {amount} ago: record what followed" if expired else f"{amount} left"
    return Countdown(left, text, expired, not expired and left <= dt.timedelta(hours=12))


def _visible(member, qs):
    clients = visible_clients(member).filter(pk=OuterRef("client_id"))
    return qs.filter(organisation_id=member.organisation_id).filter(Exists(clients))


def admitted_now(member) -> list[Hospitalisation]:
    """Clients in hospital now, of the clients the member may see (a supervisor: the whole practice)."""
    qs = _with_holds(Hospitalisation.objects.filter(status=Status.ADMITTED)).select_related("client", "case")
    return list(_visible(member, qs).order_by("admitted_at"))


def holds_ending(member, *, hours: int = 12, now: dt.datetime | None = None) -> list[Hold]:
    """Running holds ending within `hours` (or already past their end without an outcome recorded)."""
    now = now or clock.now()
    qs = Hold.objects.filter(ended_at__isnull=True, expires_at__lte=now + dt.timedelta(hours=hours))
    clients = visible_clients(member).filter(pk=OuterRef("case__client_id"))
    return list(
        qs.filter(organisation_id=member.organisation_id)
        .filter(Exists(clients))
        .select_related("case__client", "hospitalisation__facility")
        .order_by("expires_at")
    )


def handover_preferences(case: SafetyCase) -> list[str]:
    """What the client asked for in advance, for a hand-over summary."""
    prefs = preferences_of(case.client)
    if prefs is None or prefs.is_empty:
        return ["No crisis preferences recorded."]
    pairs = [
        ("Facilities preferred", prefs.preferred_facilities),
        ("Facilities refused", prefs.refused_facilities),
        ("Call", prefs.call),
        ("Do not call", prefs.do_not_call),
        ("Agent", " ".join(p for p in (prefs.agent_name, prefs.agent_relationship, prefs.agent_phone) if p)),
    ]
    source = "a signed psychiatric advance directive" if prefs.source == "directive" else "agreed in session"
    return [f"From {source}."] + [f"{label}: {value}" for label, value in pairs if value]


def handover_medications(case: SafetyCase) -> list[str]:
    """Medications known: what helped or harmed (crisis preferences) and changes at the last discharge."""
    lines = []
    prefs = preferences_of(case.client)
    if prefs is not None and prefs.helpful_medications:
        lines.append(f"Helped: {prefs.helpful_medications}")
    if prefs is not None and prefs.harmful_medications:
        lines.append(f"Harmed or refused: {prefs.harmful_medications}")
    last = (
        Hospitalisation.objects.filter(case__client=case.client, discharged_at__isnull=False)
        .order_by("-discharged_at")
        .first()
    )
    if last is not None and last.medications_changed:
        lines.append(f"Changed at the discharge of {last.discharged_at:%d %b %Y}: {last.medications_changed}")
    return lines or ["No medications recorded in CarePath."]
