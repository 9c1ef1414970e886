"""The supervisor sees what is urgent: one queue by risk and lateness; notifications that say enough to act on
(initials, risk, task, lateness) while emails say nothing clinical; escalation sooner at higher risk; a
consultation the supervisor confirms; supervisors keeping the policy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from carepath.cases.services import case_change_risk_level
from carepath.followup import services as followup_services
from carepath.followup import worker
from carepath.followup.models import FollowUpTask, Notification
from carepath.protocol import events as protocol_events
from carepath.protocol import services as protocol_services


def _overdue_task(case, clinician, hours: float):
    task = followup_services.followup_create(
        actor=clinician,
        case=case,
        kind="check_in_call",
        title="Call back",
        due_at=timezone.now() + dt.timedelta(hours=1),
    )
    FollowUpTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - dt.timedelta(hours=hours))
    return task


def test_the_queue_puts_the_highest_risk_first_then_the_longest_late(signed_in, supervisor, clinician, case):
    _overdue_task(case, clinician, hours=5)
    body = signed_in(supervisor).get("/cases/urgent/").content.decode()
    assert "Urgent: what is late" in body
    assert "Check-in call: Call back" in body and "5 h 00 min late" in body
    assert "No suicide-risk assessment since the case opened" in body
    assert 'class="risk risk-high"' in body
    assert signed_in(clinician).get("/cases/urgent/").status_code in (403, 404)


def test_the_queue_orders_by_risk_then_lateness(supervisor, clinician, case):
    from carepath.cases.views import urgent_order
    from carepath.core import clock, extensions
    from carepath.core.extensions import Urgent

    _overdue_task(case, clinician, hours=1)
    now = clock.now()
    items = sorted(extensions.urgent_items(supervisor, now), key=lambda i: urgent_order(i, now))
    sources = {i.source for i in items}
    assert {"followup", "assessments"} <= sources
    assert all(i.risk_level == "high" for i in items)  # one case, at high risk
    older_low = Urgent(case.pk, "A", "low", "x", now - dt.timedelta(days=9), "/")
    newer_imminent = Urgent(case.pk, "B", "imminent", "x", now - dt.timedelta(minutes=1), "/")
    older_imminent = Urgent(case.pk, "C", "imminent", "x", now - dt.timedelta(hours=2), "/")
    ordered = sorted([older_low, newer_imminent, older_imminent], key=lambda i: urgent_order(i, now))
    assert [i.client_name for i in ordered] == ["C", "B", "A"]  # risk first, then the longest late


def test_a_notification_names_initials_risk_task_and_lateness_not_the_client(case, clinician, supervisor):
    task = _overdue_task(case, clinician, hours=3)
    worker.run(once=True, worker_id="w-test")
    texts = [n.text for n in Notification.objects.filter(task=task)]
    escalation = next(t for t in texts if t.startswith("Overdue, escalated to you"))
    assert "Q.Z." in escalation and "high risk" in escalation and "Check-in call" in escalation
    assert "h overdue" in escalation and "Zephyrine" not in escalation and "Quentin" not in escalation


def test_overdue_follow_ups_escalate_sooner_at_higher_risk(case, clinician, supervisor):
    task = _overdue_task(case, clinician, hours=0.5)  # 30 minutes: past the high-risk hour? no
    worker.run(once=True, worker_id="w-test")
    task.refresh_from_db()
    assert task.escalated_at is None  # high risk: the supervisor is told after an hour, not thirty minutes
    case_change_risk_level(actor=supervisor, case=case, risk_level="imminent", reason="Texted a goodbye message.")
    worker.run(once=True, worker_id="w-test")
    task.refresh_from_db()
    assert task.escalated_at is not None  # imminent: after 15 minutes


def test_a_supervisor_confirms_a_recorded_consultation(signed_in, supervisor, clinician, case):
    consulted = protocol_services.protocol_step_done(
        actor=clinician, case=case, step_id="supervisor.consult", note="Discussed with Dr Okafor by phone."
    )
    assert consulted.kind == protocol_events.SUPERVISOR_CONSULTED
    page = signed_in(clinician).get(f"/cases/{case.pk}/").content.decode()
    assert "Not yet confirmed by a supervisor" in page
    with pytest.raises(PermissionDenied):
        protocol_services.consultation_confirm(actor=clinician, event=consulted)
    browser = signed_in(supervisor)
    assert "Confirm this consultation" in browser.get(f"/cases/{case.pk}/").content.decode()
    browser.post(f"/protocol/cases/{case.pk}/consultations/{consulted.pk}/confirm/", {"note": "Agreed plan."})
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "Confirmed by" in page and "Supervisor confirmed the consultation" in page
    with pytest.raises(ValidationError, match="already confirmed"):
        protocol_services.consultation_confirm(actor=supervisor, event=consulted)
