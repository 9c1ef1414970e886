"""Template context every page gets."""

from __future__ import annotations

from django.conf import settings


def carepath(request):
    drafts_to_clear = request.session.pop("clear_drafts", []) if hasattr(request, "session") else []
    return {
        "member": request.user if getattr(request, "user", None) and request.user.is_authenticated else None,
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
        "drafts_to_clear": drafts_to_clear,
    }
