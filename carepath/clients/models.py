"""Clients in care, the people of their support system, their care team and break-the-glass grants."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from carepath.core import clock, request_cache
from carepath.jurisdictions import packs


class ClientFlag(models.TextChoices):
    SUD_PROTECTED = "part2", "Substance-use-disorder records (42 CFR Part 2 or equivalent)"
    INTERPRETER = "interpreter", "Needs an interpreter"
    FIREARM_ACCESS = "firearm_access", "Has access to firearms"
    PRIOR_ATTEMPT = "prior_attempt", "Previous suicide attempt"


ASSUMED_AGE_OF_MAJORITY = 18


@dataclass(frozen=True)
class Minority:
    age: int
    age_of_majority: int
    assumed: bool  # True when the jurisdiction's pack does not know its age of majority
    consent_age: int | None  # from which a minor may consent alone to outpatient mental health care, if known
    consent_without_minimum_age: bool

    @property
    def is_minor(self) -> bool:
        return self.age < self.age_of_majority


def minority_in(code: str, age: int) -> Minority:
    minors = None
    try:
        minors = packs.get(code).minors
    except packs.UnknownJurisdiction:
        pass
    known = minors is not None and minors.status == "known"
    majority = minors.age_of_majority if known and minors.age_of_majority else None
    return Minority(
        age=age,
        age_of_majority=majority or ASSUMED_AGE_OF_MAJORITY,
        assumed=majority is None,
        consent_age=minors.mental_health_consent_age if known else None,
        consent_without_minimum_age=bool(known and minors.consent_without_minimum_age),
    )


class Client(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="clients")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    jurisdiction = models.CharField(max_length=10, help_text="Where the client is, as an ISO 3166 code (US-CA).")
    preferred_language = models.CharField(max_length=20, default="en")
    # the client's own time zone where their jurisdiction has several (blank: the jurisdiction's only one, if any)
    time_zone = models.CharField(max_length=64, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    flags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["organisation", "family_name", "given_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.given_name
        return f"{first} {self.family_name}"

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(clock.today())

    @property
    def minority(self) -> Minority:
        """Whether the client is a minor where they are: by their jurisdiction's age of majority (18 assumed, and
        said to be assumed, where the pack does not know), with the age from which they may consent to care."""
        return minority_in(self.jurisdiction, self.age)

    @property
    def is_minor(self) -> bool:
        return self.minority.is_minor

    @property
    def sud_protected(self) -> bool:
        return ClientFlag.SUD_PROTECTED in (self.flags or [])

    @property
    def zone_name(self) -> str | None:
        """The client's time zone: their own, or their jurisdiction's when it has only one; None when unknown."""
        if self.time_zone:
            return self.time_zone
        from carepath.jurisdictions.selectors import zones_of

        zones = zones_of(self.jurisdiction) if "-" not in (self.jurisdiction or "") else []
        return zones[0] if len(zones) == 1 else None

    def local_time(self, moment: dt.datetime | None = None) -> dt.datetime | None:
        """Now (or `moment`) in the client's zone, when that differs from the practice's; else None."""
        import zoneinfo

        name = self.zone_name
        if not name:
            return None
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
        moment = moment or clock.now()
        theirs, ours = moment.astimezone(zone), moment.astimezone(self.organisation.zone)
        return theirs if theirs.utcoffset() != ours.utcoffset() else None

    def flag_labels(self) -> list[str]:
        labels = dict(ClientFlag.choices)
        return [labels.get(f, f) for f in self.flags or []]


class SupportContact(models.Model):
    """A person from the client's support system; the designated person when first in priority."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="support_contacts")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    phone = models.CharField(max_length=40, blank=True)
    phone_alt = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    priority = models.PositiveSmallIntegerField(default=1, help_text="1 is called first.")
    languages = models.CharField(max_length=100, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
    consent_scope = models.TextField(blank=True)
    consent_expires_on = models.DateField(null=True, blank=True)
    consent_revoked_on = models.DateField(null=True, blank=True)
    may_be_told = models.TextField(blank=True, help_text="What the client agreed this person may be told.")
    # when the client threatens someone: this contact lives with that person (telling them reaches the household
    # of the person at risk)
    lives_with_person_at_risk = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["priority", "name"]
        indexes = [models.Index(fields=["client", "priority"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"

    def consent_status(self, day: dt.date | None = None) -> str:
        day = day or clock.today(self.client.organisation.zone)
        if self.consent_revoked_on and self.consent_revoked_on <= day:
            return "revoked"
        if not self.consent_given_on:
            return "none"
        if self.consent_expires_on and self.consent_expires_on < day:
            return "expired"
        return "valid"

    def has_valid_consent(self, day: dt.date | None = None) -> bool:
        return self.consent_status(day) == "valid"


class Responsibility(models.TextChoices):
    PRIMARY = "primary", "Primary clinician"
    PRESCRIBER = "prescriber", "Prescriber"
    CASE_MANAGER = "case_manager", "Case manager"
    OTHER = "other", "Other"


class CareTeamMember(models.Model):
    """A member of the organisation or an external professional working with the client."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="care_team")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="care_teams"
    )
    external_name = models.CharField(max_length=200, blank=True)
    external_organisation = models.CharField(max_length=200, blank=True)
    external_phone = models.CharField(max_length=40, blank=True)
    external_email = models.EmailField(blank=True)
    role = models.CharField(max_length=100, help_text="Role on the team, e.g. primary therapist, psychiatrist, GP.")
    responsibility = models.CharField(max_length=20, choices=Responsibility.choices, default=Responsibility.OTHER)
    # for an external professional: the client's authorisation to share with them (None: no consent on file)
    authorisation = models.ForeignKey(
        "clients.Authorisation", null=True, blank=True, on_delete=models.PROTECT, related_name="care_team_entries"
    )
    is_active = models.BooleanField(default=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "member"], condition=models.Q(member__isnull=False), name="one_membership_per_member"
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(external_name=""), name="care_team_names_someone"
            ),
        ]
        indexes = [models.Index(fields=["member", "is_active", "client"])]

    def __str__(self) -> str:
        return str(self.member) if self.member_id else self.external_name

    @property
    def name(self) -> str:
        return str(self)


class AccessGrant(models.Model):
    """Break the glass: a member opened a client outside their care team, with a recorded reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="access_grants")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["member", "client", "expires_at"])]


class OnCallShift(models.Model):
    """The on-call rota: during a shift, its clinician may open every client of the practice (each view audited)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="on_call_shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["member", "ends_at"]), models.Index(fields=["organisation", "starts_at"])]

    def is_active(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or clock.now()
        return self.cancelled_at is None and self.starts_at <= moment < self.ends_at


class DocumentKind(models.TextChoices):
    AUTHORISATION = "authorisation", "Signed authorisation (release of information)"
    DISCHARGE_SUMMARY = "discharge_summary", "Discharge summary"
    ADVANCE_DIRECTIVE = "advance_directive", "Psychiatric advance directive"
    OTHER = "other", "Other document"


class ClientDocument(models.Model):
    """A signed form or letter about a client (PDF or image): stored outside the web root, served only to members
    who may see the client, every download audited. The file's name on disk is its id, never the upload's name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    filename = models.CharField(max_length=200)  # as uploaded, for the download's name only
    content_type = models.CharField(max_length=40)  # from the file's content, not its name
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.filename})"


class InformationCategory(models.TextChoices):
    """What kinds of information a disclosure or an authorisation covers (the least that serves the purpose)."""

    RISK = "risk_status", "Risk of harm and safety concerns"
    LOCATION = "location", "Where the client is"
    DIAGNOSIS = "diagnosis", "Diagnosis"
    MEDICATION = "medication", "Medication"
    TREATMENT = "treatment", "Treatment and appointments"
    SAFETY_PLAN = "safety_plan", "The safety plan"
    CONTACT_DETAILS = "contact_details", "Contact details"
    SUBSTANCE_USE = "substance_use", "Substance use"
    OTHER = "other", "Other (described)"


class Authorisation(models.Model):
    """The client's written consent to share information with a named person or organisation (a release of
    information). A support contact's consent is one of these (`support_contact`), so the two are one concept:
    the contact's consent fields mirror its latest authorisation (clients.services keeps them in step)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="authorisations")
    support_contact = models.ForeignKey(
        SupportContact, null=True, blank=True, on_delete=models.PROTECT, related_name="authorisations"
    )
    recipient_name = models.CharField(max_length=200)
    recipient_type = models.CharField(max_length=20)  # the disclosures' recipient types
    recipient_contact = models.TextField(blank=True, help_text="Address, phone or secure email.")
    categories = models.JSONField(default=list)  # InformationCategory values
    purpose = models.CharField(max_length=300)
    scope_note = models.TextField(blank=True)  # what the client said, in their words
    signed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    document = models.ForeignKey(ClientDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["client", "-signed_on"], name="authorisation_by_client")]

    def __str__(self) -> str:
        return f"Authorisation to share with {self.recipient_name} (signed {self.signed_on:%d %b %Y})"

    def status(self, day: dt.date | None = None) -> str:
        """In force, revoked, expired or not yet signed on `day` (by default today in the practice's zone)."""
        day = day or clock.today(self.organisation.zone)
        if self.revoked_on and self.revoked_on <= day:
            return "revoked"
        if self.signed_on > day:
            return "not_yet"
        if self.expires_on and self.expires_on < day:
            return "expired"
        return "valid"

    def category_labels(self) -> list[str]:
        return [InformationCategory(c).label for c in self.categories if c in InformationCategory.values]


def _access_changed(**kwargs) -> None:
    """A grant, a shift or a care-team place made, changed or removed: what this request cached of anyone's
    access is stale."""
    request_cache.clear()


models.signals.post_save.connect(_access_changed, sender=AccessGrant, dispatch_uid="clients.grant_saved")
models.signals.post_delete.connect(_access_changed, sender=AccessGrant, dispatch_uid="clients.grant_deleted")
models.signals.post_save.connect(_access_changed, sender=OnCallShift, dispatch_uid="clients.shift_saved")
models.signals.post_delete.connect(_access_changed, sender=OnCallShift, dispatch_uid="clients.shift_deleted")
models.signals.post_save.connect(_access_changed, sender=CareTeamMember, dispatch_uid="clients.team_saved")
models.signals.post_delete.connect(_access_changed, sender=CareTeamMember, dispatch_uid="clients.team_deleted")
