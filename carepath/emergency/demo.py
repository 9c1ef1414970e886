"""Demo of the crisis console: the Whitaker emergency as it was logged from the console."""

from __future__ import annotations

import datetime as dt

from carepath.contacts.services import contact_attempt_record
from carepath.core import clock

from .services import emergency_action_record


def seed(ctx) -> None:
    """Danny Whitaker (imminent risk, US-CA): 911 call with a welfare check, Sam stays on video, Rachel is called.

    Leo Martins (roommate) gave no consent: telling him is recorded as a disclosure under 45 CFR 164.512(j).
    The Hale case is left alone: Marcus's records are protected substance-use records (42 CFR Part 2), for
    which only the medical-emergency exception to medical personnel may be used, not 164.512(j).
    """
    case = ctx.cases.get("Whitaker")
    if case is None or case.emergency_actions.exists():
        return
    sam = ctx.members["sam"]
    now = ctx.now
    contacts = {c.name: c for c in case.client.support_contacts.all()}
    rachel, leo = contacts["Rachel Whitaker"], contacts["Leo Martins"]

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
    with clock.at(ago(152)):
        contact_attempt_record(
            actor=sam,
            case=case,
            contact_id=rachel.pk,
            result="no_answer",
            occurred_at=ago(152),
            next_attempt_at=ago(142),
        )
    with clock.at(ago(148)):
        contact_attempt_record(
            actor=sam,
            case=case,
            contact_id=leo.pk,
            result="reached",
            occurred_at=ago(149),
            shared="Danny is in danger tonight; the handgun must stay locked in the safe; police are on their way.",
            basis_id="us-hipaa-164-512-j",
            recipient_type="family",
            authorised_by=sam,
        )
    with clock.at(ago(140)):
        contact_attempt_record(
            actor=sam,
            case=case,
            contact_id=rachel.pk,
            result="reached",
            occurred_at=ago(141),
            shared="Danny is struggling and needs her to come over tonight.",
        )
    with clock.at(ago(125)):
        emergency_action_record(
            actor=sam,
            case=case,
            kind="stayed_with_client",
            occurred_at=ago(126),
            handed_over_to="Two Oakland police officers; the clinician stayed on video until they were with Danny",
        )
