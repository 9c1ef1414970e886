"""Demo of the crisis console: the Whitaker emergency as it was logged from the console."""

from __future__ import annotations

import datetime as dt

from carepath.core import clock

from .models import EmergencyAction
from .services import emergency_action_record


def seed(ctx) -> None:
    """Danny Whitaker (imminent risk, US-CA): 911 call with a welfare check, then Sam stays on video until police
    arrive. The calls to his sister and roommate in between are the contacts app's part of the demo."""
    case = ctx.cases.get("Whitaker")
    if case is None or EmergencyAction.objects.filter(case=case).exists():
        return
    sam = ctx.members["sam"]
    now = ctx.now

    def ago(minutes: float) -> dt.datetime:
        return now - dt.timedelta(minutes=minutes)

    with clock.at(ago(150)):
        emergency_action_record(
            actor=sam,
            case=case,
            kind="emergency_call",
            occurred_at=ago(154),
            number_dialled="911",
            service="police",
            reference="OPD-26-118734",
            outcome="welfare_check",
            notes="Asked for officers trained in crisis intervention; told them there is a handgun in the home.",
        )
    with clock.at(ago(125)):
        emergency_action_record(
            actor=sam,
            case=case,
            kind="stayed_with_client",
            occurred_at=ago(126),
            handed_over_to="Two Oakland police officers; the clinician stayed on video until they were with Danny",
        )
