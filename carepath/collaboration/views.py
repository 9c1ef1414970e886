"""The case's collaboration page (consultations, supervisor review, referrals, hand-over summaries, team notes),
the hand-over summary's page and PDF, and the case page's panel."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carepath.accounts.selectors import clinical_member_choices
from carepath.audit.services import audit_record
from carepath.cases.selectors import access_case
from carepath.core.views import form_post, role_required
from carepath.disclosures.selectors import AUTHORISATION_BASIS, disclosure_bases, valid_authorisations

from . import handover, selectors, services
from .forms import AnswerForm, ConsultationForm, HandoverForm, NoteForm, ReferralForm, ReferralUpdateForm, ReviewForm
from .models import ConsultationRequest, Handover, HandoverSection, Referral


def _url(case, anchor: str = "") -> str:
    return reverse("collaboration:case", kwargs={"case_id": case.pk}) + (f"#{anchor}" if anchor else "")


def _basis_choices(case) -> list[tuple[str, str]]:
    choices = [(b["id"], f"{b['title']} ({b['citation']})") for b in disclosure_bases(case)]
    choices += [
        (f"{AUTHORISATION_BASIS}:{a.pk}", f"The client's authorisation to share with {a.recipient_name}")
        for a in valid_authorisations(case.client)
    ]
    return choices


def _forms(request, case, referrals, bound: dict | None = None) -> dict:
    members = clinical_member_choices(case.organisation_id)
    others = [(k, v) for k, v in members if k != str(request.user.pk)]
    bound = bound or {}
    return {
        "consult_form": bound.get("consult") or ConsultationForm(members=others),
        "review_form": bound.get("review") or ReviewForm(),
        "referral_form": bound.get("referral") or ReferralForm(),
        "handover_form": bound.get("handover")
        or HandoverForm(sections=handover.available_sections(), bases=_basis_choices(case)),
        "note_form": bound.get("note") or NoteForm(members=others),
        "answer_forms": {
            c.pk: (bound.get(f"answer-{c.pk}") or AnswerForm(prefix=f"a{c.pk.hex[:8]}"))
            for c in selectors.pending_for(request.user, case)
        },
        "update_forms": {
            r.pk: bound.get(f"update-{r.pk}") or ReferralUpdateForm(prefix=f"r{r.pk.hex[:8]}") for r in referrals
        },
    }


def _page(request, case, bound: dict | None = None, status: int = 200):
    data = selectors.case_collaboration(case)
    context = {"case": case, "client": case.client, **data, **_forms(request, case, data["referrals"], bound)}
    return render(request, "collaboration/page.html", context, status=status)


@role_required("clinical")
def case_page(request, case_id):
    case = access_case(request.user, case_id)
    return _page(request, case)


def _post(request, case, key: str, form, save, anchor: str, message: str):
    done = form_post(request, form, save, redirect_to=_url(case, anchor), message=message)
    return done or _page(request, case, {key: form}, status=400)


@require_POST
@role_required("clinical")
def consult(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    members = [(k, v) for k, v in clinical_member_choices(case.organisation_id) if k != str(request.user.pk)]
    form = ConsultationForm(request.POST, members=members)
    return _post(
        request,
        case,
        "consult",
        form,
        lambda d: services.consultation_request(
            actor=request.user, case=case, to_member_id=d["to_member"], urgency=d["urgency"], question=d["question"]
        ),
        "consultations",
        "Consultation requested: they are notified.",
    )


@require_POST
@role_required("clinical")
def answer(request, case_id, request_id):
    case = access_case(request.user, case_id, audit_action=None)
    consultation = get_object_or_404(ConsultationRequest, pk=request_id, case=case)
    form = AnswerForm(request.POST, prefix=f"a{consultation.pk.hex[:8]}")
    return _post(
        request,
        case,
        f"answer-{consultation.pk}",
        form,
        lambda d: services.consultation_answer(actor=request.user, request=consultation, answer=d["answer"]),
        "consultations",
        "Answer recorded on the timeline.",
    )


@require_POST
@role_required("supervisor")
def review(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = ReviewForm(request.POST)
    return _post(
        request,
        case,
        "review",
        form,
        lambda d: services.supervisor_review(actor=request.user, case=case, agreed=d["agreed"]),
        "review",
        "Supervisor review recorded.",
    )


@require_POST
@role_required("clinical")
def referral(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = ReferralForm(request.POST)
    return _post(
        request,
        case,
        "referral",
        form,
        lambda d: services.referral_send(actor=request.user, case=case, **d),
        "referrals",
        "Referral recorded; a follow-up will remind you to chase it.",
    )


@require_POST
@role_required("clinical")
def referral_status(request, case_id, referral_id):
    case = access_case(request.user, case_id, audit_action=None)
    found = get_object_or_404(Referral, pk=referral_id, case=case)
    form = ReferralUpdateForm(request.POST, prefix=f"r{found.pk.hex[:8]}")
    return _post(
        request,
        case,
        f"update-{found.pk}",
        form,
        lambda d: services.referral_update(actor=request.user, referral=found, status=d["status"], note=d["note"]),
        "referrals",
        "Referral updated.",
    )


@require_POST
@role_required("clinical")
def handover_new(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = HandoverForm(request.POST, sections=handover.available_sections(), bases=_basis_choices(case))
    done = form_post(
        request,
        form,
        lambda d: services.handover_issue(actor=request.user, case=case, **d),
        redirect_to=lambda h: reverse("collaboration:handover", kwargs={"case_id": case.pk, "handover_id": h.pk}),
        message="Hand-over summary issued.",
    )
    return done or _page(request, case, {"handover": form}, status=400)


def _handover(request, case_id, handover_id) -> tuple:
    case = access_case(request.user, case_id, audit_action=None)
    found = get_object_or_404(Handover.objects.select_related("actor", "case__client"), pk=handover_id, case=case)
    return case, found


@role_required("clinical")
def handover_page(request, case_id, handover_id):
    case, found = _handover(request, case_id, handover_id)
    audit_record(actor=request.user, action="collaboration.handover_view", obj=found, client_id=case.client_id)
    labels = dict(HandoverSection.choices)
    parts = [(labels.get(s, s), found.content.get(s, [])) for s in found.sections]
    return render(request, "collaboration/handover.html", {"case": case, "handover": found, "parts": parts})


@role_required("clinical")
def handover_pdf(request, case_id, handover_id):
    case, found = _handover(request, case_id, handover_id)
    audit_record(actor=request.user, action="collaboration.handover_pdf", obj=found, client_id=case.client_id)
    pdf = handover.as_pdf(found, organisation=case.organisation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handover-{found.occurred_at:%Y%m%d}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required("clinical")
def note(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    members = [(k, v) for k, v in clinical_member_choices(case.organisation_id) if k != str(request.user.pk)]
    form = NoteForm(request.POST, members=members)
    return _post(
        request,
        case,
        "note",
        form,
        lambda d: services.team_note(actor=request.user, case=case, text=d["text"], mention_ids=d["mentions"]),
        "notes",
        "Note added; anyone mentioned is notified.",
    )


def case_panel(request, case) -> dict:
    """The case page's collaboration panel: review status, open consultations and referrals, a link."""
    return {"case": case, **selectors.case_panel_summary(case)}


def dashboard_panel(request, obj):
    """Supervisors' dashboard: high and imminent cases awaiting a supervisor review."""

    member = request.user
    if not getattr(member, "is_supervisor", False):
        return None
    waiting, items = selectors.awaiting_review_items(member, DASHBOARD_REVIEWS)
    return {"awaiting": items, "waiting": waiting} if waiting else None


DASHBOARD_REVIEWS = 10  # the most urgent; the urgent queue lists them all
