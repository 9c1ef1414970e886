"""Template filters turning the phone and text entries of packs into tel: and sms: links ('' without a number)."""

from __future__ import annotations

from django import template

from carepath.jurisdictions import links

register = template.Library()


@register.filter
def tel_href(value: str | None) -> str:
    return links.tel_href(value) or ""


@register.filter
def sms_href(value: str | None) -> str:
    return links.sms_href(value) or ""


@register.filter
def first_url(value: str | None) -> str:
    """The first address of a source field that may list several ("https://a ; https://b")."""
    for part in (value or "").replace(";", " ").split():
        if part.startswith(("https://", "http://")):
            return part
    return ""
