"""Console forms: one small form per emergency action and per support contact, each with an idempotency key."""

from __future__ import annotations

import uuid

from django import forms

from carepath.cases.forms import DATETIME, _now_local
from carepath.contacts.models import AttemptMethod, AttemptResult
from carepath.disclosures.models import RecipientType

from .models import ActionKind, CallOutcome

SERVICES = [
    ("emergency services", "Emergency services"),
    ("police", "Police"),
    ("ambulance", "Ambulance"),
    ("fire service", "Fire service"),
]

# Which fields each action asks for, in the order shown; everything else stays out of the form.
ACTION_FIELDS = {
    ActionKind.EMERGENCY_CALL: ("number_dialled", "service", "outcome", "reference", "occurred_at", "notes"),
    ActionKind.MOBILE_CRISIS: ("team", "number_dialled", "reference", "occurred_at", "notes"),
    ActionKind.ESCORTED_TO_ED: ("facility", "handed_over_to", "occurred_at", "notes"),
    ActionKind.STAYED: ("arrived", "occurred_at", "notes"),
    ActionKind.CLIENT_CALLED_LINE: ("crisis_line", "occurred_at", "notes"),
    ActionKind.OUTCOME: ("how_it_ended", "taken_over_by", "occurred_at"),
}


def _key():
    return uuid.uuid4()


class EmergencyActionForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=_key)
    number_dialled = forms.CharField(
        max_length=40, label="Number dialled", widget=forms.TextInput(attrs={"type": "tel"})
    )
    service = forms.ChoiceField(choices=SERVICES, label="Service asked for", required=False)
    team = forms.CharField(max_length=100, required=False, label="Team or service")
    outcome = forms.ChoiceField(choices=CallOutcome.choices, initial=CallOutcome.PENDING, label="Outcome")
    reference = forms.CharField(max_length=40, required=False, label="Reference number")
    facility = forms.CharField(max_length=200, label="Emergency department (hospital)")
    handed_over_to = forms.CharField(max_length=200, required=False, label="Handed over to")
    arrived = forms.CharField(max_length=200, required=False, label="Who arrived")
    crisis_line = forms.CharField(max_length=200, label="Crisis line the client called")
    how_it_ended = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="How the emergency ended")
    taken_over_by = forms.CharField(max_length=200, label="Who took over care")
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=_now_local)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Notes")

    def __init__(self, *args, kind: str, **kwargs):
        kwargs.setdefault("auto_id", f"id_{kind}_%s")
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = ("idempotency_key", *ACTION_FIELDS[kind])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.order_fields(keep)

    def service_fields(self) -> dict:
        """The form's answers in the service's words."""
        data = dict(self.cleaned_data)
        data.pop("idempotency_key", None)
        data.pop("occurred_at", None)
        if "team" in data:
            data["service"] = data.pop("team")
        if "arrived" in data:
            data["handed_over_to"] = data.pop("arrived")
        if "how_it_ended" in data:
            data["notes"] = data.pop("how_it_ended")
        if "taken_over_by" in data:
            data["handed_over_to"] = data.pop("taken_over_by")
        return data


class ContactAttemptForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=_key)
    contact_id = forms.CharField(widget=forms.HiddenInput)
    result = forms.ChoiceField(choices=AttemptResult.choices, widget=forms.RadioSelect, label="What happened")
    method = forms.ChoiceField(choices=AttemptMethod.choices, initial=AttemptMethod.CALL, label="How")
    shared = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What you told them")
    next_attempt_at = forms.DateTimeField(
        widget=DATETIME, required=False, label="Next attempt", help_text="If not reached: when you will try again."
    )
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=_now_local)

    def __init__(self, *args, prefix_id: str, bases=(), members=(), actor=None, contacts=None, **kwargs):
        kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)
        if contacts is not None:  # a submit that named no contact of this client: let the clinician pick one
            self.fields["contact_id"].widget = forms.Select(choices=[("", "Choose a contact")] + contacts)
            self.fields["contact_id"].label = "Support contact"
        if bases:
            self.fields["basis_id"] = forms.ChoiceField(
                choices=[(b["id"], f"{b['title']} ({b['citation']})") for b in bases],
                widget=forms.RadioSelect,
                required=False,
                label="Legal basis for telling them without consent",
                initial=bases[0]["id"] if len(bases) == 1 else None,
            )
            self.fields["recipient_type"] = forms.ChoiceField(
                choices=RecipientType.choices, initial=RecipientType.FAMILY, label="They are", required=False
            )
            self.fields["authorised_by"] = forms.ChoiceField(
                choices=members, initial=str(actor.pk) if actor else None, label="Authorised by", required=False
            )
            for name, label in (bases[0]["documentation"] if len(bases) == 1 else {}).items():
                self.fields[name] = forms.CharField(
                    max_length=300, required=False, label=label, help_text="Required when you use this basis."
                )
