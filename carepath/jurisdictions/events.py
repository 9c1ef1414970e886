"""Timeline event kinds the protocol owns: steps no other app records yet, and ticking steps off."""

from __future__ import annotations

from carepath.cases.events import register

SUPERVISOR_CONSULTED = register("supervisor_consulted", "Supervisor consulted")
GUARDIAN_NOTIFIED = register("guardian_notified", "Parent or guardian notified")
CARE_TEAM_INFORMED = register("care_team_informed", "Care team informed")
HOSPITAL_REFERRAL = register("hospital_referral", "Hospitalisation evaluated or referred")
STEP_NOT_APPLICABLE = register("protocol_step_not_applicable", "Protocol step not applicable")
STEP_DONE = register("protocol_step_done", "Protocol step done")

# Kinds this app writes itself when a clinician ticks a step off; other kinds belong to their own apps.
OWN_KINDS = {SUPERVISOR_CONSULTED, GUARDIAN_NOTIFIED, CARE_TEAM_INFORMED, HOSPITAL_REFERRAL}
