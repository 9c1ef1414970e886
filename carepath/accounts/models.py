"""Organisations and their members (the custom user model) with their roles and sign-in state."""

from __future__ import annotations

import uuid
import zoneinfo

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from carepath.core import clock


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"'{value}' is not a known time zone (use a name such as Europe/Dublin).")


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    default_jurisdiction = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The practice's time zone: every time is stored in UTC and shown in it."""
        return zone_named(self.time_zone)

    def format_time(self, moment) -> str:
        """A time as written in summaries and emails: in the practice's zone, with the zone's name."""
        return moment.astimezone(self.zone).strftime("%-d %b %Y %H:%M %Z")


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The zone of that name, or UTC for an unknown one (a time zone is checked when it is saved)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class Role(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMIN = "admin", "Admin"
    AUDITOR = "auditor", "Auditor"


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def get_queryset(self):
        # Every request reads the member's organisation (time zone, scoping): load it with the member.
        return super().get_queryset().select_related("organisation")

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A member needs an email address.")
        member = self.model(email=self.normalize_email(email).lower(), **fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_superuser(self, email: str, password: str | None = None, **fields):
        raise NotImplementedError("Use `carepath createadmin`, which creates an organisation admin.")


class Member(AbstractBaseUser):
    """A user of one organisation. A member may hold several roles."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_clinician = models.BooleanField(default=False)
    is_supervisor = models.BooleanField(default=False)
    is_org_admin = models.BooleanField(default=False)
    is_auditor = models.BooleanField(default=False)
    supervisor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supervisees")
    is_active = models.BooleanField(default=True)
    failed_sign_ins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def roles(self) -> list[str]:
        flags = {
            Role.CLINICIAN: self.is_clinician,
            Role.SUPERVISOR: self.is_supervisor,
            Role.ADMIN: self.is_org_admin,
            Role.AUDITOR: self.is_auditor,
        }
        return [str(role) for role, held in flags.items() if held]

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_clinical(self) -> bool:
        """May work with clinical records at all (through the care team or as supervisor)."""
        return self.is_clinician or self.is_supervisor

    @property
    def is_staff(self) -> bool:  # Django admin is not used; no member is staff.
        return False

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or clock.now()))


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored, the token itself is shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
