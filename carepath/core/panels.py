"""Panels that apps contribute to shared pages (the case page, the client page, the dashboard).

An app registers a panel in its AppConfig.ready():

    panels.register("case", "side", "assessments/_case_panel.html", context=assessment_panel_context, order=20)

`context(request, obj)` returns the template context, or None to leave the panel out. Pages render
their slots with `{% panels "case" "side" case %}`. This keeps shared templates free of app-specific
includes, so apps can be added without editing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    page: str
    slot: str
    template: str
    context: Callable[[Any, Any], dict | None]
    order: int


_PANELS: list[Panel] = []


def register(page: str, slot: str, template: str, *, context: Callable[[Any, Any], dict | None], order: int = 50):
    if any(p.page == page and p.slot == slot and p.template == template for p in _PANELS):
        return
    _PANELS.append(Panel(page, slot, template, context, order))
    _PANELS.sort(key=lambda p: (p.page, p.slot, p.order))


def render(request, page: str, slot: str, obj) -> str:
    html = []
    for panel in _PANELS:
        if panel.page != page or panel.slot != slot:
            continue
        context = panel.context(request, obj)
        if context is None:
            continue
        html.append(render_to_string(panel.template, context, request=request))
    return "".join(html)
