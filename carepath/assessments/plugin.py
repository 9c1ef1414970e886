"""What assessments add: screening and risk formulation on client and case pages, risk history, intervals."""

from django.urls import reverse

from carepath.cases.hooks import CaseHooks
from carepath.cases.kit import CaseApp
from carepath.core.extensions import NavItem, PanelSpec

from . import events, selectors
from .panels import case_actions, case_side, client_actions, client_main

PLUGIN = CaseApp(
    label="assessments",
    event_kinds={events.ASSESSMENT_RECORDED: "Assessment recorded"},
    # An assessment since the risk was last raised is what lets a clinician lower it.
    hooks=CaseHooks(risk_evidence=selectors.risk_evidence),
    # The step names the instrument it wants (a C-SSRS, a formulation): its form opens on the case.
    step_pages={
        events.ASSESSMENT_RECORDED: (
            "Record the assessment",
            lambda case, details: reverse(
                "assessments:fill_case",
                kwargs={"case_id": case.pk, "instrument": details.get("instrument") or "cssrs-screener"},
            ),
        )
    },
    panels=(
        PanelSpec("client", "actions", "assessments/_actions_panel.html", context=client_actions, order=20),
        PanelSpec("case", "actions", "assessments/_actions_panel.html", context=case_actions, order=20),
        PanelSpec("case", "side", "assessments/_case_side_panel.html", context=case_side, order=20),
        PanelSpec("client", "main", "assessments/_client_main_panel.html", context=client_main, order=20),
    ),
    nav=(NavItem("Reassessment intervals", "assessments:policy", roles=("admin", "supervisor"), order=91),),
    urgent=(selectors.cases_without_assessment,),
    urls=(("assessments/", "carepath.assessments.urls"),),
    api_routers=(("/", "carepath.assessments.api.router"),),
    demo="carepath.assessments.demo.seed",
    demo_order=20,
    cli="carepath.assessments.cli.add_parsers",
)
