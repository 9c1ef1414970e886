"""Covering and on call: an off-team search shows name and date of birth with break the glass one click away; the
on-call rota kept by supervisors opens every client for the shift, audited, and refuses outsiders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from carepath.audit.models import AuditEntry
from carepath.clients.access import access_client, visible_clients
from carepath.clients.models import OnCallShift
from carepath.clients.services import on_call_shift_cancel, on_call_shift_create
from carepath.core import clock


def _shift(supervisor, member, hours_from=-1, hours_to=8):
    now = clock.now()
    return on_call_shift_create(
        actor=supervisor,
        member=member,
        starts_at=now + dt.timedelta(hours=hours_from),
        ends_at=now + dt.timedelta(hours=hours_to),
        note="Night line",
    )


def test_an_off_team_search_shows_name_and_birth_date_only_with_break_the_glass(
    signed_in, off_team_clinician, client_record
):
    body = signed_in(off_team_clinician).get("/clients/", {"q": "Zeph"}).content.decode()
    assert "Not on your care team" in body and "Quentin Zephyrine" in body and "17 May 1990" in body
    assert f'href="/clients/{client_record.pk}/"' in body and "Break the glass" in body
    assert client_record.phone not in body and "Secret Lane" not in body
    entry = AuditEntry.objects.filter(action="client.search").latest("id")
    assert entry.detail == {"off_team_matches": 1}  # the count, never the name typed


def test_a_shift_opens_every_client_for_its_hours_and_each_view_is_audited_as_on_call(
    supervisor, off_team_clinician, client_record
):
    assert not visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()
    shift = _shift(supervisor, off_team_clinician)
    assert visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()
    access_client(off_team_clinician, client_record.pk)
    view = AuditEntry.objects.filter(action="client.view").latest("id")
    assert view.detail == {"via": "on_call", "shift": str(shift.pk)}
    assert AuditEntry.objects.filter(action="on_call.create", object_id=str(shift.pk)).exists()
    on_call_shift_cancel(actor=supervisor, shift=shift)
    assert not visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()  # at once
    later = _shift(supervisor, off_team_clinician, hours_from=2, hours_to=10)
    assert not visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()  # not before it starts
    with clock.at(later.starts_at + dt.timedelta(minutes=1)):
        assert visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()
    with clock.at(later.ends_at):
        assert not visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()


def test_the_rota_refuses_outsiders_clinicians_and_impossible_shifts(supervisor, clinician, outsider, auditor):
    with pytest.raises(ValidationError, match="not a member of this practice"):
        _shift(supervisor, outsider)
    with pytest.raises(ValidationError, match="not an active clinician"):
        _shift(supervisor, auditor)
    with pytest.raises(PermissionDenied, match="Only supervisors"):
        _shift(clinician, clinician)
    with pytest.raises(ValidationError, match="end after it starts"):
        _shift(supervisor, clinician, hours_from=3, hours_to=1)
    with pytest.raises(ValidationError, match="at most 7 days"):
        _shift(supervisor, clinician, hours_from=0, hours_to=24 * 8)
    _shift(supervisor, clinician)
    with pytest.raises(ValidationError, match="already has a shift"):
        _shift(supervisor, clinician, hours_from=2, hours_to=4)
    assert OnCallShift.objects.count() == 1


def test_supervisors_keep_the_rota_on_its_page(signed_in, supervisor, clinician):
    browser = signed_in(supervisor)
    page = browser.get("/on-call/")
    assert page.status_code == 200 and "Put someone on call" in page.content.decode()
    now = clock.now().astimezone(supervisor.organisation.zone)
    refused = browser.post(
        "/on-call/",
        {"member": clinician.pk, "starts_at": now.strftime("%Y-%m-%dT%H:%M"), "ends_at": "", "note": "Nights"},
    )
    assert refused.status_code == 400 and "Nights" in refused.content.decode()  # what was typed is kept
    done = browser.post(
        "/on-call/",
        {
            "member": clinician.pk,
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
            "note": "Nights",
        },
        follow=True,
    )
    assert "is on call from" in done.content.decode() and "on call now" in done.content.decode()
    shift = OnCallShift.objects.get()
    browser.post(f"/on-call/{shift.pk}/end/")
    shift.refresh_from_db()
    assert shift.cancelled_by == supervisor
    assert signed_in(clinician).get("/on-call/").status_code in (403, 404)


def test_a_shift_opens_the_clients_safety_cases_and_console_too(signed_in, supervisor, off_team_clinician, case):
    """On call at night the clinician must reach the case and its crisis console, not only the client's page."""
    browser = signed_in(off_team_clinician)
    assert browser.get(f"/cases/{case.pk}/").status_code == 404
    shift = _shift(supervisor, off_team_clinician)
    assert browser.get(f"/clients/{case.client_id}/").status_code == 200
    page = browser.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and "Crisis console" in page.content.decode()
    assert browser.get(f"/cases/{case.pk}/console/").status_code == 200
    view = AuditEntry.objects.filter(action="case.view", object_id=str(case.pk)).latest("id")
    assert view.actor_id == off_team_clinician.pk and view.detail == {"via": "on_call", "shift": str(shift.pk)}
    on_call_shift_cancel(actor=supervisor, shift=shift)
    assert browser.get(f"/cases/{case.pk}/").status_code == 404


def test_a_care_team_member_on_call_is_audited_as_on_the_team(signed_in, supervisor, clinician, case):
    """The shift is not the reason they see their own client: the audit says so (no "via on call")."""
    _shift(supervisor, clinician)
    browser = signed_in(clinician)
    assert browser.get(f"/cases/{case.pk}/").status_code == 200
    assert browser.get(f"/clients/{case.client_id}/").status_code == 200
    for action, object_id in (("case.view", case.pk), ("client.view", case.client_id)):
        view = AuditEntry.objects.filter(action=action, object_id=str(object_id)).latest("id")
        assert view.actor_id == clinician.pk and view.detail == {}
