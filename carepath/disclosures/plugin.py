"""What disclosures add: the record of confidentiality broken, its form, its panel on the case page, its API.

Disclosures sit below the step apps (with the protocol and assessments), because several steps disclose:
a contact without consent (step 3), an emergency call that shares what is known (step 1), a hand-over (step 6).
They all write through `services.disclosure_write`, so the accounting of disclosures misses none.
"""

from django.urls import reverse

from carepath.cases.kit import CaseApp
from carepath.core.extensions import PanelSpec

from . import events, views

PLUGIN = CaseApp(
    label="disclosures",
    event_kinds={events.DISCLOSURE: "Confidential information disclosed"},
    step_pages={
        events.DISCLOSURE: (
            "Record the disclosure or warning",
            lambda case, details: reverse("disclosures:record", kwargs={"case_id": case.pk}),
        )
    },
    panels=(PanelSpec("case", "side", "disclosures/_case_panel.html", context=views.case_panel, order=25),),
    urls=(("cases/<uuid:case_id>/disclosures/", "carepath.disclosures.urls"),),
    api_routers=(("/", "carepath.disclosures.api.router"),),
)
