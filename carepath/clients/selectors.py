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
