"""Every write to clients, support contacts, care teams and break-the-glass grants."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from carepath.audit.services import audit_record
from carepath.core import clock
from carepath.jurisdictions import packs

from . import documents, hooks
from .access import can_see_client
from .models import (
    AccessGrant,
    Authorisation,
    CareTeamMember,
    Client,
    ClientDocument,
    ClientFlag,
    DocumentKind,
    InformationCategory,
    OnCallShift,
    Responsibility,
    SupportContact,
)

BREAK_GLASS_HOURS = 12

CLIENT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "jurisdiction",
    "preferred_language",
    "time_zone",
    "phone",
    "address",
    "flags",
)
CONTACT_FIELDS = (
    "name",
    "relationship",
    "phone",
    "phone_alt",
    "email",
    "priority",
    "languages",
    "consent_given_on",
    "consent_scope",
    "consent_expires_on",
    "consent_revoked_on",
    "may_be_told",
    "lives_with_person_at_risk",
    "is_active",
)


def _require_clinical(actor) -> None:
    if not actor.is_clinical:
        raise PermissionDenied("Only clinicians and supervisors work with client records.")


def _require_client_access(actor, client: Client) -> None:
    _require_clinical(actor)
    if client.organisation_id != actor.organisation_id or not can_see_client(actor, client):
        raise PermissionDenied("You are not on this client's care team.")


def _clean_client(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    for required in ("given_name", "family_name", "date_of_birth", "jurisdiction"):
        if required in data and not data[required]:
            errors[required] = "This is required."
    dob = data.get("date_of_birth")
    if isinstance(dob, dt.date) and dob > clock.today():
        errors["date_of_birth"] = "The date of birth cannot be in the future."
    code = (data.get("jurisdiction") or "").strip().upper()
    if code:
        data["jurisdiction"] = code
        try:
            packs.get(code)
        except packs.UnknownJurisdiction as exc:  # its message suggests close matches
            errors["jurisdiction"] = str(exc)
    zone = (data.get("time_zone") or "").strip()
    if "time_zone" in data:
        data["time_zone"] = zone
    if zone:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = f"'{zone}' is not a time zone; write it as Region/City, e.g. America/Chicago."
    flags = data.get("flags")
    if flags is not None:
        unknown = [f for f in flags if f not in ClientFlag.values]
        if unknown:
            errors["flags"] = f"Unknown flag: {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def client_create(*, actor, **data: Any) -> Client:
    _require_clinical(actor)
    data = _clean_client({k: v for k, v in data.items() if k in CLIENT_FIELDS})
    client = Client.objects.create(organisation_id=actor.organisation_id, created_by=actor, **data)
    if actor.is_clinician:
        CareTeamMember.objects.create(
            client=client, member=actor, role="Primary clinician", responsibility=Responsibility.PRIMARY
        )
    audit_record(actor=actor, action="client.create", obj=client)
    return client


@transaction.atomic
def client_update(*, actor, client: Client, **data: Any) -> Client:
    _require_client_access(actor, client)
    data = _clean_client({k: v for k, v in data.items() if k in CLIENT_FIELDS})
    changed = sorted(k for k, v in data.items() if getattr(client, k) != v)
    for key, value in data.items():
        setattr(client, key, value)
    client.save()
    if changed:
        audit_record(actor=actor, action="client.update", obj=client, detail={"fields": changed})
        hooks.client_changed(actor, client, "client_updated", f"Updated: {', '.join(changed)}", {"fields": changed})
    return client


def _clean_contact(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if "name" in data and not data["name"]:
        errors["name"] = "Give the contact's name."
    if "relationship" in data and not data["relationship"]:
        errors["relationship"] = "Say how this person is related to the client."
    if not (data.get("phone") or data.get("phone_alt") or data.get("email")) and "phone" in data:
        errors["phone"] = "Give at least one way to reach this person (phone or email)."
    given, expires = data.get("consent_given_on"), data.get("consent_expires_on")
    if given and given > clock.today():
        errors["consent_given_on"] = "Consent cannot be given in the future."
    if given and expires and expires < given:
        errors["consent_expires_on"] = "Consent cannot expire before it was given."
    if data.get("consent_revoked_on") and data["consent_revoked_on"] > clock.today():
        errors["consent_revoked_on"] = "A revocation date cannot be in the future."
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def support_contact_create(*, actor, client: Client, **data: Any) -> SupportContact:
    _require_client_access(actor, client)
    data = _clean_contact({k: v for k, v in data.items() if k in CONTACT_FIELDS})
    contact = SupportContact.objects.create(client=client, **data)
    audit_record(actor=actor, action="support_contact.create", obj=contact)
    _sync_contact_authorisation(actor, contact)
    hooks.client_changed(
        actor,
        client,
        "support_contact_changed",
        f"Support contact added: {contact}",
        {"contact": str(contact.pk), "consent": contact.consent_status()},
    )
    return contact


@transaction.atomic
def support_contact_update(*, actor, contact: SupportContact, **data: Any) -> SupportContact:
    _require_client_access(actor, contact.client)
    data = _clean_contact({k: v for k, v in data.items() if k in CONTACT_FIELDS})
    changed = sorted(k for k, v in data.items() if getattr(contact, k) != v)
    for key, value in data.items():
        setattr(contact, key, value)
    contact.save()
    if changed:
        _sync_contact_authorisation(actor, contact)
    if changed:
        audit_record(actor=actor, action="support_contact.update", obj=contact, detail={"fields": changed})
        hooks.client_changed(
            actor,
            contact.client,
            "support_contact_changed",
            f"Support contact {contact} updated: {', '.join(changed)}",
            {"contact": str(contact.pk), "fields": changed, "consent": contact.consent_status()},
        )
    return contact


@transaction.atomic
def care_team_add(
    *,
    actor,
    client: Client,
    role: str,
    member=None,
    external_name: str = "",
    external_organisation: str = "",
    external_phone: str = "",
    external_email: str = "",
    responsibility: str = "other",
    authorisation=None,
) -> CareTeamMember:
    _require_client_access(actor, client)
    errors = {}
    if not role:
        errors["role"] = "Say what this person does on the care team."
    if responsibility not in Responsibility.values:
        errors["responsibility"] = "Choose what this person is responsible for."
    if authorisation is not None and not isinstance(authorisation, Authorisation):
        authorisation = Authorisation.objects.filter(pk=authorisation, client=client).first() or False
    if authorisation is False:
        errors["authorisation"] = "That authorisation is not this client's."
    elif authorisation is not None and authorisation.status() != "valid":
        errors["authorisation"] = "That authorisation is not in force (expired or revoked)."
    if member is None and external_name and not (external_phone or external_email):
        errors["external_phone"] = "Give a phone or a secure email to reach this professional."
    if member is None and not external_name:
        errors["external_name"] = "Choose a member of the practice or name an external professional."
    if member is not None and member.organisation_id != client.organisation_id:
        errors["member"] = "That member is not part of this practice."
    if member is not None and CareTeamMember.objects.filter(client=client, member=member, is_active=True).exists():
        errors["member"] = f"{member} is already on the care team."
    if errors:
        raise ValidationError(errors)
    existing = CareTeamMember.objects.filter(client=client, member=member).first() if member else None
    if existing:
        existing.is_active, existing.role, existing.responsibility = True, role, responsibility
        existing.save()
        entry = existing
    else:
        entry = CareTeamMember.objects.create(
            client=client,
            member=member,
            role=role,
            external_name=external_name,
            external_organisation=external_organisation,
            external_phone=external_phone,
            external_email=external_email,
            responsibility=responsibility,
            authorisation=authorisation or None,
        )
    audit_record(actor=actor, action="care_team.add", obj=entry, client_id=client.pk)
    hooks.client_changed(actor, client, "care_team_changed", f"{entry} joined the care team as {role}", {})
    return entry


@transaction.atomic
def care_team_remove(*, actor, entry: CareTeamMember, reason: str) -> CareTeamMember:
    _require_client_access(actor, entry.client)
    if not reason.strip():
        raise ValidationError({"reason": "Say why this person leaves the care team."})
    entry.is_active = False
    entry.save()
    audit_record(actor=actor, action="care_team.remove", obj=entry, client_id=entry.client_id)
    hooks.client_changed(actor, entry.client, "care_team_changed", f"{entry} left the care team: {reason}", {})
    return entry


@transaction.atomic
def access_grant_create(*, actor, client: Client, reason: str) -> AccessGrant:
    """Break the glass: open a client outside one's care team, with a reason supervisors will see."""
    _require_clinical(actor)
    if client.organisation_id != actor.organisation_id:
        raise PermissionDenied("This client belongs to another organisation.")
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Write why you need to open this record (at least a short sentence)."})
    grant = AccessGrant.objects.create(
        client=client, member=actor, reason=reason, expires_at=clock.now() + dt.timedelta(hours=BREAK_GLASS_HOURS)
    )
    audit_record(actor=actor, action="client.break_glass", obj=client, detail={"grant": str(grant.pk)})
    hooks.client_changed(actor, client, "break_glass", f"{actor} opened the record outside the care team: {reason}", {})
    return grant


ON_CALL_MAX_HOURS = 7 * 24


@transaction.atomic
def on_call_shift_create(*, actor, member, starts_at: dt.datetime, ends_at: dt.datetime, note: str = "") -> OnCallShift:
    """A supervisor puts a clinician on call: for the shift they may open every client of the practice."""
    if not actor.is_supervisor:
        raise PermissionDenied("Only supervisors keep the on-call rota.")
    if member is None or member.organisation_id != actor.organisation_id:
        raise ValidationError({"member": "That person is not a member of this practice."})
    if not member.is_active or not member.is_clinical:
        raise ValidationError({"member": f"{member} is not an active clinician of the practice."})
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = "Give when the shift starts."
    if ends_at is None:
        errors["ends_at"] = "Give when the shift ends."
    if not errors:
        if ends_at <= starts_at:
            errors["ends_at"] = "The shift must end after it starts."
        elif ends_at - starts_at > dt.timedelta(hours=ON_CALL_MAX_HOURS):
            errors["ends_at"] = "A shift lasts at most 7 days; add another for the next week."
        elif ends_at <= clock.now():
            errors["ends_at"] = "That shift is already over."
    if errors:
        raise ValidationError(errors)
    overlapping = OnCallShift.objects.filter(
        member=member, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    if overlapping:
        raise ValidationError({"starts_at": f"{member} already has a shift at that time."})
    shift = OnCallShift.objects.create(
        organisation_id=actor.organisation_id,
        member=member,
        starts_at=starts_at,
        ends_at=ends_at,
        note=(note or "").strip()[:200],
        created_by=actor,
        created_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="on_call.create",
        obj=shift,
        detail={"member": str(member.pk), "hours": round((ends_at - starts_at).total_seconds() / 3600, 2)},
    )
    return shift


@transaction.atomic
def on_call_shift_cancel(*, actor, shift: OnCallShift) -> OnCallShift:
    """End a shift now (or cancel one not started): its access stops at once."""
    if not actor.is_supervisor or shift.organisation_id != actor.organisation_id:
        raise PermissionDenied("Only the practice's supervisors keep its on-call rota.")
    if shift.cancelled_at is not None or shift.ends_at <= clock.now():
        raise ValidationError("This shift is already over.")
    shift.cancelled_at, shift.cancelled_by = clock.now(), actor
    shift.save(update_fields=["cancelled_at", "cancelled_by"])
    audit_record(actor=actor, action="on_call.cancel", obj=shift, detail={"member": str(shift.member_id)})
    return shift


@transaction.atomic
def document_store(*, actor, client: Client, kind: str, upload) -> ClientDocument:
    """Keep a signed form or letter about the client (checked by content; see documents.py)."""
    _require_client_access(actor, client)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Say what the document is."})
    data, content_type = documents.read_upload(upload)
    document = ClientDocument(
        organisation_id=client.organisation_id,
        client=client,
        kind=kind,
        filename=(getattr(upload, "name", "") or "document")[-200:],
        content_type=content_type,
        size=len(data),
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    document.sha256 = documents.write(document.pk, data)
    document.save(force_insert=True)
    audit_record(actor=actor, action="document.upload", obj=document, client_id=client.pk, detail={"kind": kind})
    return document


def document_open(*, actor, document: ClientDocument) -> bytes:
    """The document's bytes for a member who may see the client; every download is audited."""
    _require_client_access(actor, document.client)
    audit_record(actor=actor, action="document.download", obj=document, client_id=document.client_id)
    return documents.read(document)


# ---------------------------------------------------------------- authorisations (releases of information)

RECIPIENT_TYPES = ("victim", "police", "family", "professional", "county_official", "other")


def _sync_contact_authorisation(actor, contact: SupportContact) -> None:
    """A support contact's consent is an authorisation: record it as one when it is given or changes."""
    latest = contact.authorisations.order_by("-signed_on", "-created_at").first()
    if not contact.consent_given_on:
        if latest is not None and latest.revoked_on is None:
            latest.revoked_on = contact.consent_revoked_on or clock.today()
            latest.revoked_reason = "Consent removed from the support contact."
            latest.save(update_fields=["revoked_on", "revoked_reason"])
        return
    if latest is not None and latest.signed_on == contact.consent_given_on:
        latest.expires_on, latest.revoked_on = contact.consent_expires_on, contact.consent_revoked_on
        latest.scope_note = contact.may_be_told or contact.consent_scope
        latest.save(update_fields=["expires_on", "revoked_on", "scope_note"])
        return
    Authorisation.objects.create(
        organisation_id=contact.client.organisation_id,
        client=contact.client,
        support_contact=contact,
        recipient_name=contact.name,
        recipient_type="family" if "doctor" not in contact.relationship.lower() else "professional",
        recipient_contact=", ".join(x for x in (contact.phone, contact.email) if x),
        categories=[InformationCategory.RISK, InformationCategory.LOCATION],
        purpose=contact.consent_scope or "To be contacted in a safety crisis",
        scope_note=contact.may_be_told,
        signed_on=contact.consent_given_on,
        expires_on=contact.consent_expires_on,
        revoked_on=contact.consent_revoked_on,
        created_by=actor,
        created_at=clock.now(),
    )


@transaction.atomic
def authorisation_create(
    *,
    actor,
    client: Client,
    recipient_name: str,
    recipient_type: str,
    categories: list[str],
    purpose: str,
    signed_on: dt.date | None,
    recipient_contact: str = "",
    expires_on: dt.date | None = None,
    scope_note: str = "",
    upload=None,
    support_contact: SupportContact | None = None,
) -> Authorisation:
    """Keep the client's signed authorisation to share with a named recipient (with its form, when uploaded)."""
    _require_client_access(actor, client)
    errors: dict[str, str] = {}
    if not (recipient_name or "").strip():
        errors["recipient_name"] = "Name the person or organisation the client authorised."
    if recipient_type not in RECIPIENT_TYPES:
        errors["recipient_type"] = "Say who the recipient is."
    unknown = [c for c in categories or [] if c not in InformationCategory.values]
    if not categories or unknown:
        errors["categories"] = "Choose what the client agreed may be shared."
    if not (purpose or "").strip():
        errors["purpose"] = "Write the purpose the client agreed to."
    if signed_on is None:
        errors["signed_on"] = "Give the date it was signed."
    elif signed_on > clock.today(client.organisation.zone):
        errors["signed_on"] = "The date signed is in the future."
    elif expires_on is not None and expires_on < signed_on:
        errors["expires_on"] = "It expires before it was signed."
    if support_contact is not None and support_contact.client_id != client.pk:
        errors["support_contact"] = "That support contact belongs to another client."
    if errors:
        raise ValidationError(errors)
    document = None
    if upload is not None:
        document = document_store(actor=actor, client=client, kind=DocumentKind.AUTHORISATION, upload=upload)
    authorisation = Authorisation.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        support_contact=support_contact,
        recipient_name=recipient_name.strip()[:200],
        recipient_type=recipient_type,
        recipient_contact=(recipient_contact or "").strip(),
        categories=list(dict.fromkeys(categories)),
        purpose=purpose.strip()[:300],
        scope_note=(scope_note or "").strip(),
        signed_on=signed_on,
        expires_on=expires_on,
        document=document,
        created_by=actor,
        created_at=clock.now(),
    )
    if support_contact is not None:
        SupportContact.objects.filter(pk=support_contact.pk).update(
            consent_given_on=signed_on, consent_expires_on=expires_on, consent_revoked_on=None
        )
    audit_record(actor=actor, action="authorisation.create", obj=authorisation, client_id=client.pk)
    hooks.client_changed(
        actor,
        client,
        "authorisation_changed",
        f"Authorisation recorded: to share with {authorisation.recipient_name}",
        {"authorisation": str(authorisation.pk)},
    )
    return authorisation


@transaction.atomic
def authorisation_revoke(
    *, actor, authorisation: Authorisation, revoked_on: dt.date, reason: str = ""
) -> Authorisation:
    """The client withdrew the authorisation: nothing may be shared under it from that day."""
    _require_client_access(actor, authorisation.client)
    if authorisation.revoked_on is not None:
        raise ValidationError("This authorisation is already revoked.")
    if revoked_on is None or revoked_on > clock.today(authorisation.client.organisation.zone):
        raise ValidationError({"revoked_on": "Give the day the client revoked it (not in the future)."})
    if revoked_on < authorisation.signed_on:
        raise ValidationError({"revoked_on": "It cannot be revoked before it was signed."})
    authorisation.revoked_on, authorisation.revoked_reason = revoked_on, (reason or "").strip()
    authorisation.save(update_fields=["revoked_on", "revoked_reason"])
    if authorisation.support_contact_id:
        SupportContact.objects.filter(pk=authorisation.support_contact_id).update(consent_revoked_on=revoked_on)
    audit_record(actor=actor, action="authorisation.revoke", obj=authorisation, client_id=authorisation.client_id)
    hooks.client_changed(
        actor,
        authorisation.client,
        "authorisation_changed",
        f"Authorisation revoked: to share with {authorisation.recipient_name}",
        {"authorisation": str(authorisation.pk)},
    )
    return authorisation
