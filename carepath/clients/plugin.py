"""What clients add: the client list and pages, support contacts, care team, break the glass, their API."""

from carepath.core.extensions import Extension, NavItem, PanelSpec


def case_care_team(request, case) -> dict:
    """The case page's care team: who is on it and who is responsible for what."""
    team = case.client.care_team.filter(is_active=True).select_related("member", "authorisation").order_by("added_at")
    order = {"primary": 0, "prescriber": 1, "case_manager": 2, "other": 3}
    return {"client": case.client, "care_team": sorted(team, key=lambda e: order.get(e.responsibility, 4))}


PLUGIN = Extension(
    label="clients",
    panels=(PanelSpec("case", "side", "clients/_case_care_team.html", context=case_care_team, order=40),),
    nav=(
        NavItem("Clients", "clients:list", roles=("clinical",), order=20),
        NavItem("On call", "on_call:rota", roles=("supervisor",), order=46),
    ),
    urls=(("clients/", "carepath.clients.urls"), ("on-call/", "carepath.clients.on_call_urls")),
    api_routers=(("/", "carepath.clients.api.router"),),
)
