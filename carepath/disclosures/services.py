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

from carepath.accounts.models import Member
from carepath.cases.models import SafetyCase
from carepath.cases.records import Entry, Recorded, case_record_append
from carepath.cases.services import check_occurred_at

from . import events
from .models import Disclosure, RecipientType
from .selectors import SUD_EMERGENCY_BASIS, disclosure_bases


@dataclass(frozen=True)
class CheckedDisclosure:
    """A disclosure whose basis, documentation and people were checked; ready to write."""

    recipient: str
    recipient_type: str
    shared: str
    basis: dict
    documentation: dict
    authorised_by: Member


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
                    "basis can be used."
                }
            )
        raise ValidationError({"basis_id": "Choose one of the legal bases listed for this jurisdiction."})
    basis = bases[basis_id]
    if basis_id == SUD_EMERGENCY_BASIS and recipient_type != RecipientType.PROFESSIONAL:
        # The pack's emergency exception (42 CFR 2.51 in the US) allows disclosure to medical personnel only.
        raise ValidationError(
            {"recipient_type": "Under the medical-emergency exception only medical personnel may be told."}
        )
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
) -> CheckedDisclosure:
    """Check a disclosure before anything is written: recipient, what was shared, who authorised it, its basis."""
    if recipient_type not in RecipientType.values:
        raise ValidationError({"recipient_type": "Say who the recipient is (victim, police, family, professional...)."})
    authorised_by = authorised_by or actor
    if authorised_by.organisation_id != case.organisation_id or not authorised_by.is_clinical:
        raise ValidationError({"authorised_by": "The person authorising must be a clinician of this practice."})
    basis, documentation = _check_basis(
        case=case, basis_id=basis_id, documentation=documentation, recipient_type=recipient_type
    )
    return CheckedDisclosure(
        recipient=(recipient or "").strip(),
        recipient_type=recipient_type,
        shared=(shared or "").strip(),
        basis=basis,
        documentation=documentation,
        authorised_by=authorised_by,
    )


def _entry(case: SafetyCase, checked: CheckedDisclosure, occurred_at: dt.datetime) -> Entry:
    basis, who = checked.basis, checked.authorised_by
    summary = (
        f"Disclosed without the client's consent to {checked.recipient}, as "
        f"{RecipientType(checked.recipient_type).label.lower()}: {checked.shared.rstrip('.')}. "
        f"Legal basis: {basis['citation']}. Authorised by {who}."
    )
    return Entry(
        kind=events.DISCLOSURE,
        summary=summary,
        occurred_at=occurred_at,
        details={
            "recipient": checked.recipient,
            "recipient_type": checked.recipient_type,
            "shared": checked.shared,
            "basis_id": basis["id"],
            "citation": basis["citation"],
            "authorised_by": str(who.pk),
            "authorised_by_name": str(who),
            "documentation": checked.documentation,
        },
        fields={
            "client_id": case.client_id,
            "recipient": checked.recipient,
            "recipient_type": checked.recipient_type,
            "shared": checked.shared,
            "basis_id": basis["id"],
            "basis_title": basis["title"],
            "basis_citation": basis["citation"],
            "documentation": checked.documentation,
            "authorised_by": who,
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
    shared: str,
    basis_id: str,
    authorised_by=None,
    documentation: dict | None = None,
    occurred_at: dt.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Recorded[Disclosure]:
    """Record that confidential information was disclosed, with its legal basis; a `disclosure` timeline event."""

    def prepare() -> Entry:
        errors = {}
        if not (recipient or "").strip():
            errors["recipient"] = "Name the person or service who was told."
        if not (shared or "").strip():
            errors["shared"] = "Write what was disclosed."
        if errors:
            raise ValidationError(errors)
        checked = disclosure_check(
            actor=actor,
            case=case,
            recipient=recipient,
            recipient_type=recipient_type,
            shared=shared,
            basis_id=basis_id,
            authorised_by=authorised_by,
            documentation=documentation,
        )
        return _entry(case, checked, check_occurred_at(occurred_at, case))

    return case_record_append(
        actor=actor, case=case, model=Disclosure, prepare=prepare, idempotency_key=idempotency_key
    )
