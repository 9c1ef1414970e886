"""Timeline event kind for calls and messages to a client's support contacts (declared in plugin.py)."""

CONTACT_ATTEMPT = "contact_attempt"
