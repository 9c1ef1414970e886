"""The disclosure form: telling someone about the client (a warning, a report, a referral), asking for the least
that serves the purpose; the accounting's date range."""

from __future__ import annotations

import datetime as dt

from django import forms

from carepath.clients.models import InformationCategory
from carepath.core import clock
from carepath.core.forms import DATETIME, new_key, now_local

from .models import ClientInformed, RecipientType
from .selectors import AUTHORISATION_BASIS

PURPOSES = (
    "To warn the person threatened",
    "Emergency response: to protect the client or others",
    "To get the client help in a crisis",
    "Emergency care and treatment",
    "A report the law requires",
    "Care coordination with the client's agreement",
)


class DisclosureForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=new_key)
    recipient = forms.CharField(
        max_length=200, required=False, label="Who was told", help_text="Name, and their role or service."
    )
    recipient_type = forms.ChoiceField(choices=RecipientType.choices, label="They are")
    recipient_contact = forms.CharField(
        max_length=500,
        required=False,
        label="Their address or contact",
        help_text="If known: it goes in the accounting.",
    )
    categories = forms.MultipleChoiceField(
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What kinds of information",
        help_text="Only what serves the purpose.",
    )
    shared = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="What was said, briefly",
        help_text="The threat, who is at risk, where the client is: the least needed.",
    )
    purpose = forms.CharField(
        max_length=300,
        label="Purpose",
        widget=forms.TextInput(attrs={"list": "disclosure-purposes"}),
    )
    basis_id = forms.ChoiceField(widget=forms.RadioSelect, label="Legal basis", required=False)
    authorised_by = forms.ChoiceField(label="Authorised by", required=False)
    client_informed = forms.ChoiceField(
        choices=ClientInformed.choices, widget=forms.RadioSelect, label="Was the client told?"
    )
    client_not_informed_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Why the client is not told"
    )
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=now_local)

    def __init__(self, *args, bases=(), authorisations=(), members=(), actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(b["id"], f"{b['title']} ({b['citation']})") for b in bases]
        choices += [
            (
                f"{AUTHORISATION_BASIS}:{a.pk}",
                f"The client's authorisation to share with {a.recipient_name}: {', '.join(a.category_labels()).lower()}"
                f" (signed {a.signed_on:%d %b %Y})",
            )
            for a in authorisations
        ]
        self.fields["basis_id"].choices = choices
        if len(choices) == 1:
            self.fields["basis_id"].initial = choices[0][0]
        self.fields["authorised_by"].choices = list(members)
        self.fields["authorised_by"].initial = str(actor.pk) if actor else None
        # Documentation a basis requires (42 CFR 2.51(c) for protected substance-use records, from the pack).
        self.documentation_fields = {}
        for basis in bases:
            for name, label in basis["documentation"].items():
                self.fields[name] = forms.CharField(
                    max_length=300, required=False, label=label, help_text="Required when you use this basis."
                )
                self.documentation_fields[name] = label

    def documentation(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k, "") for k in self.documentation_fields}


class AccountingForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, period_years: int = 6, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["end"].initial = today
        self.fields["start"].initial = today.replace(year=today.year - period_years)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("start", "The start is after the end of the period.")
        if data.get("end") and data["end"] > clock.today() + dt.timedelta(days=1):
            self.add_error("end", "The period ends in the future.")
        return data


class FilterForm(forms.Form):
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    basis_id = forms.ChoiceField(label="Legal basis", required=False)
    recipient_type = forms.ChoiceField(
        label="Recipient", required=False, choices=[("", "Any")] + list(RecipientType.choices)
    )
    member_id = forms.ChoiceField(label="Member", required=False)

    def __init__(self, *args, bases=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis_id"].choices = [("", "Any")] + list(bases)
        self.fields["member_id"].choices = [("", "Anyone")] + list(members)
