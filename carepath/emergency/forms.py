"""Console forms: one small form per emergency action, each with an idempotency key."""

from __future__ import annotations

from django import forms

from carepath.core.forms import DATETIME, new_key, now_local

from .models import ActionKind, CallOutcome

SERVICES = [
    ("emergency services", "Emergency services"),
    ("police", "Police"),
    ("ambulance", "Ambulance"),
    ("fire service", "Fire service"),
]

# Which fields each action asks for, in the order shown; everything else stays out of the form.
ACTION_FIELDS = {
    ActionKind.EMERGENCY_CALL: (
        "number_dialled",
        "service",
        "outcome",
        "reference",
        "shared",
        "basis_id",
        "occurred_at",
        "notes",
    ),
    ActionKind.MOBILE_CRISIS: ("team", "number_dialled", "reference", "shared", "basis_id", "occurred_at", "notes"),
    ActionKind.ESCORTED_TO_ED: ("facility", "handed_over_to", "shared", "basis_id", "occurred_at", "notes"),
    ActionKind.STAYED: ("arrived", "occurred_at", "notes"),
    ActionKind.CLIENT_CALLED_LINE: ("crisis_line", "occurred_at", "notes"),
    ActionKind.OUTCOME: ("how_it_ended", "taken_over_by", "occurred_at"),
}


class EmergencyActionForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=new_key)
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
    shared = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="What you told them about the client",
        help_text="Only what they need (the risk, where the client is); it is recorded as a disclosure.",
    )
    basis_id = forms.ChoiceField(widget=forms.RadioSelect, required=False, label="Legal basis for telling them")
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=now_local)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Notes")

    def __init__(self, *args, kind: str, bases=(), **kwargs):
        kwargs.setdefault("auto_id", f"id_{kind}_%s")
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["basis_id"].choices = [(b["id"], f"{b['title']} ({b['citation']})") for b in bases]
        if bases:
            self.fields["basis_id"].initial = bases[0]["id"]
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
        data.pop("shared", None)
        data.pop("basis_id", None)
        if "team" in data:
            data["service"] = data.pop("team")
        if "arrived" in data:
            data["handed_over_to"] = data.pop("arrived")
        if "how_it_ended" in data:
            data["notes"] = data.pop("how_it_ended")
        if "taken_over_by" in data:
            data["handed_over_to"] = data.pop("taken_over_by")
        return data


class CallOutcomeForm(forms.Form):
    """What came of a call logged as "not known yet" (a number tapped on the console)."""

    kind = ActionKind.CALL_OUTCOME
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=new_key)
    call_id = forms.UUIDField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        choices=[c for c in CallOutcome.choices if c[0] != CallOutcome.PENDING],
        widget=forms.RadioSelect,
        label="What came of the call",
    )
    reference = forms.CharField(max_length=40, required=False, label="Reference number")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Notes")
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When you learned it", initial=now_local)

    def __init__(self, *args, call=None, **kwargs):
        kwargs.setdefault("auto_id", f"id_outcome_{call.pk if call else 'x'}_%s")
        super().__init__(*args, **kwargs)
        if call is not None:
            self.fields["call_id"].initial = call.pk

    def service_fields(self) -> dict:
        return {
            "outcome": self.cleaned_data["outcome"],
            "reference": self.cleaned_data["reference"],
            "notes": self.cleaned_data["notes"],
        }
