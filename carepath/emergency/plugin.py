"""What the emergency step adds to CarePath: the crisis console, its link on every case, its API and demo."""

from django.urls import reverse

from carepath.cases.kit import StepApp
from carepath.core.extensions import NavItem, PanelSpec, RowAction

from . import events, views


def _console(case, details=None) -> str:
    return reverse("emergency:console", kwargs={"case_id": case.pk})


PLUGIN = StepApp(
    label="emergency",
    stage="emergency",
    event_kinds=events.LABELS,
    # The emergency steps are logged on the crisis console.
    step_pages={kind: ("Open the crisis console", _console) for kind in events.KINDS},
    panels=(PanelSpec("case", "actions", "emergency/_console_link.html", context=views.case_console_link, order=1),),
    pages=(("console", views.render_console),),
    row_actions=(RowAction("Console", "emergency:console", order=10),),
    nav=(NavItem("Local numbers", "local_numbers:list", roles=("admin",), order=95),),
    urls=(
        ("cases/<uuid:case_id>/console/", "carepath.emergency.urls"),
        ("", "carepath.emergency.offline_urls"),  # /console-offline.js, the console's offline copy
        ("local-numbers/", "carepath.emergency.numbers"),  # admins: dispatch and mobile crisis numbers by area
    ),
    api_routers=(("/", "carepath.emergency.api.router"),),
    demo="carepath.emergency.demo.seed",
    demo_order=30,
)
