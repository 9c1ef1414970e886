"""Safety case pages: the dashboard, a case with its timeline, and the writes a case page offers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from carepath.core.errors import add_service_errors
from carepath.core.views import role_required, saved
from carepath.jurisdictions.selectors import outstanding_counts

from . import events, selectors, services
from .forms import AmendForm, CloseCaseForm, NoteForm, RiskLevelForm


def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:sign_in")
    if request.user.is_clinical:
        return redirect("cases:dashboard")
    if request.user.is_auditor:
        return redirect("audit:log")
    return redirect("accounts:member_list")


@role_required("clinical")
def dashboard(request):
    # 25 a page: a triage list, read top down; the cases needing action most come first.
    page = Paginator(selectors.dashboard_cases(request.user), 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    counts = outstanding_counts(page.object_list)  # required protocol steps outstanding, constant queries per page
    for case in page.object_list:
        case.outstanding_steps = counts.get(case.pk)
    context = {"page": page, "break_glass": list(selectors.recent_break_glass(request.user, limit=10))}
    return render(request, "cases/dashboard.html", context)


def _case_context(case, **forms):
    context = {
        "case": case,
        "client": case.client,
        "timeline": selectors.case_timeline(case),
        "note_form": forms.get("note_form") or NoteForm(),
        "risk_form": forms.get("risk_form") or RiskLevelForm(initial={"risk_level": case.risk_level}),
    }
    return context


@role_required("clinical")
def case_detail(request, case_id):
    case = selectors.access_case(request.user, case_id)
    return render(request, "cases/case_detail.html", _case_context(case))


@role_required("clinical")
def case_note(request, case_id):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    if request.method != "POST":
        return redirect("cases:detail", case_id=case.pk)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_record_event(
                actor=request.user,
                case=case,
                kind=events.NOTE,
                summary=form.cleaned_data["summary"],
                occurred_at=form.cleaned_data["occurred_at"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved(request, f"note-{case.pk}")
            messages.success(request, "Note added to the timeline.")
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_detail.html", _case_context(case, note_form=form), status=400)


@role_required("clinical")
def case_risk_level(request, case_id):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    if request.method != "POST":
        return redirect("cases:detail", case_id=case.pk)
    form = RiskLevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_change_risk_level(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved(request, f"risk-{case.pk}")
            messages.success(request, "Risk level changed.")
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_detail.html", _case_context(case, risk_form=form), status=400)


@role_required("clinical")
def event_amend(request, case_id, event_id):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    event = selectors.access_event(request.user, event_id)
    if event.case_id != case.pk:
        return redirect("cases:detail", case_id=case.pk)
    form = AmendForm(request.POST or None, initial={"correction": event.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.event_amend(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved(request, f"amend-{event.pk}")
            messages.success(request, "Correction added; the original entry stays on the record.")
            return redirect("cases:detail", case_id=case.pk)
    context = {"form": form, "case": case, "event": event}
    return render(request, "cases/event_amend.html", context)


@role_required("clinical")
def case_close(request, case_id):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    form = CloseCaseForm(request.POST or None, supervisor=request.user.is_supervisor)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved(request, f"close-{case.pk}")
            messages.success(request, "The case is " + ("closed." if case.status == "closed" else "being monitored."))
            return redirect("cases:detail", case_id=case.pk)
    blockers = selectors.close_blockers(request.user, case)
    return render(request, "cases/case_close.html", {"form": form, "case": case, "blockers": blockers})
