"""The support-contacts panel of the crisis console: each contact with consent, attempts and a form to log one."""

from __future__ import annotations

from carepath.accounts.selectors import clinical_member_choices
from carepath.clients.selectors import designated_person_caution
from carepath.core.panels import kept_form
from carepath.core.views import safe_next
from carepath.disclosures.selectors import disclosure_bases

from .forms import ContactAttemptForm
from .selectors import support_contacts

STRAY = "contact-attempt-stray"  # a submit that named no contact of this client


def form_key(contact_id) -> str:
    return f"contact-attempt-{contact_id}"


def console_contacts(request, case) -> dict:
    entries = support_contacts(case)
    bases = members = None
    open_contact = None
    for index, entry in enumerate(entries, 1):
        contact = entry["contact"]
        needs_basis = entry["consent"] != "valid"
        if needs_basis and bases is None:
            bases, members = disclosure_bases(case), clinical_member_choices(case.organisation_id)
        bound = kept_form(request, form_key(contact.pk))
        if bound is not None:
            entry["form"], open_contact = bound, str(contact.pk)
        else:
            entry["form"] = ContactAttemptForm(
                prefix_id=f"c{index}",
                initial={"contact_id": str(contact.pk)},
                bases=(bases or ()) if needs_basis else (),
                members=members or (),
                actor=request.user,
            )
    return {
        "case": case,
        "client": case.client,
        "contacts": entries,
        "caution": designated_person_caution(case.client, case.at_risk),
        "bases": bases if bases is not None else disclosure_bases(case),
        "open_contact": open_contact,
        "stray_attempt_form": kept_form(request, STRAY),
        # Where a saved attempt returns: this page, or (drawn again after a refused post) the page it came from.
        "back": safe_next(request, request.path),
    }
