"""Forms for reporting risk and working on a safety case."""

from __future__ import annotations

from django import forms

from carepath.core.forms import DATETIME, now_local

from .models import AtRisk, CaseStatus, RiskLevel


class ReportRiskForm(forms.Form):
    risk_level = forms.ChoiceField(choices=RiskLevel.choices, widget=forms.RadioSelect, label="Risk level now")
    concern = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What was reported",
        help_text="In your words: what the client said or did, and when.",
    )
    at_risk = forms.ChoiceField(
        choices=AtRisk.choices, widget=forms.RadioSelect, initial=AtRisk.SELF, label="Who is at risk"
    )
    potential_victims = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="People who may be harmed",
        help_text="Needed when others are at risk: names, relationship, how to reach them.",
    )
    location = forms.CharField(
        required=False,
        max_length=500,
        label="Where the client is now",
        help_text="An address, or 'at home', 'on the phone, location unknown': what responders need.",
    )
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When it was reported", initial=now_local)


class LocationForm(forms.Form):
    location = forms.CharField(max_length=500, label="Where the client is now")


class NoteForm(forms.Form):
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note")
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When it happened", initial=now_local)


class AmendForm(forms.Form):
    correction = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Corrected account")
    reason = forms.CharField(max_length=500, label="Why it is corrected")


class RiskLevelForm(forms.Form):
    risk_level = forms.ChoiceField(choices=RiskLevel.choices, label="New risk level")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why")


class CloseCaseForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(CaseStatus.MONITORING, "Step down to monitoring"), (CaseStatus.CLOSED, "Close the case")],
        widget=forms.RadioSelect,
        initial=CaseStatus.CLOSED,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Reason", help_text="Why the risk episode can end here."
    )
    override = forms.BooleanField(
        required=False,
        label="As supervisor, close over the outstanding items listed above (they are kept on the record)",
    )

    def __init__(self, *args, supervisor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not supervisor:
            del self.fields["override"]
