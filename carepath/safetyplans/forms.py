"""Forms of the safety plan that are not the plan itself: finalising, sharing, confirming a step."""

from __future__ import annotations

from django import forms


class FinaliseForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput(attrs={"data-revision-field": ""}), min_value=0)
    environment_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="If nothing is listed to make the surroundings safer, why",
        help_text="Required at high and imminent risk when that section is empty.",
    )


class ShareForm(forms.Form):
    contact = forms.ChoiceField(label="Given to")
    how = forms.CharField(max_length=100, label="How", help_text="Printed copy, read over the phone, sent a photo...")

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [
            (str(c.pk), f"{c.name} ({c.relationship})") for c in client.support_contacts.filter(is_active=True)
        ]


class MeansConfirmForm(forms.Form):
    done = forms.ChoiceField(
        choices=[("yes", "Done: confirmed"), ("no", "Not done")], widget=forms.RadioSelect, initial="yes", label="It is"
    )
    how = forms.CharField(
        max_length=300,
        label="Who confirmed it, and how",
        help_text="E.g. “Rachel (sister), by phone: the handgun is locked in her safe.”",
    )


ACCESS_CHOICES = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known / not asked")]


class CounselForm(forms.Form):
    """Lethal-means counselling: for firearms, medicines and other means, is there access, and what was agreed."""

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Notes")

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        from .sections import MEANS

        self.means = []
        contact_choices = [("", "Someone else (write below)")] + [
            (str(c.pk), f"{c.name} ({c.relationship})") for c in contacts
        ]
        for means, label in MEANS:
            self.fields[f"{means}_access"] = forms.ChoiceField(
                choices=ACCESS_CHOICES,
                widget=forms.RadioSelect,
                label=f"Access to {str(label).lower()}",
                initial="unknown",
            )
            self.fields[f"{means}_action"] = forms.CharField(
                max_length=500,
                required=False,
                label="What was agreed",
                help_text="E.g. “The handgun goes to Rachel's safe tonight”, “A week's supply at a time”.",
            )
            self.fields[f"{means}_holder_contact"] = forms.ChoiceField(
                choices=contact_choices, required=False, label="Who will keep it or do it"
            )
            self.fields[f"{means}_holder"] = forms.CharField(max_length=200, required=False, label="Or name them")
            self.fields[f"{means}_by_when"] = forms.DateField(
                required=False, label="By when", widget=forms.DateInput(attrs={"type": "date"})
            )
            self.fields[f"{means}_confirmed"] = forms.CharField(
                max_length=300,
                required=False,
                label="Already confirmed? Who confirmed it, and how",
            )
            self.means.append((means, label))
        self.order_fields([f for f in self.fields if f != "note"] + ["note"])

    def blocks(self):
        """(label, [bound fields]) for each kind of means, for the template."""
        return [
            (label, [self[name] for name in self.fields if name.startswith(f"{means}_")]) for means, label in self.means
        ]
