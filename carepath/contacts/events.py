"""Timeline event kind for calls and messages to a client's support contacts."""

from carepath.cases.events import register

CONTACT_ATTEMPT = register("contact_attempt", "Support contact called or messaged")
