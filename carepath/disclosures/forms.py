"""The disclosure form: telling someone about the client without consent (a warning, a report, a referral)."""

from __future__ import annotations

from django import forms

from carepath.core.forms import DATETIME, new_key, now_local

from .models import RecipientType


class DisclosureForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=new_key)
    recipient = forms.CharField(max_length=200, label="Who was told", help_text="Name, and their role or service.")
    recipient_type = forms.ChoiceField(choices=RecipientType.choices, label="They are")
    shared = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was disclosed",
        help_text="Only what serves the purpose: the threat, who is at risk, where the client is.",
    )
    basis_id = forms.ChoiceField(widget=forms.RadioSelect, label="Legal basis", required=False)
    authorised_by = forms.ChoiceField(label="Authorised by", required=False)
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=now_local)

    def __init__(self, *args, bases=(), members=(), actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis_id"].choices = [(b["id"], f"{b['title']} ({b['citation']})") for b in bases]
        if len(bases) == 1:
            self.fields["basis_id"].initial = bases[0]["id"]
        self.fields["authorised_by"].choices = list(members)
        self.fields["authorised_by"].initial = str(actor.pk) if actor else None
        # Documentation a basis requires (42 CFR 2.51(c) for protected substance-use records).
        self.documentation_fields = {}
        for basis in bases:
            for name, label in basis["documentation"].items():
                self.fields[name] = forms.CharField(
                    max_length=300, required=False, label=label, help_text="Required when you use this basis."
                )
                self.documentation_fields[name] = label

    def documentation(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k, "") for k in self.documentation_fields}
