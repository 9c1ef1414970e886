"""Safety case pages: the dashboard, a case with its timeline, and the writes a case page offers."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carepath.audit.services import audit_record
from carepath.clients.access import access_client
from carepath.core import clock, extensions
from carepath.core.views import form_post, role_required, safe_next

from . import events, selectors, services
from .forms import AmendForm, CloseCaseForm, LocationForm, NoteForm, ReportRiskForm, RiskLevelForm
from .kit import step_page
from .models import RISK_RANK, RiskLevel


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
    page.object_list = cases = list(page.object_list)
    # The apps' columns (the protocol's outstanding steps...) and row actions (the crisis console...), each
    # column read once for the whole page.
    columns = extensions.columns()
    values = [column.values(cases) for column in columns]
    actions = extensions.row_actions()
    rows = [
        {
            "case": case,
            "labelled_cells": [
                (column, _cell(column, found.get(case.pk))) for column, found in zip(columns, values, strict=True)
            ],
            "actions": [(a.label, reverse(a.url_name, kwargs={"case_id": case.pk})) for a in actions],
        }
        for case in cases
    ]
    context = {
        "page": page,
        "rows": rows,
        "columns": columns,
        "row_actions": actions,
        "colspan": 5 + len(columns),
        "break_glass": list(selectors.recent_break_glass(request.user, limit=10)),
    }
    return render(request, "cases/dashboard.html", context)


def _cell(column, value):
    return column.empty if value is None else value


def _case_context(case, **forms):
    context = {
        "case": case,
        "client": case.client,
        "note_form": forms.get("note_form") or NoteForm(),
        "risk_form": forms.get("risk_form") or RiskLevelForm(initial={"risk_level": case.risk_level}),
    }
    context["timeline"], context["timeline_more"] = selectors.case_timeline_page(case, selectors.TIMELINE_ON_CASE_PAGE)
    return context


@role_required("clinical")
def case_full_timeline(request, case_id):
    """Every entry of the case, newest first, a hundred a page: the record as it stands, corrections beside
    what they correct."""
    case = selectors.access_case(request.user, case_id, audit_action="case.timeline.view")
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    size = selectors.TIMELINE_PAGE
    skipped = (page - 1) * size
    shown, older = selectors.case_timeline_page(case, size, skipped)
    return render(
        request,
        "cases/timeline.html",
        {
            "case": case,
            "client": case.client,
            "timeline": shown,
            "page": page,
            "first": skipped + 1,
            "last": skipped + len(shown),
            "newer": page - 1 if page > 1 else None,
            "older": page + 1 if older else None,
        },
    )


@role_required("clinical")
def case_detail(request, case_id):
    case = selectors.access_case(request.user, case_id)
    return render(request, "cases/case_detail.html", _case_context(case))


@role_required("clinical")
def case_note(request, case_id):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    if request.method != "POST":
        return redirect("cases:detail", case_id=case.pk)
    form = NoteForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.case_record_event(
            actor=request.user, case=case, kind=events.NOTE, summary=data["summary"], occurred_at=data["occurred_at"]
        ),
        redirect_to=_case_url(case),
        message="Note added to the timeline.",
        draft=f"note-{case.pk}",
    )
    return done or render(request, "cases/case_detail.html", _case_context(case, note_form=form), status=400)


@role_required("clinical")
def case_risk_level(request, case_id):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    if request.method != "POST":
        return redirect("cases:detail", case_id=case.pk)
    form = RiskLevelForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.case_change_risk_level(actor=request.user, case=case, **data),
        redirect_to=_case_url(case),
        message="Risk level changed.",
        draft=f"risk-{case.pk}",
    )
    return done or render(request, "cases/case_detail.html", _case_context(case, risk_form=form), status=400)


@role_required("clinical")
def event_amend(request, case_id, event_id):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    event = selectors.access_event(request.user, event_id)
    if event.case_id != case.pk:
        return redirect("cases:detail", case_id=case.pk)
    form = AmendForm(request.POST or None, initial={"correction": event.summary})
    done = form_post(
        request,
        form,
        lambda data: services.event_amend(actor=request.user, event=event, **data),
        redirect_to=_case_url(case),
        message="Correction added; the original entry stays on the record.",
        draft=f"amend-{event.pk}",
    )
    return done or render(request, "cases/event_amend.html", {"form": form, "case": case, "event": event})


@role_required("clinical")
def case_close(request, case_id):
    case = selectors.access_case(request.user, case_id, audit_action=None)
    form = CloseCaseForm(request.POST or None, supervisor=request.user.is_supervisor)
    done = form_post(
        request,
        form,
        lambda data: services.case_close(actor=request.user, case=case, **data),
        redirect_to=_case_url(case),
        message=lambda closed: "The case is " + ("closed." if closed.status == "closed" else "being monitored."),
        draft=f"close-{case.pk}",
    )
    blockers = selectors.close_blockers(request.user, case)
    return done or render(request, "cases/case_close.html", {"form": form, "case": case, "blockers": blockers})


@role_required("clinical")
def report_risk(request, client_id):
    client = access_client(request.user, client_id)
    open_case = selectors.client_cases(client).exclude(status="closed").first()
    if open_case is not None:
        messages.info(request, "This client already has an open safety case; record what happened there.")
        return redirect("cases:detail", case_id=open_case.pk)
    form = ReportRiskForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.case_open(actor=request.user, client=client, **data),
        redirect_to=_after_report,
        message=lambda case: (
            "Safety case opened at imminent risk: act from the crisis console."
            if case.risk_level == RiskLevel.IMMINENT
            else "Safety case opened. Work through the steps below."
        ),
        draft=f"report-risk-{client.pk}",
    )
    return done or render(request, "cases/report_risk.html", {"form": form, "client": client})


def _case_url(case) -> str:
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def _after_report(case) -> str:
    """Imminent risk lands on the crisis console (where the emergency steps are recorded), else the case page."""
    if case.risk_level == RiskLevel.IMMINENT:
        page = step_page([{"kind": "emergency_call"}], case)
        if page is not None:
            return page[1]
    return _case_url(case)


@role_required("clinical")
@require_POST
def case_location(request, case_id):
    """Where the client is now: edited on the crisis console and the case page; each change on the timeline."""
    case = selectors.access_case(request.user, case_id, audit_action=None)
    form = LocationForm(request.POST)
    back = safe_next(request, _case_url(case))
    done = form_post(
        request,
        form,
        lambda d: services.case_set_location(actor=request.user, case=case, location=d["location"]),
        redirect_to=back,
        message="The client's location is saved.",
    )
    if done:
        return done
    messages.error(request, "Write where the client is now.")
    return redirect(back)


# --- Panels this app adds to the client page ---------------------------------------------------------------------


def client_actions_panel(request, client) -> dict:
    return {"client": client, "open_case": selectors.client_cases(client).exclude(status="closed").first()}


def client_cases_panel(request, client) -> dict:
    return {"client": client, "cases": list(selectors.client_cases(client).select_related("opened_by")[:20])}


def urgent_order(item, now) -> tuple:
    """The urgent queue's order: highest risk first, then the longest overdue."""
    return (-RISK_RANK.get(item.risk_level, 0), item.due_at or now)


@role_required("supervisor")
def urgent_queue(request):
    """What is late across the practice, highest risk first and then the longest overdue: protocol steps past
    their time (the practice's own included), overdue follow-ups and missed outreach, cases never assessed."""
    now = clock.now()
    items = sorted(
        extensions.urgent_items(request.user, now),
        key=lambda i: urgent_order(i, now),
    )
    rows = [{"item": i, "late": _lateness(now - i.due_at) if i.due_at else ""} for i in items]
    audit_record(actor=request.user, action="case.urgent_queue", detail={"items": len(rows)})
    return render(request, "cases/urgent.html", {"rows": rows, "now": now})


def _lateness(delta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} min late"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60:02d} min late"
    return f"{minutes // (24 * 60)} days late"
