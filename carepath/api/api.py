"""The JSON API (OpenAPI 3.1 at /api/v1/openapi.json): the same services and selectors as the pages.

Each app contributes a router, mounted below. Authentication: the browser session (with CSRF) or a bearer token.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import SessionAuth

from carepath.assessments.api import router as assessments_router
from carepath.emergency.api import router as emergency_router
from carepath.followup.api import router as followup_router
from carepath.jurisdictions.api import router as protocol_router

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
api.add_router("/", assessments_router)
api.add_router("/", emergency_router)
api.add_router("/", protocol_router)
api.add_router("/followup", followup_router)
