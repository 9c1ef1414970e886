"""What one request may look up once and reuse: a member's access (their on-call shift, their break-the-glass
grants) is asked by every panel of a page, and does not change while the page is drawn.

Only inside `scope()` (the member middleware opens it around each request); everywhere else, in the worker,
the command line and services called directly, every call looks again. `clear()` forgets everything, for a
request that changes what it cached (a grant made, a shift started: see clients.models).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Hashable, Iterator
from typing import Any

_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("carepath_request_cache", default=None)


@contextlib.contextmanager
def scope() -> Iterator[None]:
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def memo(key: Hashable, compute: Callable[[], Any]) -> Any:
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def clear() -> None:
    cache = _cache.get()
    if cache is not None:
        cache.clear()
