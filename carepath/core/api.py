"""What every API router shares: the error shape and the error statuses each operation declares.

Routers live in their apps (`<app>/api.py`) and are mounted by `carepath.api.api` from the apps'
declarations; errors are mapped to responses there, in one place (the API's exception handlers), so an
endpoint only calls a selector or a service and returns what it got.
"""

from __future__ import annotations

from ninja import Schema


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


# Every operation may answer these: a refused input or one that does not fit the schema (400, with the fields
# named), no or a wrong token (401), a role that may not do it (403), a record the member may not see or
# that does not exist (404).
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
