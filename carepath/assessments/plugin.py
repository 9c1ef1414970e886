"""What assessments add: screening and risk formulation on client and case pages, risk history, intervals."""

from carepath.cases.kit import CaseApp
from carepath.core.extensions import NavItem, PanelSpec

from . import events
from .panels import case_actions, case_side, client_actions, client_main

PLUGIN = CaseApp(
    label="assessments",
    event_kinds={events.ASSESSMENT_RECORDED: "Assessment recorded"},
    panels=(
        PanelSpec("client", "actions", "assessments/_actions_panel.html", context=client_actions, order=20),
        PanelSpec("case", "actions", "assessments/_actions_panel.html", context=case_actions, order=20),
        PanelSpec("case", "side", "assessments/_case_side_panel.html", context=case_side, order=20),
        PanelSpec("client", "main", "assessments/_client_main_panel.html", context=client_main, order=20),
    ),
    nav=(NavItem("Reassessment intervals", "assessments:policy", roles=("admin",), order=91),),
    urls=(("assessments/", "carepath.assessments.urls"),),
    api_routers=(("/", "carepath.assessments.api.router"),),
    demo="carepath.assessments.demo.seed",
    demo_order=20,
    cli="carepath.assessments.cli.add_parsers",
)
