"""The care team, complete: responsibilities on the case page, an external professional's consent linked to the
client's authorisation, a way to reach them required, access given and taken at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from carepath.clients.access import visible_clients
from carepath.clients.services import authorisation_create, care_team_add, care_team_remove
from carepath.core import clock


def test_the_case_page_shows_who_is_responsible_for_what_and_whose_consent_is_on_file(signed_in, clinician, case):
    consent = authorisation_create(
        actor=clinician,
        client=case.client,
        recipient_name="Dr Ana Cho",
        recipient_type="professional",
        categories=["risk_status", "medication"],
        purpose="Medication management",
        signed_on=clock.today(case.organisation.zone) - dt.timedelta(days=3),
    )
    care_team_add(
        actor=clinician,
        client=case.client,
        role="Psychiatrist",
        responsibility="prescriber",
        external_name="Dr Ana Cho",
        external_organisation="Harbour Psychiatry",
        external_email="a.cho@harbour.example.org",
        authorisation=str(consent.pk),
    )
    care_team_add(
        actor=clinician, client=case.client, role="GP", external_name="Dr Bo Lind", external_phone="+1 415 555 0190"
    )
    body = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    team = body[body.index('id="case-care-team"') :]
    assert "Primary clinician" in team and "Prescriber" in team
    assert team.index("Primary clinician") < team.index("Dr Ana Cho") < team.index("Dr Bo Lind")
    assert "Client consented to sharing" in team and "No consent to share on file" in team
    assert 'href="mailto:a.cho@harbour.example.org"' in team


def test_an_external_without_a_way_to_reach_them_or_with_a_revoked_consent_is_refused(clinician, case):
    with pytest.raises(ValidationError, match="phone or a secure email"):
        care_team_add(actor=clinician, client=case.client, role="GP", external_name="Dr Nobody")
    with pytest.raises(ValidationError, match="not this client's"):
        care_team_add(
            actor=clinician,
            client=case.client,
            role="GP",
            external_name="Dr Bo Lind",
            external_phone="+1 415 555 0190",
            authorisation="00000000-0000-0000-0000-000000000000",
        )


def test_joining_gives_access_and_leaving_takes_it_away_at_once(clinician, off_team_clinician, case):
    entry = care_team_add(actor=clinician, client=case.client, role="Covering therapist", member=off_team_clinician)
    assert visible_clients(off_team_clinician).filter(pk=case.client_id).exists()
    care_team_remove(actor=clinician, entry=entry, reason="Cover ended.")
    assert not visible_clients(off_team_clinician).filter(pk=case.client_id).exists()
