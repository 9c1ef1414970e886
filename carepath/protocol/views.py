"""Pages of the protocol: the case checklist panel, its forms, and the organisation's policy."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carepath.cases.kit import step_page
from carepath.cases.selectors import access_case
from carepath.cases.vocabulary import STAGE_LABELS, STAGES
from carepath.clients.selectors import active_support_contacts, designated_person_caution
from carepath.core.views import form_post, role_required
from carepath.jurisdictions.selectors import guidance

from . import selectors, services
from .forms import POLICY_EXAMPLE, PolicyForm, StepDoneForm, StepNotApplicableForm
from .rules import rules


def case_protocol_panel(request, case):
    """Context of the checklist on the case page, built to act from: what is outstanding and required first
    (overdue first, then in the order of the steps), what is done as one line each, the legal facts after.
    A constant number of queries whatever the number of steps."""
    steps, stored = selectors.case_steps(case)
    statuses, confirmations = selectors.case_checklist(case, steps, since=stored.computed_at if stored else None)
    stage_order = {stage: i for i, stage in enumerate(STAGES)}
    outstanding = sorted(
        (s for s in statuses if s.state == "outstanding"),
        key=lambda s: (not s.step.required, not s.overdue, stage_order[s.step.stage]),
    )
    contacts = active_support_contacts(case.client)
    # A step recorded on its own page (the decision on hospitalisation...) links there.
    pages = {s.step.id: step_page(s.step.done_by, case) for s in outstanding}
    tickable = {s.step.id for s in outstanding if services.step_can_be_ticked(s.step, case)}
    return {
        "case": case,
        "pages": pages,
        "tickable": tickable,
        "outstanding": outstanding,
        "next_step": outstanding[0] if outstanding and case.is_open else None,
        "done": [s for s in statuses if s.state == "done"],
        "not_applicable": [s for s in statuses if s.state == "not_applicable"],
        "stage_labels": STAGE_LABELS,
        "stored": stored,
        "outstanding_required": sum(1 for s in statuses if s.step.required and s.state == "outstanding"),
        "guidance": guidance(case.jurisdiction_code),
        "client": case.client,
        "minority": case.client.minority,
        "designated": contacts[0] if contacts else None,
        "caution": designated_person_caution(case.client, case.at_risk),
        "rules_reviewed": rules().reviewed,
        "closing": None if case.is_open else case.events.filter(kind="case_closed").order_by("-recorded_at").first(),
        "confirmations": confirmations,
    }


def _step_page(request, case, form, action: str, status: int = 400):
    steps, _stored = selectors.case_steps(case)
    step = next((s for s in steps if s.id == form.data.get("step_id")), None)
    context = {"case": case, "form": form, "step": step, "action": action}
    return render(request, "protocol/step_form.html", context, status=status)


@role_required("clinical")
@require_POST
def step_not_applicable(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = StepNotApplicableForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.protocol_step_not_applicable(actor=request.user, case=case, **data),
        redirect_to=_checklist(case),
        message="Recorded: the step does not apply, with your reason.",
        draft=f"na-{case.pk}-{request.POST.get('step_id', '')}",
    )
    return done or _step_page(request, case, form, "not_applicable")


@role_required("clinical")
@require_POST
def step_done(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = StepDoneForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.protocol_step_done(actor=request.user, case=case, **data),
        redirect_to=_checklist(case),
        message="Step recorded as done on the timeline.",
        draft=f"done-{case.pk}-{request.POST.get('step_id', '')}",
    )
    return done or _step_page(request, case, form, "done")


@require_POST
@role_required("supervisor")
def consultation_confirm(request, case_id, event_id):
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import get_object_or_404, redirect

    from carepath.cases.models import TimelineEvent

    case = access_case(request.user, case_id, audit_action=None)
    event = get_object_or_404(TimelineEvent, pk=event_id, case=case)
    try:
        services.consultation_confirm(actor=request.user, event=event, note=request.POST.get("note", ""))
        messages.success(request, "Consultation confirmed on the timeline.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_checklist(case))


def _checklist(case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#protocol"


@role_required("admin", "supervisor")
def policy(request):
    """The organisation's protocol policy: its versions, and a form saving a new one."""
    current = selectors.current_policy(request.user.organisation_id)
    initial = {"text": current.text if current else POLICY_EXAMPLE}
    form = PolicyForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.protocol_policy_save(actor=request.user, **data),
        redirect_to="protocol:policy",
        message=lambda v: f"Saved as version {v.version}; cases use it from their next computation.",
        draft="protocol-policy",
    )
    if done:
        return done
    context = {
        "form": form,
        "current": current,
        "versions": selectors.policy_versions(request.user.organisation_id),
        "rules": rules(),
    }
    return render(request, "protocol/policy.html", context, status=400 if form.errors else 200)
