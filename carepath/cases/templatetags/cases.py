"""Template filters of safety cases: the label of a timeline event kind."""

from django import template

from carepath.cases import events

register = template.Library()


@register.filter
def event_label(kind: str) -> str:
    return events.label(kind)
