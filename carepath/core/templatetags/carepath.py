"""Template filters for CarePath pages."""

from django import template

from carepath.cases import events

register = template.Library()


@register.filter
def event_label(kind: str) -> str:
    return events.label(kind)


@register.simple_tag(takes_context=True)
def panels(context, page: str, slot: str, obj=None):
    """Render the panels apps registered for this page and slot (see carepath.core.panels)."""
    from django.utils.safestring import mark_safe

    from carepath.core import panels as registry

    return mark_safe(registry.render(context["request"], page, slot, obj))
