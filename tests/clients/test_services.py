import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from carepath.audit.models import AuditEntry
from carepath.clients.access import can_see_client, visible_clients
from carepath.clients.services import access_grant_create, client_create, client_update, support_contact_update


def _client(actor, **overrides):
    data = dict(given_name="Ada", family_name="Moss", date_of_birth=dt.date(1980, 1, 1), jurisdiction="US-NY")
    data.update(overrides)
    return client_create(actor=actor, **data)


def test_creator_joins_care_team_and_sees_client(clinician, off_team_clinician, supervisor):
    client = _client(clinician)
    assert can_see_client(clinician, client)
    assert not can_see_client(off_team_clinician, client)
    assert can_see_client(supervisor, client)


def test_auditor_sees_no_clients(auditor, client_record):
    assert not visible_clients(auditor).exists()


def test_date_of_birth_in_the_future_is_refused(clinician):
    with pytest.raises(ValidationError) as exc:
        _client(clinician, date_of_birth=timezone.localdate() + dt.timedelta(days=1))
    assert "future" in exc.value.message_dict["date_of_birth"][0]


def test_unknown_jurisdiction_is_refused_with_suggestions(clinician):
    with pytest.raises(ValidationError) as exc:
        _client(clinician, jurisdiction="US-CX")
    message = exc.value.message_dict["jurisdiction"][0]
    assert "US-CX" in message and "US-TX" in message


def test_lowercase_jurisdiction_is_normalised(clinician):
    assert _client(clinician, jurisdiction="us-ca").jurisdiction == "US-CA"


def test_client_update_is_audited_and_noted_on_open_case(clinician, case):
    client_update(actor=clinician, client=case.client, phone="+1 415 555 0999")
    assert AuditEntry.objects.filter(action="client.update", client_id=case.client_id).exists()
    assert case.events.filter(kind="client_updated").exists()


def test_consent_expiring_before_it_was_given_is_refused(clinician, client_record):
    contact = client_record.support_contacts.get()
    with pytest.raises(ValidationError):
        support_contact_update(
            actor=clinician,
            contact=contact,
            consent_given_on=dt.date(2026, 3, 1),
            consent_expires_on=dt.date(2026, 2, 1),
        )


def test_break_glass_needs_reason_and_is_audited(off_team_clinician, client_record):
    with pytest.raises(ValidationError):
        access_grant_create(actor=off_team_clinician, client=client_record, reason="")
    access_grant_create(actor=off_team_clinician, client=client_record, reason="Covering the crisis line tonight.")
    assert can_see_client(off_team_clinician, client_record)
    assert AuditEntry.objects.filter(action="client.break_glass", actor_id=off_team_clinician.pk).exists()


def test_break_glass_is_impossible_across_organisations(outsider, client_record):
    with pytest.raises(PermissionDenied):
        access_grant_create(actor=outsider, client=client_record, reason="Just curious about this one.")
