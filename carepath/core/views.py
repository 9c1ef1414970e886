"""Small helpers shared by views: role checks and draft clearing after a successful save."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(*roles: str):
    """Signed in and holding one of `roles`; the pseudo-role 'clinical' means clinician or supervisor."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            member = request.user
            allowed = any((role == "clinical" and member.is_clinical) or member.has_role(role) for role in roles)
            if not allowed:
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def saved(request, draft_key: str) -> None:
    """Tell the next page to forget the browser draft of a form that has now been saved."""
    keys = request.session.get("clear_drafts", [])
    keys.append(draft_key)
    request.session["clear_drafts"] = keys


def safe_next(request, default: str) -> str:
    """The `next` parameter when it points inside this site, else `default`."""
    from django.utils.http import url_has_allowed_host_and_scheme

    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default
