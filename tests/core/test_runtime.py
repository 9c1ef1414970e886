"""The serving process's collector settings (carepath.core.runtime), and that `carepath serve` applies them."""

from __future__ import annotations

import gc

from carepath import cli
from carepath.core import runtime


def test_tune_gc_freezes_what_is_loaded_and_raises_the_first_threshold():
    before = gc.get_threshold()
    try:
        runtime.tune_gc()
        assert gc.get_threshold() == runtime.THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_serve_tunes_each_worker_after_it_starts(monkeypatch):
    called = []
    monkeypatch.setattr(runtime, "tune_gc", lambda: called.append(True))
    cli._worker_started(server=None, worker=None)
    assert called == [True]
