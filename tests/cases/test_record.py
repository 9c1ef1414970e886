"""The record a reviewer reads: a corrected entry is marked and links to its correction, every time carries its zone,
and a client in another time zone shows their local time beside the practice's."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from carepath.cases import events
from carepath.cases.services import case_open, case_record_event, event_amend
from carepath.clients.services import client_create, client_update
from carepath.core import clock


def test_a_corrected_entry_is_marked_and_links_to_its_correction(signed_in, clinician, case):
    note = case_record_event(actor=clinician, case=case, kind=events.NOTE, summary="Client said the bridge on Friday.")
    fix = event_amend(actor=clinician, event=note, correction="He said Thursday, not Friday.", reason="Misheard.")
    body = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    original = body[body.index(f'id="event-{note.pk}"') :]
    original = original[: original.index("</li>")]
    assert 'class="tag corrected"' in original and f'href="#event-{fix.pk}"' in original
    assert "He said Thursday" in original  # what the correction says, beside the original
    correction = body[body.index(f'id="event-{fix.pk}"') :]
    assert f'href="#event-{note.pk}"' in correction[: correction.index("</li>")]
    console = signed_in(clinician).get(f"/cases/{case.pk}/console/").content.decode()
    assert 'class="tag corrected"' in console


def test_every_time_on_the_case_page_and_console_carries_its_zone(signed_in, clinician, case):
    case_record_event(actor=clinician, case=case, kind=events.NOTE, summary="Checked in by phone.")
    browser = signed_in(clinician)
    for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/console/", f"/clients/{case.client_id}/"):
        text = re.sub(r"<[^>]+>", " ", browser.get(url).content.decode())
        times = re.findall(r"\b\d{1,2}:\d{2}\b(?!:)(?:\s+([A-Z]{2,5}|[+-]\d{2,4}))?", text)
        assert times, url
        assert all(zone for zone in times), (url, times)


def test_a_client_in_another_zone_shows_their_local_time(signed_in, clinician, case):
    client_update(actor=clinician, client=case.client, time_zone="America/New_York")
    body = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert "local time:" in body and "(America/New_York)" in body and re.search(r"\d{2}:\d{2} E[SD]T", body)
    abroad = client_create(
        actor=clinician,
        given_name="Emma",
        family_name="Sato",
        date_of_birth=dt.date(2004, 8, 9),
        jurisdiction="JP",
        flags=[],
    )
    assert abroad.zone_name == "Asia/Tokyo"  # the jurisdiction's only zone
    there = abroad.local_time(dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC))
    assert there is not None and there.hour == 10
    other = case_open(actor=clinician, client=abroad, risk_level="low", concern="Homesick; no thoughts of harm today.")
    assert "JST" in signed_in(clinician).get(f"/cases/{other.pk}/console/").content.decode()
    same = client_create(
        actor=clinician,
        given_name="Ana",
        family_name="Lopez",
        date_of_birth=dt.date(1990, 1, 1),
        jurisdiction="US-CA",
        time_zone=case.organisation.time_zone,
        flags=[],
    )
    assert same.local_time(clock.now()) is None  # same zone as the practice: nothing extra shown


def test_an_unknown_time_zone_is_refused_with_the_form_to_write():
    from carepath.clients.services import _clean_client

    with pytest.raises(ValidationError, match="Region/City"):
        _clean_client({"time_zone": "Mars/Olympus"})
