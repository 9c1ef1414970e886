"""The forms of the collaboration page."""

from __future__ import annotations

from django import forms

from carepath.disclosures.models import ClientInformed

from .models import HandoverSection, ReferralStatus, Urgency


class ConsultationForm(forms.Form):
    to_member = forms.ChoiceField(label="Ask")
    urgency = forms.ChoiceField(choices=Urgency.choices, widget=forms.RadioSelect, initial=Urgency.ROUTINE)
    question = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Your question")

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_member"].choices = [("", "Choose a supervisor or colleague")] + list(members)


class AnswerForm(forms.Form):
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Your answer")


class ReviewForm(forms.Form):
    agreed = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was agreed",
        help_text="The plan, who does what, and when the case is reviewed again.",
    )


class ReferralForm(forms.Form):
    to_name = forms.CharField(max_length=200, label="Referred to", help_text="The professional or service.")
    to_organisation = forms.CharField(max_length=200, required=False, label="Their organisation")
    phone = forms.CharField(max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(required=False, label="Secure email")
    urgency = forms.ChoiceField(choices=Urgency.choices, widget=forms.RadioSelect, initial=Urgency.ROUTINE)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why")
    what_sent = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What was sent with it")


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.SENT])
    note = forms.CharField(required=False, label="Note (why, when declined)")


class HandoverForm(forms.Form):
    recipient_name = forms.CharField(max_length=200, label="Issued to", help_text="A named person.")
    recipient_organisation = forms.CharField(max_length=200, required=False, label="Their organisation")
    sections = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, label="Sections to include")
    external = forms.BooleanField(
        required=False, label="Outside the practice", help_text="Then it is a disclosure: choose its basis below."
    )
    recipient_contact = forms.CharField(max_length=300, required=False, label="Their address or contact")
    basis_id = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Legal basis (outside the practice)")
    client_informed = forms.ChoiceField(
        choices=ClientInformed.choices, initial=ClientInformed.YES, label="Was the client told?"
    )
    client_not_informed_reason = forms.CharField(required=False, label="Why the client is not told")

    def __init__(self, *args, sections=(), bases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = list(sections) or list(HandoverSection.choices)
        self.fields["basis_id"].choices = list(bases)


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note for the team")
    mentions = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Mention (they are notified)"
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentions"].choices = list(members)
