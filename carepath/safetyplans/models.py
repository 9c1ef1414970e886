"""A client's safety plan: one draft being written, immutable finalised versions, the steps agreed to make the
surroundings safer (lethal means) with their confirmation, shares with support people, and links for the client."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from carepath.cases.models import CaseRecord


class SafetyPlan(models.Model):
    """The client's plan: the draft in progress (saved as it is typed) and, through `versions`, what was agreed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    client = models.OneToOneField("clients.Client", on_delete=models.PROTECT, related_name="safety_plan")
    draft = models.JSONField(default=dict, blank=True)  # sections.empty_plan() shape
    # Every save of the draft raises the revision; a save from an older revision is merged, never overwritten.
    draft_revision = models.PositiveIntegerField(default=0)
    draft_updated_at = models.DateTimeField(null=True, blank=True)
    draft_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Safety plan of {self.client}"


class SafetyPlanVersion(CaseRecord):
    """A finalised version: immutable, signed by the clinician, on the case's timeline."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()  # the plan as agreed (sections, kept_at, environment_reason), phones formatted
    language = models.CharField(max_length=10)
    signature = models.CharField(max_length=300)  # "Signed by … on …", as shown on the client's copy

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_safety_plan_version_number")]
        indexes = [models.Index(fields=["plan", "-number"], name="plan_versions")]

    def __str__(self) -> str:
        return f"Safety plan v{self.number} of {self.plan.client}"


class MeansStatus(models.TextChoices):
    AGREED = "agreed", "Agreed, not confirmed yet"
    CONFIRMED = "confirmed", "Confirmed"
    NOT_DONE = "not_done", "Not done"


class MeansStep(models.Model):
    """One step agreed to make the surroundings safer (who keeps the firearm, the medicines, by when), followed
    up until someone confirms it was done. Its changes are timeline events; the row keeps where it stands."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.SafetyCase", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="means_steps")
    entry_id = models.CharField(max_length=64)  # the plan entry it came from (stable across versions)
    means = models.CharField(max_length=12)  # firearm / medication / other
    action = models.CharField(max_length=500)
    holder = models.CharField(max_length=200, blank=True)
    holder_contact = models.ForeignKey(
        "clients.SupportContact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_when = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=MeansStatus.choices, default=MeansStatus.AGREED)
    confirmed_how = models.CharField(max_length=300, blank=True)  # "Rachel Whitaker (sister) confirmed by phone"
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "entry_id"], name="one_means_step_per_entry")]
        indexes = [models.Index(fields=["case", "status"], name="means_by_case")]

    def __str__(self) -> str:
        return self.action


class PlanShare(CaseRecord):
    """A version of the plan given to a support person (who received which version, how)."""

    version = models.ForeignKey(SafetyPlanVersion, on_delete=models.PROTECT, related_name="shares")
    contact = models.ForeignKey("clients.SupportContact", on_delete=models.PROTECT, related_name="+")
    how = models.CharField(max_length=100)  # "printed copy", "read over the phone", "link sent"


class PlanLink(models.Model):
    """A link the client can open on their phone: signed, expiring, revocable; only the SHA-256 is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)
