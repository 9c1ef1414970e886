"""Forms of the follow-up pages; services do the checking that matters, forms only parse."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from carepath.cases.vocabulary import RISK_LEVELS

from .models import DriverCategory, DriverProgress, FollowUpSettings, TaskKind
from .rules import escalation_limit_minutes

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _tomorrow_morning():
    now = timezone.localtime()
    return (now + timezone.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)


class TaskCreateForm(forms.Form):
    kind = forms.ChoiceField(choices=TaskKind.choices, label="Kind of follow-up")
    title = forms.CharField(
        max_length=200,
        required=False,
        label="What is to be done",
        help_text="Shown to the owner; leave empty to use the kind.",
    )
    due_at = forms.DateTimeField(widget=DATETIME, label="Due", initial=_tomorrow_morning)
    owner = forms.ChoiceField(label="Owner", required=False)
    next_contact = forms.BooleanField(
        required=False,
        initial=True,
        label="This is the next contact with the client",
        help_text="It must come soon enough for the risk (within 24 hours at high and imminent risk).",
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Me"), *owners]  # (id, name) pairs: clinical_member_choices


class CompleteForm(forms.Form):
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Outcome")
    risk_now = forms.ChoiceField(
        choices=[("", "Not rated")] + [(level, level.capitalize()) for level in RISK_LEVELS],
        required=False,
        label="Risk at this contact",
        help_text="Required at high and imminent risk: rate the risk at every contact.",
    )
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When it was done", required=False)


class MissForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why it was missed")
    client_unreachable = forms.BooleanField(required=False, label="The client could not be reached")


class CancelForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why it is cancelled")


class ApproveForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Message to the client")


class DriverForm(forms.Form):
    category = forms.ChoiceField(choices=DriverCategory.choices, label="Driver of risk")
    description = forms.CharField(max_length=300, required=False, label="In your words")


def progress_choices():
    return [("", "Not discussed")] + list(DriverProgress.Direction.choices)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FollowUpSettings
        fields = [
            "reminder_lead_minutes",
            "escalation_grace_minutes",
            "caring_series",
            "quiet_hours_start",
            "quiet_hours_end",
            "caring_replies",
        ]
        labels = {
            "reminder_lead_minutes": "Remind the owner this many minutes before a follow-up is due",
            "escalation_grace_minutes": "Tell the supervisor when a follow-up is this many minutes overdue",
            "caring_series": "Caring-contacts series after a crisis",
            "quiet_hours_start": "Quiet hours start (no caring contacts from)",
            "quiet_hours_end": "Quiet hours end",
            "caring_replies": "Who reads a reply to a caring message (said at the end of each)",
        }
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sooner = [
            f"{minutes} minutes at {level} risk"
            for level in reversed(RISK_LEVELS)
            if (minutes := escalation_limit_minutes(level)) is not None
        ]
        if sooner:
            grace = self.fields["escalation_grace_minutes"]
            grace.help_text = f"Sooner when the case's risk calls for it: after at most {' and '.join(sooner)}."


class RuleOverrideForm(forms.Form):
    rule_id = forms.CharField(widget=forms.HiddenInput)
    enabled = forms.BooleanField(required=False, label="Switched on")
    offsets = forms.CharField(required=False, label="When each step is due, after the start (e.g. 72h, 7d, 30d)")
    low = forms.IntegerField(required=False, min_value=1, max_value=365, label="Low risk: every N days")
    moderate = forms.IntegerField(required=False, min_value=1, max_value=365, label="Moderate risk: every N days")
    high = forms.IntegerField(required=False, min_value=1, max_value=365, label="High risk: every N days")
    imminent = forms.IntegerField(required=False, min_value=1, max_value=365, label="Imminent risk: every N days")
    reason = forms.CharField(required=False, label="Why your organisation departs from the default")
    reset = forms.BooleanField(required=False, label="Go back to the default")
