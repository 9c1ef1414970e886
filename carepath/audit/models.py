"""The audit trail: who saw or changed which record, hash-chained so that tampering shows."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    # Entries are never shown in links by id alone.
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
    # The place in the organisation's chain (1, 2, ...); NULL for the entries of the legacy global chain.
    seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation_id", "-id"], name="audit_by_org"),
            models.Index(fields=["organisation_id", "action", "-id"], name="audit_by_action"),
            models.Index(fields=["client_id", "-id"], name="audit_by_client"),
            models.Index(fields=["actor_id", "-id"], name="audit_by_actor"),
            # The legacy chain's head, where every organisation's chain starts, without a scan of the table.
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_legacy"),
        ]
        # Two writers can never put two entries at one place of a chain (a fork). Both are partial so that
        # SQLite adds them as indexes instead of rebuilding the table (which would drop its triggers).
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_id", "seq"], condition=models.Q(seq__isnull=False), name="audit_chain_place"
            ),
            models.UniqueConstraint(
                fields=["seq"],
                condition=models.Q(seq__isnull=False, organisation_id__isnull=True),
                name="audit_chain_place_no_org",
            ),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")
