"""Timeline event kinds of hospitalisation (declared in plugin.py); the protocol and follow-up rules match on them."""

DISPOSITION = "disposition_recorded"
REFERRAL = "hospital_referral"  # recommended or referred (the protocol's placeholder kind, now this app's)
ADMITTED = "hospital_admitted"
NOT_ADMITTED = "hospital_not_admitted"  # declined by the client, or not admitted by the facility
UPDATED = "hospital_updated"  # transport, contacts at the facility, voluntary or not
DISCHARGED = "hospital_discharged"
DISCHARGE_SUMMARY = "discharge_summary_received"
HOLD_STARTED = "hold_started"
HOLD_ENDED = "hold_ended"
PREFERENCES = "crisis_preferences_recorded"

LABELS = {
    DISPOSITION: "Decision on hospitalisation",
    REFERRAL: "Hospitalisation recommended or referred",
    ADMITTED: "Admitted to hospital",
    NOT_ADMITTED: "Hospitalisation declined or not admitted",
    UPDATED: "Hospitalisation details changed",
    DISCHARGED: "Discharged from hospital",
    DISCHARGE_SUMMARY: "Discharge summary received",
    HOLD_STARTED: "Emergency hold started",
    HOLD_ENDED: "Emergency hold ended",
    PREFERENCES: "Crisis preferences recorded",
}
