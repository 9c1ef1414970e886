"""Who may see which client: the only way views reach clinical records.

A member sees a client of their own organisation when they are a supervisor, when they are on the
client's active care team, or through an unexpired break-the-glass grant. Auditors and admins see
no clinical record unless they also hold a clinical role. Every access through `access_client`
is written to the audit trail.
"""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from carepath.audit.services import audit_record

from .models import AccessGrant, CareTeamMember, Client


def visible_clients(member) -> QuerySet[Client]:
    if not member.is_authenticated or not member.is_clinical:
        return Client.objects.none()
    clients = Client.objects.filter(organisation_id=member.organisation_id)
    if member.is_supervisor:
        return clients
    on_team = CareTeamMember.objects.filter(client=OuterRef("pk"), member=member, is_active=True)
    granted = AccessGrant.objects.filter(client=OuterRef("pk"), member=member, expires_at__gt=timezone.now())
    return clients.filter(Q(Exists(on_team)) | Q(Exists(granted)))


def can_see_client(member, client: Client) -> bool:
    return visible_clients(member).filter(pk=client.pk).exists()


def is_on_care_team(member, client: Client) -> bool:
    return CareTeamMember.objects.filter(client=client, member=member, is_active=True).exists()


def _parse_id(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404("No such client.")


def access_client(member, client_id, *, audit_action: str | None = "client.view") -> Client:
    """The client if `member` may see it, else 404 (never says whether it exists)."""
    client = visible_clients(member).filter(pk=_parse_id(client_id)).first()
    if client is None:
        raise Http404("No such client.")
    if audit_action:
        audit_record(actor=member, action=audit_action, obj=client)
    return client


def breakable_client(member, client_id) -> Client | None:
    """A client of the member's organisation that they could open by breaking the glass."""
    if not member.is_authenticated or not member.is_clinical:
        return None
    return Client.objects.filter(organisation_id=member.organisation_id, pk=_parse_id(client_id)).first()
