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

    _local_numbers(ctx)
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
            shared=(
                "Danny Whitaker, 35, at imminent risk of suicide with his father's handgun, alone at 1420 Alder St, "
                "Apt 3, Oakland; on video with his therapist now."
            ),
            basis_id="us-hipaa-164-512-j",
        )
    with clock.at(ago(125)):
        emergency_action_record(
            actor=sam,
            case=case,
            kind="stayed_with_client",
            occurred_at=ago(126),
            handed_over_to="Two Oakland police officers; the clinician stayed on video until they were with Danny",
        )


def _local_numbers(ctx) -> None:
    """The practice's local numbers for Alameda County (invented for the demo: 555 numbers)."""
    from .models import LocalNumber

    if LocalNumber.objects.filter(organisation=ctx.organisation).exists():
        return
    for kind, name, number, hours in (
        ("dispatch", "Oakland emergency communications (direct line to the 911 centre)", "+1 510 555 0177", "24/7"),
        ("mobile_crisis", "Alameda County mobile crisis team", "+1 510 555 0178", "8am to midnight"),
    ):
        LocalNumber.objects.create(
            organisation=ctx.organisation,
            kind=kind,
            jurisdiction="US-CA",
            area="Alameda County",
            name=name,
            number=number,
            hours=hours,
            source="Demo practice directory: an invented 555 number, not a real service",
            reviewed_on=(ctx.now - dt.timedelta(days=20)).date(),
        )
