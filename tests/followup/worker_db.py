"""Seeds and counts a worker test database from a separate process (the tests' own database is elsewhere).

python -m tests.followup.worker_db seed N     # a practice with N follow-ups due in 10 minutes
python -m tests.followup.worker_db count      # JSON: reminders, notifications, per-task reminders_sent
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepath.settings")
    import django

    django.setup()
    from django.utils import timezone

    from carepath.accounts.services import member_create, organisation_create
    from carepath.cases.services import case_open
    from carepath.clients.services import client_create
    from carepath.followup.models import FollowUpTask, Notification, Reminder
    from carepath.followup.services import followup_create

    if argv[0] == "seed":
        org = organisation_create(name="Worker Test Practice", time_zone="UTC")
        sup = member_create(
            actor=None,
            organisation=org,
            email="sup@worker.test",
            full_name="Sup",
            roles=["supervisor"],
            password="correct-horse-battery-9",
        )
        clin = member_create(
            actor=None,
            organisation=org,
            email="clin@worker.test",
            full_name="Clin",
            roles=["clinician"],
            password="correct-horse-battery-9",
            supervisor=sup,
        )
        client = client_create(
            actor=clin,
            given_name="Quentin",
            family_name="Zephyrine",
            date_of_birth=dt.date(1990, 5, 17),
            jurisdiction="US-CA",
            preferred_language="en",
            phone="",
            address="",
            flags=[],
        )
        case = case_open(actor=clin, client=client, risk_level="high", concern="Worker test")
        for i in range(int(argv[1])):
            followup_create(
                actor=clin,
                case=case,
                kind="check_in_call",
                title=f"Call {i}",
                due_at=timezone.now() + dt.timedelta(minutes=10),
            )
        return 0
    if argv[0] == "count":
        tasks = FollowUpTask.objects.filter(title__startswith="Call ")
        print(
            json.dumps(
                {
                    "tasks": tasks.count(),
                    "reminders_sent": sorted(tasks.values_list("reminders_sent", flat=True)),
                    "reminder_states": sorted(Reminder.objects.values_list("state", flat=True)),
                    "notifications": Notification.objects.filter(reminder__isnull=False).count(),
                    "distinct_notified_tasks": Notification.objects.filter(reminder__isnull=False)
                    .values("task_id")
                    .distinct()
                    .count(),
                }
            )
        )
        return 0
    raise SystemExit(f"unknown command {argv[0]}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
