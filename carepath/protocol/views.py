"""Pages of the protocol: the case checklist panel, its forms, and the organisation's policy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carepath.cases.selectors import access_case
from carepath.core.errors import add_service_errors
from carepath.core.views import role_required, saved
from carepath.jurisdictions.selectors import guidance

from . import selectors, services
from .forms import POLICY_EXAMPLE, PolicyForm, StepDoneForm, StepNotApplicableForm
from .rules import STAGE_LABELS, STAGES, rules


def case_protocol_panel(request, case):
    """Context of the checklist panel on the case page: two queries whatever the number of steps."""
    steps, stored = selectors.case_steps(case)
    statuses = selectors.case_step_statuses(case, steps, since=stored.computed_at if stored else None)
    by_stage = {stage: [] for stage in STAGES}
    for status in statuses:
        by_stage[status.step.stage].append(status)
    return {
        "case": case,
        "stages": [(STAGE_LABELS[stage], items) for stage, items in by_stage.items() if items],
        "stored": stored,
        "outstanding_required": sum(1 for s in statuses if s.step.required and s.state == "outstanding"),
        "guidance": guidance(case.jurisdiction_code),
        "client": case.client,
        "rules_reviewed": rules().reviewed,
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
    if form.is_valid():
        try:
            services.protocol_step_not_applicable(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved(request, f"na-{case.pk}-{form.cleaned_data['step_id']}")
            messages.success(request, "Recorded: the step does not apply, with your reason.")
            return redirect(reverse("cases:detail", args=[case.pk]) + "#protocol")
    return _step_page(request, case, form, "not_applicable")


@role_required("clinical")
@require_POST
def step_done(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = StepDoneForm(request.POST)
    if form.is_valid():
        try:
            services.protocol_step_done(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved(request, f"done-{case.pk}-{form.cleaned_data['step_id']}")
            messages.success(request, "Step recorded as done on the timeline.")
            return redirect(reverse("cases:detail", args=[case.pk]) + "#protocol")
    return _step_page(request, case, form, "done")


@role_required("admin")
def policy(request):
    """The organisation's protocol policy: its versions, and a form saving a new one."""
    current = selectors.current_policy(request.user.organisation_id)
    initial = {"text": current.text if current else POLICY_EXAMPLE}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.protocol_policy_save(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved(request, "protocol-policy")
            messages.success(request, f"Saved as version {version.version}; cases use it from their next computation.")
            return redirect("protocol:policy")
    context = {
        "form": form,
        "current": current,
        "versions": selectors.policy_versions(request.user.organisation_id),
        "rules": rules(),
    }
    return render(request, "protocol/policy.html", context, status=400 if form.errors else 200)
