"""Pages of the hospitalisation step: the case's hospital page (decision, referral, admission, hold, discharge),
the client's crisis preferences, the facilities directory, and the panels on the case page, console and dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carepath.audit.services import audit_record
from carepath.cases.selectors import access_case
from carepath.clients.access import access_client
from carepath.core import clock
from carepath.core.views import form_post, role_required, safe_next

from . import selectors, services
from .forms import (
    AdvanceForm,
    DischargeForm,
    DispositionForm,
    FacilityForm,
    HoldEndForm,
    HoldForm,
    HospitalisationForm,
    PreferencesForm,
    SummaryForm,
)
from .models import Facility, Hold, Hospitalisation, Status


def page_url(case) -> str:
    return reverse("hospital:case", kwargs={"case_id": case.pk})


def _hospitalisation(case, hospitalisation_id) -> Hospitalisation:
    found = Hospitalisation.objects.filter(pk=hospitalisation_id, case=case).first()
    if found is None:
        raise Http404("No such hospitalisation on this case.")
    return found


def _case_page(request, case, status: int = 200, **bound):
    """The hospital page of a case: what the client asked for, the decision, the hospitalisation and its hold,
    each form in place (a refused one shown again with what was typed)."""
    hospitalisations = selectors.case_hospitalisations(case)
    current = next(
        (h for h in hospitalisations if h.status in (Status.RECOMMENDED, Status.REFERRED, Status.ADMITTED)), None
    )
    hold = selectors.active_hold(current)
    types = services.hold_types(case.client)
    context = {
        "case": case,
        "client": case.client,
        "preferences": selectors.preferences_of(case.client),
        "dispositions": selectors.case_dispositions(case),
        "hospitalisations": hospitalisations,
        "current": current,
        "hold": hold,
        "countdown": selectors.countdown(hold) if hold else None,
        "hold_note": services.hold_note(hold) if hold else "",
        "hold_types": types,
        "disposition_form": bound.get("disposition_form") or DispositionForm(auto_id="dp_%s"),
        "start_form": bound.get("start_form")
        or HospitalisationForm(facilities=selectors.facility_choices(case), auto_id="hs_%s"),
        "advance_form": bound.get("advance_form") or AdvanceForm(auto_id="ad_%s"),
        "hold_form": bound.get("hold_form") or HoldForm(hold_types=types, auto_id="hd_%s"),
        "hold_end_form": bound.get("hold_end_form") or HoldEndForm(auto_id="he_%s"),
        "open_form": bound.get("open_form", ""),
        "directory_empty": not selectors.facilities(case.organisation_id).exists(),
        "now": clock.now(),
    }
    return render(request, "hospital/case.html", context, status=status)


@role_required("clinical")
def case_page(request, case_id):
    case = access_case(request.user, case_id)
    return _case_page(request, case)


@role_required("clinical")
@require_POST
def disposition(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = DispositionForm(request.POST, auto_id="dp_%s")

    def save(d):
        return services.disposition_record(
            actor=request.user,
            case=case,
            decision=d["decision"],
            where=d["where"],
            reason=d["reason"],
            with_client=d["with_client"],
            next_contact_at=d["next_contact_at"],
            occurred_at=d["occurred_at"],
            idempotency_key=d["idempotency_key"],
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=page_url(case),
        message="Decision saved to the timeline.",
        draft=f"hospital-{case.pk}-decision",
    )
    return done or _case_page(request, case, 400, disposition_form=form, open_form="decision")


@role_required("clinical")
@require_POST
def start(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = HospitalisationForm(request.POST, facilities=selectors.facility_choices(case), auto_id="hs_%s")

    def save(d):
        return services.hospitalisation_start(
            actor=request.user,
            case=case,
            status=d["status"],
            facility_id=d["facility"] or None,
            facility_name=d["facility_name"],
            involuntary=d["involuntary"],
            transport=d["transport"],
            facility_contacts=d["facility_contacts"],
            occurred_at=d["occurred_at"],
            idempotency_key=d["idempotency_key"],
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=page_url(case),
        message=lambda h: f"Saved to the timeline: {h.get_status_display().lower()}, {h.place}.",
        draft=f"hospital-{case.pk}-start",
    )
    return done or _case_page(request, case, 400, start_form=form, open_form="start")


@role_required("clinical")
@require_POST
def advance(request, case_id, hospitalisation_id):
    case = access_case(request.user, case_id, audit_action=None)
    hospitalisation = _hospitalisation(case, hospitalisation_id)
    form = AdvanceForm(request.POST, auto_id="ad_%s")

    def save(d):
        return services.hospitalisation_advance(
            actor=request.user,
            hospitalisation=hospitalisation,
            status=d["status"],
            reason=d["reason"],
            occurred_at=d["occurred_at"],
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=page_url(case),
        message=lambda h: f"Saved to the timeline: {h.get_status_display().lower()}.",
        draft=f"hospital-{case.pk}-advance",
    )
    return done or _case_page(request, case, 400, advance_form=form, open_form="advance")


@role_required("clinical")
@require_POST
def hold_start(request, case_id, hospitalisation_id):
    case = access_case(request.user, case_id, audit_action=None)
    hospitalisation = _hospitalisation(case, hospitalisation_id)
    form = HoldForm(request.POST, hold_types=services.hold_types(case.client), auto_id="hd_%s")

    def save(d):
        return services.hold_start(
            actor=request.user,
            hospitalisation=hospitalisation,
            type_id=d["type_id"],
            initiated_by=d["initiated_by"],
            starts_at=d["starts_at"],
            expires_at=d["expires_at"],
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=page_url(case),
        message=lambda h: f"Hold recorded: it ends {case.organisation.format_time(h.expires_at)}.",
        draft=f"hospital-{case.pk}-hold",
    )
    return done or _case_page(request, case, 400, hold_form=form, open_form="hold")


@role_required("clinical")
@require_POST
def hold_end(request, case_id, hold_id):
    case = access_case(request.user, case_id, audit_action=None)
    hold = get_object_or_404(Hold, pk=hold_id, case=case)
    form = HoldEndForm(request.POST, auto_id="he_%s")

    def save(d):
        return services.hold_end(
            actor=request.user, hold=hold, reason=d["reason"], note=d["note"], ended_at=d["ended_at"]
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=page_url(case),
        message="The end of the hold is recorded.",
        draft=f"hospital-{case.pk}-hold-end",
    )
    return done or _case_page(request, case, 400, hold_end_form=form, open_form="hold_end")


@role_required("clinical")
def discharge(request, case_id, hospitalisation_id):
    """The discharge: date, summary (note or upload), medications changed, the facility's appointment."""
    case = access_case(request.user, case_id, audit_action=None)
    hospitalisation = _hospitalisation(case, hospitalisation_id)
    if hospitalisation.status == Status.DISCHARGED:
        return _discharged(request, case, hospitalisation)
    form = DischargeForm(request.POST or None, request.FILES or None)

    def save(d):
        return services.discharge_record(
            actor=request.user,
            hospitalisation=hospitalisation,
            discharged_at=d["discharged_at"],
            summary_note=d["summary_note"],
            summary_file=d["summary_file"],
            medications_changed=d["medications_changed"],
            followup_appointment=d["followup_appointment"],
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=page_url(case),
        message="Discharge saved. The follow-ups after discharge are scheduled: see the case's follow-ups.",
        draft=f"hospital-{case.pk}-discharge",
        rename={"status": "__all__"},
    )
    if done:
        return done
    if request.method == "POST" and request.FILES:
        messages.warning(request, "Choose the file again: a browser does not keep a file after the page is sent back.")
    context = {"case": case, "client": case.client, "hospitalisation": hospitalisation, "form": form}
    return render(request, "hospital/discharge.html", context, status=400 if request.method == "POST" else 200)


def _discharged(request, case, hospitalisation, form=None, status=200):
    form = form or SummaryForm()
    context = {"case": case, "client": case.client, "hospitalisation": hospitalisation, "summary_form": form}
    return render(request, "hospital/discharge.html", context, status=status)


@role_required("clinical")
@require_POST
def summary(request, case_id, hospitalisation_id):
    case = access_case(request.user, case_id, audit_action=None)
    hospitalisation = _hospitalisation(case, hospitalisation_id)
    form = SummaryForm(request.POST, request.FILES)

    def save(d):
        return services.discharge_summary_add(
            actor=request.user,
            hospitalisation=hospitalisation,
            summary_note=d["summary_note"],
            summary_file=d["summary_file"],
        )

    back = reverse("hospital:discharge", kwargs={"case_id": case.pk, "hospitalisation_id": hospitalisation.pk})
    done = form_post(request, form, save, redirect_to=back, message="Discharge summary kept.")
    return done or _discharged(request, case, hospitalisation, form, 400)


# ---------------------------------------------------------------- crisis preferences


@role_required("clinical")
def preferences(request, client_id):
    """What the client asked for in advance; shown on the crisis console and the hospital page."""
    client = access_client(request.user, client_id, audit_action=None)
    existing = selectors.preferences_of(client)
    form = PreferencesForm(request.POST or None, request.FILES or None, instance=existing)
    if request.method == "GET":
        audit_record(actor=request.user, action="hospital.crisis_preferences_view", obj=client, client_id=client.pk)

    def save(d):
        return services.crisis_preferences_save(
            actor=request.user,
            client=client,
            source=d["source"],
            agreed_on=d["agreed_on"],
            directive_file=form.cleaned_data.get("directive_file"),
            **{f: d.get(f, "") for f in services.PREFERENCE_FIELDS},
        )

    back = safe_next(request, reverse("clients:detail", kwargs={"client_id": client.pk}))
    done = form_post(
        request,
        form,
        save,
        redirect_to=back,
        message="Crisis preferences saved.",
        draft=f"crisis-preferences-{client.pk}",
    )
    context = {"client": client, "form": form, "preferences": existing, "back": back}
    return done or render(
        request, "hospital/preferences.html", context, status=400 if request.method == "POST" else 200
    )


# ---------------------------------------------------------------- facilities (admins)


@role_required("admin")
def facility_list(request):
    items = selectors.facilities(request.user.organisation_id, active_only=False)
    return render(request, "hospital/facilities.html", {"facilities": items})


@role_required("admin")
def facility_edit(request, facility_id=None):
    facility = None
    if facility_id is not None:
        facility = get_object_or_404(Facility, pk=facility_id, organisation_id=request.user.organisation_id)
    form = FacilityForm(request.POST or None, instance=facility)

    def save(d):
        return services.facility_save(actor=request.user, facility=facility, **d)

    done = form_post(
        request, form, save, redirect_to="facilities:list", message=lambda f: f"{f.name} saved in the directory."
    )
    context = {"form": form, "facility": facility}
    return done or render(
        request, "hospital/facility_edit.html", context, status=400 if request.method == "POST" else 200
    )


# ---------------------------------------------------------------- panels


def case_panel(request, case) -> dict | None:
    if not getattr(request.user, "is_clinical", False):
        return None
    hospitalisations = selectors.case_hospitalisations(case)
    current = next(
        (h for h in hospitalisations if h.status in (Status.RECOMMENDED, Status.REFERRED, Status.ADMITTED)), None
    )
    hold = selectors.active_hold(current)
    return {
        "case": case,
        "decision": selectors.latest_disposition(case),
        "current": current,
        "last": hospitalisations[0] if hospitalisations else None,
        "hold": hold,
        "countdown": selectors.countdown(hold) if hold else None,
        "preferences": selectors.preferences_of(case.client),
    }


def console_panel(request, case) -> dict | None:
    """On the crisis console, near the top: what the client asked for in advance and where they are now."""
    preferences = selectors.preferences_of(case.client)
    current = selectors.open_hospitalisation(case)
    hold = selectors.active_hold(current)
    return {
        "case": case,
        "client": case.client,
        "preferences": preferences,
        "current": current,
        "hold": hold,
        "countdown": selectors.countdown(hold) if hold else None,
    }


def client_panel(request, client) -> dict | None:
    if not getattr(request.user, "is_clinical", False):
        return None
    return {
        "client": client,
        "preferences": selectors.preferences_of(client),
        "hospitalisations": selectors.client_hospitalisations(client)[:5],
    }


def dashboard_panel(request, page) -> dict | None:
    member = request.user
    if not getattr(member, "is_clinical", False):
        return None
    admitted = selectors.admitted_now(member)
    ending = selectors.holds_ending(member)
    return {
        "admitted": admitted,
        "ending": [(hold, selectors.countdown(hold)) for hold in ending],
        "whole_practice": member.is_supervisor,
    }
