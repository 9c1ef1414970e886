"""The crisis console: one phone-sized page per safety case, and the emergency actions logged from it.

Other apps add their part of the console as panels ("console" page: the support contacts, disclosures);
when one of their forms is refused, they draw the console again through `render_console`.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from carepath.cases import selectors as case_selectors
from carepath.core.views import form_post, role_required
from carepath.disclosures.selectors import disclosure_bases

from . import selectors
from .forms import ACTION_FIELDS, CallOutcomeForm, EmergencyActionForm
from .models import ActionKind
from .services import emergency_action_record

# Service field names → the console form's names, so each message lands next to its field.
FORM_NAMES = {"handed_over_to": "taken_over_by", "notes": "how_it_ended"}


def case_console_link(request, case):
    """Context of the case page's console button (a panel)."""
    return {"case": case} if case.is_open else None


def console_url(case) -> str:
    return reverse("emergency:console", kwargs={"case_id": case.pk})


def _is_outcome_of(form, call) -> bool:
    return isinstance(form, CallOutcomeForm) and str(form.data.get("call_id")) == str(call.pk)


def _action_form(kind, data, *, bound=None, bases=()):
    if isinstance(bound, EmergencyActionForm) and bound.kind == kind:
        return bound
    initial = {}
    if kind == ActionKind.EMERGENCY_CALL:
        initial["number_dialled"] = data["emergency_number"]
    if kind == ActionKind.CLIENT_CALLED_LINE and data["numbers"]["crisis_lines"]:
        initial["crisis_line"] = data["numbers"]["crisis_lines"][0]["name"]
    return EmergencyActionForm(kind=kind, initial=initial, bases=bases)


def _language_name(code: str) -> str:
    from django.utils.translation import get_language_info

    try:
        info = get_language_info((code or "en").split("-")[0])
        return f"{info['name']} ({code})"
    except KeyError:
        return code or "unknown"


def render_console(request, case, status=200, action_form=None):
    data = selectors.console_data(case)
    outcome_forms = [
        (call, action_form if _is_outcome_of(action_form, call) else CallOutcomeForm(call=call))
        for call in data["awaiting_outcome"]
    ]
    bases = disclosure_bases(case)
    actions = [
        {
            "kind": kind,
            "label": ActionKind(kind).label,
            "form": _action_form(kind, data, bound=action_form, bases=bases),
        }
        for kind in ACTION_FIELDS
    ]
    context = {
        **data,
        "outcome_forms": outcome_forms,
        "actions": actions,
        "open_action": action_form.kind if isinstance(action_form, EmergencyActionForm) else None,
        "console_url": console_url(case),
        "language_name": _language_name(case.client.preferred_language),
    }
    return render(request, "emergency/console.html", context, status=status)


@role_required("clinical")
def console(request, case_id):
    case = case_selectors.access_case(request.user, case_id, audit_action="case.console")
    return render_console(request, case)


@role_required("clinical")
def action_record(request, case_id, kind):
    case = case_selectors.access_case(request.user, case_id, audit_action=None)
    if request.method != "POST" or (kind not in ACTION_FIELDS and kind != ActionKind.CALL_OUTCOME):
        return redirect(console_url(case))
    if kind == ActionKind.CALL_OUTCOME:
        form = CallOutcomeForm(request.POST)
    else:
        form = EmergencyActionForm(request.POST, kind=kind, bases=disclosure_bases(case))

    def save(data):
        return emergency_action_record(
            actor=request.user,
            case=case,
            kind=kind,
            occurred_at=data["occurred_at"],
            idempotency_key=data["idempotency_key"],
            call_id=data.get("call_id"),
            shared=data.get("shared", ""),
            basis_id=data.get("basis_id", ""),
            **form.service_fields(),
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=console_url(case),
        message=f"Saved to the timeline: {ActionKind(kind).label.lower()}.",
        draft=f"console-{case.pk}-{kind}",
        rename=FORM_NAMES,
    )
    return done or render_console(request, case, status=400, action_form=form)


def offline_worker(request):
    """The service worker that keeps the last copy of each console page for reloading it offline (12 hours)."""
    from django.contrib.staticfiles import finders
    from django.http import HttpResponse

    path = finders.find("emergency/console-offline.js")
    with open(path, encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
