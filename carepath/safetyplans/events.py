"""Timeline event kinds of safety plans (declared in plugin.py); the protocol and follow-up rules match on them."""

PLAN_FINALISED = "safety_plan_finalised"
PLAN_SHARED = "safety_plan_shared"
MEANS_COUNSELLED = "lethal_means_counselled"
MEANS_AGREED = "means_step_agreed"
MEANS_CONFIRMED = "means_step_confirmed"
MEANS_NOT_DONE = "means_step_not_done"
MEANS_SECURED = "lethal_means_secured"

LABELS = {
    PLAN_FINALISED: "Safety plan finalised",
    PLAN_SHARED: "Safety plan given to a support person",
    MEANS_COUNSELLED: "Lethal-means counselling",
    MEANS_AGREED: "Step agreed to make the surroundings safer",
    MEANS_CONFIRMED: "Safer-surroundings step confirmed",
    MEANS_NOT_DONE: "Safer-surroundings step not done",
    MEANS_SECURED: "Surroundings made safer: every step confirmed",
}
