"""`carepath safetyplan pdf CLIENT_ID [--version N] [--language en|es] --out FILE`: the client's copy as a PDF."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path


def _fail(message: str) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def pdf_command(args) -> int:
    from carepath.audit.services import audit_record
    from carepath.clients.models import Client

    from . import pdf, services
    from .models import SafetyPlan

    try:
        client_id = uuid.UUID(args.client_id)
    except ValueError:
        return _fail(f"'{args.client_id}' is not a client id (a UUID, as on the client's page)")
    client = Client.objects.filter(pk=client_id).select_related("organisation").first()
    if client is None:
        return _fail(f"no client with id {client_id}")
    plan = SafetyPlan.objects.filter(client=client).first()
    versions = plan.versions.order_by("-number") if plan else None
    version = (versions.filter(number=args.version).first() if args.version else versions.first()) if plan else None
    if version is None:
        return _fail(
            f"client {client_id} has no finalised safety plan" + (f" version {args.version}" if args.version else "")
        )
    language = args.language or services.plan_language(client)
    data = pdf.plan_pdf(version, client=client, language=language)
    Path(args.out).write_bytes(data)
    audit_record(
        actor=None,
        actor_label="command line",
        action="safety_plan.pdf",
        obj=version,
        client_id=client.pk,
        organisation_id=client.organisation_id,
        detail={"version": version.number, "language": language},
    )
    print(f"wrote version {version.number} ({language}) to {args.out}")
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("safetyplan", help="safety plans: the client's copy as a PDF")
    s_sub = p.add_subparsers(dest="safetyplan_command", required=True)
    out = s_sub.add_parser("pdf", help="write the client's copy of a finalised plan as a PDF")
    out.add_argument("client_id")
    out.add_argument("--version", type=int, help="the version number (default: the current one)")
    out.add_argument("--language", choices=["en", "es"], help="default: the client's preferred language")
    out.add_argument("--out", required=True, help="the PDF file to write")
    p.set_defaults(func=pdf_command)
