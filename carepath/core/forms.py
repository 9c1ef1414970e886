"""Form pieces every app's forms share: the date-time field as phones show it, and "now" in the practice's zone."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils import timezone

from . import clock

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def now_local() -> dt.datetime:
    """Now, to the minute, in the active (the practice's) time zone: the initial value of "when" fields."""
    return timezone.localtime(clock.now()).replace(second=0, microsecond=0)


def new_key() -> uuid.UUID:
    """A fresh idempotency key for a form that may be sent twice (an offline queue, a double tap)."""
    return uuid.uuid4()
