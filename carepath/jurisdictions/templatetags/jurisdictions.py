"""Template filters turning the phone and text entries of packs into tel: and sms: links."""

from __future__ import annotations

import re

from django import template

register = template.Library()

_LEADING_NUMBER = re.compile(r"^\s*(\+?[\d][\d\s\-().]*)")
_TEXT_KEYWORD = re.compile(r"text\s+(\w+)\s+to\s+(\+?[\d][\d\s\-]*)", re.IGNORECASE)


def _digits(value: str) -> str:
    return re.sub(r"[^\d+]", "", value)


@register.filter
def tel_href(value: str | None) -> str:
    """'988, then press 1' -> 'tel:988'; '1-866-488-7386' -> 'tel:18664887386'; '' when there is no number."""
    match = _LEADING_NUMBER.match(value or "")
    number = _digits(match.group(1)) if match else ""
    return f"tel:{number}" if number else ""


@register.filter
def sms_href(value: str | None) -> str:
    """'Text HOME to 741741' -> 'sms:741741?body=HOME'; '838255' -> 'sms:838255'."""
    value = value or ""
    keyword = _TEXT_KEYWORD.search(value)
    if keyword:
        return f"sms:{_digits(keyword.group(2))}?body={keyword.group(1)}"
    match = _LEADING_NUMBER.match(value)
    number = _digits(match.group(1)) if match else ""
    return f"sms:{number}" if number else ""
