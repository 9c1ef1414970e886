"""Collaboration records: consultations and their answers, supervisor reviews, referrals and their progress,
hand-over summaries, team notes with mentions. Each is a case record (append-only, on the timeline); a referral's
current status is kept on the referral, each change being its own record."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from carepath.cases.models import CaseRecord


class Urgency(models.TextChoices):
    URGENT = "urgent", "Urgent (today)"
    ROUTINE = "routine", "Routine"


class ConsultationRequest(CaseRecord):
    """A clinician asks a supervisor or colleague for a consultation on a case."""

    to_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    question = models.TextField()


class ConsultationAnswer(CaseRecord):
    request = models.OneToOneField(ConsultationRequest, on_delete=models.PROTECT, related_name="answer")
    answer = models.TextField()


class SupervisorReview(CaseRecord):
    """A supervisor reviewed the case: what was agreed, at which risk level."""

    risk_level = models.CharField(max_length=12)
    agreed = models.TextField()


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Sent"
    RECEIVED = "received", "Received"
    BOOKED = "appointment_booked", "Appointment booked"
    SEEN = "seen", "Seen"
    DECLINED = "declined", "Declined"


class Referral(models.Model):
    """A referral to an external professional or service; its status changes are ReferralUpdates."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.SafetyCase", on_delete=models.PROTECT, related_name="+")
    to_name = models.CharField(max_length=200)
    to_organisation = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    reason = models.TextField()
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    what_sent = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    status_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return f"Referral to {self.to_name}"


class ReferralUpdate(CaseRecord):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    note = models.TextField(blank=True)


class HandoverSection(models.TextChoices):
    RISK = "risk", "Risk level and history"
    SAFETY_PLAN = "safety_plan", "Current safety plan"
    MEDICATIONS = "medications", "Medications known"
    EVENTS = "events", "Recent events"
    CONTACTS = "contacts", "Contacts"
    CRISIS_PREFERENCES = "crisis_preferences", "Crisis preferences"


class Handover(CaseRecord):
    """A hand-over summary issued to a named recipient: only the chosen sections, as they stood when issued."""

    recipient_name = models.CharField(max_length=200)
    recipient_organisation = models.CharField(max_length=200, blank=True)
    external = models.BooleanField(default=False)
    sections = models.JSONField(default=list)
    content = models.JSONField(default=dict)  # section -> list of lines, as issued
    disclosure = models.OneToOneField(
        "disclosures.Disclosure", null=True, blank=True, on_delete=models.PROTECT, related_name="handover"
    )


class TeamNote(CaseRecord):
    text = models.TextField()
    mentions = models.JSONField(default=list)  # member ids
