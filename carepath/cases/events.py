"""The kinds of timeline event. Each app declares the kinds it owns (in its plugin), with a label for people."""

from __future__ import annotations

EVENT_KINDS: dict[str, str] = {}
OWNERS: dict[str, str] = {}


def register(kind: str, label: str, owner: str = "cases") -> str:
    if kind in EVENT_KINDS and EVENT_KINDS[kind] != label:
        raise ValueError(f"Timeline event kind '{kind}' is registered twice with different labels.")
    if kind in OWNERS and OWNERS[kind] != owner:
        raise ValueError(f"Timeline event kind '{kind}' is owned by {OWNERS[kind]}, not {owner}.")
    EVENT_KINDS[kind] = label
    OWNERS[kind] = owner
    return kind


def label(kind: str) -> str:
    return EVENT_KINDS.get(kind, kind.replace("_", " ").capitalize())


def owner(kind: str) -> str | None:
    return OWNERS.get(kind)


CASE_OPENED = register("case_opened", "Safety case opened")
NOTE = register("note", "Note")
RISK_LEVEL_CHANGED = register("risk_level_changed", "Risk level changed")
STATUS_CHANGED = register("status_changed", "Status changed")
AMENDMENT = register("amendment", "Amendment")
CASE_CLOSED = register("case_closed", "Safety case closed")
CLIENT_UPDATED = register("client_updated", "Client details updated")
SUPPORT_CONTACT_CHANGED = register("support_contact_changed", "Support contact changed")
CARE_TEAM_CHANGED = register("care_team_changed", "Care team changed")
BREAK_GLASS = register("break_glass", "Access outside the care team")
LOCATION_CHANGED = register("location_changed", "Client's location")
AUTHORISATION_CHANGED = register("authorisation_changed", "Authorisation to share recorded or revoked")
