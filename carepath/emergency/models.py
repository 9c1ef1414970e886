"""Emergency actions on a safety case: calls to emergency services, crisis teams, escorts, outcomes."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from carepath.cases.models import CaseRecord


class ActionKind(models.TextChoices):
    # The values are the timeline event kinds the protocol engine looks for.
    EMERGENCY_CALL = "emergency_call", "Emergency call placed"
    MOBILE_CRISIS = "mobile_crisis_requested", "Mobile crisis team requested"
    ESCORTED_TO_ED = "escorted_to_ed", "Client escorted to an emergency department"
    STAYED = "stayed_with_client", "Stayed with the client until help arrived"
    CLIENT_CALLED_LINE = "client_called_crisis_line", "Client called a crisis line"
    OUTCOME = "emergency_outcome", "Outcome of the emergency"
    CALL_OUTCOME = "emergency_call_outcome", "Outcome of an emergency call"


class CallOutcome(models.TextChoices):
    PENDING = "pending", "Not known yet"
    DISPATCHED = "dispatched", "Help dispatched"
    WELFARE_CHECK = "welfare_check", "Welfare check"
    ADVISED = "advised", "Advice given, nobody sent"
    NOT_NEEDED = "not_needed", "Not needed after all"


class EmergencyAction(CaseRecord):
    """One emergency action logged on a case (the crisis console)."""

    kind = models.CharField(max_length=32, choices=ActionKind.choices)
    service = models.CharField(max_length=100, blank=True, help_text="Police, ambulance, mobile crisis team...")
    number_dialled = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=40, blank=True)
    outcome = models.CharField(max_length=16, choices=CallOutcome.choices, blank=True)
    facility = models.CharField(max_length=200, blank=True)
    crisis_line = models.CharField(max_length=200, blank=True)
    handed_over_to = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    # For the outcome of a call: the call it completes (a call tapped on the console is logged as "not known yet").
    call = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="outcomes")

    class Meta:
        indexes = [models.Index(fields=["case", "-occurred_at"], name="emergency_by_case")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"


class LocalNumberKind(models.TextChoices):
    DISPATCH = "dispatch", "Emergency dispatch (direct line)"
    MOBILE_CRISIS = "mobile_crisis", "Mobile crisis team"


class LocalNumber(models.Model):
    """A number to reach help where the client is, kept by the practice's admins with its source: the dispatch
    centre of the client's area (911 dialled from the clinician's phone reaches the clinician's own), or the
    county's mobile crisis team. For one client, or for an area of a jurisdiction."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=LocalNumberKind.choices)
    jurisdiction = models.CharField(max_length=10, help_text="ISO 3166 code, e.g. US-CA.")
    area = models.CharField(max_length=200, help_text="The area it serves, e.g. Alameda County.")
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Only for this client (leave empty for everyone in the area).",
    )
    name = models.CharField(max_length=200)
    number = models.CharField(max_length=40)
    hours = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=500, help_text="Where the number was read (the service's page, a call).")
    reviewed_on = models.DateField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "jurisdiction"], name="local_number_by_area")]

    def __str__(self) -> str:
        return f"{self.name} ({self.area})"
