"""Reads of the audit trail for auditors."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import AuditEntry


def audit_entries_for(
    member,
    *,
    action: str = "",
    actor_id: str = "",
    client_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The organisation's audit entries, newest first, filtered; only auditors may read them."""
    if not member.is_auditor:
        raise PermissionDenied("Only auditors can read the audit trail.")
    entries = AuditEntry.objects.filter(organisation_id=member.organisation_id)
    if action:
        entries = entries.filter(action__startswith=action)
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    if client_id:
        entries = entries.filter(client_id=client_id)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries.order_by("-id")
