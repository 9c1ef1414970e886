"""What clients add: the client list and pages, support contacts, care team, break the glass, their API."""

from carepath.core.extensions import Extension, NavItem

PLUGIN = Extension(
    label="clients",
    nav=(
        NavItem("Clients", "clients:list", roles=("clinical",), order=20),
        NavItem("On call", "on_call:rota", roles=("supervisor",), order=46),
    ),
    urls=(("clients/", "carepath.clients.urls"), ("on-call/", "carepath.clients.on_call_urls")),
    api_routers=(("/", "carepath.clients.api.router"),),
)
