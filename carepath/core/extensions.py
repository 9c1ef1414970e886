"""What an app adds to the shared parts of CarePath, declared in one place of its own and found when Django starts.

Each CarePath app declares an `Extension` (step apps a `cases.kit.StepApp`, which adds case hooks and event
kinds) in its `plugin.py` as `PLUGIN`, and names it in its AppConfig (`plugin = "carepath.x.plugin.PLUGIN"`,
see `PluginAppConfig`). Shared pages, the URL map, the API, the demo and the command line read the
registry below; none of them names an app. Removing an app from INSTALLED_APPS removes everything it
declared, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig
from django.utils.module_loading import import_string

ROLES = ("clinical", "supervisor", "admin", "auditor", "any")


@dataclass(frozen=True)
class PanelSpec:
    """A panel on a shared page: `context(request, obj)` returns its template context, or None to leave it out."""

    page: str  # "case", "client", "dashboard", "console", ...
    slot: str
    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 50


@dataclass(frozen=True)
class NavItem:
    """An entry of the top bar, shown to members holding one of `roles` ("clinical" is clinician or supervisor)."""

    label: str
    url_name: str
    roles: tuple[str, ...] = ("clinical",)
    order: int = 50
    badge: Callable[[Any], int | None] | None = None  # e.g. the unread count, shown as "Label (3)"

    def visible_to(self, member) -> bool:
        return any(_holds(member, role) for role in self.roles)


@dataclass(frozen=True)
class RowAction:
    """A link on each row of the dashboard, to a page of the case (`url_name` is reversed with the case id)."""

    label: str
    url_name: str
    order: int = 50


@dataclass(frozen=True)
class Column:
    """A column of the dashboard: `values(cases)` returns {case id: value} for a page of cases at once."""

    heading: str
    values: Callable[[list], Mapping[Any, Any]]
    order: int = 50
    empty: str = "—"


@dataclass(frozen=True)
class Urgent:
    """One item of the supervisor's urgent queue: what is late on which case, and where to act on it."""

    case_id: Any
    client_name: str
    risk_level: str
    what: str
    due_at: Any  # when it was due (a datetime), or when the gap began
    url: str
    source: str = ""  # the app that raised it, e.g. "protocol"


@dataclass(frozen=True)
class Extension:
    label: str  # the app's label
    panels: tuple[PanelSpec, ...] = ()
    pages: tuple[tuple[str, Callable[..., Any]], ...] = ()  # (page, render(request, obj, status=…)) it draws
    nav: tuple[NavItem, ...] = ()
    row_actions: tuple[RowAction, ...] = ()
    columns: tuple[Column, ...] = ()
    urls: tuple[tuple[str, str], ...] = ()  # (URL prefix, URLconf module), e.g. ("followup/", "carepath.followup.urls")
    api_routers: tuple[tuple[str, str], ...] = ()  # (API prefix, "module.router")
    demo: str | None = None  # "module.seed": seed(ctx) adds this app's part of the demo practice
    demo_order: int = 50
    cli: str | None = None  # "module.add_parsers": add_parsers(subparsers) adds `carepath <command>`s
    # sources of the supervisor's urgent queue: each `urgent(member, now)` returns a list of `Urgent`
    urgent: tuple[Callable[[Any, Any], list[Urgent]], ...] = ()
    # sections this app can put in a hand-over summary: (section id, lines(case) -> list[str])
    handover_sections: tuple[tuple[str, Callable[[Any], list[str]]], ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def register(self) -> Extension:
        return register(self)


def _holds(member, role: str) -> bool:
    if role == "any":
        return True
    if role == "clinical":
        return bool(getattr(member, "is_clinical", False))
    return bool(member.has_role(role))


_EXTENSIONS: dict[str, Extension] = {}


def register(extension: Extension) -> Extension:
    """Register (or replace: registering twice keeps one) an app's extension, and its panels."""
    from . import panels

    _EXTENSIONS[extension.label] = extension
    for spec in extension.panels:
        panels.register(spec.page, spec.slot, spec.template, context=spec.context, order=spec.order)
    for page, render_page in extension.pages:
        panels.register_page(page, render_page)
    return extension


def extensions() -> Iterator[Extension]:
    yield from _EXTENSIONS.values()


def installed(label: str) -> bool:
    return label in _EXTENSIONS


def nav_for(member) -> list[tuple[NavItem, int | None]]:
    items = sorted((i for e in extensions() for i in e.nav), key=lambda i: i.order)
    return [(item, item.badge(member) if item.badge else None) for item in items if item.visible_to(member)]


def row_actions() -> list[RowAction]:
    return sorted((a for e in extensions() for a in e.row_actions), key=lambda a: a.order)


def columns() -> list[Column]:
    return sorted((c for e in extensions() for c in e.columns), key=lambda c: c.order)


def url_mounts() -> list[tuple[str, str]]:
    return [mount for e in extensions() for mount in e.urls]


def api_routers() -> list[tuple[str, Any]]:
    return [(prefix, import_string(path)) for e in extensions() for prefix, path in e.api_routers]


def urgent_items(member, now) -> list[Urgent]:
    """Every app's late items for the member's practice (the queue's page sorts them)."""
    return [item for e in extensions() for source in e.urgent for item in source(member, now)]


def handover_sections() -> dict[str, Callable[[Any], list[str]]]:
    """Every installed app's hand-over summary sections, by id."""
    return {section: lines for e in extensions() for section, lines in e.handover_sections}


def demo_seeders() -> list[Callable]:
    ordered = sorted((e for e in extensions() if e.demo), key=lambda e: e.demo_order)
    return [import_string(e.demo) for e in ordered]


def cli_parsers() -> list[Callable]:
    return [import_string(e.cli) for e in extensions() if e.cli]


class PluginAppConfig(AppConfig):
    """An AppConfig that registers the app's declaration (`plugin`, a dotted path) when Django is ready."""

    plugin: str = ""

    def ready(self) -> None:
        if self.plugin:
            import_string(self.plugin).register()
