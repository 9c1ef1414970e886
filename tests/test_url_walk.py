"""Walk every URL the project defines, as outsiders, and prove no client or case data comes back.

A page addressed by a record of the practice (a client, case, contact, event...) must answer 403 or
404 to a member of another organisation and to a clinician off the client's care team. Pages
without a record in their address (lists, dashboards) may answer, but must not show that data.

New pages are covered automatically: every URL parameter must be mapped below, so a page with a
new kind of parameter fails this test until someone says which record it should point at.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from carepath.assessments.services import assessment_finalise
from carepath.cases import events
from carepath.cases.services import case_record_event
from carepath.core import clock
from carepath.hospital import services as hospital_services
from carepath.safetyplans import services as plan_services
from carepath.safetyplans.models import MeansStep

# Pages anyone may open without signing in; they must still not show client data.
PUBLIC = {
    "healthz",
    "accounts:sign_in",
    "accounts:sign_out",
    "home",
    "help",
    "safetyplan_link:open",
    "emergency_offline:worker",
}


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p


def all_routes():
    return list(_walk(get_resolver().url_patterns))


def _fill(route: str, ids: dict[str, str]) -> str:
    import re

    def repl(match):
        param = match.group(2)
        if param not in ids:
            raise AssertionError(f"URL parameter '{param}' in {route} has no test record: add it to the URL walk")
        return ids[param]

    path = re.sub(r"<(?:(\w+):)?(\w+)>", repl, route)
    return "/" + path.lstrip("^").rstrip("$")


@pytest.fixture
def target_ids(clinician, case, supervisor, org, admin):
    contact = case.client.support_contacts.get()
    entry = case.client.care_team.get(member=clinician)
    event = case_record_event(actor=clinician, case=case, kind=events.NOTE, summary="Sensitive note Quokkaberry.")
    plan = plan_services.plan_get_or_create(actor=clinician, client=case.client)
    draft = {"sections": {"environment": [{"id": "e1", "means": "firearm", "action": "Rifle to Wilhelmina Zephyrine"}]}}
    plan_services.plan_draft_save(actor=clinician, plan=plan, draft=draft, base_revision=0)
    plan_services.plan_finalise(actor=clinician, plan=plan, base_revision=1)
    plan_services.plan_link_create(actor=clinician, plan=plan)
    preferences = hospital_services.crisis_preferences_save(
        actor=clinician,
        client=case.client,
        source="directive",
        agreed_on=clock.today(case.organisation.zone),
        do_not_call="Wilhelmina Zephyrine",
        directive_file=SimpleUploadedFile("pad.pdf", b"%PDF-1.4 Zephyrine"),
    )
    admitted = hospital_services.hospitalisation_start(
        actor=clinician, case=case, status="admitted", facility_name="Zephyrine Memorial"
    )
    hold = hospital_services.hold_start(
        actor=clinician,
        hospitalisation=admitted,
        type_id="US-CA:emergency_hold",
        initiated_by="Officer",
        starts_at=clock.now(),
    )
    facility = hospital_services.facility_save(actor=admin, name="Harbour PES", kind="ed")
    from carepath.clients.services import authorisation_create
    from carepath.emergency.models import LocalNumber

    authorisation = authorisation_create(
        actor=clinician,
        client=case.client,
        recipient_name="Wilhelmina Zephyrine",
        recipient_type="family",
        categories=["risk_status"],
        purpose="Crisis contact",
        signed_on=clock.today(case.organisation.zone),
    )
    number = LocalNumber.objects.create(
        organisation=org,
        kind="dispatch",
        jurisdiction="US-CA",
        area="Zephyrine County",
        name="Dispatch",
        number="+1 510 555 0100",
        source="test",
        reviewed_on=clock.today(),
    )
    from carepath.clients.services import on_call_shift_create

    shift = on_call_shift_create(
        actor=supervisor,
        member=clinician,
        starts_at=clock.now() + dt.timedelta(days=1),
        ends_at=clock.now() + dt.timedelta(days=1, hours=8),
        note="Zephyrine nights",
    )
    from carepath.collaboration import services as collaboration

    consultation = collaboration.consultation_request(
        actor=clinician, case=case, to_member_id=supervisor.pk, urgency="routine", question="Zephyrine second opinion"
    ).record
    referral = collaboration.referral_send(
        actor=clinician,
        case=case,
        to_name="Dr Zephyrine",
        phone="+1 510 555 0123",
        reason="Zephyrine",
        urgency="routine",
    )
    handover = collaboration.handover_issue(actor=clinician, case=case, recipient_name="Priya", sections=["contacts"])
    return {
        "request_id": str(consultation.pk),
        "consultation_id": str(consultation.pk),
        "referral_id": str(referral.pk),
        "handover_id": str(handover.pk),
        "client_id": str(case.client_id),
        "case_id": str(case.pk),
        "contact_id": str(contact.pk),
        "entry_id": str(entry.pk),
        "event_id": str(event.pk),
        "member_id": str(clinician.pk),
        "code": "US-CA",
        "instrument": "phq9",
        "assessment_id": str(
            assessment_finalise(
                actor=clinician, client=case.client, instrument="phq9", answers={f"q{i}": 1 for i in range(1, 10)}
            ).pk
        ),
        "token": "not-a-real-token",
        "task_id": str(case.followups.values_list("pk", flat=True).first()),  # the first reassessment
        "notification_id": "00000000-0000-0000-0000-000000000000",
        "rule_id": "post_discharge",
        "path": "carepath/carepath.css",
        "kind": "emergency_call",
        "link_id": str(plan.links.get().pk),
        "step_id": str(MeansStep.objects.get(case=case).pk),
        "number": "1",
        "document_id": str(preferences.directive_id),
        "hospitalisation_id": str(admitted.pk),
        "hold_id": str(hold.pk),
        "facility_id": str(facility.pk),
        "authorisation_id": str(authorisation.pk),
        "number_id": str(number.pk),
        "shift_id": str(shift.pk),
    }


SECRETS = ["Zephyrine", "Quentin", "Xylophagous", "Wilhelmina", "Quokkaberry", "Secret Lane"]


@pytest.mark.parametrize("as_whom", ["outsider", "off_team_clinician"])
def test_no_url_leaks_client_or_case_data(as_whom, request, signed_in, target_ids):
    member = request.getfixturevalue(as_whom)
    browser = signed_in(member)
    checked = 0
    for route, name, _pattern in all_routes():
        if name == "accounts:sign_out":
            continue  # it would end the session the walk runs in
        url = _fill(route, target_ids)
        for method in ("get", "post"):
            response = getattr(browser, method)(url)
            body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
            leaked = [s for s in SECRETS if s in body]
            assert not leaked, f"{method.upper()} {url} ({name}) as {as_whom} showed {leaked}"
            if name in PUBLIC or "<" not in route:
                continue  # a list of the member's own organisation: allowed, as long as nothing leaked above
            if response.status_code in (301, 302):
                # A redirect may only lead away from the record, never into it.
                location = response["Location"]
                assert not location.startswith("/accounts/sign-in"), f"{url} lost the session"
                assert target_ids["client_id"] not in location, f"{url} redirected into the client"
                assert target_ids["case_id"] not in location, f"{url} redirected into the case"
                continue
            if method == "post" and url.startswith("/api/") and response.status_code in (400, 422):
                continue  # the empty body was refused before any record was looked up (and nothing leaked)
            assert response.status_code in (403, 404, 405), (
                f"{method.upper()} {url} ({name}) gave {response.status_code}"
            )
            checked += 1
    assert checked > 20


def test_team_member_does_see_the_pages(signed_in, clinician, target_ids):
    browser = signed_in(clinician)
    for url in (f"/clients/{target_ids['client_id']}/", f"/cases/{target_ids['case_id']}/"):
        response = browser.get(url)
        assert response.status_code == 200 and "Zephyrine" in response.content.decode()
