"""/healthz: no sign-in, no data; 200 when the database answers and is migrated, 503 otherwise."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from carepath.core import health


@pytest.mark.django_db
def test_healthy_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies.get("sessionid")
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_unapplied_migration_is_503(client, monkeypatch):
    on_disk = health._on_disk() | {("audit", "9999_not_yet_applied")}
    monkeypatch.setattr(health, "_on_disk", lambda: on_disk)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "migrations"}


@pytest.mark.django_db
def test_unreachable_database_is_503(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "database"}
