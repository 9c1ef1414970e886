"""What the designated-person step adds: contact attempts, their panel on the crisis console, API and demo."""

from django.urls import NoReverseMatch, reverse

from carepath.cases.kit import StepApp
from carepath.core.extensions import PanelSpec

from . import events, panels


def _contacts_page(case, details=None) -> str:
    """The support contacts are called from the crisis console (its contacts panel), or the case page without it."""
    try:
        return reverse("emergency:console", kwargs={"case_id": case.pk}) + "#console-contacts"
    except NoReverseMatch:
        return reverse("cases:detail", kwargs={"case_id": case.pk})


PLUGIN = StepApp(
    label="contacts",
    stage="designated_person",
    event_kinds={events.CONTACT_ATTEMPT: "Support contact called or messaged"},
    step_pages={events.CONTACT_ATTEMPT: ("Call from the crisis console", _contacts_page)},
    panels=(PanelSpec("console", "contacts", "contacts/_console_panel.html", context=panels.console_contacts),),
    urls=(("cases/<uuid:case_id>/contact-attempts/", "carepath.contacts.urls"),),
    api_routers=(("/", "carepath.contacts.api.router"),),
    demo="carepath.contacts.demo.seed",
    demo_order=31,
)
