"""Small helpers shared by views: role checks, the one shape of a form post, safe redirects, draft clearing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url

from .errors import add_service_errors

ALREADY_SAVED = "This entry was already saved; it was not recorded twice."


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


def is_local_path(candidate: str) -> bool:
    """A path of this site ("/cases/…"), never another host, a scheme, or a URL name."""
    return (
        bool(candidate)
        and candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and not any(c in candidate for c in "\r\n\t\\")
    )


def safe_next(request, default: str) -> str:
    """The `next` parameter when it is a path of this site, else `default` (a path or a URL name)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if is_local_path(candidate) else resolve_url(default)


def form_post(
    request,
    form,
    save: Callable[[dict[str, Any]], Any],
    *,
    redirect_to: str | Callable[[Any], str],
    message: str | Callable[[Any], str] | None = None,
    draft: str | None = None,
    rename: Mapping[str, str] | None = None,
) -> HttpResponse | None:
    """The one shape of a form post: valid → the service → saved (message, draft forgotten) → redirect.

    `save(cleaned_data)` calls one service; a ValidationError it raises lands next to the fields it names
    (service names mapped to the form's by `rename`). `redirect_to` and `message` may be functions of what
    `save` returned. A result with `created == False` (an idempotent retry) says it was not saved twice. A
    post sent by a script (Accept: application/json) gets {"saved", "created", "next", "message", "draft"} instead
    of a redirect, and the session is left alone: the script clears the draft and shows the message itself.
    Returns None when the form must be shown again: the caller renders it, with its errors and what was typed.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc, rename=rename)
        return None
    created = getattr(result, "created", True)
    if not created:
        text = ALREADY_SAVED
    else:
        text = (message(result) if callable(message) else message) or ""
    target = resolve_url(redirect_to(result) if callable(redirect_to) else redirect_to)
    if request.headers.get("Accept") == "application/json":
        # A script posted it (the crisis console): it forgets its own draft and shows the message on the page it
        # opens next, so the session is not written for them (one commit fewer on the emergency path).
        return JsonResponse({"saved": True, "created": created, "next": target, "message": text, "draft": draft or ""})
    if draft:
        saved(request, draft)
    if text:
        messages.success(request, text)
    return redirect(target)
