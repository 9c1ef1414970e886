"""Context for the panels assessments add to the client and case pages (one or two queries each)."""

from __future__ import annotations

from carepath.cases.models import CaseStatus

from . import chart, selectors
from .definitions import all_definitions


def _instruments() -> list[tuple[str, str]]:
    order = ["cssrs-screener", "cssrs-since-last-contact", "asq", "phq9", "formulation"]
    defs = all_definitions()
    return [(i, defs[i].title) for i in order]


def client_actions(request, client) -> dict:
    return {"instruments": _instruments(), "client": client, "case": None}


def case_actions(request, case) -> dict | None:
    if case.status == CaseStatus.CLOSED:
        return None
    return {"instruments": _instruments(), "client": case.client, "case": case}


def _history_context(history) -> dict:
    return {
        "history": history,
        "chart": chart.risk_chart_svg(history) if history else "",
        "chart_summary": chart.summary(history),
    }


def case_side(request, case) -> dict:
    history = selectors.case_history(case)
    return {"case": case, "due": selectors.reassessment_due(case, history), **_history_context(history)}


def client_main(request, client) -> dict:
    return {"client": client, **_history_context(selectors.client_history(client))}
