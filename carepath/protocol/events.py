"""Timeline event kinds the protocol owns: steps no other app records yet, and ticking steps off.

(`hospital_referral`, once a placeholder here, belongs to the hospital app.)"""

from __future__ import annotations

SUPERVISOR_CONSULTED = "supervisor_consulted"
GUARDIAN_NOTIFIED = "guardian_notified"
CARE_TEAM_INFORMED = "care_team_informed"
STEP_NOT_APPLICABLE = "protocol_step_not_applicable"
STEP_DONE = "protocol_step_done"
CONSULTATION_CONFIRMED = "consultation_confirmed"

LABELS = {
    SUPERVISOR_CONSULTED: "Supervisor consulted",
    GUARDIAN_NOTIFIED: "Parent or guardian notified",
    CARE_TEAM_INFORMED: "Care team informed",
    STEP_NOT_APPLICABLE: "Protocol step not applicable",
    STEP_DONE: "Protocol step done",
    CONSULTATION_CONFIRMED: "Supervisor confirmed the consultation",
}

# Kinds this app writes itself when a clinician ticks a step off; other kinds belong to their own apps.
OWN_KINDS = {SUPERVISOR_CONSULTED, GUARDIAN_NOTIFIED, CARE_TEAM_INFORMED}
