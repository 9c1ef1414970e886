"""The step-app kit: how an app that works on safety cases declares itself, in one place of its own.

A step app (one of the seven steps of DESIGN.md) is a package with a `plugin.py`:

    PLUGIN = StepApp(
        label="hospital",
        stage="hospitalisation",
        event_kinds={"hospital_admitted": "Admitted to hospital"},
        hooks=CaseHooks(close_blockers=open_holds_block_closing, on_event={"...": react}),
        panels=(PanelSpec("case", "side", "hospital/_case_panel.html", context=panels.case_side),),
        urls=(("hospital/", "carepath.hospital.urls"),),
        api_routers=(("/", "carepath.hospital.api.router"),),
        demo="carepath.hospital.demo.seed",
    )

and an AppConfig naming it (`plugin = "carepath.hospital.plugin.PLUGIN"`, see core.extensions.PluginAppConfig).
Its records extend `CaseRecord` and are written through `records.case_record_append`. Apps below the step
apps that also write to cases (protocol, assessments, disclosures) declare a `CaseApp` the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from carepath.core import extensions
from carepath.core.extensions import Extension

from . import events, hooks
from .hooks import CaseHooks
from .vocabulary import STAGES


@dataclass(frozen=True)
class CaseApp(Extension):
    """An app that writes to safety cases: the timeline event kinds it owns and its case hooks."""

    event_kinds: Mapping[str, str] = field(default_factory=dict)  # kind -> label for people
    hooks: CaseHooks | None = None
    # Where a protocol step done by one of these kinds is recorded: kind -> (link text, url(case, details)),
    # `details` being what the step asks of the event (e.g. {"instrument": "formulation"}). The case page's
    # checklist links there instead of offering a bare "mark done", and the protocol refuses such a tick.
    step_pages: Mapping[str, tuple[str, Callable[[Any, dict], str]]] = field(default_factory=dict)

    def register(self) -> CaseApp:
        for kind, label in self.event_kinds.items():
            events.register(kind, label, owner=self.label)
        if self.hooks is not None:
            hooks.register(self.label, self.hooks)
        extensions.register(self)
        return self


@dataclass(frozen=True)
class StepApp(CaseApp):
    """One of the seven steps after a report of risk; step apps never import each other."""

    stage: str = ""

    def __post_init__(self):
        if self.stage not in STAGES:
            raise ValueError(f"step app {self.label}: stage must be one of {', '.join(STAGES)}")


def step_apps() -> list[StepApp]:
    """Every installed step app, in the order of INSTALLED_APPS."""
    return [e for e in extensions.extensions() if isinstance(e, StepApp)]


def step_page(done_by: list[dict], case) -> tuple[str, str] | None:
    """(link text, URL) of the page where a step done by one of `done_by` ({kind, details}) is recorded, if an
    installed app has one."""
    pages = {k: v for e in extensions.extensions() if isinstance(e, CaseApp) for k, v in e.step_pages.items()}
    for wanted in done_by:
        if wanted["kind"] in pages:
            label, url = pages[wanted["kind"]]
            return label, url(case, wanted.get("details") or {})
    return None
