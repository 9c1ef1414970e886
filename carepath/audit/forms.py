from django import forms


class AuditFilterForm(forms.Form):
    action = forms.CharField(required=False, help_text="Starts with, e.g. case. or signin.failed")
    actor = forms.UUIDField(required=False, label="Member id")
    client = forms.UUIDField(required=False, label="Client id")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
