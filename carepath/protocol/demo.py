"""Demo data of the protocol: a practice policy version with its own step, and steps ticked on demo cases."""

from __future__ import annotations

import datetime as dt

from carepath.core import clock

from . import services

DEMO_POLICY = """# Riverside's own rule, added after a case review (demo).
steps:
  - id: policy.supervisor_within_hour
    stage: collaboration
    title: Supervisor consulted within 1 hour for high or imminent risk
    reason: Practice policy since the spring case review - a second opinion within the hour on every high-risk case.
    required: true
    when: {risk: [high, imminent]}
    due_within_minutes: 60
    done_by: [{kind: supervisor_consulted}, {kind: supervisor_review}]
    source_note: Riverside Counselling Collective practice policy
"""


def seed(ctx) -> None:
    now = ctx.now
    jordan, maya = ctx.members["jordan"], ctx.members["maya"]
    sam, priya = ctx.members["sam"], ctx.members["priya"]
    with clock.at(now - dt.timedelta(days=60)):
        services.protocol_policy_save(actor=jordan, text=DEMO_POLICY, note="Supervisor within the hour for high risk.")
    # The demo's cases opened before this app seeded its policy: compute their protocols as of when they opened.
    for name in ("Whitaker", "Hale", "Brooks", "Rahman", "Voss", "Fernández"):
        case = ctx.cases[name]
        case.refresh_from_db()
        if case.status == "closed":
            continue
        with clock.at(max(case.opened_at, now - dt.timedelta(days=3))):
            services.case_protocol_refresh(actor=maya, case=case)

    whitaker, hale, brooks = ctx.cases["Whitaker"], ctx.cases["Hale"], ctx.cases["Brooks"]
    with clock.at(now - dt.timedelta(minutes=25)):
        consulted = services.protocol_step_done(
            actor=sam,
            case=whitaker,
            step_id="supervisor.consult",
            note="Dr Okafor by phone: agreed the firearm plan and a 9am follow-up.",
            occurred_at=now - dt.timedelta(hours=2, minutes=30),
        )
    with clock.at(now - dt.timedelta(minutes=10)):
        services.consultation_confirm(
            actor=maya, event=consulted, note="Agreed: firearm to his sister's safe; I review tomorrow 9am."
        )
    with clock.at(now - dt.timedelta(days=2, hours=3, minutes=30)):
        services.protocol_step_not_applicable(
            actor=priya,
            case=hale,
            step_id="disclosure.sud_medical_emergency",
            reason="No disclosure of his treatment records has been made; none needed so far.",
        )
        services.protocol_step_done(
            actor=priya,
            case=hale,
            step_id="collaboration.inform_team",
            note="Told Dr Medina (addiction medicine) of the relapse, under Marcus's written consent on file.",
        )
    with clock.at(now - dt.timedelta(days=1, hours=5)):
        services.protocol_step_done(
            actor=sam,
            case=brooks,
            step_id="minor.notify_guardian",
            note="Karen Brooks (mother) informed with Tyler's agreement; she will lock up medications.",
            occurred_at=now - dt.timedelta(days=1, hours=5, minutes=10),
        )
