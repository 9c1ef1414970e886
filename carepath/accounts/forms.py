"""Forms for sign-in and member management."""

from __future__ import annotations

from django import forms

from .models import Member, Role


class SignInForm(forms.Form):
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class MemberForm(forms.Form):
    full_name = forms.CharField(max_length=200)
    email = forms.EmailField()
    roles = forms.MultipleChoiceField(choices=Role.choices, widget=forms.CheckboxSelectMultiple)
    supervisor = forms.ModelChoiceField(queryset=Member.objects.none(), required=False)
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; the member should change it at first sign-in.",
    )
    is_active = forms.BooleanField(required=False, initial=True, label="Active")

    def __init__(self, *args, organisation, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = Member.objects.filter(
            organisation=organisation, is_supervisor=True, is_active=True
        )
        if editing:
            del self.fields["password"]
            self.fields["email"].disabled = True
        else:
            del self.fields["is_active"]
