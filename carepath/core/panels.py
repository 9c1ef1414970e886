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


# --- Pages other apps' panels can send the clinician back to ----------------------------------------------------
#
# A form in a panel (a contact attempt on the crisis console) posts to its own app's view. When the input is
# refused, that view puts its bound form on the request and asks the page's owner to draw the page again, so
# the clinician sees the same page, the form open with its errors and what they typed.

_PAGES: dict[str, Callable[..., Any]] = {}


def register_page(page: str, render_page: Callable[..., Any]) -> None:
    """`render_page(request, obj, status=…)` draws `page` for `obj` (e.g. the console of a case)."""
    _PAGES[page] = render_page


def page_renderer(page: str) -> Callable[..., Any] | None:
    return _PAGES.get(page)


def keep_form(request, key: str, form) -> None:
    """Hand a bound form (with its errors) to the panel that draws it, for this request only."""
    if not hasattr(request, "_carepath_forms"):
        request._carepath_forms = {}
    request._carepath_forms[key] = form


def kept_form(request, key: str):
    return getattr(request, "_carepath_forms", {}).get(key)


def any_kept_form(request) -> bool:
    return bool(getattr(request, "_carepath_forms", None))
