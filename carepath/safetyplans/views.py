"""Pages of the safety plan: writing it with the client (saved as it is typed), finalising, versions and what
changed, the client's copy (page and PDF, in their language), sharing, links, and confirming safer-surroundings
steps. Panels on the case page and the crisis console show the current plan."""

from __future__ import annotations

import json
import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from carepath.audit.services import audit_record
from carepath.clients.access import access_client
from carepath.clients.selectors import support_contact_of
from carepath.core.views import form_post, role_required, saved

from . import pdf, sections, selectors, services
from .forms import CounselForm, FinaliseForm, MeansConfirmForm, ShareForm
from .models import MeansStep, PlanLink


def _jurisdiction_numbers(client) -> dict:
    from carepath.jurisdictions.selectors import resolved_jurisdiction

    j = resolved_jurisdiction(client.jurisdiction)
    if j is None:
        return {}
    emergency = j.emergency
    return {
        "crisis_lines": [line.model_dump() for line in (j.crisis_lines or [])],
        "emergency": None
        if emergency is None
        else {"status": emergency.status, "numbers": [{"number": n} for n in emergency.numbers]},
    }


def _plan(request, client_id, *, audit_action="safety_plan.view"):
    client = access_client(request.user, client_id, audit_action=None)
    prefill = services.prefilled_draft(
        client, _jurisdiction_numbers(client), list(client.care_team.filter(is_active=True).select_related("member"))
    )
    plan = services.plan_get_or_create(actor=request.user, client=client, prefill=prefill)
    if audit_action:
        audit_record(actor=request.user, action=audit_action, obj=plan, client_id=client.pk)
    return client, plan


def plan_url(client) -> str:
    return reverse("safetyplans:edit", kwargs={"client_id": client.pk})


def _entries_from_post(post) -> dict:
    """The plain form (no JavaScript): fields named <section>-<n>-<field>, one block of entries per section."""
    draft = sections.empty_plan()
    for section in sections.SECTIONS:
        count = int(post.get(f"{section.id}-count", "0") or 0)
        for index in range(min(count, services.MAX_ENTRIES + 3)):
            entry = {"id": post.get(f"{section.id}-{index}-id") or str(uuid.uuid4())}
            for f in section.fields:
                entry[f.name] = post.get(f"{section.id}-{index}-{f.name}", "")
            draft["sections"][section.id].append(entry)
    draft["kept_at"] = post.get("kept_at", "")
    draft["environment_reason"] = post.get("environment_reason", "")
    return draft


def _edit_context(request, client, plan, **extra) -> dict:
    draft = plan.draft or sections.empty_plan()
    content, phone_errors = services.checked_content(draft, client)
    case = services.open_case_of(client)
    blocks = []
    for section in sections.SECTIONS:
        entries = list(draft.get("sections", {}).get(section.id, []))
        rows = entries + [{"id": ""}]  # one empty row to write in (Add another makes more)
        cells = [
            {
                "id": row.get("id", ""),
                "fields": [
                    {
                        "field": f,
                        "value": row.get(f.name, ""),
                        "error": phone_errors.get(f"{section.id}.{index}.{f.name}", "") if index < len(entries) else "",
                    }
                    for f in section.fields
                ],
            }
            for index, row in enumerate(rows)
        ]
        blocks.append({"section": section, "rows": cells, "count": len(rows), "single": len(section.fields) == 1})
    return {
        "client": client,
        "plan": plan,
        "case": case,
        "blocks": blocks,
        "draft": draft,
        "warnings": selectors.completeness(content, client),
        "phone_errors": phone_errors,
        "current": selectors.current_version(plan),
        "versions": selectors.versions(plan),
        "readers": selectors.readers(client),
        "finalise_form": extra.pop("finalise_form", None) or FinaliseForm(initial={"revision": plan.draft_revision}),
        "high_risk": bool(case and case.risk_level in ("high", "imminent")),
        "credit": sections.METHOD_CREDIT,
        **extra,
    }


@role_required("clinical")
def edit(request, client_id):
    """The page the clinician and client write the plan on together."""
    client, plan = _plan(request, client_id)
    if request.method == "POST":  # the plain form, without JavaScript
        try:
            services.plan_draft_save(
                actor=request.user,
                plan=plan,
                draft=_entries_from_post(request.POST),
                base_revision=int(request.POST.get("revision") or 0),
            )
        except (ValidationError, ValueError) as exc:
            messages_text = " ".join(getattr(exc, "messages", [str(exc)]))
            return render(
                request, "safetyplans/edit.html", _edit_context(request, client, plan, error=messages_text), status=400
            )
        saved(request, f"plan-{plan.pk}")
        return redirect(plan_url(client))
    return render(request, "safetyplans/edit.html", _edit_context(request, client, plan))


@role_required("clinical")
@require_POST
def draft(request, client_id):
    """Autosave (JSON, from editor.js): {revision, draft, base}. A stale revision is merged and its conflicts said."""
    client, plan = _plan(request, client_id, audit_action=None)
    try:
        body = json.loads(request.body or b"{}")
        done = services.plan_draft_save(
            actor=request.user,
            plan=plan,
            draft=body.get("draft"),
            base_revision=int(body.get("revision", -1)),
            base=body.get("base"),
        )
    except (ValueError, TypeError):
        return JsonResponse(
            {"saved": False, "error": "The draft could not be read; it is kept on this device."}, status=400
        )
    except ValidationError as exc:
        return JsonResponse({"saved": False, "error": " ".join(exc.messages)}, status=400)
    content, phone_errors = services.checked_content(done.plan.draft, client)
    return JsonResponse(
        {
            "saved": True,
            "revision": done.revision,
            "merged": done.merged,
            "conflicts": done.conflicts,
            "draft": done.plan.draft,
            "warnings": [str(w) for w in selectors.completeness(content, client)],
            "phone_errors": phone_errors,
            "saved_by": str(request.user),
        }
    )


@role_required("clinical")
@require_POST
def finalise(request, client_id):
    client, plan = _plan(request, client_id, audit_action=None)
    form = FinaliseForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.plan_finalise(
            actor=request.user,
            plan=plan,
            base_revision=data["revision"],
            environment_reason=data["environment_reason"] or None,
        ),
        redirect_to=lambda recorded: (
            reverse("safetyplans:copy", kwargs={"client_id": client.pk}) + f"?version={recorded.record.number}"
        ),
        message=lambda recorded: (
            f"Safety plan version {recorded.record.number} is finalised; here is the client's copy."
        ),
        draft=f"plan-finalise-{plan.pk}",
    )
    return done or render(
        request, "safetyplans/edit.html", _edit_context(request, client, plan, finalise_form=form), status=400
    )


@role_required("clinical")
def versions(request, client_id):
    """Every finalised version, and what changed between any two."""
    client, plan = _plan(request, client_id)
    all_versions = selectors.versions(plan)
    by_number = {v.number: v for v in all_versions}
    a, b = _number(request.GET.get("from")), _number(request.GET.get("to"))
    if all_versions and (a is None or b is None):
        b = all_versions[0].number
        a = all_versions[1].number if len(all_versions) > 1 else b
    older, newer = by_number.get(a), by_number.get(b)
    diff = selectors.changes(older.content, newer.content) if older and newer else []
    context = {"client": client, "plan": plan, "versions": all_versions, "older": older, "newer": newer, "diff": diff}
    return render(request, "safetyplans/versions.html", context)


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _copy_context(version, language: str, *, client, link: bool = False) -> dict:
    content = version.content
    rows = []
    for section in sections.SECTIONS:
        entries = content.get("sections", {}).get(section.id, [])
        rows.append({"section": section, "entries": entries})
    from .phones import region_of, tel_target

    region = region_of(client.jurisdiction)
    for row in rows:
        for entry in row["entries"]:
            if entry.get("phone"):
                entry["tel"] = "tel:" + tel_target(entry["phone"], region)
            if entry.get("means"):
                entry["means_label"] = dict(sections.MEANS).get(entry["means"], entry["means"])
    return {
        "client": client,
        "version": version,
        "rows": rows,
        "kept_at": content.get("kept_at", ""),
        "language": language,
        "credit": sections.METHOD_CREDIT,
        "readers": selectors.readers(client),
        "by_link": link,
    }


def _language(request, client) -> str:
    wanted = request.GET.get("lang") or services.plan_language(client)
    return wanted if wanted in services.SUPPORTED_LANGUAGES else "en"


def _version_asked(request, plan):
    number = _number(request.GET.get("version"))
    version = plan.versions.filter(number=number).first() if number else selectors.current_version(plan)
    if version is None:
        raise Http404("No finalised version of this plan yet.")
    return version


@role_required("clinical")
def copy(request, client_id):
    """The client's copy, as a page for their phone or for printing, in their language."""
    client, plan = _plan(request, client_id, audit_action=None)
    version = _version_asked(request, plan)
    language = _language(request, client)
    audit_record(actor=request.user, action="safety_plan.copy_view", obj=version, client_id=client.pk)
    with translation.override(language):
        context = _copy_context(version, language, client=client)
        context["share_form"] = ShareForm(client=client)
        context["links"] = list(plan.links.filter(revoked_at__isnull=True).order_by("-created_at"))
        return render(request, "safetyplans/copy.html", context)


@role_required("clinical")
def copy_pdf(request, client_id):
    """The client's copy as a PDF of one or two pages; every download is audited."""
    client, plan = _plan(request, client_id, audit_action=None)
    version = _version_asked(request, plan)
    language = _language(request, client)
    data = pdf.plan_pdf(version, client=client, language=language)
    audit_record(
        actor=request.user,
        action="safety_plan.pdf",
        obj=version,
        client_id=client.pk,
        detail={"version": version.number, "language": language},
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="safety-plan-v{version.number}-{language}.pdf"'
    return response


@role_required("clinical")
@require_POST
def share(request, client_id):
    client, plan = _plan(request, client_id, audit_action=None)
    version = _version_asked(request, plan)
    form = ShareForm(request.POST, client=client)
    back = reverse("safetyplans:copy", kwargs={"client_id": client.pk}) + f"?version={version.number}"
    done = form_post(
        request,
        form,
        lambda data: services.plan_share_record(
            actor=request.user,
            version=version,
            contact=support_contact_of(client, data["contact"]),
            how=data["how"],
        ),
        redirect_to=back,
        message=lambda shared: f"Recorded: {shared.record.contact.name} received version {version.number}.",
    )
    if done:
        return done
    with translation.override(_language(request, client)):
        context = _copy_context(version, _language(request, client), client=client)
        context["share_form"] = form
        context["links"] = list(plan.links.filter(revoked_at__isnull=True))
        return render(request, "safetyplans/copy.html", context, status=400)


@role_required("clinical")
@require_POST
def link_create(request, client_id):
    client, plan = _plan(request, client_id, audit_action=None)
    try:
        token = services.plan_link_create(actor=request.user, plan=plan)
    except ValidationError as exc:
        return render(request, "safetyplans/link.html", {"client": client, "error": " ".join(exc.messages)}, status=400)
    url = request.build_absolute_uri(reverse("safetyplan_link:open", kwargs={"token": token}))
    return render(request, "safetyplans/link.html", {"client": client, "url": url})


@role_required("clinical")
@require_POST
def link_revoke(request, client_id, link_id):
    client, plan = _plan(request, client_id, audit_action=None)
    link = PlanLink.objects.filter(pk=link_id, plan=plan).first()
    if link is None:
        raise Http404("No such link.")
    services.plan_link_revoke(actor=request.user, link=link)
    return redirect(reverse("safetyplans:copy", kwargs={"client_id": client.pk}))


def link_open(request, token):
    """The client's link: only their current plan, no sign-in; every opening is audited."""
    version = services.plan_link_open(token=token, ip=request.META.get("REMOTE_ADDR"))
    if version is None:
        return render(request, "safetyplans/link_gone.html", status=404)
    client = version.plan.client
    language = request.GET.get("lang") or services.plan_language(client)
    language = language if language in services.SUPPORTED_LANGUAGES else "en"
    with translation.override(language):
        context = _copy_context(version, language, client=client, link=True)
        response = render(request, "safetyplans/copy.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@role_required("clinical")
@require_POST
def means_confirm(request, client_id, step_id):
    client = access_client(request.user, client_id, audit_action=None)
    step = MeansStep.objects.filter(pk=step_id, client=client).first()
    if step is None:
        raise Http404("No such step.")
    form = MeansConfirmForm(request.POST)
    back = reverse("cases:detail", kwargs={"case_id": step.case_id}) + "#safety-plan"
    done = form_post(
        request,
        form,
        lambda data: services.means_step_confirm(
            actor=request.user, step=step, done=data["done"] == "yes", how=data["how"]
        ),
        redirect_to=back,
        message="Recorded on the timeline.",
        draft=f"means-{step.pk}",
    )
    return done or render(
        request, "safetyplans/means_confirm.html", {"client": client, "step": step, "form": form}, status=400
    )


# ---------------------------------------------------------------- panels


def case_panel(request, case) -> dict | None:
    if not getattr(request.user, "is_clinical", False):
        return None
    plan = selectors.plan_of(case.client)
    version = selectors.current_version(plan)
    steps = selectors.means_steps(case)
    return {
        "case": case,
        "client": case.client,
        "plan": plan,
        "version": version,
        "steps": steps,
        "open_steps": [s for s in steps if s.status == "agreed"],
        "confirm_forms": {
            s.pk: MeansConfirmForm(auto_id=f"id_m{str(s.pk)[:8]}_%s") for s in steps if s.status == "agreed"
        },
        "has_draft": bool(
            plan and plan.draft_revision and (not version or plan.draft_updated_at > version.recorded_at)
        ),
    }


def console_panel(request, case) -> dict | None:
    """On the crisis console: the current plan's warning signs, the people to call and the environment steps."""
    plan = selectors.plan_of(case.client)
    version = selectors.current_version(plan)
    if version is None:
        return {"case": case, "client": case.client, "version": None}
    content = version.content.get("sections", {})
    return {
        "case": case,
        "client": case.client,
        "version": version,
        "warning_signs": content.get("warning_signs", []),
        "people": content.get("help", []) + content.get("distraction", []),
        "environment": content.get("environment", []),
        "open_steps": selectors.open_means_steps(case),
    }


@role_required("clinical")
def counsel(request, case_id):
    """Lethal-means counselling: firearms, medicines and other means, what was agreed, by whom, by when."""
    from carepath.cases.selectors import access_case
    from carepath.clients.selectors import active_support_contacts
    from carepath.jurisdictions.selectors import resolved_jurisdiction

    case = access_case(request.user, case_id, audit_action=None)
    contacts = active_support_contacts(case.client)
    form = CounselForm(request.POST or None, contacts=contacts)

    def save(data):
        answers = []
        for means, _label in form.means:
            contact = (
                support_contact_of(case.client, data.get(f"{means}_holder_contact"))
                if data.get(f"{means}_holder_contact")
                else None
            )
            answers.append(
                services.MeansAnswer(
                    means=means,
                    access=data[f"{means}_access"],
                    action=data[f"{means}_action"],
                    holder=data[f"{means}_holder"],
                    holder_contact=contact,
                    by_when=data[f"{means}_by_when"],
                    confirmed_how=data[f"{means}_confirmed"],
                )
            )
        return services.lethal_means_counsel(actor=request.user, case=case, answers=answers, note=data["note"])

    done = form_post(
        request,
        form,
        save,
        redirect_to=reverse("cases:detail", kwargs={"case_id": case.pk}) + "#safety-plan",
        message="Lethal-means counselling recorded; what was agreed is in the plan's draft and waits for confirmation.",
        draft=f"counsel-{case.pk}",
    )
    jurisdiction = resolved_jurisdiction(case.jurisdiction_code)
    context = {
        "case": case,
        "client": case.client,
        "form": form,
        "erpo": jurisdiction.extreme_risk_order if jurisdiction else None,
        "jurisdiction_name": jurisdiction.name if jurisdiction else case.jurisdiction_code,
        "firearm_flag": "firearm_access" in (case.client.flags or []),
    }
    return done or render(request, "safetyplans/counsel.html", context, status=400 if request.method == "POST" else 200)
