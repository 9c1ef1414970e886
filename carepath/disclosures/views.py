"""Recording a disclosure from the case page or the crisis console."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from carepath.accounts.selectors import clinical_member_choices, member_of
from carepath.cases.selectors import access_case
from carepath.core.views import form_post, role_required, safe_next

from . import selectors, services
from .forms import DisclosureForm


def _form(request, case, data=None) -> DisclosureForm:
    return DisclosureForm(
        data,
        bases=selectors.disclosure_bases(case),
        members=clinical_member_choices(case.organisation_id),
        actor=request.user,
    )


@role_required("clinical")
def disclosure_record(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = _form(request, case, request.POST or None)
    back = safe_next(request, reverse("cases:detail", kwargs={"case_id": case.pk}))

    def save(data):
        return services.disclosure_record(
            actor=request.user,
            case=case,
            recipient=data["recipient"],
            recipient_type=data["recipient_type"],
            shared=data["shared"],
            basis_id=data["basis_id"],
            authorised_by=member_of(case.organisation_id, data["authorised_by"]),
            documentation=form.documentation(),
            occurred_at=data["occurred_at"],
            idempotency_key=data["idempotency_key"],
        )

    done = form_post(
        request,
        form,
        save,
        redirect_to=back,
        message=lambda d: f"Saved to the timeline: disclosure to {d.record.recipient}.",
        draft=f"disclosure-{case.pk}",
    )
    context = {"case": case, "client": case.client, "form": form, "back": back, **selectors.disclosure_facts(case)}
    return done or render(request, "disclosures/record.html", context, status=400 if request.method == "POST" else 200)


def case_panel(request, case) -> dict | None:
    if not getattr(request.user, "is_clinical", False):
        return None
    return {"case": case, "disclosures": selectors.case_disclosures(case), "back": safe_next(request, request.path)}
