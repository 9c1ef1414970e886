"""The contact-attempt form: one per support contact on the crisis console, each with an idempotency key."""

from __future__ import annotations

from django import forms

from carepath.core.forms import DATETIME, new_key, now_local
from carepath.disclosures.models import RecipientType

from .models import AttemptMethod, AttemptResult

DOCUMENTATION_FIELDS = ("medical_personnel", "affiliation", "nature_of_emergency")


class ContactAttemptForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=new_key)
    contact_id = forms.CharField(widget=forms.HiddenInput)
    result = forms.ChoiceField(choices=AttemptResult.choices, widget=forms.RadioSelect, label="What happened")
    method = forms.ChoiceField(choices=AttemptMethod.choices, initial=AttemptMethod.CALL, label="How")
    shared = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What you told them")
    next_attempt_at = forms.DateTimeField(
        widget=DATETIME, required=False, label="Next attempt", help_text="If not reached: when you will try again."
    )
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=now_local)

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

    def documentation(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in DOCUMENTATION_FIELDS if k in self.cleaned_data}
