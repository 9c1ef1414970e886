"""Sign-in with lockout, and the management of organisations and members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from carepath.audit.services import audit_record
from carepath.core import clock

from .models import Member, Organisation, validate_time_zone

ROLE_FIELDS = {
    "clinician": "is_clinician",
    "supervisor": "is_supervisor",
    "admin": "is_org_admin",
    "auditor": "is_auditor",
}


@dataclass
class SignInResult:
    member: Member | None
    error: str = ""


def sign_in_check(*, email: str, password: str, ip: str | None = None) -> SignInResult:
    """Check credentials, counting failures; every attempt is audited, failed ones too."""
    email = (email or "").strip().lower()
    generic = "That email and password do not match an account."
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(email=email).first()
        now = clock.now()
        if member is None:
            # Spend the time a hash would take, so timing does not reveal which emails exist.
            Member().set_password(password)
            audit_record(
                actor=None, action="signin.failed", actor_label=email, detail={"why": "unknown_account"}, ip=ip
            )
            return SignInResult(None, generic)
        if member.is_locked(now):
            audit_record(actor=member, action="signin.locked", detail={"until": member.locked_until.isoformat()}, ip=ip)
            minutes = max(1, int((member.locked_until - now).total_seconds() // 60) + 1)
            return SignInResult(None, f"Too many failed attempts. Try again in {minutes} minutes, or ask your admin.")
        if not member.is_active or not member.check_password(password):
            member.failed_sign_ins += 1
            detail = {"why": "inactive" if not member.is_active else "wrong_password", "count": member.failed_sign_ins}
            if member.failed_sign_ins >= settings.LOCKOUT_THRESHOLD:
                member.locked_until = now + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
                member.failed_sign_ins = 0
                detail["locked_until"] = member.locked_until.isoformat()
            member.save(update_fields=["failed_sign_ins", "locked_until"])
            audit_record(actor=member, action="signin.failed", detail=detail, ip=ip)
            return SignInResult(None, generic)
        member.failed_sign_ins, member.locked_until = 0, None
        member.last_login = now
        member.save(update_fields=["failed_sign_ins", "locked_until", "last_login"])
        audit_record(actor=member, action="signin.ok", ip=ip)
        return SignInResult(member)


def record_sign_out(*, member: Member) -> None:
    audit_record(actor=member, action="signout")


@transaction.atomic
def organisation_create(*, name: str, time_zone: str = "UTC", default_jurisdiction: str = "") -> Organisation:
    validate_time_zone(time_zone)
    base = slugify(name)[:50] or "practice"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    org = Organisation.objects.create(
        name=name, slug=slug, time_zone=time_zone, default_jurisdiction=default_jurisdiction
    )
    audit_record(actor=None, action="organisation.create", obj=org, organisation_id=org.pk, actor_label="system")
    return org


def _apply_roles(member: Member, roles: list[str]) -> None:
    unknown = [r for r in roles if r not in ROLE_FIELDS]
    if unknown or not roles:
        raise ValidationError({"roles": "Choose at least one role: clinician, supervisor, admin or auditor."})
    for role, field in ROLE_FIELDS.items():
        setattr(member, field, role in roles)


@transaction.atomic
def member_create(
    *,
    actor: Member | None,
    organisation: Organisation,
    email: str,
    full_name: str,
    roles: list[str],
    password: str,
    supervisor: Member | None = None,
) -> Member:
    """Add a member; `actor` is an admin of the organisation (None only for `carepath createadmin`)."""
    if actor is not None and (not actor.is_org_admin or actor.organisation_id != organisation.pk):
        raise PermissionDenied("Only admins of this organisation can add members.")
    email = (email or "").strip().lower()
    errors: dict[str, list[str]] = {}
    if not email:
        errors["email"] = ["Give the member's email address."]
    elif Member.objects.filter(email=email).exists():
        errors["email"] = ["A member with this email already exists."]
    if not (full_name or "").strip():
        errors["full_name"] = ["Give the member's name."]
    member = Member(organisation=organisation, email=email, full_name=(full_name or "").strip(), supervisor=supervisor)
    try:
        _apply_roles(member, roles)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        password_validation.validate_password(password, member)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    member.set_password(password)
    member.save()
    audit_record(
        actor=actor, action="member.create", obj=member, organisation_id=organisation.pk, detail={"roles": roles}
    )
    return member


@transaction.atomic
def member_update(
    *, actor: Member, member: Member, full_name: str, roles: list[str], is_active: bool, supervisor: Member | None
) -> Member:
    if not actor.is_org_admin or actor.organisation_id != member.organisation_id:
        raise PermissionDenied("Only admins of this organisation can change members.")
    if member.pk == actor.pk and ("admin" not in roles or not is_active):
        raise ValidationError({"roles": "You cannot remove your own admin role or deactivate yourself."})
    if supervisor is not None and (supervisor.organisation_id != member.organisation_id or supervisor.pk == member.pk):
        raise ValidationError({"supervisor": "Choose a supervisor from this practice."})
    before = {"roles": member.roles, "is_active": member.is_active}
    _apply_roles(member, roles)
    member.full_name = (full_name or "").strip() or member.full_name
    member.is_active = is_active
    member.supervisor = supervisor
    if is_active and not before["is_active"]:
        member.failed_sign_ins, member.locked_until = 0, None
    member.save()
    audit_record(
        actor=actor,
        action="member.update",
        obj=member,
        detail={"before": before, "roles": roles, "is_active": is_active},
    )
    return member


@transaction.atomic
def member_unlock(*, actor: Member, member: Member) -> Member:
    if not actor.is_org_admin or actor.organisation_id != member.organisation_id:
        raise PermissionDenied("Only admins of this organisation can unlock members.")
    member.failed_sign_ins, member.locked_until = 0, None
    member.save(update_fields=["failed_sign_ins", "locked_until"])
    audit_record(actor=actor, action="member.unlock", obj=member)
    return member


def _token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Member, member: Member, name: str) -> str:
    """Create a token for `member` (themselves, or by an admin of their organisation); returns it once."""
    import secrets

    from .models import ApiToken

    if actor.pk != member.pk and not (actor.is_org_admin and actor.organisation_id == member.organisation_id):
        raise PermissionDenied("Only the member or an admin of their organisation can create their tokens.")
    token = "cp_" + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(member=member, name=name or "API token", token_hash=_token_hash(token))
    audit_record(actor=actor, action="api_token.create", obj=record, organisation_id=member.organisation_id)
    return token


def api_token_member(token: str) -> Member | None:
    from .models import ApiToken

    record = (
        ApiToken.objects.filter(token_hash=_token_hash(token), revoked_at__isnull=True, member__is_active=True)
        .select_related("member", "member__organisation")
        .first()
    )
    return record.member if record else None
