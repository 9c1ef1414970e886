"""What disclosures add: the record of confidentiality broken, its form, its panels on the case page and the crisis
console, the client's accounting of disclosures, the supervisor's list, its API and command line.

Disclosures sit below the step apps (with the protocol and assessments), because several steps disclose:
a contact without consent (step 3), an emergency call that shares what is known (step 1), a hand-over (step 6).
They all write through `services.disclosure_write`, so the accounting of disclosures misses none.
"""

from django.urls import reverse

from carepath.cases.kit import CaseApp
from carepath.core.extensions import NavItem, PanelSpec

from . import events, views

PLUGIN = CaseApp(
    label="disclosures",
    event_kinds={events.DISCLOSURE: "Information disclosed"},
    step_pages={
        events.DISCLOSURE: (
            "Record the disclosure or warning",
            lambda case, details: reverse("disclosures:record", kwargs={"case_id": case.pk}),
        )
    },
    panels=(
        PanelSpec("case", "side", "disclosures/_case_panel.html", context=views.case_panel, order=25),
        PanelSpec("console", "contacts", "disclosures/_console_panel.html", context=views.console_panel, order=60),
    ),
    nav=(NavItem("Disclosures", "practice_disclosures:list", roles=("supervisor",), order=45),),
    urls=(
        ("cases/<uuid:case_id>/disclosures/", "carepath.disclosures.urls"),
        ("clients/<uuid:client_id>/disclosures/", "carepath.disclosures.client_urls"),
        ("disclosures/", "carepath.disclosures.practice_urls"),
    ),
    api_routers=(("/", "carepath.disclosures.api.router"),),
    demo="carepath.disclosures.demo.seed",
    demo_order=35,
    cli="carepath.disclosures.cli.add_parsers",
)
