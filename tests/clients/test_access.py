"""Access looked up once per request: the same answers, fewer queries, never stale after a grant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carepath.clients import access
from carepath.clients.services import access_grant_create
from carepath.core import request_cache


@pytest.mark.django_db
def test_within_a_request_access_is_looked_up_once_and_a_new_grant_is_seen(off_team_clinician, client_record):
    with request_cache.scope():
        assert not access.visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()
        with CaptureQueriesContext(connection) as again:
            assert not access.visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()
        assert len(again.captured_queries) == 1  # only the clients' query: shift and grants remembered
        access_grant_create(actor=off_team_clinician, client=client_record, reason="Covering the crisis line tonight")
        assert access.visible_clients(off_team_clinician).filter(pk=client_record.pk).exists()


@pytest.mark.django_db
def test_outside_a_request_every_call_looks_again(off_team_clinician, client_record):
    with CaptureQueriesContext(connection) as first:
        access.visible_clients(off_team_clinician).exists()
    with CaptureQueriesContext(connection) as second:
        access.visible_clients(off_team_clinician).exists()
    assert len(first.captured_queries) == len(second.captured_queries) == 3  # shift, grants, clients


def _opens(member, case) -> bool:
    """Whether one-record access (one query, `access.reached`) opens the case and its client."""
    from django.http import Http404

    from carepath.cases.selectors import access_case

    results = []
    for open_one in (
        lambda: access_case(member, case.pk, audit_action=None),
        lambda: access.access_client(member, case.client_id, audit_action=None),
    ):
        try:
            open_one()
            results.append(True)
        except Http404:
            results.append(False)
    assert results[0] == results[1]
    return results[0]


def _listed(member, case) -> bool:
    return access.visible_clients(member).filter(pk=case.client_id).exists()


@pytest.mark.django_db
def test_opening_one_record_reaches_exactly_the_clients_the_lists_show(
    supervisor, clinician, off_team_clinician, outsider, case
):
    import datetime as dt

    from carepath.clients.models import AccessGrant, CareTeamMember
    from carepath.clients.services import on_call_shift_cancel, on_call_shift_create
    from carepath.core import clock

    def agree(member, expected: bool) -> None:
        assert _listed(member, case) is expected
        assert _opens(member, case) is expected

    agree(supervisor, True)
    agree(clinician, True)  # on the care team
    agree(off_team_clinician, False)
    agree(outsider, False)  # another practice
    CareTeamMember.objects.filter(client_id=case.client_id, member=clinician).update(is_active=False)
    agree(clinician, False)  # left the care team
    grant = access_grant_create(actor=off_team_clinician, client=case.client, reason="Covering the crisis line")
    agree(off_team_clinician, True)  # broke the glass
    AccessGrant.objects.filter(pk=grant.pk).update(expires_at=clock.now() - dt.timedelta(minutes=1))
    agree(off_team_clinician, False)  # the grant ran out
    now = clock.now()
    shift = on_call_shift_create(
        actor=supervisor, member=clinician, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    agree(clinician, True)  # on call: every client of the practice
    with clock.at(shift.ends_at):
        agree(clinician, False)
    on_call_shift_cancel(actor=supervisor, shift=shift)
    agree(clinician, False)
