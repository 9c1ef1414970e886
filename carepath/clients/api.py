"""API endpoints for clients."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Query, Router, Schema

from carepath.core.api import ERRORS

from .access import access_client, visible_clients

router = Router(tags=["clients"])


class ClientOut(Schema):
    id: uuid.UUID
    display_name: str
    date_of_birth: dt.date
    jurisdiction: str
    preferred_language: str
    time_zone: str
    phone: str
    flags: list[str]


def client_out(client) -> dict:
    return {
        "id": client.pk,
        "display_name": client.display_name,
        "date_of_birth": client.date_of_birth,
        "jurisdiction": client.jurisdiction,
        "preferred_language": client.preferred_language,
        "time_zone": client.zone_name or "",
        "phone": client.phone,
        "flags": client.flags or [],
    }


@router.get("/clients", response={200: list[ClientOut], **ERRORS})
def list_clients(
    request,
    q: str = Query("", max_length=100),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    """Clients you may see, by family name; `q` filters on the family name."""
    clients = visible_clients(request.user).order_by("family_name", "given_name")
    if q:
        clients = clients.filter(family_name__icontains=q)
    return [client_out(c) for c in clients[offset : offset + limit]]


@router.get("/clients/{client_id}", response={200: ClientOut, **ERRORS})
def get_client(request, client_id: uuid.UUID):
    return client_out(access_client(request.user, client_id))
