"""What collaboration (step 6) adds: the case's collaboration page (consultations, supervisor review, referrals,
hand-over summaries, team notes), its panel on the case page, the supervisor's review queue, its API and demo."""

from django.urls import reverse

from carepath.cases.kit import StepApp
from carepath.core.extensions import PanelSpec

from . import events, selectors, views


def _page(anchor: str):
    return lambda case, details=None: reverse("collaboration:case", kwargs={"case_id": case.pk}) + f"#{anchor}"


PLUGIN = StepApp(
    label="collaboration",
    stage="collaboration",
    event_kinds=events.LABELS,
    step_pages={
        events.SUPERVISOR_REVIEW: ("Record the supervisor review", _page("review")),
        events.HANDOVER_ISSUED: ("Hand over a summary", _page("handovers")),
    },
    panels=(
        PanelSpec("case", "side", "collaboration/_case_panel.html", context=views.case_panel, order=35),
        PanelSpec("dashboard", "main", "collaboration/_dashboard_panel.html", context=views.dashboard_panel, order=15),
    ),
    urgent=(selectors.awaiting_review,),
    urls=(("cases/<uuid:case_id>/collaboration/", "carepath.collaboration.urls"),),
    api_routers=(("/", "carepath.collaboration.api.router"),),
    demo="carepath.collaboration.demo.seed",
    demo_order=70,
)
