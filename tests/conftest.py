"""Shared fixtures: a practice with members of every role, clients and a second practice (the outsider)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from carepath.accounts.services import member_create, organisation_create
from carepath.audit import triggers
from carepath.cases.services import case_open
from carepath.clients.services import client_create, support_contact_create

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _audit_triggers_allow_flush(request):
    """SQLite empties tables with DELETE after a transactional test: lift the audit triggers just for that.

    The flush ends with post_migrate, which puts the triggers back (see AuditConfig.ready). PostgreSQL
    flushes with TRUNCATE, which row triggers do not see, so nothing is needed there.
    """
    marker = request.node.get_closest_marker("django_db")
    by_marker = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    transactional = by_marker or {"transactional_db", "live_server"} & set(request.fixturenames)
    if not transactional or connection.vendor != "sqlite":
        yield
        return
    # Depend on the database fixture so that its flush runs after this teardown.
    request.getfixturevalue("_django_db_helper" if by_marker else "transactional_db")
    yield
    triggers.remove(connection)


@pytest.fixture
def org(db):
    return organisation_create(name="Harbour Therapy", time_zone="America/Los_Angeles", default_jurisdiction="US-CA")


@pytest.fixture
def other_org(db):
    return organisation_create(name="Elsewhere Clinic", time_zone="Europe/Dublin")


def _member(org, email, roles, **extra):
    return member_create(
        actor=None,
        organisation=org,
        email=email,
        full_name=email.split("@")[0].title(),
        roles=roles,
        password=PASSWORD,
        **extra,
    )


@pytest.fixture
def supervisor(org):
    return _member(org, "sup@harbour.test", ["supervisor"])


@pytest.fixture
def clinician(org, supervisor):
    return _member(org, "clin@harbour.test", ["clinician"], supervisor=supervisor)


@pytest.fixture
def off_team_clinician(org):
    return _member(org, "other.clin@harbour.test", ["clinician"])


@pytest.fixture
def admin(org):
    return _member(org, "admin@harbour.test", ["admin"])


@pytest.fixture
def auditor(org):
    return _member(org, "auditor@harbour.test", ["auditor"])


@pytest.fixture
def outsider(other_org):
    """A supervisor, clinician and admin of another organisation at once: the widest outside view."""
    return _member(other_org, "boss@elsewhere.test", ["supervisor", "clinician", "admin", "auditor"])


@pytest.fixture
def client_record(clinician):
    client = client_create(
        actor=clinician,
        given_name="Quentin",
        family_name="Zephyrine",
        date_of_birth=dt.date(1990, 5, 17),
        jurisdiction="US-CA",
        preferred_language="en",
        phone="+1 415 555 0101",
        address="1 Secret Lane",
        flags=[],
    )
    support_contact_create(
        actor=clinician,
        client=client,
        name="Wilhelmina Zephyrine",
        relationship="sister",
        phone="+1 415 555 0102",
        priority=1,
        consent_given_on=dt.date(2026, 1, 1),
    )
    return client


@pytest.fixture
def case(clinician, client_record):
    return case_open(
        actor=clinician,
        client=client_record,
        risk_level="high",
        concern="Said he had a plan involving the Xylophagous bridge.",
    )


@pytest.fixture
def signed_in(client):
    """A Django test client signed in as the given member."""

    def sign_in(member):
        client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


# Crisis console (emergency, contacts): a support contact without consent, a client with protected SUD records.
@pytest.fixture
def consented_contact(case):
    return case.client.support_contacts.get()


@pytest.fixture
def unconsented_contact(clinician, case):
    return support_contact_create(
        actor=clinician,
        client=case.client,
        name="Leo Roommate",
        relationship="roommate",
        phone="+1 415 555 0103",
        priority=2,
    )


@pytest.fixture
def sud_case(clinician):
    client = client_create(
        actor=clinician,
        given_name="Morgan",
        family_name="Partwo",
        date_of_birth=dt.date(1980, 1, 1),
        jurisdiction="US-TX",
        preferred_language="en",
        phone="+1 512 555 0100",
        address="2 Lake Rd",
        flags=["part2"],
    )
    support_contact_create(
        actor=clinician, client=client, name="Terry Partwo", relationship="brother", phone="+1 512 555 0101", priority=1
    )
    return case_open(actor=clinician, client=client, risk_level="imminent", concern="Overdose in progress.")


@pytest.fixture
def other_client_contact(clinician):
    other = client_create(
        actor=clinician,
        given_name="Ola",
        family_name="Other",
        date_of_birth=dt.date(1985, 2, 2),
        jurisdiction="US-CA",
        preferred_language="en",
        flags=[],
    )
    return support_contact_create(
        actor=clinician,
        client=other,
        name="Stranger Other",
        relationship="friend",
        phone="+1 415 555 0199",
        consent_given_on=dt.date(2026, 1, 1),
    )
