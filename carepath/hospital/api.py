"""API of hospitalisation: the case's record (decisions, hospitalisations, holds), recording each change, the
discharge, the client's crisis preferences and the practice's facilities."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus

from carepath.audit.services import audit_record
from carepath.cases.selectors import access_case
from carepath.clients.access import access_client
from carepath.core.api import ERRORS, OptionalText, bounded_text

from . import selectors, services
from .models import Decision, FacilityKind, Hold, HoldEnd, Hospitalisation, Status, Transport

router = Router(tags=["hospitalisation"])


class DispositionIn(Schema):
    decision: Decision
    where: bounded_text(200) = ""
    reason: bounded_text(4000) = ""
    with_client: bounded_text(200) = ""
    next_contact_at: dt.datetime | None = None
    occurred_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None


class DispositionOut(Schema):
    id: uuid.UUID
    event_id: uuid.UUID
    decision: Decision
    where: str
    reason: str
    with_client: str
    next_contact_at: dt.datetime | None
    occurred_at: dt.datetime
    recorded_at: dt.datetime


class HoldIn(Schema):
    type_id: bounded_text(120, required=True)
    initiated_by: bounded_text(200, required=True)
    starts_at: dt.datetime
    expires_at: dt.datetime | None = None


class HoldEndIn(Schema):
    reason: HoldEnd
    note: bounded_text(4000) = ""
    ended_at: dt.datetime | None = None


class HoldOut(Schema):
    id: uuid.UUID
    hold_type: str
    hold_name: str
    citation: str
    initiated_by: str
    starts_at: dt.datetime
    expires_at: dt.datetime
    expiry_basis: str
    max_hours: float | None
    excludes: list[str]
    ended_at: dt.datetime | None
    end_reason: str
    end_note: str


class HospitalisationIn(Schema):
    status: Literal["recommended", "referred", "admitted"] = "referred"
    facility_id: uuid.UUID | None = None
    facility_name: bounded_text(200) = ""
    involuntary: bool = False
    transport: Transport = Transport.UNKNOWN
    facility_contacts: bounded_text(4000) = ""
    occurred_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None


class AdvanceIn(Schema):
    status: Literal["referred", "admitted", "declined", "not_admitted"]
    reason: bounded_text(4000) = ""
    occurred_at: dt.datetime | None = None


class DetailsIn(Schema):
    transport: Transport = Transport.UNKNOWN
    facility_contacts: bounded_text(4000) = ""
    involuntary: bool = False


class DischargeIn(Schema):
    discharged_at: dt.datetime
    summary_note: bounded_text(4000) = ""
    medications_changed: bounded_text(4000) = ""
    followup_appointment: bounded_text(300) = ""


class HospitalisationOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    status: Status
    facility_id: uuid.UUID | None
    place: str
    involuntary: bool
    transport: str
    facility_contacts: str
    reason: str
    recommended_at: dt.datetime
    referred_at: dt.datetime | None
    admitted_at: dt.datetime | None
    discharged_at: dt.datetime | None
    discharge_summary: str
    discharge_document_id: uuid.UUID | None
    medications_changed: str
    followup_appointment: str
    holds: list[HoldOut]


class CaseHospitalOut(Schema):
    case_id: uuid.UUID
    dispositions: list[DispositionOut]
    hospitalisations: list[HospitalisationOut]


class PreferencesIn(Schema):
    source: Literal["directive", "session"]
    agreed_on: dt.date
    preferred_facilities: OptionalText = ""
    refused_facilities: OptionalText = ""
    call: OptionalText = ""
    do_not_call: OptionalText = ""
    helpful_medications: OptionalText = ""
    harmful_medications: OptionalText = ""
    agent_name: bounded_text(200) = ""
    agent_relationship: bounded_text(100) = ""
    agent_phone: bounded_text(40) = ""


class PreferencesOut(PreferencesIn):
    client_id: uuid.UUID
    directive_id: uuid.UUID | None
    updated_at: dt.datetime


class FacilityOut(Schema):
    id: uuid.UUID
    name: str
    kind: FacilityKind
    phone: str
    address: str
    jurisdiction: str
    takes_involuntary: bool
    min_age: int | None
    max_age: int | None
    notes: str
    is_active: bool


def _hold_out(h: Hold) -> dict:
    return {f: getattr(h, f) for f in HoldOut.model_fields}


def _hospitalisation_out(h: Hospitalisation) -> dict:
    out = {f: getattr(h, f) for f in HospitalisationOut.model_fields if f not in ("holds",)}
    out["holds"] = [_hold_out(x) for x in h.holds.order_by("-starts_at")]
    return out


def _disposition_out(d) -> dict:
    return {f: getattr(d, f) for f in DispositionOut.model_fields}


def _hospitalisation(request, hospitalisation_id: uuid.UUID) -> Hospitalisation:
    found = Hospitalisation.objects.filter(pk=hospitalisation_id, organisation_id=request.user.organisation_id).first()
    if found is None:
        raise Http404("No such hospitalisation.")
    access_case(request.user, found.case_id, audit_action=None)  # 404 unless the member may see the case
    return found


@router.get("/cases/{case_id}/hospitalisations", response={200: CaseHospitalOut, **ERRORS})
def case_record(request, case_id: uuid.UUID):
    """The case's decisions on hospitalisation and its hospitalisations with their holds."""
    case = access_case(request.user, case_id, audit_action="hospital.view")
    return {
        "case_id": case.pk,
        "dispositions": [_disposition_out(d) for d in selectors.case_dispositions(case)],
        "hospitalisations": [_hospitalisation_out(h) for h in selectors.case_hospitalisations(case)],
    }


@router.post("/cases/{case_id}/dispositions", response={200: DispositionOut, 201: DispositionOut, **ERRORS})
def record_disposition(request, case_id: uuid.UUID, payload: DispositionIn):
    """The decision: emergency evaluation, admission, an outpatient plan (reason, who is with the client, the
    next contact within 24 hours) or not indicated (reason). It completes the protocol's hospitalisation step."""
    case = access_case(request.user, case_id, audit_action=None)
    done = services.disposition_record(actor=request.user, case=case, **payload.dict())
    return HttpStatus(201 if done.created else 200, _disposition_out(done.record))


@router.post("/cases/{case_id}/hospitalisations", response={200: HospitalisationOut, 201: HospitalisationOut, **ERRORS})
def start_hospitalisation(request, case_id: uuid.UUID, payload: HospitalisationIn):
    """Recommend, refer or record an admission (status recommended, referred or admitted)."""
    case = access_case(request.user, case_id, audit_action=None)
    h = services.hospitalisation_start(actor=request.user, case=case, **payload.dict())
    return HttpStatus(201 if getattr(h, "created", True) else 200, _hospitalisation_out(h))


@router.post("/hospitalisations/{hospitalisation_id}/status", response={200: HospitalisationOut, **ERRORS})
def advance_hospitalisation(request, hospitalisation_id: uuid.UUID, payload: AdvanceIn):
    """Referred, admitted, declined by the client or not admitted by the facility (the last two with a reason)."""
    h = services.hospitalisation_advance(
        actor=request.user, hospitalisation=_hospitalisation(request, hospitalisation_id), **payload.dict()
    )
    return _hospitalisation_out(h)


@router.post("/hospitalisations/{hospitalisation_id}/details", response={200: HospitalisationOut, **ERRORS})
def update_hospitalisation(request, hospitalisation_id: uuid.UUID, payload: DetailsIn):
    """Transport, contacts at the facility, voluntary or involuntary."""
    h = services.hospitalisation_update(
        actor=request.user, hospitalisation=_hospitalisation(request, hospitalisation_id), **payload.dict()
    )
    return _hospitalisation_out(h)


@router.post("/hospitalisations/{hospitalisation_id}/holds", response={201: HoldOut, **ERRORS})
def start_hold(request, hospitalisation_id: uuid.UUID, payload: HoldIn):
    """An emergency hold of the client's jurisdiction (`type_id` from GET /clients/{id}/hold-types); its end is
    computed from the pack, or `expires_at` is required when the pack does not know the duration."""
    hold = services.hold_start(
        actor=request.user, hospitalisation=_hospitalisation(request, hospitalisation_id), **payload.dict()
    )
    return HttpStatus(201, _hold_out(hold))


@router.post("/holds/{hold_id}/end", response={200: HoldOut, **ERRORS})
def end_hold(request, hold_id: uuid.UUID, payload: HoldEndIn):
    hold = Hold.objects.filter(pk=hold_id, organisation_id=request.user.organisation_id).first()
    if hold is None:
        raise Http404("No such hold.")
    access_case(request.user, hold.case_id, audit_action=None)
    return _hold_out(services.hold_end(actor=request.user, hold=hold, **payload.dict()))


@router.post("/hospitalisations/{hospitalisation_id}/discharge", response={200: HospitalisationOut, **ERRORS})
def discharge(request, hospitalisation_id: uuid.UUID, payload: DischargeIn):
    """The discharge (a summary document is uploaded from the web page); schedules the follow-ups after it."""
    h = services.discharge_record(
        actor=request.user, hospitalisation=_hospitalisation(request, hospitalisation_id), **payload.dict()
    )
    return _hospitalisation_out(h)


class HoldTypeOut(Schema):
    id: str
    name: str
    citation: str
    max_hours: float | None
    excludes: list[str] | None
    clock_starts: str
    known: bool


@router.get("/clients/{client_id}/hold-types", response={200: list[HoldTypeOut], **ERRORS})
def hold_types(request, client_id: uuid.UUID):
    """The emergency holds of the client's jurisdiction, with their duration (null: unknown)."""
    client = access_client(request.user, client_id, audit_action=None)
    return services.hold_types(client)


def _preferences_out(p) -> dict:
    out = {f: getattr(p, f) for f in PreferencesIn.model_fields}
    return {**out, "client_id": p.client_id, "directive_id": p.directive_id, "updated_at": p.updated_at}


@router.get("/clients/{client_id}/crisis-preferences", response={200: PreferencesOut, **ERRORS})
def get_preferences(request, client_id: uuid.UUID):
    client = access_client(request.user, client_id, audit_action=None)
    found = selectors.preferences_of(client)
    if found is None:
        raise Http404("No crisis preferences recorded for this client.")
    audit_record(actor=request.user, action="hospital.crisis_preferences_view", obj=client, client_id=client.pk)
    return _preferences_out(found)


@router.put("/clients/{client_id}/crisis-preferences", response={200: PreferencesOut, **ERRORS})
def put_preferences(request, client_id: uuid.UUID, payload: PreferencesIn):
    """Record or replace the client's crisis preferences (source: directive or session; a directive's signed
    copy is uploaded from the web page)."""
    client = access_client(request.user, client_id, audit_action=None)
    saved = services.crisis_preferences_save(actor=request.user, client=client, **payload.dict())
    return _preferences_out(saved)


@router.get("/facilities", response={200: list[FacilityOut], **ERRORS})
def list_facilities(request):
    """The practice's facilities directory."""
    return list(selectors.facilities(request.user.organisation_id, active_only=False))
