"""The command line of follow-ups: `carepath worker` and `carepath followup list --due --json`."""

from __future__ import annotations

import json
import sys
from typing import TextIO


def worker_command(args, out: TextIO = sys.stdout) -> int:
    from . import worker

    try:
        worker.run(
            once=args.once,
            max_iterations=args.max_iterations,
            interval=args.interval,
            worker_id=args.worker_id,
            lease_seconds=args.lease_seconds,
            out=out,
        )
    except KeyboardInterrupt:
        # Safe at any point: a reminder interrupted mid-send is resumed by the next worker (see worker.py).
        print("CarePath worker stopped.", file=out)
    return 0


def task_row(task) -> dict:
    return {
        "id": str(task.pk),
        "kind": task.kind,
        "due_at": task.due_at.isoformat(),
        "owner": task.owner.email,
        "status": task.status,
        "reminders_sent": task.reminders_sent,
        "escalated_at": task.escalated_at.isoformat() if task.escalated_at else None,
        "case_id": str(task.case_id) if task.case_id else None,
        "rule_id": task.rule_id,
    }


def followup_command(args, out: TextIO = sys.stdout) -> int:
    """Lists tasks without client names: the output may end up in logs and terminals."""
    from .models import FollowUpTask, TaskStatus
    from .selectors import due_tasks

    if args.due:
        tasks = list(due_tasks())
    else:
        tasks = list(FollowUpTask.objects.filter(status=TaskStatus.OPEN).select_related("owner").order_by("due_at"))
    rows = [task_row(t) for t in tasks]
    if args.json:
        json.dump(rows, out, indent=2)
        out.write("\n")
    else:
        for row in rows:
            out.write(f"{row['due_at']}  {row['kind']:<24} {row['owner']:<32} reminders {row['reminders_sent']}\n")
        out.write(f"{len(rows)} follow-up{'s' if len(rows) != 1 else ''}\n")
    return 0


def add_parsers(sub) -> None:
    """`carepath worker` and `carepath followup list` (Django is set up by `carepath` before they run)."""
    p = sub.add_parser("worker", help="send follow-up reminders and escalations (run beside the web server)")
    p.add_argument("--once", action="store_true", help="one scan and send, then exit")
    p.add_argument("--max-iterations", type=int, default=None, help="stop after this many loops")
    p.add_argument("--interval", type=float, default=15.0, help="seconds between scans (default 15)")
    p.add_argument("--worker-id", default=None, help="unique per worker; reuse it on restart to recover at once")
    p.add_argument("--lease-seconds", type=int, default=300, help="after this, another worker retries a send")
    p.set_defaults(func=worker_command)

    p = sub.add_parser("followup", help="follow-up tasks")
    f_sub = p.add_subparsers(dest="followup_command", required=True)
    lst = f_sub.add_parser("list", help="open follow-ups (no client names)")
    lst.add_argument("--due", action="store_true", help="only those due now or overdue")
    lst.add_argument("--json", action="store_true", help="a JSON list of objects")
    p.set_defaults(func=followup_command)
