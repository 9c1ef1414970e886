"""An organisation's protocol policy in immutable versions, and the protocol computed for each safety case."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ProtocolPolicy(models.Model):
    """One saved version of an organisation's protocol policy; a change is a new version, never an edit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True, help_text="The policy as the admin wrote it (YAML).")
    rules = models.JSONField(default=dict, blank=True)  # the validated policy, as parsed from `text`
    note = models.TextField(help_text="What changed and why.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "jurisdictions_protocolpolicy"  # the table from before the protocol had an app of its own
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="one_policy_version_number"),
        ]
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Protocol policy v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("A policy version is immutable; save a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Policy versions are kept for the record.")

    @property
    def label(self) -> str:
        return f"Organisation policy v{self.version}"


class CaseProtocol(models.Model):
    """The steps a case calls for, computed when it opened and again at each change of risk level."""

    case = models.OneToOneField("cases.SafetyCase", on_delete=models.PROTECT, primary_key=True, related_name="protocol")
    policy = models.ForeignKey(ProtocolPolicy, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    risk_level = models.CharField(max_length=12)
    rules_version = models.PositiveIntegerField()
    steps = models.JSONField(default=list)  # [protocol.Step.as_dict()], in order
    computed_at = models.DateTimeField()

    class Meta:
        db_table = "jurisdictions_caseprotocol"

    def __str__(self) -> str:
        return f"Protocol of {self.case_id} at {self.risk_level}"
