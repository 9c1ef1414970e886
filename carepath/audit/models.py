"""The audit trail: who saw or changed which record, hash-chained so that tampering shows."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    # An integer sequence is the order of the chain; entries are never shown in links by id alone.
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    organisation_id = models.UUIDField(null=True, blank=True)
    actor_id = models.UUIDField(null=True, blank=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=48)
    object_type = models.CharField(max_length=48, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    client_id = models.UUIDField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation_id", "-id"], name="audit_by_org"),
            models.Index(fields=["organisation_id", "action", "-id"], name="audit_by_action"),
            models.Index(fields=["client_id", "-id"], name="audit_by_client"),
            models.Index(fields=["actor_id", "-id"], name="audit_by_actor"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")
