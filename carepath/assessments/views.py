"""Assessment pages: fill in an instrument (with draft and live preview), the result, acting on it, the policy."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from carepath.cases.models import CaseStatus, SafetyCase
from carepath.cases.selectors import access_case
from carepath.clients.access import access_client
from carepath.core.views import form_post, role_required, saved

from . import riskpolicy, selectors, services
from .definitions import INSTRUMENT_IDS, load
from .forms import JudgementForm, OpenCaseForm, PolicyForm, WhenForm, answers_from_post, encode, item_rows
from .models import Assessment
from .scoring import OTHER_PREFIX, AnswerError, score


def _definition_or_404(instrument: str):
    if instrument not in INSTRUMENT_IDS:
        raise Http404("No such instrument.")
    return load(instrument)


def _prompted_by(request, client) -> Assessment | None:
    raw = request.POST.get("prompted_by") or request.GET.get("prompted_by")
    if not raw:
        return None
    try:
        pk = uuid.UUID(raw)
    except ValueError:
        return None
    return Assessment.objects.filter(pk=pk, client=client, instrument="phq9", status="final").first()


def _plain(definition, item_id: str, message: str) -> str:
    """An answer error in the clinician's words: the question's number and text, never an internal item id."""
    import re

    numbers = {item.id: index for index, item in enumerate(definition.items, 1)}

    def named(match):
        return f"question {numbers[match.group(0)]}" if match.group(0) in numbers else match.group(0)

    message = re.sub(r"\b[a-z][a-z0-9_]*\b", named, message)
    if message.startswith("required"):
        message = "please answer it" + message[len("required") :]
    if item_id and item_id not in numbers:  # a tampered post or a stale page: no question to name
        return f"The page sent an answer that {message}" if message.startswith("is ") else message
    if not item_id:
        return message[:1].upper() + message[1:]
    item = definition.items[numbers[item_id] - 1]
    text = item.text if len(item.text) <= 70 else item.text[:67] + "…"
    return f"Question {numbers[item_id]} (“{text}”): {message}"


def _split_errors(exc: ValidationError, item_ids: set[str]) -> tuple[dict[str, list[str]], list[str], dict]:
    """Service errors next to their question, the judgement fields, or at the top of the page."""
    item_errors: dict[str, list[str]] = {}
    top: list[str] = []
    field_errors: dict[str, list[str]] = {}
    if hasattr(exc, "error_dict"):
        for key, errs in exc.message_dict.items():
            if key in item_ids:
                item_errors[key] = errs
            elif key in ("final_level", "rationale", "occurred_at"):
                field_errors[key] = errs
            else:
                top += [f"{key}: {e}" for e in errs]
    else:
        top += exc.messages
    return item_errors, top, field_errors


def fill_for_client(request, client_id, instrument):
    return _fill(request, client_id=client_id, case_id=None, instrument=instrument)


def fill_for_case(request, case_id, instrument):
    return _fill(request, client_id=None, case_id=case_id, instrument=instrument)


@role_required("clinical")
def _fill(request, *, client_id, case_id, instrument):
    case: SafetyCase | None = None
    # Opening the form shows the client and any draft: that is a read of the record, so it is audited.
    audit_action = "assessment.form" if request.method == "GET" else None
    if case_id is not None:
        case = access_case(request.user, case_id, audit_action=audit_action)
        client = case.client
        if case.status == CaseStatus.CLOSED:
            case = None
    else:
        client = access_client(request.user, client_id, audit_action=audit_action)
    definition = _definition_or_404(instrument)
    is_formulation = definition.kind == "formulation"
    prompted_by = _prompted_by(request, client)
    draft = selectors.own_draft(request.user, client, instrument)
    answers = dict(draft.answers) if draft else {}
    item_errors: dict[str, list[str]] = {}
    top_errors: list[str] = []
    status = 200
    side_form = (WhenForm if is_formulation or instrument == "phq9" else JudgementForm)(request.POST or None)
    if request.method == "POST":
        status = 400
        try:
            answers = answers_from_post(definition, request.POST)
        except AnswerError as exc:
            top_errors.append(_plain(definition, exc.item, exc.message))
            answers = answers_from_post(definition, request.POST, strict=False)  # keep what was typed
        else:
            action = request.POST.get("action", "finalise")
            try:
                if action == "draft":
                    services.assessment_save_draft(
                        actor=request.user,
                        client=client,
                        instrument=instrument,
                        answers=answers,
                        case=case,
                        prompted_by=prompted_by,
                    )
                    messages.success(request, "Draft kept. You can come back to it from this page.")
                    return redirect(request.get_full_path())
                if side_form.is_valid():
                    assessment = services.assessment_finalise(
                        actor=request.user,
                        client=client,
                        instrument=instrument,
                        answers=answers,
                        case=case,
                        final_level=side_form.cleaned_data.get("final_level") or None,
                        rationale=side_form.cleaned_data.get("rationale") or "",
                        prompted_by=prompted_by,
                        occurred_at=side_form.cleaned_data.get("occurred_at"),
                    )
                    saved(request, f"assess-{client.pk}-{instrument}")
                    messages.success(request, "Assessment saved.")
                    return redirect("assessments:detail", assessment_id=assessment.pk)
                top_errors.append("Check the time and your judgement below.")
            except ValidationError as exc:
                item_errors, more, field_errors = _split_errors(exc, {i.id for i in definition.items})
                item_errors = {k: [_plain(definition, "", m) for m in v] for k, v in item_errors.items()}
                top_errors += more
                for field, errs in field_errors.items():
                    target = field if field in side_form.fields else None
                    for e in errs:
                        side_form.add_error(target, e)
                        if target is None:
                            top_errors.append(e)
            except PermissionDenied as exc:
                top_errors.append(str(exc))
    screen_level = services.latest_screen_level(client, case) if is_formulation else None
    context = {
        "client": client,
        "case": case,
        "definition": definition,
        "rows": item_rows(definition, answers, item_errors),
        "top_errors": top_errors,
        "side_form": side_form,
        "draft": draft,
        "prompted_by": prompted_by,
        "screen_level": screen_level,
        "is_formulation": is_formulation,
        "draft_key": f"assess-{client.pk}-{instrument}",
    }
    return render(request, "assessments/fill.html", context, status=status)


@role_required("clinical")
@require_POST
def preview(request, client_id, instrument):
    """Score the posted answers with the same pure function the save uses; nothing is stored."""
    client = access_client(request.user, client_id, audit_action=None)
    definition = _definition_or_404(instrument)
    try:
        answers = answers_from_post(definition, request.POST)
        if definition.kind == "formulation":
            open_case = client.cases.exclude(status=CaseStatus.CLOSED).first()
            answers["screen_level"] = services.latest_screen_level(client, open_case)
        result = score(instrument, answers)
    except AnswerError as exc:
        return JsonResponse({"ok": False, "item": exc.item, "message": exc.message}, status=400)
    level = riskpolicy.case_level(instrument, result)
    html = render_to_string(
        "assessments/_result_summary.html",
        {"result": result, "case_level": level, "instrument": instrument, "definition": definition},
        request=request,
    )
    return JsonResponse({"ok": True, "result": result, "case_level": level, "html": html})


def _answer_rows(definition, answers: dict) -> list[tuple[str, str]]:
    """Each question with its answer in words (option labels, not stored values)."""
    rows = []
    for item in definition.items:
        if item.id == "screen_level":
            continue
        value = answers.get(item.id)
        labels = {encode(o.value): o.label for o in item.options}
        if value is None or value == []:
            shown = "not asked or not answered"
        elif item.type == "multi_choice":
            shown = "; ".join(labels.get(v, v.removeprefix(OTHER_PREFIX).strip()) for v in value)
        elif item.type == "text":
            shown = str(value)
        else:
            shown = labels.get(encode(value), str(value))
        rows.append((item.text, shown))
    return rows


def _detail_context(request, assessment: Assessment, open_case_form=None) -> dict:
    open_case = None
    if assessment.case is None:
        open_case = assessment.client.cases.exclude(status=CaseStatus.CLOSED).first()
    level = assessment.final_level
    positive = level in services.CASE_RISK_LEVELS
    offer_open = positive and assessment.case is None and open_case is None
    offer_update = (
        positive and assessment.case is not None and assessment.case.is_open and assessment.case.risk_level != level
    )
    return {
        "assessment": assessment,
        "client": assessment.client,
        "case": assessment.case,
        "definition": load(assessment.instrument),
        "result": assessment.result or {},
        "offer_open": offer_open,
        "offer_update": offer_update,
        "open_case_form": open_case_form
        or OpenCaseForm(initial={"concern": f"Positive screen. {services.describe(assessment)}"}),
        "prompted_screens": list(assessment.prompted_screens.filter(status="final")),
        "case_level": level,
        "answer_rows": _answer_rows(load(assessment.instrument), assessment.answers or {}),
    }


@role_required("clinical")
def detail(request, assessment_id):
    assessment = selectors.access_assessment(request.user, assessment_id)
    if not assessment.is_final:
        return redirect("assessments:fill_client", client_id=assessment.client_id, instrument=assessment.instrument)
    return render(request, "assessments/detail.html", _detail_context(request, assessment))


@role_required("clinical")
@require_POST
def open_case(request, assessment_id):
    assessment = selectors.access_assessment(request.user, assessment_id, audit_action=None)
    form = OpenCaseForm(request.POST)
    try:
        done = form_post(
            request,
            form,
            lambda data: services.assessment_open_case(
                actor=request.user, assessment=assessment, concern=data["concern"]
            ),
            redirect_to=lambda case: reverse("cases:detail", kwargs={"case_id": case.pk}),
            message="Safety case opened; the assessment is on its timeline.",
        )
    except PermissionDenied as exc:  # e.g. the client is no longer on the member's care team: say so on the form
        form.add_error(None, str(exc))
        done = None
    return done or render(request, "assessments/detail.html", _detail_context(request, assessment, form), status=400)


@role_required("clinical")
@require_POST
def update_risk(request, assessment_id):
    assessment = selectors.access_assessment(request.user, assessment_id, audit_action=None)
    try:
        case = services.assessment_update_case_risk(actor=request.user, assessment=assessment)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("assessments:detail", assessment_id=assessment.pk)
    messages.success(request, "The case's risk level now follows this assessment.")
    return redirect("cases:detail", case_id=case.pk)


@role_required("admin", "supervisor")
def policy(request):
    intervals = selectors.organisation_intervals(request.user.organisation_id)
    initial = {
        "high_days": intervals.high_days,
        "moderate_days": intervals.moderate_days,
        "low_days": intervals.low_days,
        "imminent_hours": intervals.imminent_hours,
    }
    form = PolicyForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.assessment_policy_update(actor=request.user, **data),
        redirect_to="assessments:policy",
        message="Reassessment intervals saved.",
        draft="assessment-policy",
    )
    if done:
        return done
    context = {
        "form": form,
        "intervals": intervals,
        "defaults": riskpolicy.default_intervals(),
        "source": riskpolicy.policy().reassessment_source,
        "reviewed": riskpolicy.policy().reviewed,
    }
    return render(request, "assessments/policy.html", context, status=400 if form.errors else 200)
