"""Template tags of follow-ups: the unread notification count in the top bar."""

from django import template

from carepath.followup import selectors

register = template.Library()


@register.simple_tag
def unread_count(member) -> int:
    return selectors.unread_count(member)
