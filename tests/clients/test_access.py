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
