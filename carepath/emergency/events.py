"""Timeline event kinds of the crisis console's emergency actions: the action kinds themselves, one vocabulary."""

from .models import ActionKind

EMERGENCY_CALL = ActionKind.EMERGENCY_CALL.value
MOBILE_CRISIS_REQUESTED = ActionKind.MOBILE_CRISIS.value
ESCORTED_TO_ED = ActionKind.ESCORTED_TO_ED.value
STAYED_WITH_CLIENT = ActionKind.STAYED.value
CLIENT_CALLED_CRISIS_LINE = ActionKind.CLIENT_CALLED_LINE.value
EMERGENCY_OUTCOME = ActionKind.OUTCOME.value

KINDS = tuple(kind.value for kind in ActionKind)
LABELS = {kind.value: kind.label for kind in ActionKind}
