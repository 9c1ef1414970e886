"""Per-request context: the client IP for the audit trail and the organisation's time zone."""

from __future__ import annotations

from django.utils import timezone

from carepath.audit.services import current_ip


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
            return self.get_response(request)
        finally:
            timezone.deactivate()
            current_ip.reset(token)
