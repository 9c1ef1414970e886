"""The crisis console: one phone-sized page per safety case, and the posts its forms make."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carepath.accounts.models import Member
from carepath.cases import selectors as case_selectors
from carepath.contacts.services import contact_attempt_record
from carepath.core.errors import add_service_errors
from carepath.core.views import role_required, saved

from . import selectors
from .forms import ACTION_FIELDS, ContactAttemptForm, EmergencyActionForm
from .models import ActionKind
from .services import emergency_action_record

NOT_THIS_CLIENTS_CONTACT = "That person is not a support contact of this client; nothing was recorded."


def case_console_link(request, case):
    """Context of the case page's console button (a panel)."""
    return {"case": case} if case.is_open else None


def console_url(case) -> str:
    return reverse("emergency:console", kwargs={"case_id": case.pk})


def _members(case) -> list[tuple[str, str]]:
    members = Member.objects.filter(organisation_id=case.organisation_id, is_active=True).order_by("full_name")
    return [(str(m.pk), str(m)) for m in members if m.is_clinical]


def _action_form(kind, data, *, bound=None):
    if bound is not None and bound.kind == kind:
        return bound
    initial = {}
    if kind == ActionKind.EMERGENCY_CALL:
        initial["number_dialled"] = data["emergency_number"]
    if kind == ActionKind.CLIENT_CALLED_LINE and data["numbers"]["crisis_lines"]:
        initial["crisis_line"] = data["numbers"]["crisis_lines"][0]["name"]
    return EmergencyActionForm(kind=kind, initial=initial)


def _console_context(request, case, *, action_form=None, attempt_form=None, attempt_contact=None):
    data = selectors.console_data(case)
    members = None
    actions = [
        {"kind": kind, "label": ActionKind(kind).label, "form": _action_form(kind, data, bound=action_form)}
        for kind in ACTION_FIELDS
    ]
    for index, entry in enumerate(data["contacts"], 1):
        contact = entry["contact"]
        needs_basis = entry["consent"] != "valid"
        if needs_basis and members is None:
            members = _members(case)
        if attempt_form is not None and attempt_contact == str(contact.pk):
            entry["form"] = attempt_form
        else:
            entry["form"] = ContactAttemptForm(
                prefix_id=f"c{index}",
                initial={"contact_id": str(contact.pk)},
                bases=data["bases"] if needs_basis else (),
                members=members or (),
                actor=request.user,
            )
    stray = attempt_form if attempt_form is not None and attempt_contact is None else None
    return {
        **data,
        "actions": actions,
        "open_action": action_form.kind if action_form is not None else None,
        "open_contact": attempt_contact,
        "stray_attempt_form": stray,
        "console_url": console_url(case),
    }


def _render_console(request, case, status=200, **forms):
    return render(request, "emergency/console.html", _console_context(request, case, **forms), status=status)


def _done(request, case, message: str, draft_key: str, created: bool):
    saved(request, draft_key)
    messages.success(request, message if created else "This entry was already saved; it was not recorded twice.")
    if request.headers.get("Accept") == "application/json":
        # console.js sent it (perhaps from its offline queue); it reloads the console itself.
        return JsonResponse({"saved": True, "created": created, "console": console_url(case)})
    return redirect(console_url(case))


@role_required("clinical")
def console(request, case_id):
    case = case_selectors.access_case(request.user, case_id, audit_action="case.console")
    return _render_console(request, case)


@role_required("clinical")
def action_record(request, case_id, kind):
    case = case_selectors.access_case(request.user, case_id, audit_action=None)
    if request.method != "POST" or kind not in ACTION_FIELDS:
        return redirect(console_url(case))
    form = EmergencyActionForm(request.POST, kind=kind)
    if form.is_valid():
        key = form.cleaned_data["idempotency_key"]
        before = case.emergency_actions.filter(idempotency_key=key).exists()
        try:
            emergency_action_record(
                actor=request.user,
                case=case,
                kind=kind,
                occurred_at=form.cleaned_data["occurred_at"],
                idempotency_key=key,
                **form.service_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, _rename_errors(exc))
        except PermissionDenied:
            raise
        else:
            label = ActionKind(kind).label
            return _done(
                request, case, f"Saved to the timeline: {label.lower()}.", f"console-{case.pk}-{kind}", not before
            )
    return _render_console(request, case, status=400, action_form=form)


def _rename_errors(exc: ValidationError) -> ValidationError:
    """Service field names → the console form's names, so each message lands next to its field."""
    if not hasattr(exc, "error_dict"):
        return exc
    names = {"handed_over_to": "taken_over_by", "notes": "how_it_ended"}
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


@role_required("clinical")
def attempt_record(request, case_id):
    case = case_selectors.access_case(request.user, case_id, audit_action=None)
    if request.method != "POST":
        return redirect(console_url(case))
    contacts = {str(c.pk): c for c in case.client.support_contacts.all()}
    contact_id = request.POST.get("contact_id", "")
    contact = contacts.get(contact_id)
    bases = members = ()
    if contact is None or contact.consent_status() != "valid":
        bases = selectors.disclosure_bases(case)
        members = _members(case)
    form = ContactAttemptForm(
        request.POST,
        prefix_id="c0",
        bases=bases,
        members=members,
        actor=request.user,
        contacts=None if contact else [(k, str(c)) for k, c in contacts.items() if c.is_active],
    )
    if contact is None:
        # The service refuses it too; saying so here keeps the message even when other fields are missing.
        form.add_error(None if "contact_id" in form.errors else "contact_id", NOT_THIS_CLIENTS_CONTACT)
    elif form.is_valid():
        cleaned = form.cleaned_data
        key = cleaned["idempotency_key"]
        before = case.contact_attempts.filter(idempotency_key=key).exists()
        authorised_by = Member.objects.filter(
            pk=_uuid(cleaned.get("authorised_by")), organisation_id=case.organisation_id
        ).first()
        documentation = {
            k: cleaned[k] for k in ("medical_personnel", "affiliation", "nature_of_emergency") if k in cleaned
        }
        try:
            contact_attempt_record(
                actor=request.user,
                case=case,
                contact_id=cleaned["contact_id"],
                result=cleaned["result"],
                method=cleaned["method"],
                shared=cleaned["shared"],
                next_attempt_at=cleaned["next_attempt_at"],
                occurred_at=cleaned["occurred_at"],
                basis_id=cleaned.get("basis_id") or "",
                recipient_type=cleaned.get("recipient_type") or "family",
                authorised_by=authorised_by,
                documentation=documentation,
                idempotency_key=key,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            who = contact.name if contact else "the contact"
            return _done(
                request,
                case,
                f"Saved to the timeline: contact attempt with {who}.",
                f"console-{case.pk}-{contact_id}",
                not before,
            )
    return _render_console(
        request, case, status=400, attempt_form=form, attempt_contact=contact_id if contact else None
    )


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
