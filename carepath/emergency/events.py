"""Timeline event kinds written by the crisis console's emergency actions; the protocol engine matches on them."""

from carepath.cases.events import register

EMERGENCY_CALL = register("emergency_call", "Emergency call placed")
MOBILE_CRISIS_REQUESTED = register("mobile_crisis_requested", "Mobile crisis team requested")
ESCORTED_TO_ED = register("escorted_to_ed", "Escorted to an emergency department")
STAYED_WITH_CLIENT = register("stayed_with_client", "Stayed with the client until help arrived")
CLIENT_CALLED_CRISIS_LINE = register("client_called_crisis_line", "Client called a crisis line")
EMERGENCY_OUTCOME = register("emergency_outcome", "Outcome of the emergency")

KINDS = (
    EMERGENCY_CALL,
    MOBILE_CRISIS_REQUESTED,
    ESCORTED_TO_ED,
    STAYED_WITH_CLIENT,
    CLIENT_CALLED_CRISIS_LINE,
    EMERGENCY_OUTCOME,
)
