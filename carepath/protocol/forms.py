"""Forms of the protocol: ticking a step off, saying it does not apply, and an organisation's policy."""

from __future__ import annotations

from django import forms

from carepath.core.forms import DATETIME, now_local

POLICY_EXAMPLE = """# Make a protocol step stricter, or give it a deadline (minutes after the protocol is computed):
overrides:
  - step: supervisor.consult
    required: true
    due_within_minutes: 60
# Add the practice's own steps (ids start with "policy."):
steps:
  - id: policy.supervisor_within_hour
    stage: collaboration
    title: Supervisor consulted within 1 hour for high or imminent risk
    reason: Practice policy.
    required: true
    when: {risk: [high, imminent]}
    due_within_minutes: 60
    done_by: [{kind: supervisor_consulted}]
    source_note: Practice policy
"""


class StepNotApplicableForm(forms.Form):
    step_id = forms.CharField(widget=forms.HiddenInput, max_length=80)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Not applicable because")


class StepDoneForm(forms.Form):
    step_id = forms.CharField(widget=forms.HiddenInput, max_length=80)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="What was done")
    occurred_at = forms.DateTimeField(widget=DATETIME, label="When", initial=now_local, required=False)


class PolicyForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "false"}),
        required=False,
        label="Policy (YAML)",
        help_text="Overrides of protocol steps and the practice's own steps; see docs/features/protocol.md.",
    )
    note = forms.CharField(max_length=500, label="What changed and why")
