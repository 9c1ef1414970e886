"""The JSON API (OpenAPI 3.1 at /api/v1/openapi.json): the same services and selectors as the pages.

Each app adds its router below. Authentication: the browser session (with CSRF) or a bearer token.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import SessionAuth

from .auth import BearerToken
from .core import router as core_router

api = NinjaAPI(
    title="CarePath API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), SessionAuth()],
    docs_url="/docs",
)
api.add_router("/", core_router)
# Apps add their routers here, one line each:
