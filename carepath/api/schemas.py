"""Shapes of the API's requests and responses."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class ClientOut(Schema):
    id: uuid.UUID
    display_name: str
    date_of_birth: dt.date
    jurisdiction: str
    preferred_language: str
    phone: str
    flags: list[str]


class EventOut(Schema):
    id: uuid.UUID
    kind: str
    summary: str
    details: dict
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    late_entry: bool
    actor: str
    amends: uuid.UUID | None


class CaseOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    status: str
    risk_level: str
    at_risk: str
    potential_victims: str
    concern: str
    jurisdiction_code: str
    opened_at: dt.datetime
    last_activity_at: dt.datetime
    closed_at: dt.datetime | None
    close_reason: str


class CaseDetailOut(CaseOut):
    timeline: list[EventOut]


class CaseIn(Schema):
    risk_level: str
    concern: str
    at_risk: str = "self"
    potential_victims: str = ""
    occurred_at: dt.datetime | None = None


class NoteIn(Schema):
    summary: str
    occurred_at: dt.datetime | None = None


class RiskLevelIn(Schema):
    risk_level: str
    reason: str


class CloseIn(Schema):
    reason: str
    status: str = "closed"
