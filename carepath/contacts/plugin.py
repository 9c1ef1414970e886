"""What the designated-person step adds: contact attempts, their panel on the crisis console, API and demo."""

from carepath.cases.kit import StepApp
from carepath.core.extensions import PanelSpec

from . import events, panels

PLUGIN = StepApp(
    label="contacts",
    stage="designated_person",
    event_kinds={events.CONTACT_ATTEMPT: "Support contact called or messaged"},
    panels=(PanelSpec("console", "contacts", "contacts/_console_panel.html", context=panels.console_contacts),),
    urls=(("cases/<uuid:case_id>/contact-attempts/", "carepath.contacts.urls"),),
    api_routers=(("/", "carepath.contacts.api.router"),),
    demo="carepath.contacts.demo.seed",
    demo_order=31,
)
