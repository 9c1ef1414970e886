"""Demo of contact attempts: the calls Sam made from the crisis console during the Whitaker emergency."""

from __future__ import annotations

import datetime as dt

from carepath.core import clock

from .models import ContactAttempt
from .services import contact_attempt_record


def seed(ctx) -> None:
    """Rachel (sister, consent on file) does not answer, then is reached; Leo Martins (roommate) gave no consent,
    so telling him is recorded as a disclosure under 45 CFR 164.512(j).

    The Hale case is left alone: Marcus's records are protected substance-use records (42 CFR Part 2), for
    which only the medical-emergency exception to medical personnel may be used, not 164.512(j).
    """
    case = ctx.cases.get("Whitaker")
    if case is None or ContactAttempt.objects.filter(case=case).exists():
        return
    sam = ctx.members["sam"]
    now = ctx.now
    contacts = {c.name: c for c in case.client.support_contacts.all()}
    rachel, leo = contacts["Rachel Whitaker"], contacts["Leo Martins"]

    def ago(minutes: float) -> dt.datetime:
        return now - dt.timedelta(minutes=minutes)

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
