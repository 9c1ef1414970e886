"""The crisis console page: what it shows at once, and how its forms save, refuse and dedupe."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from carepath.cases.models import TimelineEvent
from carepath.emergency.models import EmergencyAction


def _url(case, name="console", **kwargs):
    return reverse(f"emergency:{name}", kwargs={"case_id": case.pk, **kwargs})


def _local(moment):
    """As the organisation's clinicians type it: in the practice's zone (the org fixture's)."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo("America/Los_Angeles")).strftime("%Y-%m-%dT%H:%M")


def test_console_shows_risk_address_phone_numbers_contacts_and_steps(signed_in, clinician, case, unconsented_contact):
    body = signed_in(clinician).get(_url(case)).content.decode()
    assert "High risk" in body
    assert "1 Secret Lane" in body and 'href="tel:+1 415 555 0101"' in body
    assert 'href="tel:911"' in body  # US-CA inherits the US emergency number
    assert 'href="tel:988"' in body and 'href="sms:741741?&amp;body=HOME"' in body
    assert "https://988lifeline.org/chat/" in body
    # Contacts in priority order with their consent status.
    assert body.index("Wilhelmina Zephyrine") < body.index("Leo Roommate")
    assert "Consent: valid" in body and "Consent: none" in body
    # The contact without consent shows the pack's legal bases to choose from.
    assert "45 C.F.R. § 164.510(b)(1), (b)(3)" in body and "45 C.F.R. § 164.512(j)(1)(i), (j)(4)" in body
    assert "Outstanding steps" in body
    assert f"?next=/cases/{case.pk}/console/" in body.replace("%2F", "/")


def test_unknown_jurisdiction_numbers_are_shown_as_unknown(signed_in, clinician, case):
    from carepath.clients.models import Client

    Client.objects.filter(pk=case.client_id).update(jurisdiction="ZZ")
    body = signed_in(clinician).get(_url(case)).content.decode()
    assert "Emergency number: <strong>unknown</strong>" in body
    assert "Crisis lines: unknown" in body


def test_dashboard_and_case_page_link_to_the_console(signed_in, clinician, case):
    browser = signed_in(clinician)
    assert _url(case) in browser.get(reverse("cases:dashboard")).content.decode()
    assert _url(case) in browser.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()


def test_emergency_call_form_saves_with_defaults_in_one_post(signed_in, clinician, case):
    browser = signed_in(clinician)
    page = browser.get(_url(case)).content.decode()
    assert 'name="number_dialled" value="911"' in page
    key = str(uuid.uuid4())
    data = {
        "idempotency_key": key,
        "number_dialled": "911",
        "service": "police",
        "outcome": "pending",
        "reference": "",
        "occurred_at": _local(timezone.now()),
        "notes": "",
    }
    response = browser.post(_url(case, "action", kind="emergency_call"), data)
    assert response.status_code == 302 and response["Location"] == _url(case)
    event = TimelineEvent.objects.get(case=case, kind="emergency_call")
    assert event.details["number_dialled"] == "911"
    # The same submit again (a retry after a dropped connection) writes nothing new.
    again = browser.post(_url(case, "action", kind="emergency_call"), data, HTTP_ACCEPT="application/json")
    assert again.status_code == 200 and again.json()["created"] is False
    assert EmergencyAction.objects.count() == 1


def test_odd_reference_is_refused_next_to_the_field_and_typed_text_is_kept(signed_in, clinician, case):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "number_dialled": "911",
        "service": "police",
        "outcome": "dispatched",
        "reference": "CAD<>2291!",
        "occurred_at": _local(timezone.now()),
        "notes": "Officers on the way, Oak St.",
    }
    response = signed_in(clinician).post(_url(case, "action", kind="emergency_call"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "A reference number may only contain letters" in body
    assert 'value="CAD&lt;&gt;2291!"' in body and "Officers on the way, Oak St." in body
    assert not EmergencyAction.objects.exists()


def test_future_time_is_refused_with_a_clear_message(signed_in, clinician, case):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "arrived": "Paramedics",
        "occurred_at": _local(timezone.now() + dt.timedelta(hours=2)),
        "notes": "Typed before it happened",
    }
    response = signed_in(clinician).post(_url(case, "action", kind="stayed_with_client"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "This time is in the future" in body and "Typed before it happened" in body


def test_sud_client_console_offers_only_the_medical_emergency_basis(signed_in, clinician, sud_case):
    body = signed_in(clinician).get(_url(sud_case)).content.decode()
    assert "42 C.F.R. Part 2, § 2.51" in body
    assert "164.512(j)" not in body
    assert "Name of the medical personnel told" in body


def test_off_team_clinician_gets_404(signed_in, off_team_clinician, case):
    assert signed_in(off_team_clinician).get(_url(case)).status_code == 404


def test_the_console_script_post_is_answered_in_json_and_leaves_the_session_alone(signed_in, clinician, case):
    """The console's script clears its own draft and shows the message: the emergency path writes the session
    neither on the post nor on the page it opens next (one commit fewer for each)."""
    browser = signed_in(clinician)
    browser.get(_url(case))
    session_before = browser.session.session_key, dict(browser.session.items())
    data = {"idempotency_key": str(uuid.uuid4()), "arrived": "Paramedics", "occurred_at": _local(timezone.now())}
    response = browser.post(_url(case, "action", kind="stayed_with_client"), data, HTTP_ACCEPT="application/json")
    answer = response.json()
    assert answer["saved"] is True and answer["created"] is True and answer["next"] == _url(case)
    assert answer["draft"] == f"console-{case.pk}-stayed_with_client"
    assert answer["message"].startswith("Saved to the timeline: ")
    assert (browser.session.session_key, dict(browser.session.items())) == session_before
    page = browser.get(_url(case)).content.decode()
    assert 'class="messages"' not in page and "data-clear-drafts" not in page  # the script shows them, not the page
    # A retry of the same key says it was not saved twice, in the same shape.
    again = browser.post(_url(case, "action", kind="stayed_with_client"), data, HTTP_ACCEPT="application/json").json()
    assert again["created"] is False and "not recorded twice" in again["message"]
    assert EmergencyAction.objects.filter(case=case).count() == 1


def test_a_write_opens_its_case_in_one_query(clinician, case, django_assert_num_queries):
    """The case, its client and whether the member reaches it (care team, grant or on-call shift) in one read."""
    from carepath.cases.selectors import access_case

    clinician.refresh_from_db()
    with django_assert_num_queries(1):
        opened = access_case(clinician, case.pk, audit_action=None)
    assert opened.client.pk == case.client_id
