"""Forms of the hospitalisation step, as a clinician fills them in a crisis: the time is now unless changed."""

from __future__ import annotations

from django import forms

from carepath.core.forms import DATETIME, new_key, now_local

from .models import CrisisPreferences, Decision, Facility, HoldEnd, Status, Transport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPLOAD = forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg,image/webp"})


class DispositionForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=new_key)
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect, label="Decision")
    where = forms.CharField(
        max_length=200, required=False, label="Where", help_text="The emergency department or hospital."
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        label="Why",
        help_text="For an outpatient plan: what reduced the risk. For 'not indicated': the evaluation's reasons.",
    )
    with_client = forms.CharField(
        max_length=200, required=False, label="Who is with the client now", help_text="Outpatient plan only."
    )
    next_contact_at = forms.DateTimeField(
        widget=DATETIME, required=False, label="Next contact (within 24 hours)", help_text="Outpatient plan only."
    )
    occurred_at = forms.DateTimeField(widget=DATETIME, label="Decided at", initial=now_local)


START_STATUSES = [(Status.RECOMMENDED, "Recommended"), (Status.REFERRED, "Referred"), (Status.ADMITTED, "Admitted")]


class HospitalisationForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=new_key)
    status = forms.ChoiceField(
        choices=START_STATUSES, widget=forms.RadioSelect, label="Where it stands", initial=Status.REFERRED
    )
    facility = forms.ChoiceField(label="Facility", required=False)
    facility_name = forms.CharField(max_length=200, required=False, label="Or its name, if not in the directory")
    involuntary = forms.BooleanField(required=False, label="Involuntary (a hold)")
    transport = forms.ChoiceField(choices=Transport.choices, required=False, label="Transport")
    facility_contacts = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
        label="Contacts at the facility",
        help_text="Who you spoke to, their number, the intake reference.",
    )
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=now_local)

    def __init__(self, *args, facilities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = list(facilities)


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Status.REFERRED, "Referred"),
            (Status.ADMITTED, "Admitted"),
            (Status.DECLINED, "Declined by the client"),
            (Status.NOT_ADMITTED, "Not admitted by the facility"),
        ],
        widget=forms.RadioSelect,
        label="What happened",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
        label="Why (declined or not admitted)",
    )
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=now_local)


class HoldForm(forms.Form):
    type_id = forms.ChoiceField(widget=forms.RadioSelect, label="Hold (from the client's jurisdiction)")
    initiated_by = forms.CharField(
        max_length=200, label="Initiated by", help_text="Name and role: officer, physician, designated professional."
    )
    starts_at = forms.DateTimeField(
        widget=DATETIME,
        label="Started at",
        initial=now_local,
        help_text="When the statute's clock starts (custody, arrival, admission).",
    )
    expires_at = forms.DateTimeField(
        widget=DATETIME,
        required=False,
        label="Ends at (only when CarePath does not know the duration)",
    )

    def __init__(self, *args, hold_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_id"].choices = [
            (
                t["id"],
                f"{t['name']} — {t['max_hours']:g} hours" if t["max_hours"] else f"{t['name']} — duration unknown",
            )
            for t in hold_types
        ]
        if len(hold_types) == 1:
            self.fields["type_id"].initial = hold_types[0]["id"]


class HoldEndForm(forms.Form):
    reason = forms.ChoiceField(choices=HoldEnd.choices, widget=forms.RadioSelect, label="How it ended")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
        label="Note",
        help_text="For a further hold: the certification or order, and until when.",
    )
    ended_at = forms.DateTimeField(widget=DATETIME, label="Ended at", initial=now_local)


class DischargeForm(forms.Form):
    discharged_at = forms.DateTimeField(widget=DATETIME, label="Discharged at", initial=now_local)
    followup_appointment = forms.CharField(
        max_length=300, required=False, label="The facility's follow-up appointment", help_text="With whom, when."
    )
    medications_changed = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False, label="Medications changed"
    )
    summary_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        label="Discharge summary",
        help_text="Its main points, if it arrived; or upload it below.",
    )
    summary_file = forms.FileField(
        required=False, label="Discharge summary (PDF or photo, at most 10 MB)", widget=UPLOAD
    )


class SummaryForm(forms.Form):
    summary_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False, label="Discharge summary"
    )
    summary_file = forms.FileField(required=False, label="Upload it (PDF or photo, at most 10 MB)", widget=UPLOAD)


class PreferencesForm(forms.ModelForm):
    directive_file = forms.FileField(
        required=False, label="The signed directive (PDF or photo, at most 10 MB)", widget=UPLOAD
    )

    class Meta:
        model = CrisisPreferences
        fields = [
            "source",
            "agreed_on",
            "preferred_facilities",
            "refused_facilities",
            "call",
            "do_not_call",
            "helpful_medications",
            "harmful_medications",
            "agent_name",
            "agent_relationship",
            "agent_phone",
        ]
        widgets = {
            "source": forms.RadioSelect,
            "agreed_on": DATE,
            **{
                f: forms.Textarea(attrs={"rows": 2})
                for f in (
                    "preferred_facilities",
                    "refused_facilities",
                    "call",
                    "do_not_call",
                    "helpful_medications",
                    "harmful_medications",
                )
            },
        }
        labels = {
            "source": "This is",
            "agreed_on": "Agreed or signed on",
            "preferred_facilities": "Facilities the client prefers",
            "refused_facilities": "Facilities the client refuses",
            "call": "Whom to call",
            "do_not_call": "Whom not to call",
            "helpful_medications": "Medications that helped",
            "harmful_medications": "Medications that harmed (or to avoid)",
            "agent_name": "Agent or proxy",
            "agent_relationship": "Their relationship to the client",
            "agent_phone": "Their phone",
        }


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = [
            "name",
            "kind",
            "phone",
            "address",
            "jurisdiction",
            "takes_involuntary",
            "min_age",
            "max_age",
            "notes",
            "is_active",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "takes_involuntary": "Takes involuntary admissions (holds)",
            "min_age": "Youngest age accepted",
            "max_age": "Oldest age accepted",
            "is_active": "In use",
        }
