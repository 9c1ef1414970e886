"""Pages and API of hospitalisation: the case's hospital page and its forms (a refused one keeps what was typed),
the discharge with its upload, crisis preferences on the console, the dashboard, facilities for admins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carepath.accounts.services import api_token_create
from carepath.cases.models import TimelineEvent
from carepath.core import clock
from carepath.hospital import services
from carepath.hospital.models import Hospitalisation, Status

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def facility(admin):
    return services.facility_save(
        actor=admin,
        name="Bay Crest PES",
        kind="psychiatric",
        phone="+1 510 555 0140",
        jurisdiction="US-CA",
        takes_involuntary=True,
        min_age=18,
        is_active=True,
    )


def _local(moment: dt.datetime, zone: str = "America/Los_Angeles") -> str:
    """As the practice's phones write it: its local time (the test practice is in Los Angeles)."""
    import zoneinfo

    return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def test_the_case_page_links_the_protocol_step_to_the_hospital_page(signed_in, clinician, case):
    page = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/hospital/"' in page
    assert "Record the decision on hospitalisation" in page


def test_a_refused_decision_is_shown_again_with_what_was_typed(signed_in, clinician, case):
    browser = signed_in(clinician)
    response = browser.post(
        f"/cases/{case.pk}/hospital/decision/",
        {
            "decision": "outpatient_plan",
            "reason": "Her brother arrived and took the pills away",
            "occurred_at": _local(clock.now()),
            "idempotency_key": "6d3f1c1e-9a55-4a8e-9d0c-3c1d2f0b6a11",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Her brother arrived and took the pills away" in page
    assert "Say who is with the client now" in page and "Give the next contact" in page
    assert not TimelineEvent.objects.filter(case=case, kind="disposition_recorded").exists()


def test_refer_admit_hold_and_discharge_from_the_pages(signed_in, clinician, case, facility):
    browser = signed_in(clinician)
    start = clock.now() - dt.timedelta(hours=2)
    response = browser.post(
        f"/cases/{case.pk}/hospital/new/",
        {
            "status": "referred",
            "facility": str(facility.pk),
            "transport": "ambulance",
            "involuntary": "on",
            "occurred_at": _local(start),
            "idempotency_key": "0f6a9c8e-1b2d-4c3e-8f7a-6b5c4d3e2f10",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    h = Hospitalisation.objects.get(case=case)
    page = browser.get(f"/cases/{case.pk}/hospital/").content.decode()
    assert "Referred: Bay Crest PES" in page and "5150" in page  # the pack's hold is offered with its hours
    assert (
        browser.post(
            f"/cases/{case.pk}/hospital/{h.pk}/status/", {"status": "admitted", "occurred_at": _local(clock.now())}
        ).status_code
        == 302
    )
    response = browser.post(
        f"/cases/{case.pk}/hospital/{h.pk}/hold/",
        {"type_id": "US-CA:emergency_hold", "initiated_by": "Officer Reyes", "starts_at": _local(start)},
    )
    assert response.status_code == 302
    page = browser.get(f"/cases/{case.pk}/hospital/").content.decode()
    assert "Emergency hold running" in page and " left" in page and "data-hold-expires" in page
    # A discharge before the admission is refused and what was typed stays.
    h.refresh_from_db()
    response = browser.post(
        f"/cases/{case.pk}/hospital/{h.pk}/discharge/",
        {"discharged_at": _local(h.admitted_at - dt.timedelta(hours=3)), "medications_changed": "Started lithium"},
    )
    assert response.status_code == 400
    assert "before the admission" in response.content.decode() and "Started lithium" in response.content.decode()
    response = browser.post(
        f"/cases/{case.pk}/hospital/{h.pk}/discharge/",
        {
            "discharged_at": _local(clock.now()),
            "medications_changed": "Started lithium",
            "summary_file": SimpleUploadedFile("summary.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    h.refresh_from_db()
    assert h.status == Status.DISCHARGED and h.discharge_document is not None
    document = browser.get(f"/clients/{case.client_id}/documents/{h.discharge_document_id}/")
    assert document.status_code == 200 and document.content == PDF
    assert document["Content-Type"] == "application/pdf"


def test_an_upload_that_is_not_a_pdf_or_image_is_refused(signed_in, clinician, case, facility):
    h = services.hospitalisation_start(
        actor=clinician,
        case=case,
        status="admitted",
        facility_id=facility.pk,
        occurred_at=clock.now() - dt.timedelta(hours=1),
    )
    response = signed_in(clinician).post(
        f"/cases/{case.pk}/hospital/{h.pk}/discharge/",
        {
            "discharged_at": _local(clock.now()),
            "summary_note": "Seen by Dr Cho",
            "summary_file": SimpleUploadedFile("summary.pdf", b"<html>not a pdf</html>"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not a PDF or an image" in page and "Seen by Dr Cho" in page and "Choose the file again" in page
    h.refresh_from_db()
    assert h.status == Status.ADMITTED


def test_documents_are_only_for_the_care_team(signed_in, clinician, off_team_clinician, case, facility):
    services.crisis_preferences_save(
        actor=clinician,
        client=case.client,
        source="directive",
        agreed_on=clock.today(case.organisation.zone),
        do_not_call="His father",
        directive_file=SimpleUploadedFile("pad.pdf", PDF),
    )
    from carepath.hospital.selectors import preferences_of

    url = f"/clients/{case.client_id}/documents/{preferences_of(case.client).directive_id}/"
    assert signed_in(off_team_clinician).get(url).status_code == 404


def test_crisis_preferences_are_on_the_console(signed_in, clinician, case):
    browser = signed_in(clinician)
    response = browser.post(
        f"/clients/{case.client_id}/crisis-preferences/",
        {
            "source": "session",
            "agreed_on": clock.today(case.organisation.zone).isoformat(),
            "do_not_call": "His father, Richard",
            "refused_facilities": "Eastshore ED",
            "agent_name": "Wilhelmina",
            "agent_phone": "+1 415 555 0102",
        },
    )
    assert response.status_code == 302
    console = browser.get(f"/cases/{case.pk}/console/").content.decode()
    assert "Do not call" in console and "His father, Richard" in console and "Eastshore ED" in console
    assert console.index("console-asked") < console.index("console-numbers")  # before the numbers: first screen
    hospital = browser.get(f"/cases/{case.pk}/hospital/").content.decode()
    assert "Eastshore ED" in hospital


def test_the_dashboard_shows_holds_ending_and_who_is_admitted(signed_in, clinician, supervisor, case, facility):
    h = services.hospitalisation_start(actor=clinician, case=case, status="admitted", facility_id=facility.pk)
    services.hold_start(
        actor=clinician,
        hospitalisation=h,
        type_id="US-CA:emergency_hold",
        initiated_by="Officer Reyes",
        starts_at=clock.now() - dt.timedelta(hours=65),
    )
    for member in (clinician, supervisor):
        page = signed_in(member).get("/cases/").content.decode()
        assert "Holds ending within 12 hours" in page and ("6 h 59 min left" in page or "7 h 00 min left" in page)
        assert "Admitted now" in page and "Bay Crest PES" in page


def test_facilities_are_kept_by_admins(signed_in, admin, clinician):
    browser = signed_in(admin)
    response = browser.post(
        "/facilities/new/",
        {"name": "Harbor Light", "kind": "residential", "jurisdiction": "us-ca", "min_age": "18", "is_active": "on"},
    )
    assert response.status_code == 302
    assert "Harbor Light" in browser.get("/facilities/").content.decode()
    assert signed_in(clinician).get("/facilities/").status_code == 403


def test_the_api_records_the_hospitalisation_hold_and_discharge(client, clinician, outsider, case, facility):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=clinician, member=clinician, name='t')}"}
    created = client.post(
        f"/api/v1/cases/{case.pk}/hospitalisations",
        {"status": "admitted", "facility_id": str(facility.pk), "involuntary": True, "transport": "police"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    hid = created.json()["id"]
    types = client.get(f"/api/v1/clients/{case.client_id}/hold-types", **auth).json()
    assert types[0]["id"] == "US-CA:emergency_hold" and types[0]["max_hours"] == 72
    hold = client.post(
        f"/api/v1/hospitalisations/{hid}/holds",
        {"type_id": "US-TX:emergency_hold", "initiated_by": "Dr A", "starts_at": clock.now().isoformat()},
        content_type="application/json",
        **auth,
    )
    assert hold.status_code == 400 and "type_id" in hold.json()["errors"]
    future = client.post(
        f"/api/v1/hospitalisations/{hid}/discharge",
        {"discharged_at": (clock.now() + dt.timedelta(days=1)).isoformat()},
        content_type="application/json",
        **auth,
    )
    assert future.status_code == 400 and "discharged_at" in future.json()["errors"]
    done = client.post(
        f"/api/v1/hospitalisations/{hid}/discharge",
        {"discharged_at": clock.now().isoformat(), "followup_appointment": "Dr Cho Friday"},
        content_type="application/json",
        **auth,
    )
    assert done.status_code == 200 and done.json()["status"] == "discharged"
    record = client.get(f"/api/v1/cases/{case.pk}/hospitalisations", **auth).json()
    assert record["hospitalisations"][0]["followup_appointment"] == "Dr Cho Friday"
    theirs = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=outsider, member=outsider, name='t')}"}
    assert client.get(f"/api/v1/cases/{case.pk}/hospitalisations", **theirs).status_code == 404
    assert (
        client.post(
            f"/api/v1/hospitalisations/{hid}/status", {"status": "admitted"}, content_type="application/json", **theirs
        ).status_code
        == 404
    )
