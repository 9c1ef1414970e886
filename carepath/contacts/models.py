"""Contact attempts: each call or message to a support contact during a safety case, and what came of it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class AttemptResult(models.TextChoices):
    REACHED = "reached", "Reached"
    VOICEMAIL = "voicemail", "Left a voicemail"
    NO_ANSWER = "no_answer", "No answer"
    WRONG_NUMBER = "wrong_number", "Wrong number"


class AttemptMethod(models.TextChoices):
    CALL = "call", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"


class ContactAttempt(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.SafetyCase", on_delete=models.PROTECT, related_name="contact_attempts")
    contact = models.ForeignKey("clients.SupportContact", on_delete=models.PROTECT, related_name="attempts")
    method = models.CharField(max_length=12, choices=AttemptMethod.choices, default=AttemptMethod.CALL)
    result = models.CharField(max_length=14, choices=AttemptResult.choices)
    shared = models.TextField(blank=True, help_text="What the contact was told.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    consent_status = models.CharField(max_length=10, help_text="The contact's consent status at the time.")
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField("cases.TimelineEvent", on_delete=models.PROTECT, related_name="contact_attempt")
    disclosure = models.OneToOneField(
        "disclosures.Disclosure", null=True, blank=True, on_delete=models.PROTECT, related_name="contact_attempt"
    )
    idempotency_key = models.UUIDField(unique=True, null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "-occurred_at"], name="attempt_by_case")]

    def __str__(self) -> str:
        return f"{self.get_result_display()}: {self.contact} at {self.occurred_at:%Y-%m-%d %H:%M}"
