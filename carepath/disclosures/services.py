"""Recording a disclosure: confidentiality broken on a legal basis from the jurisdiction pack, on the timeline."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from carepath.audit.services import audit_record
from carepath.cases.models import SafetyCase
from carepath.cases.services import case_append_event, check_occurred_at, require_case_access, require_case_open

from . import events
from .models import Disclosure, RecipientType
from .selectors import SUD_EMERGENCY_BASIS, disclosure_bases


def existing_by_key(model, key: uuid.UUID | None, case: SafetyCase):
    """The record already saved under this idempotency key (a retried submit), or None."""
    if key is None:
        return None
    found = model.objects.filter(idempotency_key=key).first()
    if found is not None and found.case_id != case.pk:
        raise ValidationError("This form was already used for another safety case; reload the page.")
    return found


def check_basis(
    *, case: SafetyCase, basis_id: str, documentation: dict | None, recipient_type: str = ""
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


def append_disclosure(
    *,
    actor,
    case: SafetyCase,
    recipient: str,
    recipient_type: str,
    shared: str,
    basis: dict,
    documentation: dict,
    authorised_by,
    occurred_at: dt.datetime,
    idempotency_key: uuid.UUID | None = None,
) -> Disclosure:
    """Write a checked disclosure and its timeline event; callers have checked access, basis and input."""
    summary = (
        f"Disclosed without the client's consent to {recipient}, as {RecipientType(recipient_type).label.lower()}: "
        f"{shared.rstrip('.')}. Legal basis: {basis['citation']}. Authorised by {authorised_by}."
    )
    details = {
        "recipient": recipient,
        "recipient_type": recipient_type,
        "shared": shared,
        "basis_id": basis["id"],
        "citation": basis["citation"],
        "authorised_by": str(authorised_by.pk),
        "authorised_by_name": str(authorised_by),
        "documentation": documentation,
    }
    event = case_append_event(
        actor=actor, case=case, kind=events.DISCLOSURE, summary=summary, details=details, occurred_at=occurred_at
    )
    disclosure = Disclosure.objects.create(
        organisation_id=case.organisation_id,
        client_id=case.client_id,
        case=case,
        recipient=recipient,
        recipient_type=recipient_type,
        shared=shared,
        basis_id=basis["id"],
        basis_title=basis["title"],
        basis_citation=basis["citation"],
        documentation=documentation,
        authorised_by=authorised_by,
        recorded_by=actor,
        occurred_at=occurred_at,
        recorded_at=event.recorded_at,
        event=event,
        idempotency_key=idempotency_key,
    )
    audit_record(
        actor=actor,
        action="disclosure.record",
        obj=disclosure,
        client_id=case.client_id,
        detail={"basis": basis["id"], "recipient_type": recipient_type},
    )
    return disclosure


def clean_disclosure_people(*, actor, case: SafetyCase, recipient_type: str, authorised_by) -> object:
    if recipient_type not in RecipientType.values:
        raise ValidationError({"recipient_type": "Say who the recipient is (victim, police, family, professional...)."})
    authorised_by = authorised_by or actor
    if authorised_by.organisation_id != case.organisation_id or not authorised_by.is_clinical:
        raise ValidationError({"authorised_by": "The person authorising must be a clinician of this practice."})
    return authorised_by


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
) -> Disclosure:
    """Record that confidential information was disclosed, with its legal basis; a `disclosure` timeline event."""
    require_case_access(actor, case)
    existing = existing_by_key(Disclosure, idempotency_key, case)
    if existing is not None:
        return existing
    require_case_open(case)
    errors = {}
    if not (recipient or "").strip():
        errors["recipient"] = "Name the person or service who was told."
    if not (shared or "").strip():
        errors["shared"] = "Write what was disclosed."
    if errors:
        raise ValidationError(errors)
    authorised_by = clean_disclosure_people(
        actor=actor, case=case, recipient_type=recipient_type, authorised_by=authorised_by
    )
    basis, documentation = check_basis(
        case=case, basis_id=basis_id, documentation=documentation, recipient_type=recipient_type
    )
    occurred_at = check_occurred_at(occurred_at, case)
    try:
        with transaction.atomic():
            return append_disclosure(
                actor=actor,
                case=case,
                recipient=recipient.strip(),
                recipient_type=recipient_type,
                shared=shared.strip(),
                basis=basis,
                documentation=documentation,
                authorised_by=authorised_by,
                occurred_at=occurred_at,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # Two deliveries of the same offline submit raced; the first one won.
        existing = existing_by_key(Disclosure, idempotency_key, case)
        if existing is None:
            raise
        return existing
