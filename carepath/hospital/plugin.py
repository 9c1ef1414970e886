"""What the hospitalisation step adds: the decision on a case, referrals and admissions, holds with their legal
clock, the discharge (whose event schedules the follow-ups after it), the client's crisis preferences and the
practice's facilities."""

from django.urls import reverse

from carepath.cases.kit import StepApp
from carepath.core.extensions import NavItem, PanelSpec

from . import events, selectors, views


def _page(case, details=None) -> str:
    return reverse("hospital:case", kwargs={"case_id": case.pk})


PLUGIN = StepApp(
    label="hospital",
    stage="hospitalisation",
    event_kinds=events.LABELS,
    step_pages={
        events.DISPOSITION: ("Record the decision on hospitalisation", _page),
        events.ADMITTED: ("Record the decision on hospitalisation", _page),
        events.REFERRAL: ("Refer or admit", _page),
    },
    panels=(
        PanelSpec("case", "side", "hospital/_case_panel.html", context=views.case_panel, order=12),
        PanelSpec("console", "asked", "hospital/_console_panel.html", context=views.console_panel, order=10),
        PanelSpec("client", "main", "hospital/_client_panel.html", context=views.client_panel, order=40),
        PanelSpec("dashboard", "main", "hospital/_dashboard_panel.html", context=views.dashboard_panel, order=10),
    ),
    nav=(NavItem("Facilities", "facilities:list", roles=("admin",), order=94),),
    urls=(
        ("cases/<uuid:case_id>/hospital/", "carepath.hospital.urls"),
        ("clients/<uuid:client_id>/crisis-preferences/", "carepath.hospital.client_urls"),
        ("facilities/", "carepath.hospital.facility_urls"),
    ),
    api_routers=(("/", "carepath.hospital.api.router"),),
    handover_sections=(
        ("crisis_preferences", selectors.handover_preferences),
        ("medications", selectors.handover_medications),
    ),
    demo="carepath.hospital.demo.seed",
    demo_order=45,
)
