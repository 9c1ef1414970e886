"""Timeline event kind for a disclosure of the client's information without consent (declared in plugin.py)."""

DISCLOSURE = "disclosure"
