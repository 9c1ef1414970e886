"""The JSON API (OpenAPI 3.1 at /api/v1/openapi.json): the same services and selectors as the pages.

Each app declares its router in its plugin; they are mounted below. Errors become responses here, in one
place: a service's refusal (ValidationError) and a request that does not fit the schema are 400 with the
fields named, no or a bad token 401, a role that may not act 403, a record the member may not see 404.
Authentication: the browser session (with CSRF) or a bearer token.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.security import SessionAuth

from carepath.core import extensions

from .auth import BearerToken

api = NinjaAPI(
    title="CarePath API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), SessionAuth()],
    docs_url="/docs",
)


def _plain(error: dict) -> str:
    """A pydantic error in words a person reading the API's answer understands."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return "This field is required."
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "This cannot be empty."
    if kind in ("enum", "literal_error") and ctx.get("expected"):
        return f"Choose one of {ctx['expected']}."
    return error.get("msg", "Not valid.")


@api.exception_handler(SchemaError)
def schema_error(request, exc: SchemaError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        errors.setdefault(loc[-1] if loc else "__all__", []).append(_plain(error))
    detail = " ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    return api.create_response(
        request, {"detail": detail or "The request does not fit the schema.", "errors": errors}, status=400
    )


@api.exception_handler(ValidationError)
def refused(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else None
    return api.create_response(request, {"detail": " ".join(exc.messages), "errors": errors}, status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc: AuthenticationError):
    return api.create_response(request, {"detail": "Sign in or give a valid bearer token."}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


for prefix, router in extensions.api_routers():
    api.add_router(prefix, router)
