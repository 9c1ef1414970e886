"""Per-request context: the client IP for the audit trail, the organisation's time zone, and the idle timeout."""

from __future__ import annotations

import time

from django.utils import timezone

from carepath.audit.services import current_ip
from carepath.core import request_cache


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class MemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            user = request.user
            if user.is_authenticated:
                timezone.activate(user.organisation.zone)
                touch(request.session)
            with request_cache.scope():
                return self.get_response(request)
        finally:
            timezone.deactivate()
            current_ip.reset(token)


# A signed-in session ends after SESSION_IDLE_MINUTES without a request. Its expiry is moved on by saving it,
# which is a database write: done at most once a TOUCH_SECONDS, not on every page (so a session may end up to
# that much before the idle limit, never after it).
TOUCH_SECONDS = 60
_TOUCHED = "_carepath_touched"


def touch(session) -> None:
    now = int(time.time())
    if now - session.get(_TOUCHED, 0) >= TOUCH_SECONDS:
        session[_TOUCHED] = now  # modified: saved with a new expiry at the end of the request
