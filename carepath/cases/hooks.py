"""What other apps do when a case changes, called by the case services inside their own transaction.

An app declares its hooks once, as a `CaseHooks` in its plugin (see `cases.kit`); registering an app twice
keeps one set, so a hook never runs twice. The hooks:

- on_case_opened(actor, case)
- on_risk_changed(actor, case, previous_level)
- close_blockers(actor, case, status) -> list[str]: reasons the case cannot close yet (steps outstanding,
  follow-ups open). A supervisor may close over them with a written reason.
- on_case_closed(actor, case, status, reason): e.g. cancel future tasks with that reason.
- risk_evidence(case, since) -> str | None: evidence recorded since `since` that justifies lowering the risk
  level (an assessment), described for the timeline; None when there is none.
- on_event: {event kind: react(actor, event)}: an event of that kind was recorded on a case, by any app
  (a discharge scheduling follow-ups), so that apps react to each other's events without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Actor = Any  # an accounts.Member; Any keeps this module free of imports from above it
Case = Any  # a cases.SafetyCase
Event = Any  # a cases.TimelineEvent


@dataclass(frozen=True)
class CaseHooks:
    on_case_opened: Callable[[Actor, Case], None] | None = None
    on_risk_changed: Callable[[Actor, Case, str], None] | None = None
    close_blockers: Callable[[Actor, Case, str], list[str]] | None = None
    on_case_closed: Callable[[Actor, Case, str, str], None] | None = None
    risk_evidence: Callable[[Case, Any], str | None] | None = None
    on_event: Mapping[str, Callable[[Actor, Event], None]] = field(default_factory=dict)


_HOOKS: dict[str, CaseHooks] = {}


def register(app_label: str, case_hooks: CaseHooks) -> None:
    _HOOKS[app_label] = case_hooks


def unregister(app_label: str) -> None:
    _HOOKS.pop(app_label, None)


def registered() -> dict[str, CaseHooks]:
    return dict(_HOOKS)


def case_opened(actor, case) -> None:
    for h in list(_HOOKS.values()):
        if h.on_case_opened:
            h.on_case_opened(actor, case)


def risk_changed(actor, case, previous_level: str) -> None:
    for h in list(_HOOKS.values()):
        if h.on_risk_changed:
            h.on_risk_changed(actor, case, previous_level)


def close_blockers(actor, case, status: str) -> list[str]:
    return [
        reason for h in list(_HOOKS.values()) if h.close_blockers for reason in h.close_blockers(actor, case, status)
    ]


def case_closed(actor, case, status: str, reason: str) -> None:
    for h in list(_HOOKS.values()):
        if h.on_case_closed:
            h.on_case_closed(actor, case, status, reason)


def risk_evidence(case, since) -> str | None:
    for h in list(_HOOKS.values()):
        if h.risk_evidence:
            found = h.risk_evidence(case, since)
            if found:
                return found
    return None


def event_recorded(actor, event) -> None:
    for h in list(_HOOKS.values()):
        react = h.on_event.get(event.kind)
        if react:
            react(actor, event)
