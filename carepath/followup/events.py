"""Timeline event kinds of follow-ups; `followup_scheduled` is what the protocol step `follow_up.schedule` looks for."""

from __future__ import annotations

from carepath.cases.events import register

FOLLOWUP_SCHEDULED = register("followup_scheduled", "Follow-up scheduled")
FOLLOWUP_DONE = register("followup_done", "Follow-up done")
FOLLOWUP_MISSED = register("followup_missed", "Follow-up missed")
FOLLOWUP_CANCELLED = register("followup_cancelled", "Follow-up cancelled")
RISK_DRIVER_ADDED = register("risk_driver_added", "Driver of risk noted")
RISK_DRIVER_RESOLVED = register("risk_driver_resolved", "Driver of risk resolved")
