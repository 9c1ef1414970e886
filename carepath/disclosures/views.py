"""Recording a disclosure from the case page or the crisis console; the client's accounting of disclosures (page,
PDF, CSV); the supervisor's list of every disclosure of the practice (with CSV)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from carepath.accounts.selectors import clinical_member_choices, member_of
from carepath.audit.services import audit_record
from carepath.cases.selectors import access_case
from carepath.clients.access import access_client
from carepath.core.views import form_post, role_required, safe_next

from . import accounting as accounting_out
from . import selectors, services
from .forms import PURPOSES, AccountingForm, DisclosureForm, FilterForm
from .models import RecipientType


def _form(request, case, data=None) -> DisclosureForm:
    return DisclosureForm(
        data,
        bases=selectors.disclosure_bases(case),
        authorisations=selectors.valid_authorisations(case.client),
        members=clinical_member_choices(case.organisation_id),
        actor=request.user,
    )


@role_required("clinical")
def disclosure_record(request, case_id):
    case = access_case(request.user, case_id, audit_action=None)
    form = _form(request, case, request.POST or None)
    if request.method == "GET" and request.GET.get("recipient_type") in RecipientType.values:
        form.initial["recipient_type"] = request.GET["recipient_type"]
    back = safe_next(request, reverse("cases:detail", kwargs={"case_id": case.pk}))

    def save(data):
        return services.disclosure_record(
            actor=request.user,
            case=case,
            recipient=data["recipient"],
            recipient_type=data["recipient_type"],
            recipient_contact=data["recipient_contact"],
            categories=data["categories"],
            shared=data["shared"],
            purpose=data["purpose"],
            basis_id=data["basis_id"],
            authorised_by=member_of(case.organisation_id, data["authorised_by"]),
            documentation=form.documentation(),
            client_informed=data["client_informed"],
            client_not_informed_reason=data["client_not_informed_reason"],
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
    context = {
        "case": case,
        "client": case.client,
        "form": form,
        "back": back,
        "purposes": PURPOSES,
        "minors": selectors.minors_rules(case),
        **selectors.disclosure_facts(case),
    }
    return done or render(request, "disclosures/record.html", context, status=400 if request.method == "POST" else 200)


def case_panel(request, case) -> dict | None:
    if not getattr(request.user, "is_clinical", False):
        return None
    return {"case": case, "disclosures": selectors.case_disclosures(case), "back": safe_next(request, request.path)}


def console_panel(request, case) -> dict | None:
    """On the crisis console: warn the person threatened or tell someone, in two taps."""
    if not getattr(request.user, "is_clinical", False) or not case.is_open:
        return None
    return {"case": case, "others_at_risk": case.at_risk != "self", "back": request.path}


# ---------------------------------------------------------------- the accounting of disclosures


@role_required("clinical")
def accounting(request, client_id):
    """The client's accounting of disclosures over a period: a page to print, or its PDF or CSV."""
    client = access_client(request.user, client_id, audit_action=None)
    rule = selectors.accounting_rule(client.jurisdiction)
    form = AccountingForm(request.GET or None, period_years=(rule.period_years if rule else 6) or 6)
    if not form.is_bound:
        form = AccountingForm(
            {"start": form.fields["start"].initial, "end": form.fields["end"].initial},
            period_years=(rule.period_years if rule else 6) or 6,
        )
    context = {"client": client, "form": form, "rule": rule, "rows": [], "left_out": []}
    if not form.is_valid():
        return render(request, "disclosures/accounting.html", context, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    rows, left_out = selectors.accounting(client, start, end)
    fmt = request.GET.get("format", "html")
    audit_record(
        actor=request.user,
        action="disclosure.accounting",
        obj=client,
        client_id=client.pk,
        detail={"format": fmt if fmt in ("pdf", "csv") else "html", "rows": len(rows)},
    )
    zone = client.organisation.zone
    name = f"accounting-of-disclosures-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "pdf":
        data = accounting_out.as_pdf(
            rows,
            client=client,
            organisation=client.organisation,
            start=start,
            end=end,
            rule=rule,
            produced_by=request.user,
        )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    if fmt == "csv":
        response = HttpResponse(accounting_out.as_csv(rows, zone), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    context.update({"rows": rows, "left_out": left_out, "start": start, "end": end})
    return render(request, "disclosures/accounting.html", context)


# ---------------------------------------------------------------- the supervisor's view


@role_required("supervisor")
def practice_disclosures(request):
    """Every disclosure of the practice, filtered by period, basis, recipient type and member; CSV export."""
    member = request.user
    found = selectors.organisation_disclosures(member)
    bases = sorted({(d.basis_id, d.basis_title or d.basis_id) for d in found})
    form = FilterForm(request.GET or None, bases=bases, members=clinical_member_choices(member.organisation_id))
    filters = form.cleaned_data if form.is_valid() else {}
    rows = list(
        selectors.organisation_disclosures(
            member,
            start=filters.get("start"),
            end=filters.get("end"),
            basis_id=filters.get("basis_id", ""),
            recipient_type=filters.get("recipient_type", ""),
            member_id=filters.get("member_id", ""),
        )[:500]
    )
    audit_record(actor=member, action="disclosure.practice_list", obj=member.organisation, detail={"rows": len(rows)})
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "date",
                "client",
                "recipient",
                "recipient_type",
                "categories",
                "purpose",
                "basis",
                "accounted",
                "authorised_by",
                "recorded_by",
            ]
        )
        zone = member.organisation.zone
        for d in rows:
            writer.writerow(
                [
                    d.occurred_at.astimezone(zone).isoformat(timespec="minutes"),
                    d.client.display_name,
                    d.recipient,
                    d.recipient_type,
                    " ".join(d.categories or []),
                    d.purpose,
                    d.basis_citation,
                    "yes" if d.accountable else "no",
                    d.authorised_by,
                    d.actor,
                ]
            )
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="disclosures.csv"'
        return response
    return render(request, "disclosures/practice.html", {"form": form, "rows": rows, "query": request.GET.urlencode()})
