"""`tel:` and `sms:` links from the numbers and text instructions packs write for people."""

from __future__ import annotations

import re


def tel_href(number: str | None) -> str | None:
    """`tel:` target for a number as a pack writes it ("988, then press 1" dials 988; "1-866-488-7386")."""
    if not number:
        return None
    head = number.split(",")[0]
    digits = re.sub(r"[^0-9+]", "", head)
    return f"tel:{digits}" if digits else None


def sms_href(text: str | None) -> str | None:
    """`sms:` target for a pack's text instructions ("Text HOME to 741741" → 741741 with body HOME).

    `?&body=` is understood by both Android (`?body=`) and iOS (`&body=`) messaging apps.
    """
    if not text:
        return None
    keyword = re.search(r"[Tt]ext\s+([A-Z]+)\s+to\s+([0-9]+)", text)
    if keyword:
        return f"sms:{keyword.group(2)}?&body={keyword.group(1)}"
    number = re.search(r"\+?[0-9][0-9 -]{1,18}[0-9]|[0-9]{3,}", text)
    return f"sms:{re.sub(r'[^0-9+]', '', number.group(0))}" if number else None
