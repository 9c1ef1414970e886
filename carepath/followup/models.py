"""Follow-up tasks, their reminders (an outbox), in-app notifications, rule overrides and risk drivers."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class TaskKind(models.TextChoices):
    REASSESSMENT = "reassessment", "Reassessment"
    CHECK_IN_CALL = "check_in_call", "Check-in call"
    APPOINTMENT = "appointment", "Appointment"
    CARING_CONTACT = "caring_contact", "Caring contact"
    SAFETY_PLAN_REVIEW = "safety_plan_review", "Safety plan review"
    POST_DISCHARGE_CONTACT = "post_discharge_contact", "Post-discharge contact"
    OUTREACH = "outreach", "Outreach"
    LETHAL_MEANS_CHECK = "lethal_means_check", "Confirm a safer-surroundings step"
    HOLD_REVIEW = "hold_review", "Before an emergency hold ends"
    CONSULTATION = "consultation", "Answer a consultation request"
    REFERRAL = "referral", "Chase a referral"
    CUSTOM = "custom", "Other"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class FollowUpTask(models.Model):
    """Something due by a time, owned by a member, reminded before and escalated when overdue."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="followups")
    case = models.ForeignKey(
        "cases.SafetyCase", null=True, blank=True, on_delete=models.PROTECT, related_name="followups"
    )
    kind = models.CharField(max_length=32, choices=TaskKind.choices)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="followups")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    # Which rule (and which step of it) scheduled the task; empty when made by hand.
    rule_id = models.CharField(max_length=64, blank=True)
    rule_step = models.PositiveSmallIntegerField(null=True, blank=True)
    anchor_at = models.DateTimeField(null=True, blank=True)
    # What the task is about when an event scheduled it (e.g. "lethal_means_check:<step id>"): a later event with
    # the same key completes it.
    source_key = models.CharField(max_length=120, blank=True, db_index=True)
    outcome = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="Why it was missed or cancelled.")
    # Caring contacts: the message is drafted, then written or approved by the clinician before it goes.
    draft_text = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    follows = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_tasks")

    class Meta:
        indexes = [
            models.Index(fields=["status", "due_at"], name="followup_due"),
            models.Index(fields=["owner", "status", "due_at"], name="followup_by_owner"),
            models.Index(fields=["case", "status", "due_at"], name="followup_by_case"),
            models.Index(fields=["organisation", "status", "due_at"], name="followup_by_org"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(outcome=""), name="followup_done_has_outcome"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["missed", "cancelled"]) | ~models.Q(reason=""),
                name="followup_missed_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def needs_approval(self) -> bool:
        return self.kind == TaskKind.CARING_CONTACT and self.approved_at is None


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", "Reminder before due"
    ESCALATION = "escalation", "Escalation when overdue"


class ReminderState(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"


class Reminder(models.Model):
    """The outbox: one row per reminder or escalation of one due time, claimed by one worker at a time.

    The unique (task, kind, due_at) constraint is what stops two workers from sending the same reminder:
    whoever inserts the row owns it. State goes pending → sending (claimed) → sent.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(FollowUpTask, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    due_at = models.DateTimeField(help_text="The task's due time this reminder is about.")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=8, choices=ReminderState.choices, default=ReminderState.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    email_sent = models.BooleanField(default=False)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "due_at"], name="one_reminder_per_task_kind_due"),
        ]
        indexes = [models.Index(fields=["state", "enqueued_at"], name="reminder_outbox")]

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a re-sent email is recognisably the same one."""
        return f"<reminder-{self.pk}@carepath>"


class Notification(models.Model):
    """An in-app notification of a member. It names no clinical details beyond what its link opens."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    task = models.ForeignKey(FollowUpTask, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # One notification per reminder and member, whichever worker sends it and however often it is retried.
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "read_at", "-created_at"], name="notification_inbox")]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "member"], name="one_notification_per_reminder_member")
        ]


class FollowUpSettings(models.Model):
    """An organisation's follow-up settings; missing means the defaults below."""

    class CaringSeries(models.TextChoices):
        TEXTS = "caring_texts", "Caring texts: 11 messages over 12 months (Comtois et al. 2019)"
        LETTERS = "caring_letters", "Caring letters: monthly, then less often, for 5 years (Motto & Bostrom 2001)"
        NONE = "none", "No caring contacts series"

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="followup_settings"
    )
    reminder_lead_minutes = models.PositiveIntegerField(default=60)
    escalation_grace_minutes = models.PositiveIntegerField(default=120)
    caring_series = models.CharField(max_length=20, choices=CaringSeries.choices, default=CaringSeries.TEXTS)
    quiet_hours_start = models.TimeField(default=dt.time(21, 0))
    quiet_hours_end = models.TimeField(default=dt.time(9, 0))
    # said at the end of every caring message: who reads a reply, and when (a reply is not watched as a crisis line)
    caring_replies = models.CharField(
        max_length=200,
        default="A reply reaches the practice's front desk, read on weekdays 9 to 5, not in an emergency.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)


class RuleOverride(models.Model):
    """The organisation's own version of a rule from rules.yaml: other offsets, or switched off."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    rule_id = models.CharField(max_length=64)
    enabled = models.BooleanField(default=True)
    # Same shape as the rule's own fields in rules.yaml: {"steps": [...]} or {"by_risk": {...}}.
    data = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "rule_id"], name="one_override_per_rule")]


class CaringContactOptOut(models.Model):
    """The client asked not to receive caring contacts; future ones are cancelled and none are scheduled."""

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, primary_key=True, related_name="+")
    opted_out_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)


class CalendarFeed(models.Model):
    """A member's iCalendar feed behind a secret link; only the SHA-256 of the secret is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)


class DriverCategory(models.TextChoices):
    HOPELESSNESS = "hopelessness", "Hopelessness"
    RELATIONSHIP = "relationship", "Relationship crisis"
    SUBSTANCE_USE = "substance_use", "Substance use"
    LOSS = "loss", "Loss (job, money, bereavement)"
    ISOLATION = "isolation", "Isolation"
    HEALTH = "health", "Pain or illness"
    LEGAL = "legal", "Legal trouble"
    OTHER = "other", "Other"


class RiskDriver(models.Model):
    """A driver of risk the clinician and client are working on during the case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.SafetyCase", on_delete=models.PROTECT, related_name="risk_drivers")
    category = models.CharField(max_length=20, choices=DriverCategory.choices)
    description = models.CharField(max_length=300)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.description or self.get_category_display()


class DriverProgress(models.Model):
    """What a follow-up found about one driver: better, unchanged or worse, with a note."""

    class Direction(models.TextChoices):
        BETTER = "better", "Better"
        SAME = "same", "Unchanged"
        WORSE = "worse", "Worse"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    driver = models.ForeignKey(RiskDriver, on_delete=models.PROTECT, related_name="progress")
    task = models.ForeignKey(FollowUpTask, on_delete=models.PROTECT, related_name="driver_progress")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
