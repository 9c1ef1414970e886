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


def designated_person_caution(client: Client, at_risk: str) -> str | None:
    """When the client threatens someone and the designated person lives with that person: a warning to show
    before relying on them, stronger for records protected by 42 CFR Part 2 with no other contact to turn to."""
    if at_risk not in ("others", "both"):
        return None
    contacts = active_support_contacts(client)
    if not contacts or not contacts[0].lives_with_person_at_risk:
        return None
    designated = contacts[0]
    others = [c for c in contacts[1:] if not c.lives_with_person_at_risk]
    text = (
        f"{designated.name}, the designated person, lives with someone {client.display_name} has threatened: "
        "calling them reaches the household of the person at risk."
    )
    if client.sud_protected and not others:
        text += (
            " Records protected by 42 CFR Part 2 and no other contact: without the client's written consent, nothing"
            " that shows the client is in substance-use treatment may be shared, with them or anyone, except with"
            " medical personnel in a medical emergency. Consult your supervisor before any warning."
        )
    elif others:
        text += f" Consider {others[0].name} first."
    return text


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
