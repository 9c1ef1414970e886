"""Who is told when a client's record changes: `cases` writes the change on the client's open safety cases.

Listeners are registered by app label (registering twice keeps one) and called inside the service's
transaction: listener(actor, client, change, summary, details), where `change` is one of CHANGES.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CHANGES = ("client_updated", "support_contact_changed", "care_team_changed", "break_glass", "authorisation_changed")

Listener = Callable[[Any, Any, str, str, dict], None]
_LISTENERS: dict[str, Listener] = {}


def register(app_label: str, listener: Listener) -> None:
    _LISTENERS[app_label] = listener


def client_changed(actor, client, change: str, summary: str, details: dict | None = None) -> None:
    if change not in CHANGES:
        raise ValueError(f"unknown client change '{change}'")
    for listener in list(_LISTENERS.values()):
        listener(actor, client, change, summary, details or {})
