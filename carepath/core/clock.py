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


def today() -> dt.date:
    """Today's date in the active time zone (the practice's, during a request)."""
    return timezone.localdate(now())


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)
