"""Disclosures and authorisations: the guard rails (legal basis, recipient, authorisations in force, protected
substance-use records, categories), the accounting of disclosures and its exemptions, and an append-only record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from carepath.cases.models import TimelineEvent
from carepath.cases.services import case_open, event_amend
from carepath.clients.models import Authorisation
from carepath.clients.services import authorisation_create, authorisation_revoke, client_create
from carepath.core import clock
from carepath.disclosures import selectors
from carepath.disclosures.models import Disclosure
from carepath.disclosures.services import disclosure_record
from carepath.emergency.services import emergency_action_record


def _record(clinician, case, **kw):
    values = {
        "recipient": "Greg Dalton",
        "recipient_type": "victim",
        "recipient_contact": "12 Oak St, Round Rock, TX",
        "categories": ["risk_status"],
        "shared": "Quentin said he would hurt you tonight.",
        "purpose": "To warn the person threatened",
        "basis_id": "us-hipaa-164-512-j",
        "client_informed": "later",
    }
    return disclosure_record(actor=clinician, case=case, **{**values, **kw}).record


def _authorisation(clinician, client, **kw):
    values = {
        "recipient_name": "Dr Ana Cho",
        "recipient_type": "professional",
        "categories": ["risk_status", "medication"],
        "purpose": "Care coordination",
        "signed_on": clock.today(client.organisation.zone) - dt.timedelta(days=10),
    }
    return authorisation_create(actor=clinician, client=client, **{**values, **kw})


def test_a_disclosure_needs_recipient_categories_purpose_basis_and_whether_the_client_was_told(clinician, case):
    with pytest.raises(ValidationError) as refused:
        disclosure_record(actor=clinician, case=case, recipient="", recipient_type="victim", basis_id="")
    assert {"recipient", "categories", "purpose", "client_informed"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError) as refused:
        _record(clinician, case, basis_id="")
    assert "basis_id" in refused.value.message_dict
    with pytest.raises(ValidationError, match="why the client is not told"):
        _record(clinician, case, client_informed="no")
    assert not Disclosure.objects.exists()


def test_a_warning_under_the_serious_threat_basis_is_in_the_accounting(clinician, case):
    d = _record(clinician, case)
    assert d.accountable and d.event.kind == "disclosure"
    rows, left_out = selectors.accounting(case.client, clock.today() - dt.timedelta(days=1), clock.today())
    assert [(r.recipient, r.recipient_address, r.purpose) for r in rows] == [
        ("Greg Dalton", "12 Oak St, Round Rock, TX", "To warn the person threatened")
    ]
    assert rows[0].description.startswith("Risk of harm and safety concerns")
    assert "164.512(j)" in rows[0].legal_basis and left_out == []


def test_treatment_and_authorised_disclosures_are_left_out_with_the_rule(clinician, case):
    _record(
        clinician,
        case,
        recipient="Bay Crest PES",
        recipient_type="professional",
        basis_id="us-hipaa-164-506-treatment",
        purpose="Emergency care",
        categories=["risk_status", "medication"],
    )
    authorisation = _authorisation(clinician, case.client)
    _record(
        clinician,
        case,
        recipient="",
        recipient_type="professional",
        basis_id=f"authorisation:{authorisation.pk}",
        purpose="Care coordination",
        categories=["medication"],
    )
    rows, left_out = selectors.accounting(case.client, clock.today() - dt.timedelta(days=1), clock.today())
    assert rows == []
    notes = sorted(d.accounting_note for d in left_out)
    assert "164.528(a)(1)(i)" in notes[0] or "164.528(a)(1)(i)" in notes[1]
    assert any(d.recipient == "Dr Ana Cho" and d.authorisation_id == authorisation.pk for d in left_out)


def test_an_authorisation_revoked_expired_or_too_narrow_cannot_be_the_basis(clinician, case):
    narrow = _authorisation(clinician, case.client, categories=["treatment"])
    with pytest.raises(ValidationError, match="did not authorise sharing: medication"):
        _record(clinician, case, basis_id=f"authorisation:{narrow.pk}", categories=["medication"])
    local_today = clock.today(case.organisation.zone)
    expired = _authorisation(clinician, case.client, expires_on=local_today - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="has expired"):
        _record(clinician, case, basis_id=f"authorisation:{expired.pk}", categories=["risk_status"])
    revoked = _authorisation(clinician, case.client)
    authorisation_revoke(actor=clinician, authorisation=revoked, revoked_on=local_today, reason="Changed her mind.")
    with pytest.raises(ValidationError, match="was revoked"):
        _record(clinician, case, basis_id=f"authorisation:{revoked.pk}", categories=["risk_status"])
    with pytest.raises(ValidationError, match="already revoked"):
        authorisation_revoke(actor=clinician, authorisation=revoked, revoked_on=local_today)
    assert not Disclosure.objects.exists()


def test_a_support_contacts_consent_is_an_authorisation(clinician, case):
    contact = case.client.support_contacts.get()
    [authorisation] = Authorisation.objects.filter(support_contact=contact)
    assert authorisation.status() == "valid" and contact.has_valid_consent()
    authorisation_revoke(actor=clinician, authorisation=authorisation, revoked_on=clock.today(case.organisation.zone))
    contact.refresh_from_db()
    assert contact.consent_status() == "revoked"


def test_protected_substance_use_records_need_the_emergency_basis_as_the_pack_says(clinician, sud_case):
    with pytest.raises(ValidationError, match="protected substance-use records"):
        _record(clinician, sud_case)
    with pytest.raises(ValidationError) as refused:
        _record(clinician, sud_case, basis_id="sud-medical-emergency", recipient_type="professional")
    assert {"medical_personnel", "affiliation", "nature_of_emergency"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError, match="only these may be told"):
        _record(clinician, sud_case, basis_id="sud-medical-emergency", recipient_type="family")
    d = _record(
        clinician,
        sud_case,
        basis_id="sud-medical-emergency",
        recipient_type="professional",
        recipient="ED nurse",
        documentation={"medical_personnel": "RN Lee", "affiliation": "St Mary's ED", "nature_of_emergency": "Overdose"},
    )
    assert d.documentation["affiliation"] == "St Mary's ED"


def test_a_minor_shows_the_rules_on_parents(clinician):
    client = client_create(
        actor=clinician,
        given_name="Tam",
        family_name="Young",
        date_of_birth=clock.today().replace(year=2011),
        jurisdiction="US-CA",
        preferred_language="en",
        phone="",
        address="",
        flags=[],
    )
    case = case_open(actor=clinician, client=client, risk_level="high", concern="Said she wants to die.")
    rules = selectors.minors_rules(case)
    assert rules["age_of_majority"] == 18 and rules["known"]


def test_an_emergency_call_that_told_dispatch_is_a_disclosure_in_the_accounting(clinician, case):
    emergency_action_record(
        actor=clinician,
        case=case,
        kind="emergency_call",
        number_dialled="911",
        service="police",
        shared="He is on the bridge at 5th St with a plan to jump.",
        basis_id="us-hipaa-164-512-j",
    )
    d = Disclosure.objects.get(case=case)
    assert d.recipient == "Dispatch, police (911)" and d.recipient_type == "police" and d.accountable
    assert d.categories == ["risk_status", "location"]
    call = TimelineEvent.objects.get(case=case, kind="emergency_call")
    assert call.details["disclosure"] == str(d.pk) and "Told them: He is on the bridge" in call.summary
    with pytest.raises(ValidationError):
        emergency_action_record(
            actor=clinician, case=case, kind="emergency_call", number_dialled="911", shared="Name.", basis_id="nope"
        )


def test_a_disclosure_is_corrected_by_an_amendment_and_never_deleted(clinician, case):
    d = _record(clinician, case)
    amendment = event_amend(actor=clinician, event=d.event, correction="The warning was at 21:10.", reason="Time")
    assert amendment.amends_id == d.event_id
    d.refresh_from_db()
    assert d.recipient == "Greg Dalton"
    with pytest.raises(PermissionError):
        d.delete()
    with pytest.raises(PermissionError):
        d.save()
