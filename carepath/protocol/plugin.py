"""What the protocol adds: the checklist on every case, its forms and API, the policy page, a dashboard column.

The protocol sits above `cases` and below the step apps: it names the event kinds that complete each step
(data, in data/rules.yaml) and never imports the apps that write them.
"""

from carepath.cases.hooks import CaseHooks
from carepath.cases.kit import CaseApp
from carepath.core.extensions import Column, NavItem, PanelSpec

from . import events, selectors, services, views

PLUGIN = CaseApp(
    label="protocol",
    event_kinds=events.LABELS,
    hooks=CaseHooks(
        on_case_opened=services.on_case_opened,
        on_risk_changed=services.on_risk_changed,
        close_blockers=services.close_blockers,
    ),
    panels=(PanelSpec("case", "top", "protocol/_case_protocol.html", context=views.case_protocol_panel, order=10),),
    nav=(NavItem("Protocol policy", "protocol:policy", roles=("admin", "supervisor"), order=92),),
    urgent=(selectors.overdue_steps,),
    columns=(Column("Outstanding steps", selectors.outstanding_counts, order=50),),
    urls=(("protocol/", "carepath.protocol.urls"),),
    api_routers=(("/", "carepath.protocol.api.router"),),
    demo="carepath.protocol.demo.seed",
    demo_order=40,
)
