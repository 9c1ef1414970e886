"""Every write of the hospitalisation step: the practice's facilities, the decision on a case, a hospitalisation
from recommendation to discharge, emergency holds with their legal clock, and the client's crisis preferences.

Each change to a case is a timeline event (the protocol's hospitalisation step is done by an admission or by
the recorded decision); the follow-up rules react to the discharge and hold events, not to this app."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from carepath.audit.services import audit_record
from carepath.cases.models import CaseStatus, SafetyCase
from carepath.cases.records import Entry, Recorded, case_record_append
from carepath.cases.services import case_append_event, check_occurred_at, require_case_access, require_case_open
from carepath.clients.access import can_see_client
from carepath.clients.models import Client, DocumentKind
from carepath.clients.services import document_store
from carepath.core import clock
from carepath.jurisdictions.selectors import resolved_jurisdiction

from . import events
from .holds import FEDERAL_HOLIDAYS_SOURCE, hold_expiry
from .models import (
    OPEN_STATUSES,
    CrisisPreferences,
    Decision,
    Disposition,
    Facility,
    FacilityKind,
    Hold,
    HoldEnd,
    Hospitalisation,
    Status,
    Transport,
)

MAX_TEXT = 4000
# A contact within this many hours is what a plan to manage a high-risk client as an outpatient must name.
OUTPATIENT_CONTACT_HOURS = 24


def _fmt(case_or_org, moment: dt.datetime) -> str:
    organisation = getattr(case_or_org, "organisation", case_or_org)
    return organisation.format_time(moment)


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    return (value or "").strip()[:limit]


def _not_future(moment: dt.datetime | None, field: str, what: str) -> None:
    if moment is not None and moment > clock.now() + dt.timedelta(minutes=2):
        raise ValidationError({field: f"{what} is in the future; give the time it actually happened."})


# ---------------------------------------------------------------- facilities


def _require_admin(actor) -> None:
    if not actor.has_role("admin"):
        raise PermissionDenied("Only the practice's administrators keep the facilities directory.")


FACILITY_FIELDS = (
    "name",
    "kind",
    "phone",
    "address",
    "jurisdiction",
    "takes_involuntary",
    "min_age",
    "max_age",
    "notes",
    "is_active",
)


@transaction.atomic
def facility_save(*, actor, facility: Facility | None = None, **values: Any) -> Facility:
    """Add a facility to the practice's directory, or change one."""
    _require_admin(actor)
    if facility is not None and facility.organisation_id != actor.organisation_id:
        raise PermissionDenied("This facility belongs to another practice.")
    errors: dict[str, str] = {}
    name = _text(values.get("name"), 200)
    if not name:
        errors["name"] = "Give the facility's name."
    if values.get("kind") not in FacilityKind.values:
        errors["kind"] = "Say what kind of facility it is."
    lo, hi = values.get("min_age"), values.get("max_age")
    if lo is not None and hi is not None and lo > hi:
        errors["max_age"] = "The oldest accepted age is below the youngest."
    code = _text(values.get("jurisdiction"), 10).upper()
    if code and resolved_jurisdiction(code) is None:
        errors["jurisdiction"] = f"'{code}' is not a jurisdiction CarePath knows (use a code such as US-CA)."
    if errors:
        raise ValidationError(errors)
    created = facility is None
    facility = facility or Facility(organisation_id=actor.organisation_id, created_at=clock.now())
    for field in FACILITY_FIELDS:
        if field in values:
            setattr(facility, field, values[field])
    facility.name, facility.jurisdiction = name, code
    facility.phone = _text(values.get("phone"), 40)
    facility.save()
    audit_record(actor=actor, action="facility.create" if created else "facility.update", obj=facility)
    return facility


def _facility(actor, case: SafetyCase, facility_id) -> Facility | None:
    if not facility_id:
        return None
    facility = Facility.objects.filter(pk=facility_id).first()
    if facility is None or facility.organisation_id != case.organisation_id:
        raise ValidationError({"facility": "This facility is not in your practice's directory."})
    if not facility.is_active:
        raise ValidationError({"facility": f"{facility.name} is no longer in use in your practice's directory."})
    return facility


# ---------------------------------------------------------------- the decision (disposition)


def disposition_record(
    *,
    actor,
    case: SafetyCase,
    decision: str,
    where: str = "",
    reason: str = "",
    with_client: str = "",
    next_contact_at: dt.datetime | None = None,
    occurred_at: dt.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Recorded[Disposition]:
    """The clinician's decision on hospitalisation: an evaluation arranged, an admission arranged, a written plan
    to manage the client as an outpatient (why it is safe, who is with them, the contact within 24 hours), or
    evaluated and not indicated (why)."""

    def prepare() -> Entry:
        errors: dict[str, str] = {}
        if decision not in Decision.values:
            errors["decision"] = "Choose the decision."
        place = _text(where, 200)
        why = _text(reason)
        who = _text(with_client, 200)
        if decision in (Decision.EMERGENCY_EVALUATION, Decision.ADMITTED) and not place:
            errors["where"] = "Say where the client is being evaluated or admitted."
        if decision in (Decision.OUTPATIENT_PLAN, Decision.NOT_INDICATED) and not why:
            errors["reason"] = (
                "Write why the client can be managed safely as an outpatient (what reduced the risk)."
                if decision == Decision.OUTPATIENT_PLAN
                else "Write why hospitalisation is not indicated."
            )
        if decision == Decision.OUTPATIENT_PLAN:
            if not who:
                errors["with_client"] = "Say who is with the client now (they should not be left alone)."
            if next_contact_at is None:
                errors["next_contact_at"] = f"Give the next contact, within {OUTPATIENT_CONTACT_HOURS} hours."
            elif timezone.is_naive(next_contact_at):
                errors["next_contact_at"] = "Give the time with its time zone."
            elif (
                not clock.now() - dt.timedelta(minutes=5)
                <= next_contact_at
                <= clock.now() + dt.timedelta(hours=OUTPATIENT_CONTACT_HOURS)
            ):
                errors["next_contact_at"] = (
                    f"The next contact must be within the next {OUTPATIENT_CONTACT_HOURS} hours at this risk."
                )
        if errors:
            raise ValidationError(errors)
        when = check_occurred_at(occurred_at, case)
        label = Decision(decision).label
        summary = f"{label}" + (f": {place}" if place else "") + (f". {why}" if why else "")
        if decision == Decision.OUTPATIENT_PLAN:
            summary += f" With the client now: {who}. Next contact {_fmt(case, next_contact_at)}."
        details = {"decision": decision, "where": place, "reason": why, "with_client": who}
        if next_contact_at and decision == Decision.OUTPATIENT_PLAN:
            details["next_contact_at"] = next_contact_at.isoformat()
        return Entry(
            kind=events.DISPOSITION,
            summary=summary[:2000],
            occurred_at=when,
            fields={
                "decision": decision,
                "where": place,
                "reason": why,
                "with_client": who,
                "next_contact_at": next_contact_at if decision == Decision.OUTPATIENT_PLAN else None,
            },
            details=details,
            audit_action="hospital.disposition",
            audit_detail={"decision": decision},
        )

    return case_record_append(
        actor=actor, case=case, model=Disposition, prepare=prepare, idempotency_key=idempotency_key
    )


# ---------------------------------------------------------------- hospitalisations


def _event(actor, hospitalisation: Hospitalisation, kind: str, summary: str, details: dict, occurred_at=None):
    details = {"hospitalisation": str(hospitalisation.pk), "status": hospitalisation.status, **details}
    return case_append_event(
        actor=actor,
        case=hospitalisation.case,
        kind=kind,
        summary=summary[:2000],
        details=details,
        occurred_at=occurred_at,
    )


def _require_hospitalisation(actor, hospitalisation: Hospitalisation) -> None:
    require_case_access(actor, hospitalisation.case)
    require_case_open(hospitalisation.case)


@transaction.atomic
def hospitalisation_start(
    *,
    actor,
    case: SafetyCase,
    status: str = Status.RECOMMENDED,
    facility_id=None,
    facility_name: str = "",
    involuntary: bool = False,
    transport: str = "",
    facility_contacts: str = "",
    occurred_at: dt.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Hospitalisation:
    """Recommend or refer the client to a facility (or record an admission that already happened)."""
    require_case_access(actor, case)
    require_case_open(case)
    if idempotency_key:
        existing = Hospitalisation.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.case_id != case.pk:
                raise ValidationError("This form was already used for another safety case; reload the page.")
            existing.created = False
            return existing
    errors: dict[str, str] = {}
    if status not in (Status.RECOMMENDED, Status.REFERRED, Status.ADMITTED):
        errors["status"] = "A hospitalisation starts recommended, referred or admitted."
    if transport not in Transport.values:
        errors["transport"] = "Choose how the client gets there."
    facility = None
    try:
        facility = _facility(actor, case, facility_id)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    name = _text(facility_name, 200)
    if facility is None and not name and "facility" not in errors:
        errors["facility"] = "Choose the facility, or write its name if it is not in the directory."
    if errors:
        raise ValidationError(errors)
    when = check_occurred_at(occurred_at, case)
    open_one = Hospitalisation.objects.filter(case=case, status__in=OPEN_STATUSES).first()
    if open_one is not None:
        raise ValidationError(
            f"This case already has an open hospitalisation ({open_one.place}, "
            f"{open_one.get_status_display().lower()}); record what became of it first."
        )
    hospitalisation = Hospitalisation.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        client=case.client,
        facility=facility,
        facility_name="" if facility else name,
        status=status,
        involuntary=bool(involuntary),
        transport=transport,
        facility_contacts=_text(facility_contacts),
        recommended_at=when,
        referred_at=when if status in (Status.REFERRED, Status.ADMITTED) else None,
        admitted_at=when if status == Status.ADMITTED else None,
        owner=actor,
        created_at=clock.now(),
        idempotency_key=idempotency_key,
    )
    how = "involuntary" if involuntary else "voluntary"
    travel = f", by {hospitalisation.get_transport_display().lower()}" if transport else ""
    if status == Status.ADMITTED:
        kind, summary = events.ADMITTED, f"Admitted ({how}) to {hospitalisation.place}{travel}"
    else:
        verb = "Referred" if status == Status.REFERRED else "Hospitalisation recommended"
        kind, summary = events.REFERRAL, f"{verb} ({how}): {hospitalisation.place}{travel}"
    _event(
        actor,
        hospitalisation,
        kind,
        summary,
        {"involuntary": bool(involuntary), "transport": transport, "facility": hospitalisation.place},
        occurred_at=when,
    )
    audit_record(
        actor=actor, action="hospital.start", obj=hospitalisation, client_id=case.client_id, detail={"status": status}
    )
    hospitalisation.created = True
    return hospitalisation


# Which status may follow which; a discharge has its own service (discharge_record).
NEXT_STATUSES = {
    Status.RECOMMENDED: (Status.REFERRED, Status.ADMITTED, Status.DECLINED, Status.NOT_ADMITTED),
    Status.REFERRED: (Status.ADMITTED, Status.DECLINED, Status.NOT_ADMITTED),
    Status.ADMITTED: (),
}


@transaction.atomic
def hospitalisation_advance(
    *,
    actor,
    hospitalisation: Hospitalisation,
    status: str,
    reason: str = "",
    occurred_at: dt.datetime | None = None,
) -> Hospitalisation:
    """Referred, admitted, declined by the client or not admitted by the facility (with why)."""
    _require_hospitalisation(actor, hospitalisation)
    hospitalisation = Hospitalisation.objects.select_for_update().get(pk=hospitalisation.pk)
    allowed = NEXT_STATUSES.get(hospitalisation.status, ())
    if status not in allowed:
        current = hospitalisation.get_status_display().lower()
        if status == Status.DISCHARGED:
            raise ValidationError({"status": "Record the discharge with its date and summary on the discharge form."})
        raise ValidationError({"status": f"This hospitalisation is {current}; it cannot become {status} now."})
    why = _text(reason)
    if status in (Status.DECLINED, Status.NOT_ADMITTED) and not why:
        raise ValidationError(
            {
                "reason": "Write why the client declined."
                if status == Status.DECLINED
                else "Write why they did not admit."
            }
        )
    _not_future(occurred_at, "occurred_at", "This time")
    when = check_occurred_at(occurred_at, hospitalisation.case)
    if when < hospitalisation.recommended_at - dt.timedelta(minutes=1):
        raise ValidationError({"occurred_at": "This is before the hospitalisation was recommended; check the time."})
    hospitalisation.status = status
    if status == Status.REFERRED:
        hospitalisation.referred_at = when
    elif status == Status.ADMITTED:
        hospitalisation.admitted_at = when
    else:
        hospitalisation.reason = why
    hospitalisation.save(update_fields=["status", "referred_at", "admitted_at", "reason"])
    place = hospitalisation.place
    if status == Status.ADMITTED:
        how = "involuntary" if hospitalisation.involuntary else "voluntary"
        kind, summary = events.ADMITTED, f"Admitted ({how}) to {place}"
    elif status == Status.REFERRED:
        kind, summary = events.REFERRAL, f"Referred to {place}"
    elif status == Status.DECLINED:
        kind, summary = events.NOT_ADMITTED, f"The client declined hospitalisation at {place}: {why}"
    else:
        kind, summary = events.NOT_ADMITTED, f"Not admitted by {place}: {why}"
    _event(actor, hospitalisation, kind, summary, {"reason": why, "facility": place}, occurred_at=when)
    audit_record(
        actor=actor,
        action="hospital.status",
        obj=hospitalisation,
        client_id=hospitalisation.client_id,
        detail={"status": status},
    )
    return hospitalisation


@transaction.atomic
def hospitalisation_update(
    *, actor, hospitalisation: Hospitalisation, transport: str, facility_contacts: str, involuntary: bool
) -> Hospitalisation:
    """Change how the client travels, who to reach at the facility, or whether it is voluntary."""
    _require_hospitalisation(actor, hospitalisation)
    if hospitalisation.status not in OPEN_STATUSES:
        raise ValidationError("This hospitalisation is over; its record can no longer change.")
    if transport not in Transport.values:
        raise ValidationError({"transport": "Choose how the client gets there."})
    changes = []
    if transport != hospitalisation.transport:
        changes.append(f"transport: {Transport(transport).label.lower()}")
    if _text(facility_contacts) != hospitalisation.facility_contacts:
        changes.append(f"contacts at the facility: {_text(facility_contacts) or 'none'}")
    if bool(involuntary) != hospitalisation.involuntary:
        changes.append("now involuntary" if involuntary else "now voluntary")
    if not changes:
        return hospitalisation
    hospitalisation.transport = transport
    hospitalisation.facility_contacts = _text(facility_contacts)
    hospitalisation.involuntary = bool(involuntary)
    hospitalisation.save(update_fields=["transport", "facility_contacts", "involuntary"])
    _event(actor, hospitalisation, events.UPDATED, f"{hospitalisation.place}: " + "; ".join(changes), {})
    audit_record(actor=actor, action="hospital.update", obj=hospitalisation, client_id=hospitalisation.client_id)
    return hospitalisation


# ---------------------------------------------------------------- holds


def hold_types(client: Client) -> list[dict]:
    """The holds the client's jurisdiction pack knows (today: its one emergency hold, known or not researched)."""
    j = resolved_jurisdiction(client.jurisdiction)
    hold = j.emergency_hold if j else None
    if hold is None:
        return []
    known = hold.status == "known"
    return [
        {
            "id": f"{j.code}:emergency_hold",
            "code": j.code,
            "name": hold.name or "Emergency hold",
            "citation": hold.citation or "",
            "source": hold.source or "",
            "reviewed": hold.reviewed,
            "max_hours": hold.max_hours if known else None,
            "excludes": list(hold.excludes) if known and hold.excludes is not None else None,
            "clock_starts": hold.clock_starts or "",
            "initiators": hold.initiators or "",
            "note": hold.note or "",
            "known": known,
        }
    ]


def hold_type(client: Client, type_id: str) -> dict | None:
    return next((t for t in hold_types(client) if t["id"] == type_id), None)


def expiry_for(hold: dict, starts_at: dt.datetime, zone) -> dt.datetime | None:
    if hold.get("max_hours") is None:
        return None
    return hold_expiry(starts_at, hold["max_hours"], hold.get("excludes") or [], zone, us=hold["code"].startswith("US"))


@transaction.atomic
def hold_start(
    *,
    actor,
    hospitalisation: Hospitalisation,
    type_id: str,
    initiated_by: str,
    starts_at: dt.datetime,
    expires_at: dt.datetime | None = None,
) -> Hold:
    """An involuntary hold: its type from the client's jurisdiction pack, who started it and when; its end
    computed from the pack's hours (weekends and holidays left out where the statute says so), or given by the
    clinician when the pack does not know the duration."""
    _require_hospitalisation(actor, hospitalisation)
    case = hospitalisation.case
    errors: dict[str, str] = {}
    chosen = hold_type(hospitalisation.client, type_id)
    if chosen is None:
        known = ", ".join(t["name"] for t in hold_types(hospitalisation.client)) or "none"
        errors["type_id"] = (
            f"This hold does not exist in {hospitalisation.client.jurisdiction} (holds known there: {known})."
        )
    if hospitalisation.status not in (Status.REFERRED, Status.ADMITTED, Status.RECOMMENDED):
        errors["hospitalisation"] = "This hospitalisation is over; a hold cannot start on it."
    if not _text(initiated_by, 200):
        errors["initiated_by"] = "Say who initiated the hold (name and role: officer, physician, designated person)."
    if starts_at is None:
        errors["starts_at"] = "Give when the hold started."
    elif timezone.is_naive(starts_at):
        errors["starts_at"] = "Give the time with its time zone."
    elif starts_at > clock.now() + dt.timedelta(minutes=2):
        errors["starts_at"] = "A hold cannot start in the future; give the time it started."
    elif starts_at < case.opened_at - dt.timedelta(days=30):
        errors["starts_at"] = "This is long before the case opened; check the date."
    if errors:
        raise ValidationError(errors)
    if Hold.objects.filter(hospitalisation=hospitalisation, ended_at__isnull=True).exists():
        raise ValidationError("A hold is already running on this hospitalisation; end it before starting another.")
    zone = case.organisation.zone
    computed = expiry_for(chosen, starts_at, zone)
    if computed is None:
        if expires_at is None:
            raise ValidationError(
                {
                    "expires_at": (
                        f"How long this hold lasts in {chosen['code']} is not known to CarePath: give the time it ends,"
                        " from the order or the facility."
                    )
                }
            )
        if timezone.is_naive(expires_at) or expires_at <= starts_at:
            raise ValidationError({"expires_at": "The end of the hold must be after its start."})
        if expires_at - starts_at > dt.timedelta(days=31):
            raise ValidationError({"expires_at": "An emergency hold of more than a month: check the date."})
        basis, end = "given", expires_at
    else:
        basis, end = "computed", computed
    hold = Hold.objects.create(
        organisation_id=case.organisation_id,
        hospitalisation=hospitalisation,
        case=case,
        hold_type=chosen["id"],
        hold_name=chosen["name"][:200],
        citation=chosen["citation"] or "unknown",
        initiated_by=_text(initiated_by, 200),
        starts_at=starts_at,
        expires_at=end,
        expiry_basis=basis,
        max_hours=chosen["max_hours"],
        excludes=chosen["excludes"] or [],
        created_by=actor,
        created_at=clock.now(),
    )
    if not hospitalisation.involuntary:
        hospitalisation.involuntary = True
        hospitalisation.save(update_fields=["involuntary"])
    how_long = (
        f"{chosen['max_hours']:g} hours"
        + (f" not counting {' and '.join(chosen['excludes'])}" if chosen["excludes"] else "")
        if basis == "computed"
        else "duration given by the clinician"
    )
    _event(
        actor,
        hospitalisation,
        events.HOLD_STARTED,
        f"{chosen['name']} started {_fmt(case, starts_at)} by {hold.initiated_by}; ends {_fmt(case, end)}"
        f" ({how_long}; {chosen['citation'] or 'citation unknown'})",
        {
            "hold": str(hold.pk),
            "hold_type": hold.hold_type,
            "starts_at": starts_at.isoformat(),
            "expires_at": end.isoformat(),
            "expiry_basis": basis,
            "citation": hold.citation,
        },
        occurred_at=starts_at,
    )
    audit_record(actor=actor, action="hospital.hold_start", obj=hold, client_id=case.client_id, detail={"basis": basis})
    return hold


def hold_note(hold: Hold) -> str:
    """How the hold's end was found, for the page: the statute's hours and what they leave out, or given."""
    if hold.expiry_basis == "given":
        return "Ends as given by the clinician: CarePath does not know this hold's maximum duration."
    text = f"{hold.max_hours:g} hours"
    if hold.excludes:
        text += f", not counting {' and '.join(hold.excludes)}"
        if "holidays" in hold.excludes:
            text += f" (holidays: {FEDERAL_HOLIDAYS_SOURCE}; state holidays are not known: check the court's calendar)"
    return text


@transaction.atomic
def hold_end(*, actor, hold: Hold, reason: str, note: str = "", ended_at: dt.datetime | None = None) -> Hold:
    """The hold is over: released, voluntary, held further under a new order, discharged or transferred."""
    require_case_access(actor, hold.case)
    hold = Hold.objects.select_for_update().get(pk=hold.pk)
    if hold.ended_at is not None:
        raise ValidationError("This hold has already ended.")
    if reason not in HoldEnd.values:
        raise ValidationError({"reason": "Say how the hold ended."})
    note = _text(note)
    if reason == HoldEnd.EXTENDED and not note:
        raise ValidationError({"note": "Name the certification or court order, and until when it holds."})
    _not_future(ended_at, "ended_at", "The end of the hold")
    ended_at = ended_at or clock.now()
    if ended_at < hold.starts_at:
        raise ValidationError({"ended_at": "A hold cannot end before it started."})
    hold.ended_at, hold.end_reason, hold.end_note = ended_at, reason, note
    hold.save(update_fields=["ended_at", "end_reason", "end_note"])
    late = ended_at > hold.expires_at
    summary = f"{hold.hold_name} ended {_fmt(hold.case, ended_at)}: {HoldEnd(reason).label.lower()}"
    summary += f". {note}" if note else ""
    summary += " (after the computed end of the hold)" if late else ""
    case_append_event(
        actor=actor,
        case=hold.case,
        kind=events.HOLD_ENDED,
        summary=summary[:2000],
        details={"hold": str(hold.pk), "reason": reason, "after_expiry": late},
        occurred_at=ended_at,
    )
    audit_record(actor=actor, action="hospital.hold_end", obj=hold, client_id=hold.case.client_id)
    return hold


# ---------------------------------------------------------------- discharge


@transaction.atomic
def discharge_record(
    *,
    actor,
    hospitalisation: Hospitalisation,
    discharged_at: dt.datetime,
    summary_note: str = "",
    summary_file=None,
    medications_changed: str = "",
    followup_appointment: str = "",
) -> Hospitalisation:
    """The discharge: its date, the summary received (a note, an upload, or both), medications changed and the
    facility's follow-up appointment. Its timeline event makes the follow-up rules schedule the contact within
    72 hours, the 7- and 30-day visits and a safety-plan review (followup/data/rules.yaml)."""
    _require_hospitalisation(actor, hospitalisation)
    hospitalisation = Hospitalisation.objects.select_for_update().get(pk=hospitalisation.pk)
    case = hospitalisation.case
    errors: dict[str, str] = {}
    if hospitalisation.status != Status.ADMITTED:
        errors["status"] = (
            f"The client was not admitted ({hospitalisation.get_status_display().lower()}); record the admission first."
        )
    if discharged_at is None:
        errors["discharged_at"] = "Give the date and time of discharge."
    elif timezone.is_naive(discharged_at):
        errors["discharged_at"] = "Give the time with its time zone."
    elif discharged_at > clock.now() + dt.timedelta(minutes=2):
        errors["discharged_at"] = "A discharge cannot be in the future; record it once it has happened."
    elif hospitalisation.admitted_at and discharged_at < hospitalisation.admitted_at:
        errors["discharged_at"] = (
            f"The discharge is before the admission ({_fmt(case, hospitalisation.admitted_at)}); check the date."
        )
    if errors:
        raise ValidationError(errors)
    document = None
    if summary_file is not None:
        document = document_store(
            actor=actor, client=hospitalisation.client, kind=DocumentKind.DISCHARGE_SUMMARY, upload=summary_file
        )
    hospitalisation.status = Status.DISCHARGED
    hospitalisation.discharged_at = discharged_at
    hospitalisation.discharge_summary = _text(summary_note)
    hospitalisation.discharge_document = document
    hospitalisation.medications_changed = _text(medications_changed)
    hospitalisation.followup_appointment = _text(followup_appointment, 300)
    hospitalisation.save(
        update_fields=[
            "status",
            "discharged_at",
            "discharge_summary",
            "discharge_document",
            "medications_changed",
            "followup_appointment",
        ]
    )
    for hold in Hold.objects.filter(hospitalisation=hospitalisation, ended_at__isnull=True):
        hold_end(actor=actor, hold=hold, reason=HoldEnd.DISCHARGED, ended_at=min(discharged_at, clock.now()))
    parts = [f"Discharged from {hospitalisation.place} {_fmt(case, discharged_at)}"]
    if hospitalisation.followup_appointment:
        parts.append(f"follow-up appointment: {hospitalisation.followup_appointment}")
    if hospitalisation.medications_changed:
        parts.append(f"medications changed: {hospitalisation.medications_changed}")
    parts.append(
        "discharge summary received" + (" (document)" if document else "")
        if document or hospitalisation.discharge_summary
        else "discharge summary not received yet"
    )
    _event(
        actor,
        hospitalisation,
        events.DISCHARGED,
        "; ".join(parts),
        {
            "discharged_at": discharged_at.isoformat(),
            "summary_received": bool(document or hospitalisation.discharge_summary),
            "document": str(document.pk) if document else "",
        },
        occurred_at=discharged_at,
    )
    audit_record(actor=actor, action="hospital.discharge", obj=hospitalisation, client_id=hospitalisation.client_id)
    return hospitalisation


@transaction.atomic
def discharge_summary_add(
    *, actor, hospitalisation: Hospitalisation, summary_note: str = "", summary_file=None
) -> Hospitalisation:
    """The discharge summary arrived after the discharge was recorded: keep it (a note, an upload, or both)."""
    require_case_access(actor, hospitalisation.case)
    if hospitalisation.status != Status.DISCHARGED:
        raise ValidationError("Record the discharge first.")
    note = _text(summary_note)
    if not note and summary_file is None:
        raise ValidationError({"summary_note": "Write the summary's main points, or upload it."})
    document = None
    if summary_file is not None:
        document = document_store(
            actor=actor, client=hospitalisation.client, kind=DocumentKind.DISCHARGE_SUMMARY, upload=summary_file
        )
        hospitalisation.discharge_document = document
    if note:
        hospitalisation.discharge_summary = note
    hospitalisation.save(update_fields=["discharge_summary", "discharge_document"])
    if hospitalisation.case.status != CaseStatus.CLOSED:
        _event(
            actor,
            hospitalisation,
            events.DISCHARGE_SUMMARY,
            f"Discharge summary from {hospitalisation.place} received" + (" (document)" if document else ""),
            {"document": str(document.pk) if document else ""},
        )
    audit_record(
        actor=actor, action="hospital.discharge_summary", obj=hospitalisation, client_id=hospitalisation.client_id
    )
    return hospitalisation


# ---------------------------------------------------------------- crisis preferences

PREFERENCE_FIELDS = (
    "preferred_facilities",
    "refused_facilities",
    "call",
    "do_not_call",
    "helpful_medications",
    "harmful_medications",
    "agent_name",
    "agent_phone",
    "agent_relationship",
)


@transaction.atomic
def crisis_preferences_save(
    *,
    actor,
    client: Client,
    source: str,
    agreed_on: dt.date | None,
    directive_file=None,
    **values: str,
) -> CrisisPreferences:
    """What the client asked for in advance: facilities preferred and refused, whom to call and not, medications
    that helped or harmed, their agent, the signed directive. Shown on the console and the hospitalisation form."""
    if not actor.is_clinical or client.organisation_id != actor.organisation_id or not can_see_client(actor, client):
        raise PermissionDenied("You are not on this client's care team.")
    errors: dict[str, str] = {}
    if source not in ("directive", "session"):
        errors["source"] = "Say whether this is a signed directive or what was agreed in session."
    if agreed_on is None:
        errors["agreed_on"] = "Give the date the client agreed it (or signed the directive)."
    elif agreed_on > clock.today():
        errors["agreed_on"] = "This date is in the future."
    if values.get("agent_phone") and not values.get("agent_name"):
        errors["agent_name"] = "Name the agent whose phone this is."
    if errors:
        raise ValidationError(errors)
    preferences = CrisisPreferences.objects.filter(client=client).first() or CrisisPreferences(
        client=client, organisation_id=client.organisation_id
    )
    for field in PREFERENCE_FIELDS:
        setattr(preferences, field, _text(values.get(field), 200 if field.startswith("agent") else MAX_TEXT))
    preferences.agent_phone = preferences.agent_phone[:40]
    preferences.agent_relationship = preferences.agent_relationship[:100]
    if directive_file is not None:
        preferences.directive = document_store(
            actor=actor, client=client, kind=DocumentKind.ADVANCE_DIRECTIVE, upload=directive_file
        )
    if source == "directive" and preferences.directive_id is None:
        raise ValidationError(
            {"directive_file": "Upload the signed directive (PDF or photo), or choose 'agreed in session'."}
        )
    if preferences.is_empty:
        raise ValidationError("Write at least one preference (a facility, a person to call or not, a medication).")
    preferences.source, preferences.agreed_on = source, agreed_on
    preferences.updated_by, preferences.updated_at = actor, clock.now()
    preferences.save()
    audit_record(actor=actor, action="hospital.crisis_preferences", obj=client, client_id=client.pk)
    for case in SafetyCase.objects.filter(client=client).exclude(status=CaseStatus.CLOSED):
        case_append_event(
            actor=actor,
            case=case,
            kind=events.PREFERENCES,
            summary=(
                "Crisis preferences recorded"
                + (" from a signed psychiatric advance directive" if source == "directive" else " (agreed in session)")
                + f", dated {agreed_on:%-d %b %Y}"
            ),
            details={"source": source},
        )
    return preferences
