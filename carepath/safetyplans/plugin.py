"""What the safety-plan step adds: the plan written with the client, its versions and client's copy, the steps
to make the surroundings safer until they are confirmed, and the plan on the case page and crisis console."""

from django.urls import reverse

from carepath.cases.kit import StepApp
from carepath.core.extensions import PanelSpec

from . import events, selectors, views

PLUGIN = StepApp(
    label="safetyplans",
    stage="safety_plan",
    event_kinds=events.LABELS,
    step_pages={
        events.PLAN_FINALISED: (
            "Write the safety plan",
            lambda case, details: reverse("safetyplans:edit", kwargs={"client_id": case.client_id}),
        ),
        events.MEANS_SECURED: (
            "Lethal-means counselling",
            lambda case, details: reverse("lethal_means:counsel", kwargs={"case_id": case.pk}),
        ),
    },
    panels=(
        PanelSpec("case", "side", "safetyplans/_case_panel.html", context=views.case_panel, order=15),
        PanelSpec("console", "plan", "safetyplans/_console_panel.html", context=views.console_panel, order=10),
    ),
    urls=(
        ("clients/<uuid:client_id>/safety-plan/", "carepath.safetyplans.urls"),
        ("cases/<uuid:case_id>/lethal-means/", "carepath.safetyplans.case_urls"),
        ("plan/", "carepath.safetyplans.link_urls"),  # the client's own link, no sign-in
    ),
    api_routers=(("/", "carepath.safetyplans.api.router"),),
    handover_sections=(("safety_plan", selectors.handover_lines),),
    demo="carepath.safetyplans.demo.seed",
    demo_order=50,
    cli="carepath.safetyplans.cli.add_parsers",
)
