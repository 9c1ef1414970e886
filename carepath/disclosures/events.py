"""Timeline event kind for a disclosure of the client's information without consent."""

from carepath.cases.events import register

DISCLOSURE = register("disclosure", "Confidential information disclosed")
