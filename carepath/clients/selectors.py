"""Reads of clients and their support contacts that pages, services and the step apps share."""

from __future__ import annotations

import uuid

from .models import Client, SupportContact


def support_contact_of(client: Client, contact_id) -> SupportContact | None:
    """The client's support contact with that id, or None (another client's contact, a bad id)."""
    try:
        pk = contact_id if isinstance(contact_id, uuid.UUID) else uuid.UUID(str(contact_id))
    except (TypeError, ValueError, AttributeError):
        return None
    return SupportContact.objects.filter(pk=pk, client_id=client.pk).first()


def active_support_contacts(client: Client) -> list[SupportContact]:
    """The client's active support contacts, the designated person (priority 1) first."""
    return list(client.support_contacts.filter(is_active=True).order_by("priority", "name"))


def off_team_matches(member, query: str, limit: int = 20) -> list:
    """Clients of the practice the member cannot open, matching a name: name and date of birth only."""
    from django.db.models import Q

    from .access import visible_clients
    from .models import Client

    query = (query or "").strip()
    if len(query) < 2 or not member.is_clinical or member.is_supervisor:
        return []
    return list(
        Client.objects.filter(organisation_id=member.organisation_id)
        .filter(Q(family_name__icontains=query) | Q(given_name__icontains=query) | Q(preferred_name__icontains=query))
        .exclude(pk__in=visible_clients(member).values("pk"))
        .order_by("family_name", "given_name")
        .only("id", "given_name", "family_name", "preferred_name", "date_of_birth")[:limit]
    )


def on_call_rota(member) -> list:
    """The practice's shifts running now and to come, then the last week's."""
    import datetime as dt

    from carepath.core import clock

    from .models import OnCallShift

    since = clock.now() - dt.timedelta(days=7)
    return list(
        OnCallShift.objects.filter(organisation_id=member.organisation_id, ends_at__gte=since)
        .select_related("member", "created_by", "cancelled_by")
        .order_by("-starts_at")
    )
