"""How a serving process runs: Python's garbage collector set for a web server.

A page makes tens of thousands of short-lived objects (the ORM's rows and query objects, the template
engine's contexts). With Python's default thresholds the cyclic collector runs dozens of times a request,
and now and then a full collection walks every object the process holds (its modules, URL map, compiled
templates), tens of milliseconds landing in one unlucky request: the slowest twentieth of the pages. Frozen,
the objects loaded at start are left out of every collection; with a higher first threshold the collector
runs a few times a request instead of dozens. Reference counting still frees almost everything at once; only
reference cycles wait a little longer, so memory barely moves.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 20)


def tune_gc() -> None:
    """Call once the application is loaded (a server worker after it starts, a benchmark after warming up)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
