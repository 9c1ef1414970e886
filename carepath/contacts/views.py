"""Posting a contact attempt (from the crisis console's contacts panel, or any page that shows the form)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from carepath.accounts.selectors import clinical_member_choices, member_of
from carepath.cases import selectors as case_selectors
from carepath.clients.selectors import support_contact_of
from carepath.core.panels import keep_form, page_renderer
from carepath.core.views import form_post, role_required, safe_next
from carepath.disclosures.selectors import disclosure_bases

from .forms import ContactAttemptForm
from .panels import STRAY, form_key
from .services import contact_attempt_record

NOT_THIS_CLIENTS_CONTACT = "That person is not a support contact of this client; nothing was recorded."


@role_required("clinical")
def attempt_record(request, case_id):
    case = case_selectors.access_case(request.user, case_id, audit_action=None)
    if request.method != "POST":
        return redirect(safe_next(request, reverse("cases:detail", kwargs={"case_id": case.pk})))
    contact_id = request.POST.get("contact_id", "")
    contact = support_contact_of(case.client, contact_id)
    bases = members = ()
    if contact is None or contact.consent_status() != "valid":
        bases, members = disclosure_bases(case), clinical_member_choices(case.organisation_id)
    choices = None
    if contact is None:
        choices = [(str(c.pk), str(c)) for c in case.client.support_contacts.filter(is_active=True)]
    form = ContactAttemptForm(
        request.POST, prefix_id="c0", bases=bases, members=members, actor=request.user, contacts=choices
    )
    back = safe_next(request, reverse("cases:detail", kwargs={"case_id": case.pk}))
    if contact is None:
        # The service refuses it too; saying so here keeps the message even when other fields are missing.
        form.add_error(None if "contact_id" in form.errors else "contact_id", NOT_THIS_CLIENTS_CONTACT)
    else:

        def save(data):
            return contact_attempt_record(
                actor=request.user,
                case=case,
                contact_id=data["contact_id"],
                result=data["result"],
                method=data["method"],
                shared=data["shared"],
                next_attempt_at=data["next_attempt_at"],
                occurred_at=data["occurred_at"],
                basis_id=data.get("basis_id") or "",
                recipient_type=data.get("recipient_type") or "family",
                authorised_by=member_of(case.organisation_id, data.get("authorised_by")),
                documentation=form.documentation(),
                idempotency_key=data["idempotency_key"],
            )

        done = form_post(
            request,
            form,
            save,
            redirect_to=back,
            message=f"Saved to the timeline: contact attempt with {contact.name}.",
            draft=f"console-{case.pk}-{contact_id}",
        )
        if done is not None:
            return done
    keep_form(request, form_key(contact.pk) if contact else STRAY, form)
    render_console = page_renderer("console")
    if render_console is not None:
        return render_console(request, case, status=400)
    return render(request, "contacts/attempt_form.html", {"case": case, "form": form, "back": back}, status=400)
