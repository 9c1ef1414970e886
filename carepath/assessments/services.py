"""Every write to assessments: keep a draft, finalise with the pure scorer, act on a positive screen, set intervals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carepath.audit.services import audit_record
from carepath.cases.models import CaseStatus, RiskLevel, SafetyCase
from carepath.cases.services import case_append_event, case_change_risk_level, case_open
from carepath.clients.access import can_see_client
from carepath.clients.models import Client
from carepath.core import clock

from . import riskpolicy
from .definitions import INSTRUMENT_IDS, Definition, load
from .events import ASSESSMENT_RECORDED
from .models import Assessment, AssessmentStatus, OrganisationAssessmentPolicy
from .scoring import OTHER_PREFIX, AnswerError, _same, score

FUTURE_TOLERANCE = dt.timedelta(minutes=2)
SUICIDE_SCREENS = ("cssrs-screener", "cssrs-since-last-contact", "asq")
CASE_RISK_LEVELS = tuple(RiskLevel.values)


def _require_client_access(actor, client: Client) -> None:
    if not actor.is_clinical or client.organisation_id != actor.organisation_id or not can_see_client(actor, client):
        raise PermissionDenied("You are not on this client's care team.")


def _definition(instrument: str) -> Definition:
    if instrument not in INSTRUMENT_IDS:
        raise ValidationError({"instrument": f"Unknown instrument; choose one of {', '.join(INSTRUMENT_IDS)}."})
    return load(instrument)


def _answer_error(exc: AnswerError) -> ValidationError:
    # Keyed by item so that pages put the message next to the question it is about.
    return ValidationError({exc.item: exc.message})


def check_partial_answers(definition: Definition, answers: object) -> dict[str, Any]:
    """Refuse unknown items and values outside an item's options; missing answers are fine (a draft)."""
    if not isinstance(answers, Mapping):
        raise AnswerError("answers", "must be an object mapping item ids to answers")
    by_id = {i.id: i for i in definition.items}
    clean: dict[str, Any] = {}
    for key, value in answers.items():
        item = by_id.get(key)
        if item is None:
            raise AnswerError(str(key), f"unknown item for {definition.id}")
        if value is None:
            continue
        if item.type == "choice" and not any(_same(value, o.value) for o in item.options):
            raise AnswerError(item.id, "is not one of the listed answers")
        if item.type == "multi_choice":
            known = {o.value for o in item.options}
            if not isinstance(value, list) or any(
                not isinstance(v, str) or not (v in known or (item.allow_other and v.startswith(OTHER_PREFIX)))
                for v in value
            ):
                raise AnswerError(item.id, "lists a factor that is not on the form")
        if item.type == "text" and not isinstance(value, str):
            raise AnswerError(item.id, "must be text")
        clean[key] = value
    return clean


def _check_case(actor, client: Client, case: SafetyCase | None, at: dt.datetime | None = None) -> SafetyCase | None:
    if case is None:
        # An assessment of a client with an episode in progress belongs to that episode (if done after it opened).
        open_case = SafetyCase.objects.filter(client=client).exclude(status=CaseStatus.CLOSED).first()
        if open_case is not None and (at is None or open_case.opened_at <= at + FUTURE_TOLERANCE):
            return open_case
        return None
    if case.client_id != client.pk or case.organisation_id != actor.organisation_id:
        raise PermissionDenied("This safety case is not this client's.")
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This safety case is closed; record the assessment on the client instead.")
    return case


def check_occurred_at(occurred_at: dt.datetime | None) -> dt.datetime:
    now = clock.now()
    if occurred_at is None:
        return now
    if timezone.is_naive(occurred_at):
        raise ValidationError({"occurred_at": "Give the time with its time zone."})
    if occurred_at > now + FUTURE_TOLERANCE:
        raise ValidationError({"occurred_at": "This time is in the future; give the time the assessment was done."})
    return occurred_at


def _check_prompted_by(client: Client, instrument: str, prompted_by: Assessment | None) -> None:
    if prompted_by is None:
        return
    if instrument not in SUICIDE_SCREENS:
        raise ValidationError("Only a suicide-specific screen (C-SSRS or ASQ) answers a PHQ-9 item 9 prompt.")
    if prompted_by.client_id != client.pk or prompted_by.instrument != "phq9" or not prompted_by.item9_positive:
        raise ValidationError("The prompting assessment must be this client's PHQ-9 with item 9 positive.")


def _own_draft(actor, client: Client, instrument: str) -> Assessment | None:
    return (
        Assessment.objects.select_for_update()
        .filter(created_by=actor, client=client, instrument=instrument, status=AssessmentStatus.DRAFT)
        .order_by("-updated_at")
        .first()
    )


def latest_screen_level(client: Client, case: SafetyCase | None) -> str | None:
    """The computed level of the newest final suicide screen on the case (or the client, without a case)."""
    screens = Assessment.objects.filter(
        client=client, status=AssessmentStatus.FINAL, instrument__in=SUICIDE_SCREENS
    ).exclude(computed_level="")
    if case is not None:
        screens = screens.filter(case=case)
    latest = screens.order_by("-occurred_at", "-finalised_at").values_list("computed_level", flat=True).first()
    return latest or None


@transaction.atomic
def assessment_save_draft(
    *,
    actor,
    client: Client,
    instrument: str,
    answers: dict[str, Any],
    case: SafetyCase | None = None,
    prompted_by: Assessment | None = None,
) -> Assessment:
    """Keep a half-filled instrument on the server (one draft per clinician, client and instrument)."""
    _require_client_access(actor, client)
    definition = _definition(instrument)
    try:
        clean = check_partial_answers(definition, answers)
    except AnswerError as exc:
        raise _answer_error(exc)
    case = _check_case(actor, client, case)
    _check_prompted_by(client, instrument, prompted_by)
    now = clock.now()
    draft = _own_draft(actor, client, instrument)
    if draft is None:
        draft = Assessment(
            organisation_id=client.organisation_id,
            client=client,
            instrument=instrument,
            created_by=actor,
            created_at=now,
            occurred_at=now,
        )
    draft.case = case
    draft.definition_version = definition.version
    draft.answers = clean
    draft.prompted_by = prompted_by
    draft.updated_at = now
    draft.save()
    audit_record(actor=actor, action="assessment.draft", obj=draft, detail={"instrument": instrument})
    return draft


def describe(assessment: Assessment) -> str:
    """One line for timelines and lists: the instrument and what it found."""
    definition = load(assessment.instrument)
    result = assessment.result or {}
    if assessment.instrument == "phq9":
        text = f"{definition.title}: total {result.get('total')} ({result.get('severity_label', '').lower()})"
        if result.get("item9_positive"):
            text += "; item 9 positive: suicide-specific screen needed"
        return text
    text = f"{definition.title}: {result.get('level_label', '')}"
    if assessment.overridden:
        text += f"; clinician's level {assessment.final_level} (screen {assessment.computed_level})"
    if assessment.rationale:
        text += f". Rationale: {assessment.rationale}"
    return text


def _record_on_case(actor, assessment: Assessment, case: SafetyCase) -> None:
    case_append_event(
        actor=actor,
        case=case,
        kind=ASSESSMENT_RECORDED,
        summary=describe(assessment),
        details={
            "assessment": str(assessment.pk),
            "instrument": assessment.instrument,
            "computed_level": assessment.computed_level,
            "final_level": assessment.final_level,
            "total": assessment.total,
            "positive": bool((assessment.result or {}).get("positive")),
            "result": assessment.result,
            "url": reverse("assessments:detail", args=[assessment.pk]),
        },
        occurred_at=assessment.occurred_at,
    )


@transaction.atomic
def assessment_finalise(
    *,
    actor,
    client: Client,
    instrument: str,
    answers: dict[str, Any],
    case: SafetyCase | None = None,
    final_level: str | None = None,
    rationale: str = "",
    prompted_by: Assessment | None = None,
    occurred_at: dt.datetime | None = None,
) -> Assessment:
    """Score the answers with the pure scorer and keep the result; refuses bad answers and saves nothing then."""
    _require_client_access(actor, client)
    definition = _definition(instrument)
    occurred_at = check_occurred_at(occurred_at)
    case = _check_case(actor, client, case, occurred_at)
    _check_prompted_by(client, instrument, prompted_by)
    answers = dict(answers)
    rationale = (rationale or "").strip()
    if definition.kind == "formulation":
        # The screen to compare with is CarePath's to fill in, never the post's.
        answers["screen_level"] = latest_screen_level(client, case)
        if rationale and not answers.get("rationale"):
            answers["rationale"] = rationale
    try:
        result = score(instrument, answers)
    except AnswerError as exc:
        raise _answer_error(exc)
    if definition.kind == "formulation":
        computed = result["screen_level"] or ""
        final = result["risk_level"]
        rationale = result["rationale"] or ""
    else:
        computed = riskpolicy.case_level(instrument, result)
        final = computed
        if final_level:
            if not computed:
                raise ValidationError({"final_level": "The PHQ-9 does not set a suicide risk level; use the C-SSRS."})
            if final_level not in riskpolicy.CASE_LEVELS:
                raise ValidationError({"final_level": "Choose none, low, moderate, high or imminent."})
            final = final_level
        if final != computed and not rationale:
            raise ValidationError(
                {"rationale": f"Write why your level ({final}) differs from the screen's ({computed})."}
            )
    now = clock.now()
    assessment = _own_draft(actor, client, instrument) or Assessment(
        organisation_id=client.organisation_id, client=client, instrument=instrument, created_by=actor, created_at=now
    )
    assessment.case = case
    assessment.definition_version = definition.version
    assessment.answers = {k: v for k, v in answers.items() if k != "screen_level"}
    assessment.result = result
    assessment.computed_level = computed
    assessment.final_level = final
    assessment.rationale = rationale
    assessment.prompted_by = prompted_by
    assessment.status = AssessmentStatus.FINAL
    assessment.updated_at = now
    assessment.finalised_at = now
    assessment.occurred_at = occurred_at
    assessment.save()
    if case is not None:
        _record_on_case(actor, assessment, case)
    audit_record(
        actor=actor,
        action="assessment.finalise",
        obj=assessment,
        detail={"instrument": instrument},
    )
    return assessment


def _case_level_of(assessment: Assessment) -> str:
    level = assessment.final_level
    if not assessment.is_final or level not in CASE_RISK_LEVELS:
        raise ValidationError("This assessment does not point to a case risk level.")
    return level


@transaction.atomic
def assessment_open_case(*, actor, assessment: Assessment, concern: str = "") -> SafetyCase:
    """Open a safety case at the assessment's level for a client without one, and link the assessment to it."""
    _require_client_access(actor, assessment.client)
    level = _case_level_of(assessment)
    if assessment.case_id is not None:
        raise ValidationError("This assessment already belongs to a safety case.")
    concern = (concern or "").strip() or f"Positive screen. {describe(assessment)}"
    case = case_open(actor=actor, client=assessment.client, risk_level=level, concern=concern)
    assessment.case = case
    assessment.save(update_fields=["case"])
    _record_on_case(actor, assessment, case)
    audit_record(actor=actor, action="assessment.link_case", obj=assessment, detail={"case": str(case.pk)})
    return case


@transaction.atomic
def assessment_update_case_risk(*, actor, assessment: Assessment) -> SafetyCase:
    """Set the open case's risk level to the assessment's; the timeline entry links the assessment."""
    _require_client_access(actor, assessment.client)
    level = _case_level_of(assessment)
    case = assessment.case
    if case is None or case.status == CaseStatus.CLOSED:
        raise ValidationError("This assessment is not on an open safety case.")
    title = load(assessment.instrument).title
    reason = f"{title} of {timezone.localtime(assessment.occurred_at):%d %b %Y}: {level} risk"
    if assessment.rationale:
        reason += f" ({assessment.rationale})"
    return case_change_risk_level(
        actor=actor, case=case, risk_level=level, reason=reason, details={"assessment": str(assessment.pk)}
    )


POLICY_LIMITS = {"low_days": (1, 365), "moderate_days": (1, 365), "high_days": (1, 365), "imminent_hours": (1, 168)}


@transaction.atomic
def assessment_policy_update(
    *, actor, low_days: int, moderate_days: int, high_days: int, imminent_hours: int
) -> OrganisationAssessmentPolicy:
    """Set the organisation's reassessment intervals (admins and supervisors, as clinical leads)."""
    if not (actor.is_org_admin or actor.is_supervisor):
        raise PermissionDenied("Only an admin or a supervisor of the organisation sets the reassessment intervals.")
    values = {
        "low_days": low_days,
        "moderate_days": moderate_days,
        "high_days": high_days,
        "imminent_hours": imminent_hours,
    }
    errors = {}
    for name, value in values.items():
        low, high = POLICY_LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors[name] = f"Give a whole number from {low} to {high}."
    if not errors and not high_days <= moderate_days <= low_days:
        errors["high_days"] = "Higher risk needs reassessing at least as often: high ≤ moderate ≤ low."
    if errors:
        raise ValidationError(errors)
    policy, _ = OrganisationAssessmentPolicy.objects.update_or_create(
        organisation_id=actor.organisation_id,
        defaults={**values, "updated_by": actor, "updated_at": clock.now()},
    )
    audit_record(actor=actor, action="assessment_policy.update", obj=policy, detail=values)
    return policy
