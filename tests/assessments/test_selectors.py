"""Assessment reads: the history in one query, item 9 follow-up, access, and when reassessment is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from carepath.assessments import selectors, services
from carepath.core import clock

from .factories import CSSRS_LOW, CSSRS_MODERATE, phq9

pytestmark = pytest.mark.django_db


def _series(clinician, case, n):
    start = clock.now()
    for i in range(n):
        with clock.at(start + dt.timedelta(minutes=i)):
            services.assessment_finalise(
                actor=clinician, client=case.client, instrument="phq9", answers=phq9(20 - i, item9=i % 2), case=case
            )


def test_history_takes_one_query_however_long_it_is(clinician, case):
    _series(clinician, case, 3)
    with CaptureQueriesContext(connection) as short:
        rows = selectors.case_history(case)
        [(a.created_by.full_name, a.cssrs_done, a.total) for a in rows]
    _series(clinician, case, 6)
    with CaptureQueriesContext(connection) as long:
        rows = selectors.client_history(case.client)
        [(a.created_by.full_name, a.cssrs_done, a.total) for a in rows]
    assert len(rows) == 9
    assert len(short) == len(long) == 1


def test_history_says_whether_item9_was_followed_by_a_cssrs(clinician, client_record):
    done = services.assessment_finalise(actor=clinician, client=client_record, instrument="phq9", answers=phq9(3, 2))
    services.assessment_finalise(
        actor=clinician, client=client_record, instrument="cssrs-screener", answers=CSSRS_LOW, prompted_by=done
    )
    missing = services.assessment_finalise(actor=clinician, client=client_record, instrument="phq9", answers=phq9(3, 1))
    by_id = {a.pk: a for a in selectors.client_history(client_record)}
    assert by_id[done.pk].cssrs_done is True
    assert by_id[missing.pk].cssrs_done is False


def test_drafts_are_not_history(clinician, client_record):
    services.assessment_save_draft(actor=clinician, client=client_record, instrument="phq9", answers={"q1": 2})
    assert selectors.client_history(client_record) == []
    assert selectors.own_draft(clinician, client_record, "phq9").answers == {"q1": 2}


def test_off_team_member_cannot_reach_an_assessment(clinician, off_team_clinician, client_record):
    a = services.assessment_finalise(actor=clinician, client=client_record, instrument="phq9", answers=phq9(2))
    assert selectors.access_assessment(clinician, a.pk) == a
    with pytest.raises(Http404):
        selectors.access_assessment(off_team_clinician, a.pk)
    with pytest.raises(Http404):
        selectors.access_assessment(clinician, "not-a-uuid")


def test_reassessment_is_due_by_the_case_level_from_the_latest_assessment(clinician, case):
    due = selectors.reassessment_due(case)
    assert due.last_at is None and due.due_at == case.opened_at + dt.timedelta(days=7)  # high: 7 days by default
    assert not due.overdue
    a = services.assessment_finalise(
        actor=clinician, client=case.client, instrument="cssrs-screener", answers=CSSRS_MODERATE, case=case
    )
    due = selectors.reassessment_due(case)
    assert due.last_at == a.occurred_at and due.due_at == a.occurred_at + dt.timedelta(days=7)
    with clock.at(a.occurred_at + dt.timedelta(days=8)):
        assert selectors.reassessment_due(case).overdue


def test_the_organisations_own_intervals_replace_the_defaults(admin, case):
    services.assessment_policy_update(actor=admin, low_days=20, moderate_days=10, high_days=2, imminent_hours=6)
    due = selectors.reassessment_due(case)
    assert due.due_at == case.opened_at + dt.timedelta(days=2)
    assert not due.intervals.is_default
