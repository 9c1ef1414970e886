"""Template tags every page may use: the panels apps add to a page, and the top bar's entries."""

from django import template
from django.utils.safestring import mark_safe

from carepath.core import extensions
from carepath.core import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, page: str, slot: str, obj=None):
    """Render the panels apps registered for this page and slot (see carepath.core.panels)."""
    return mark_safe(registry.render(context["request"], page, slot, obj))


@register.simple_tag
def nav_items(member):
    """The top bar's entries the member may use, each with its badge (e.g. unread notifications)."""
    return extensions.nav_for(member)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (e.g. a stage's label), or '' when it is not there."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
