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
