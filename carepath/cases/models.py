"""The safety case, the spine of CarePath, and its append-only timeline."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from .vocabulary import RISK_RANK, AtRisk, CaseStatus, RiskLevel

__all__ = ["RISK_RANK", "AtRisk", "CaseRecord", "CaseStatus", "RiskLevel", "SafetyCase", "TimelineEvent"]


class SafetyCase(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="cases")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    risk_level = models.CharField(max_length=12, choices=RiskLevel.choices)
    # Denormalised from risk_level so that "cases needing action first" is an indexed sort.
    risk_rank = models.PositiveSmallIntegerField()
    # When the risk was last raised (the time of the event that raised it), or the case opened: what a supervisor's
    # review must come after. Kept by cases.services; NULL only for rows written around them (read as opened_at).
    risk_raised_at = models.DateTimeField(null=True, blank=True)
    at_risk = models.CharField(max_length=8, choices=AtRisk.choices, default=AtRisk.SELF)
    potential_victims = models.TextField(blank=True)
    concern = models.TextField(help_text="What was reported, in the clinician's words.")
    # Where the client is now (an address, "at home", "location unknown"): filled at the report, edited on the
    # crisis console; each change is a timeline event and goes with the emergency actions logged after it.
    location = models.TextField(blank=True)
    location_updated_at = models.DateTimeField(null=True, blank=True)
    jurisdiction_code = models.CharField(max_length=10)
    jurisdiction_snapshot = models.JSONField(default=dict, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "status", "-risk_rank", "last_activity_at"], name="case_dashboard"),
            # the dashboard's order over open and monitored cases together (two statuses: the index above gives
            # each its own order, and the database would sort every active case of the practice for one page).
            # "Active" is written "not closed", as in the one-open-case constraint below, so that a query saying
            # it the same way can use either (the constraint's index finds a clinician's few active cases).
            models.Index(
                fields=["organisation", "-risk_rank", "last_activity_at"],
                name="case_dashboard_active",
                condition=~models.Q(status="closed"),
            ),
            models.Index(fields=["client", "-opened_at"], name="case_by_client"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=~models.Q(status="closed"), name="one_open_case_per_client"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(close_reason=""), name="closed_case_has_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(at_risk="self") | ~models.Q(potential_victims=""),
                name="others_at_risk_are_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Safety case for {self.client} opened {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class TimelineEvent(models.Model):
    """An append-only entry on a safety case. Corrections are new events that point at what they amend."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(SafetyCase, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=48)
    summary = models.TextField()
    details = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments")

    LATE_AFTER_SECONDS = 3600

    class Meta:
        indexes = [
            models.Index(fields=["case", "-occurred_at", "-recorded_at"], name="event_timeline"),
            # a kind of event of one case, newest first (the last risk raise, the last of a step)
            models.Index(fields=["case", "kind", "-occurred_at"], name="event_by_kind_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Timeline events are append-only; record an amendment instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Timeline events are never deleted.")

    @property
    def is_late_entry(self) -> bool:
        return (self.recorded_at - self.occurred_at).total_seconds() > self.LATE_AFTER_SECONDS


class CaseRecord(models.Model):
    """What every step's record on a case has: its case, who recorded it, when it happened and was written, the
    timeline event it appears as, and the idempotency key of the submit that made it (a retry returns it).

    Write one only through `cases.records.case_record_append`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(SafetyCase, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    event = models.OneToOneField(TimelineEvent, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.UUIDField(unique=True, null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Case records are append-only; record an amendment instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Case records are never deleted.")
