"""Demo follow-ups: some already due or overdue (start `carepath worker` to see reminders and escalations go
out as in-app notifications), a missed appointment with its outreach, a caring-texts series and risk drivers."""

from __future__ import annotations

import datetime as dt

from carepath.core import clock

from . import services
from .models import FollowUpTask, TaskStatus


def seed(ctx) -> None:
    now = ctx.now
    sam, priya = ctx.members["sam"], ctx.members["priya"]
    cases = ctx.cases

    def ago(**kw) -> dt.datetime:
        return now - dt.timedelta(**kw)

    # Danny (imminent): the 9am call agreed with the supervisor, due within the hour: a reminder goes at once.
    with clock.at(ago(minutes=15)):
        services.followup_create(
            actor=sam,
            case=cases["Whitaker"],
            kind="check_in_call",
            title="Call the unit at Bay Crest for an update on Danny (agreed with Dr Okafor)",
            due_at=now + dt.timedelta(minutes=40),
            next_contact=True,
        )
        services.risk_driver_add(
            actor=sam, case=cases["Whitaker"], category="hopelessness", description="Says he doesn't see the point"
        )
    # Aisha (discharged four days ago): the 72-hour contact was done two days ago; the 7-day visit is due.
    contact = FollowUpTask.objects.filter(
        case=cases.get("Rahman"), rule_id="post_discharge", rule_step=0, status=TaskStatus.OPEN
    ).first()
    if contact is not None:
        with clock.at(ago(days=2, hours=3)):
            services.followup_complete(
                actor=priya,
                task=contact,
                outcome=(
                    "Phoned Aisha at home: sleeping better on the new medication, no thoughts of jumping since the "
                    "discharge; Farah is with her. Visit booked for Friday."
                ),
            )
    # Marcus (high): a check-in due seven hours ago and still open: the worker escalates it to Dr Okafor.
    with clock.at(ago(days=1, hours=6)):
        services.risk_driver_add(
            actor=priya, case=cases["Hale"], category="substance_use", description="Relapse after 14 months sober"
        )
        services.risk_driver_add(
            actor=priya, case=cases["Hale"], category="relationship", description="Custody conflict with ex-wife"
        )
        services.followup_create(
            actor=priya,
            case=cases["Hale"],
            kind="check_in_call",
            title="Evening call: did Marcus go to his AA meeting?",
            due_at=ago(hours=7),
            next_contact=True,
        )
        appointment = services.followup_create(
            actor=priya, case=cases["Hale"], kind="appointment", title="Session at the clinic", due_at=ago(hours=20)
        )
    # He did not come: the missed appointment brings an outreach task due at once (now overdue).
    with clock.at(ago(hours=19)):
        services.followup_miss(actor=priya, task=appointment, reason="Did not attend; phone off.")
    # Aisha (moderate): caring texts after the crisis; the first one approved and sent.
    with clock.at(ago(days=3)):
        texts = services.caring_series_start(actor=priya, case=cases["Rahman"], anchor_time=ago(days=3))
        services.risk_driver_add(actor=priya, case=cases["Rahman"], category="loss", description="Lost her job")
    with clock.at(ago(days=2)):
        services.followup_approve_message(
            actor=priya, task=texts[0], text="Hi Aisha, it's Priya. Thinking of you today. No need to reply."
        )
        services.followup_complete(actor=priya, task=texts[0], outcome="Sent by text; Aisha replied 'thank you'.")
    # Tyler (high, 16): a family session later this week.
    with clock.at(ago(hours=20)):
        services.followup_create(
            actor=sam,
            case=cases["Brooks"],
            kind="appointment",
            title="Family session with Tyler and his mother",
            due_at=now + dt.timedelta(days=2, hours=3),
        )
        services.risk_driver_add(
            actor=sam, case=cases["Brooks"], category="isolation", description="Outed at school; avoiding friends"
        )
    # Ellie (low): her safety plan's review a month on is scheduled by the plan itself (the safety-plan demo).
