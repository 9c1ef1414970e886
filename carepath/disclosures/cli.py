"""`carepath disclosures account CLIENT_ID --from DATE --to DATE --format csv|pdf|json [--out FILE]`: the client's
accounting of disclosures (to standard output, or a file; a PDF needs --out)."""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path


def _fail(message: str) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def _date(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"{flag} '{text}' is not a date (YYYY-MM-DD)")


def account_command(args) -> int:
    from carepath.audit.services import audit_record
    from carepath.clients.models import Client

    from . import accounting, selectors

    try:
        client_id = uuid.UUID(args.client_id)
    except ValueError:
        return _fail(f"'{args.client_id}' is not a client id (a UUID, as on the client's page)")
    try:
        start, end = _date(args.start, "--from"), _date(args.end, "--to")
    except ValueError as exc:
        return _fail(str(exc))
    if start > end:
        return _fail(f"--from {start} is after --to {end}")
    client = Client.objects.filter(pk=client_id).select_related("organisation").first()
    if client is None:
        return _fail(f"no client with id {client_id}")
    if args.format == "pdf" and not args.out:
        return _fail("a PDF is written to a file: give --out FILE")
    rows, _left_out = selectors.accounting(client, start, end)
    zone = client.organisation.zone
    if args.format == "json":
        text: str | bytes = accounting.as_json(rows, zone) + "\n"
    elif args.format == "csv":
        text = accounting.as_csv(rows, zone)
    else:
        text = accounting.as_pdf(
            rows,
            client=client,
            organisation=client.organisation,
            start=start,
            end=end,
            rule=selectors.accounting_rule(client.jurisdiction),
            produced_by="the command line",
        )
    if args.out:
        Path(args.out).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    audit_record(
        actor=None,
        actor_label="command line",
        action="disclosure.accounting",
        obj=client,
        client_id=client.pk,
        organisation_id=client.organisation_id,
        detail={"format": args.format, "rows": len(rows)},
    )
    if args.out:
        print(f"wrote {len(rows)} disclosure{'s' if len(rows) != 1 else ''} to {args.out}", file=sys.stderr)
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("disclosures", help="disclosures: a client's accounting of disclosures")
    d_sub = p.add_subparsers(dest="disclosures_command", required=True)
    account = d_sub.add_parser("account", help="the accounting of disclosures of one client over a period")
    account.add_argument("client_id")
    account.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    account.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    account.add_argument("--format", choices=["csv", "pdf", "json"], default="json")
    account.add_argument("--out", help="write to this file instead of standard output")
    p.set_defaults(func=account_command)
