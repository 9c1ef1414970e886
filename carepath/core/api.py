"""What every API router shares: the error shape and the error statuses each operation declares.

Routers live in their apps (`<app>/api.py`) and are mounted by `carepath.api.api` from the apps'
declarations; errors are mapped to responses there, in one place (the API's exception handlers), so an
endpoint only calls a selector or a service and returns what it got.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


# Every operation may answer these: a refused input or one that does not fit the schema (400, with the fields
# named), no or a wrong token (401), a role that may not do it (403), a record the member may not see or
# that does not exist (404).
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}


# Text a person must write (a reason, a note, an outcome): at least one character that is not a space.
Written = Annotated[str, Field(min_length=1, max_length=10_000, pattern=r"\S")]
# Optional free text, bounded.
OptionalText = Annotated[str, Field(max_length=10_000)]


def bounded_text(max_length: int, *, required: bool = False):
    """A string of at most `max_length` characters; when `required`, with something other than spaces."""
    if required:
        return Annotated[str, Field(min_length=1, max_length=max_length, pattern=r"\S")]
    return Annotated[str, Field(max_length=max_length)]
