"""The time services, selectors and pages use; every read of "now" goes through here.

The demo seeder sets it to the past (`at`) so a seeded record reads as written then; tests do the same.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_frozen: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("carepath_clock", default=None)


def now() -> dt.datetime:
    return _frozen.get() or timezone.now()


def today(zone: dt.tzinfo | None = None) -> dt.date:
    """Today's date in `zone`, or in the active time zone (the practice's, during a request).

    Services that judge a date a member typed (a signature, a revocation) pass the practice's zone, so that the
    answer is the same from a page, the API, the command line or a test.
    """
    return timezone.localdate(now(), zone) if zone is not None else timezone.localdate(now())


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)
