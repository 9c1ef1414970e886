"""Forms for clients, support contacts, the care team and break-the-glass reasons."""

from __future__ import annotations

from django import forms

from carepath.accounts.models import Member
from carepath.accounts.selectors import clinical_members

from .models import ClientFlag, InformationCategory, Responsibility

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClientForm(forms.Form):
    given_name = forms.CharField(max_length=100)
    family_name = forms.CharField(max_length=100)
    preferred_name = forms.CharField(max_length=100, required=False)
    date_of_birth = forms.DateField(widget=DATE)
    jurisdiction = forms.CharField(
        max_length=10,
        help_text="Where the client is (for telehealth, where they are during sessions): e.g. US-CA, GB-SCT, CA-ON.",
        widget=forms.TextInput(attrs={"list": "jurisdiction-codes", "autocapitalize": "characters"}),
    )
    preferred_language = forms.CharField(max_length=20, initial="en", help_text="Language code, e.g. en, es, fr.")
    time_zone = forms.CharField(
        max_length=64,
        required=False,
        label="Client's time zone",
        help_text="Where it differs from the practice's and the jurisdiction has several, e.g. America/New_York.",
    )
    phone = forms.CharField(max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    flags = forms.MultipleChoiceField(choices=ClientFlag.choices, required=False, widget=forms.CheckboxSelectMultiple)


class SupportContactForm(forms.Form):
    name = forms.CharField(max_length=200)
    relationship = forms.CharField(max_length=100, help_text="e.g. sister, partner, friend, sponsor")
    phone = forms.CharField(max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    phone_alt = forms.CharField(
        max_length=40, required=False, label="Other phone", widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(required=False)
    priority = forms.IntegerField(min_value=1, max_value=20, initial=1, help_text="1 is called first.")
    languages = forms.CharField(max_length=100, required=False)
    consent_given_on = forms.DateField(required=False, widget=DATE, label="Client consented on")
    consent_scope = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What the consent covers"
    )
    consent_expires_on = forms.DateField(required=False, widget=DATE, label="Consent expires on")
    consent_revoked_on = forms.DateField(required=False, widget=DATE, label="Consent revoked on")
    may_be_told = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="May be told",
        help_text="What the client agreed this person may be told in a crisis.",
    )
    lives_with_person_at_risk = forms.BooleanField(
        required=False,
        label="Lives with someone the client has threatened",
        help_text="Only when others are at risk: CarePath then warns before relying on this contact.",
    )
    is_active = forms.BooleanField(required=False, initial=True, label="Current contact")


class CareTeamForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), required=False, label="Member of the practice")
    external_name = forms.CharField(max_length=200, required=False, label="Or an external professional")
    external_organisation = forms.CharField(max_length=200, required=False, label="Their organisation")
    external_phone = forms.CharField(max_length=40, required=False, label="Their phone")
    external_email = forms.EmailField(required=False, label="Their email")
    role = forms.CharField(max_length=100, help_text="e.g. psychiatrist, GP, case manager, co-therapist")
    responsibility = forms.ChoiceField(choices=Responsibility.choices, initial=Responsibility.OTHER)
    authorisation = forms.ChoiceField(
        required=False,
        label="Client's consent to share with them",
        help_text="For an external professional: the authorisation on file (add one under Authorisations to share).",
    )

    def __init__(self, *args, organisation, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = clinical_members(organisation.pk)
        choices = [("", "No consent on file")]
        if client is not None:
            for a in client.authorisations.order_by("-signed_on"):
                if a.status() == "valid":
                    choices.append((str(a.pk), f"{a.recipient_name} (signed {a.signed_on:%d %b %Y})"))
        self.fields["authorisation"].choices = choices


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Supervisors see this reason. Example: covering for the on-call clinician during a crisis call.",
    )


class OnCallShiftForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label="Clinician on call")
    starts_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), label="Starts"
    )
    ends_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), label="Ends"
    )
    note = forms.CharField(max_length=200, required=False, help_text="e.g. covering nights and the weekend line")

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = clinical_members(organisation_id)


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


RECIPIENT_TYPES = [
    ("family", "Family or friend"),
    ("professional", "Health or care professional"),
    ("police", "Police"),
    ("county_official", "County or public official"),
    ("victim", "A person at risk"),
    ("other", "Someone else"),
]


class AuthorisationForm(forms.Form):
    recipient_name = forms.CharField(max_length=200, label="Shared with", help_text="The person or organisation.")
    recipient_type = forms.ChoiceField(choices=RECIPIENT_TYPES, label="They are")
    recipient_contact = forms.CharField(max_length=500, required=False, label="Their address or contact")
    support_contact = forms.ChoiceField(required=False, label="Is this a support contact?")
    categories = forms.MultipleChoiceField(
        choices=InformationCategory.choices, widget=forms.CheckboxSelectMultiple, label="What may be shared"
    )
    purpose = forms.CharField(max_length=300, label="For what purpose")
    scope_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Limits the client set, in their words"
    )
    signed_on = forms.DateField(widget=DATE, label="Signed on")
    expires_on = forms.DateField(widget=DATE, required=False, label="Expires on")
    document = forms.FileField(
        required=False,
        label="The signed form (PDF or photo, at most 10 MB)",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg,image/webp"}),
    )

    def __init__(self, *args, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        contacts = list(client.support_contacts.filter(is_active=True)) if client else []
        self.fields["support_contact"].choices = [("", "No")] + [(str(c.pk), str(c)) for c in contacts]


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(widget=DATE)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
