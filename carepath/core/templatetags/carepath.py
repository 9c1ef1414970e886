"""Template filters for CarePath pages."""

from django import template

from carepath.cases import events

register = template.Library()


@register.filter
def event_label(kind: str) -> str:
    return events.label(kind)
