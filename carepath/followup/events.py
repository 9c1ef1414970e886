"""Timeline event kinds of follow-ups; `followup_scheduled` is what the protocol step `follow_up.schedule` looks for."""

FOLLOWUP_SCHEDULED = "followup_scheduled"
FOLLOWUP_DONE = "followup_done"
FOLLOWUP_MISSED = "followup_missed"
FOLLOWUP_CANCELLED = "followup_cancelled"
RISK_DRIVER_ADDED = "risk_driver_added"
RISK_DRIVER_RESOLVED = "risk_driver_resolved"

LABELS = {
    FOLLOWUP_SCHEDULED: "Follow-up scheduled",
    FOLLOWUP_DONE: "Follow-up done",
    FOLLOWUP_MISSED: "Follow-up missed",
    FOLLOWUP_CANCELLED: "Follow-up cancelled",
    RISK_DRIVER_ADDED: "Driver of risk noted",
    RISK_DRIVER_RESOLVED: "Driver of risk resolved",
}
