"""What safety cases add: the dashboard, the case page, reporting risk from the client page, and their API."""

from carepath.core.extensions import Extension, NavItem, PanelSpec

from . import views

PLUGIN = Extension(
    label="cases",
    panels=(
        PanelSpec("client", "actions", "cases/_client_actions.html", context=views.client_actions_panel, order=1),
        PanelSpec("client", "main", "cases/_client_cases.html", context=views.client_cases_panel, order=10),
    ),
    nav=(
        NavItem("Safety cases", "cases:dashboard", roles=("clinical",), order=10),
        NavItem("Urgent", "cases:urgent", roles=("supervisor",), order=12),
    ),
    urls=(("", "carepath.cases.urls"),),
    api_routers=(("/", "carepath.cases.api.router"),),
)
