"""Timeline event kinds of collaboration."""

CONSULTATION_REQUESTED = "consultation_requested"
CONSULTATION_ANSWERED = "consultation_answered"
SUPERVISOR_REVIEW = "supervisor_review"
REFERRAL_SENT = "referral_sent"
REFERRAL_STATUS = "referral_status"
HANDOVER_ISSUED = "handover_issued"
TEAM_NOTE = "team_note"

LABELS = {
    CONSULTATION_REQUESTED: "Consultation requested",
    CONSULTATION_ANSWERED: "Consultation answered",
    SUPERVISOR_REVIEW: "Supervisor review",
    REFERRAL_SENT: "Referral sent",
    REFERRAL_STATUS: "Referral updated",
    HANDOVER_ISSUED: "Hand-over summary issued",
    TEAM_NOTE: "Team note",
}
