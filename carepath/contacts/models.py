"""Contact attempts: each call or message to a support contact during a safety case, and what came of it."""

from __future__ import annotations

from django.db import models

from carepath.cases.models import CaseRecord


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


class ContactAttempt(CaseRecord):
    """One call or message to a support contact during a case, and what came of it."""

    contact = models.ForeignKey("clients.SupportContact", on_delete=models.PROTECT, related_name="attempts")
    method = models.CharField(max_length=12, choices=AttemptMethod.choices, default=AttemptMethod.CALL)
    result = models.CharField(max_length=14, choices=AttemptResult.choices)
    shared = models.TextField(blank=True, help_text="What the contact was told.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    consent_status = models.CharField(max_length=10, help_text="The contact's consent status at the time.")
    disclosure = models.OneToOneField(
        "disclosures.Disclosure", null=True, blank=True, on_delete=models.PROTECT, related_name="contact_attempt"
    )

    class Meta:
        indexes = [models.Index(fields=["case", "-occurred_at"], name="attempt_by_case")]

    def __str__(self) -> str:
        return f"{self.get_result_display()}: {self.contact} at {self.occurred_at:%Y-%m-%d %H:%M}"
