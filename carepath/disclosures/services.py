"""Recording a disclosure: confidentiality broken on a legal basis from the jurisdiction pack, on the timeline.

Other apps that tell someone about a client without consent (a contact attempt, a hand-over) check the
disclosure with `disclosure_check` before they write anything, and write it with `disclosure_write` in
their own transaction, so that the accounting of disclosures misses none.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carepath.accounts.models import Member
from carepath.cases.models import SafetyCase
from carepath.cases.records import Entry, Recorded, case_record_append
from carepath.cases.services import check_occurred_at
from carepath.clients.models import Authorisation, InformationCategory
from carepath.core import clock

from . import events
from .models import ClientInformed, Disclosure, RecipientType
from .selectors import AUTHORISATION_BASIS, accounting_rule, disclosure_bases


@dataclass(frozen=True)
class CheckedDisclosure:
    """A disclosure whose basis, documentation and people were checked; ready to write."""

    recipient: str
    recipient_type: str
    shared: str
    basis: dict
    documentation: dict
    authorised_by: Member
    recipient_contact: str = ""
    categories: tuple[str, ...] = ()
    purpose: str = ""
    authorisation: Authorisation | None = None
    accountable: bool = True
    accounting_note: str = ""
    client_informed: str = ""
    client_informed_at: dt.datetime | None = None
    client_not_informed_reason: str = ""


# What a disclosure made in a crisis flow (a call to a support contact, an emergency call) says when the clinician
# was not asked: its purpose by recipient.
DEFAULT_PURPOSES = {
    RecipientType.VICTIM: "To warn the person threatened",
    RecipientType.POLICE: "Emergency response: to protect the client or others",
    RecipientType.FAMILY: "To get the client help in a crisis",
    RecipientType.PROFESSIONAL: "Emergency care and treatment",
    RecipientType.COUNTY_OFFICIAL: "A report the law names",
    RecipientType.OTHER: "To protect the client or others",
}


def _authorisation_basis(case: SafetyCase, authorisation_id, categories, on_day) -> tuple[dict, Authorisation]:
    found = Authorisation.objects.filter(pk=authorisation_id, client_id=case.client_id).first()
    if found is None:
        raise ValidationError({"basis_id": "That authorisation is not this client's."})
    status = found.status(on_day)
    if status != "valid":
        word = {"revoked": "was revoked", "expired": "has expired", "not_yet": "was not signed yet"}[status]
        raise ValidationError(
            {"basis_id": f"The authorisation to share with {found.recipient_name} {word}: it cannot be the basis."}
        )
    outside = [c for c in categories if c not in found.categories]
    if outside:
        labels = ", ".join(InformationCategory(c).label.lower() for c in outside)
        raise ValidationError({"categories": f"The client did not authorise sharing: {labels}."})
    rule = accounting_rule(case.client.jurisdiction)
    basis = {
        "id": AUTHORISATION_BASIS,
        "title": "The client's written authorisation",
        "citation": f"Authorisation signed {found.signed_on:%d %b %Y}"
        + (f", expires {found.expires_on:%d %b %Y}" if found.expires_on else ""),
        "documentation": {},
        "recipient_types": [],
        "accounting": "exempt" if rule and rule.authorisation_exempt else None,
        "accounting_citation": rule.citation if rule and rule.authorisation_exempt else "",
    }
    return basis, found


def _check_basis(
    *, case: SafetyCase, basis_id: str, documentation: dict | None, recipient_type: str
) -> tuple[dict, dict]:
    """The chosen basis and its cleaned documentation, or a ValidationError naming what is missing."""
    bases = {b["id"]: b for b in disclosure_bases(case)}
    if not bases:
        raise ValidationError(
            {"basis_id": "The jurisdiction pack names no legal basis for this disclosure (unknown); get consent first."}
        )
    if not basis_id:
        raise ValidationError({"basis_id": "Choose the legal basis for telling this person without consent."})
    if basis_id not in bases:
        if case.client.sud_protected:
            raise ValidationError(
                {
                    "basis_id": "This client's records are protected substance-use records: only the medical-emergency "
                    "basis (or the client's own authorisation) can be used."
                }
            )
        raise ValidationError({"basis_id": "Choose one of the legal bases listed for this jurisdiction."})
    basis = bases[basis_id]
    allowed = basis.get("recipient_types") or []
    if allowed and recipient_type not in allowed:
        # The pack's emergency exception (42 CFR 2.51 in the US) allows disclosure to medical personnel only.
        kinds = ", ".join(RecipientType(t).label.lower() for t in allowed)
        raise ValidationError({"recipient_type": f"Under this basis only these may be told: {kinds}."})
    documentation = {k: (v or "").strip() for k, v in (documentation or {}).items() if k in basis["documentation"]}
    missing = {
        k: f"{label} is required for this basis."
        for k, label in basis["documentation"].items()
        if not documentation.get(k)
    }
    if missing:
        raise ValidationError(missing)
    return basis, documentation


def disclosure_check(
    *,
    actor,
    case: SafetyCase,
    recipient: str,
    recipient_type: str,
    shared: str,
    basis_id: str,
    authorised_by: Member | None = None,
    documentation: dict | None = None,
    recipient_contact: str = "",
    categories: list[str] | tuple[str, ...] = (),
    purpose: str = "",
    client_informed: str = ClientInformed.LATER,
    client_informed_at: dt.datetime | None = None,
    client_not_informed_reason: str = "",
    on_day: dt.date | None = None,
) -> CheckedDisclosure:
    """Check a disclosure before anything is written: recipient, what was shared, for what, who authorised it,
    its basis (a basis of the jurisdiction's pack, or the client's valid authorisation: "authorisation:<id>"),
    whether the client was told; and whether the accounting of disclosures lists it."""
    if recipient_type not in RecipientType.values:
        raise ValidationError({"recipient_type": "Say who the recipient is (victim, police, family, professional...)."})
    categories = tuple(dict.fromkeys(categories or (InformationCategory.RISK,)))
    unknown = [c for c in categories if c not in InformationCategory.values]
    if unknown:
        raise ValidationError({"categories": "Choose what kinds of information were disclosed."})
    if InformationCategory.OTHER in categories and not (shared or "").strip():
        raise ValidationError({"shared": "Describe the other information disclosed."})
    if client_informed not in ClientInformed.values:
        raise ValidationError({"client_informed": "Say whether the client was told of this disclosure."})
    reason = (client_not_informed_reason or "").strip()
    if client_informed == ClientInformed.NO and not reason:
        raise ValidationError({"client_not_informed_reason": "Say why the client is not told."})
    if client_informed == ClientInformed.YES and client_informed_at is None:
        client_informed_at = clock.now()
    authorised_by = authorised_by or actor
    if authorised_by.organisation_id != case.organisation_id or not authorised_by.is_clinical:
        raise ValidationError({"authorised_by": "The person authorising must be a clinician of this practice."})
    authorisation = None
    if (basis_id or "").startswith(AUTHORISATION_BASIS + ":"):
        basis, authorisation = _authorisation_basis(
            case, basis_id.split(":", 1)[1], categories, on_day or clock.today()
        )
        documentation = {}
    else:
        basis, documentation = _check_basis(
            case=case, basis_id=basis_id, documentation=documentation, recipient_type=recipient_type
        )
    exempt = basis.get("accounting") == "exempt"
    return CheckedDisclosure(
        recipient=(recipient or (authorisation.recipient_name if authorisation else "")).strip(),
        recipient_type=recipient_type,
        shared=(shared or "").strip(),
        basis=basis,
        documentation=documentation,
        authorised_by=authorised_by,
        recipient_contact=(recipient_contact or (authorisation.recipient_contact if authorisation else "")).strip(),
        categories=categories,
        purpose=(purpose or "").strip()[:300] or DEFAULT_PURPOSES.get(recipient_type, ""),
        authorisation=authorisation,
        accountable=not exempt,
        accounting_note=(
            f"Left out of the accounting: {basis.get('accounting_citation') or 'exempt'}" if exempt else ""
        ),
        client_informed=client_informed,
        client_informed_at=client_informed_at if client_informed == ClientInformed.YES else None,
        client_not_informed_reason=reason if client_informed == ClientInformed.NO else "",
    )


def _entry(case: SafetyCase, checked: CheckedDisclosure, occurred_at: dt.datetime) -> Entry:
    basis, who = checked.basis, checked.authorised_by
    labels = ", ".join(InformationCategory(c).label.lower() for c in checked.categories)
    what = f"{labels}" + (f" ({checked.shared.rstrip('.')})" if checked.shared else "")
    consent = "under the client's authorisation" if checked.authorisation else "without the client's consent"
    told = {
        ClientInformed.YES: "The client was told.",
        ClientInformed.LATER: "The client is to be told.",
        ClientInformed.NO: f"The client is not told: {checked.client_not_informed_reason}",
    }.get(checked.client_informed, "")
    summary = (
        f"Disclosed {consent} to {checked.recipient}, as {RecipientType(checked.recipient_type).label.lower()}: "
        f"{what}. Purpose: {checked.purpose}. Legal basis: {basis['citation']}. Authorised by {who}. {told}"
    ).strip()
    return Entry(
        kind=events.DISCLOSURE,
        summary=summary,
        occurred_at=occurred_at,
        details={
            "recipient": checked.recipient,
            "recipient_type": checked.recipient_type,
            "shared": checked.shared,
            "categories": list(checked.categories),
            "purpose": checked.purpose,
            "basis_id": basis["id"],
            "citation": basis["citation"],
            "authorisation": str(checked.authorisation.pk) if checked.authorisation else "",
            "authorised_by": str(who.pk),
            "authorised_by_name": str(who),
            "documentation": checked.documentation,
            "accountable": checked.accountable,
            "client_informed": checked.client_informed,
        },
        fields={
            "client_id": case.client_id,
            "recipient": checked.recipient,
            "recipient_type": checked.recipient_type,
            "recipient_contact": checked.recipient_contact,
            "shared": checked.shared,
            "categories": list(checked.categories),
            "purpose": checked.purpose,
            "basis_id": basis["id"],
            "basis_title": basis["title"],
            "basis_citation": basis["citation"],
            "documentation": checked.documentation,
            "authorised_by": who,
            "authorisation": checked.authorisation,
            "accountable": checked.accountable,
            "accounting_note": checked.accounting_note[:300],
            "client_informed": checked.client_informed,
            "client_informed_at": checked.client_informed_at,
            "client_not_informed_reason": checked.client_not_informed_reason,
        },
        audit_action="disclosure.record",
        audit_detail={"basis": basis["id"], "recipient_type": checked.recipient_type},
    )


def disclosure_write(*, actor, case: SafetyCase, checked: CheckedDisclosure, occurred_at: dt.datetime) -> Disclosure:
    """Write a checked disclosure (its row, timeline event and audit entry) inside the caller's transaction."""

    return case_record_append(
        actor=actor, case=case, model=Disclosure, prepare=lambda: _entry(case, checked, occurred_at)
    ).record


@transaction.atomic
def disclosure_record(
    *,
    actor,
    case: SafetyCase,
    recipient: str,
    recipient_type: str,
    shared: str = "",
    basis_id: str,
    authorised_by=None,
    documentation: dict | None = None,
    occurred_at: dt.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
    recipient_contact: str = "",
    categories: list[str] | tuple[str, ...] = (),
    purpose: str = "",
    client_informed: str = "",
    client_informed_at: dt.datetime | None = None,
    client_not_informed_reason: str = "",
) -> Recorded[Disclosure]:
    """Record that information about the client was disclosed (a warning to the person threatened, a report to
    police, telling a family member), with what, for what purpose, its legal basis, who authorised it and whether
    the client was told; a `disclosure` timeline event, and an entry of the accounting when the rule asks."""

    def prepare() -> Entry:
        errors = {}
        if not (recipient or "").strip() and not (basis_id or "").startswith(AUTHORISATION_BASIS + ":"):
            errors["recipient"] = "Name the person or service who was told."
        if not categories:
            errors["categories"] = "Choose what kinds of information were disclosed (only what serves the purpose)."
        if not (purpose or "").strip():
            errors["purpose"] = "Write the purpose of the disclosure."
        if not client_informed:
            errors["client_informed"] = "Say whether the client was told of this disclosure."
        if errors:
            raise ValidationError(errors)
        when = check_occurred_at(occurred_at, case)
        checked = disclosure_check(
            actor=actor,
            case=case,
            recipient=recipient,
            recipient_type=recipient_type,
            shared=shared,
            basis_id=basis_id,
            authorised_by=authorised_by,
            documentation=documentation,
            recipient_contact=recipient_contact,
            categories=categories,
            purpose=purpose,
            client_informed=client_informed,
            client_informed_at=client_informed_at,
            client_not_informed_reason=client_not_informed_reason,
            on_day=timezone.localtime(when, case.organisation.zone).date(),
        )
        return _entry(case, checked, when)

    return case_record_append(
        actor=actor, case=case, model=Disclosure, prepare=prepare, idempotency_key=idempotency_key
    )
