"""`/healthz` for load balancers and process managers: no sign-in, no data.

200 when the database answers and every migration on disk is applied; 503 otherwise. The body says only
which of the two failed. The list of migrations on disk is read once per process; the applied ones are
read from the database on every call (one small query), so a process started before a deploy's
`carepath migrate` reports 503 until it has run.
"""

from __future__ import annotations

from functools import cache

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@cache
def _on_disk() -> frozenset[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return frozenset(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _applied() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return {(app, name) for app, name in cursor.fetchall()}


def _unavailable(reason: str) -> JsonResponse:
    return JsonResponse({"status": "unavailable", "reason": reason}, status=503)


@never_cache
@require_safe
def healthz(request):
    try:
        applied = _applied()
    except DatabaseError:  # Django closes the broken connection when the request ends
        return _unavailable("database")
    if not _on_disk() <= applied:
        return _unavailable("migrations")
    return JsonResponse({"status": "ok"})
