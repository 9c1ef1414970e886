"""The `carepath` command: demo, serve, migrate, createadmin, manage, audit, token, and the apps' own commands.

Apps add their commands (`score`, `jurisdiction`, `worker`, `followup`, ...) in their plugin's `cli`, so
Django is set up before the parser is built.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepath.settings")
    import django

    django.setup()


def _migrate(verbosity: int = 0) -> None:
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=verbosity)


def _worker_started(server, worker) -> None:
    """gunicorn's post_fork hook: the worker has the application loaded (the master imported it)."""
    from carepath.core.runtime import tune_gc

    tune_gc()


def _serve(host: str, port: int, workers: int) -> int:
    """Serve with gunicorn (a production WSGI server), static files through WhiteNoise."""
    from django.core.management import call_command
    from gunicorn.app.base import BaseApplication

    from carepath.wsgi import application

    call_command("check")  # refuse to serve with an invalid jurisdiction pack or protocol rule (SystemCheckError)

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("timeout", 60)
            # Idle kept-alive connections stay open 30 s (gunicorn's default is 2): a client that sends its next
            # request just as the server closes the connection sees it dropped, and at 2 s that happens to a
            # user between two pages on a busy server; behind a load balancer, keep this above its idle timeout.
            self.cfg.set("keepalive", 30)
            self.cfg.set("accesslog", "-")
            self.cfg.set("post_fork", _worker_started)

        def load(self):
            return application

    print(f"CarePath is serving on http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    Server().run()
    return 0


def cmd_demo(args) -> int:
    _migrate()
    from carepath.demo import seed

    result = seed.seed_demo()
    print(("Seeded" if result.created else "Already seeded:") + f" demo practice '{result.organisation.name}'.")
    print("Sign in with one of these accounts (demo passwords):")
    for email, password, roles in result.accounts:
        print(f"  {email:<34} {password:<22} {roles}")
    if result.created:  # as a practice would after its first day: where the audit trail ends, kept to compare
        from carepath.audit import checkpoints

        try:
            path = checkpoints.write(checkpoints.take())
            print(f"Audit checkpoint written to {path} (carepath audit verify compares the trail with it).")
        except checkpoints.CheckpointError as exc:  # the demo still starts; verification will say why
            print(f"warning: no audit checkpoint written: {exc}", file=sys.stderr)
    if args.no_serve:
        return 0
    return _serve("127.0.0.1", args.port, args.workers)


def cmd_serve(args) -> int:
    return _serve(args.host, args.port, args.workers)


def cmd_migrate(args) -> int:
    _migrate(verbosity=1)
    return 0


def cmd_createadmin(args) -> int:
    from django.core.exceptions import ValidationError

    from carepath.accounts.models import Organisation
    from carepath.accounts.services import member_create, organisation_create

    org = Organisation.objects.filter(name=args.organisation).first() or organisation_create(
        name=args.organisation, time_zone=args.time_zone
    )
    password = args.password or os.environ.get("CAREPATH_ADMIN_PASSWORD")
    if not password:
        password = getpass.getpass("Password for the new admin: ")
    try:
        member = member_create(
            actor=None, organisation=org, email=args.email, full_name=args.name, roles=["admin"], password=password
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            print(f"error: {field}: {' '.join(messages)}", file=sys.stderr)
        return 2
    print(f"Created admin {member.email} of {org.name}.")
    return 0


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["carepath manage", *args.rest])
    return 0


def cmd_audit(args) -> int:
    from carepath.audit import checkpoints
    from carepath.audit.chain import verify

    try:  # the checkpoints first: a file that cannot be read is said before the trail is walked
        compared = [checkpoints.load(p) for p in (*checkpoints.saved(), *(args.checkpoint or []))]
    except checkpoints.CheckpointError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = verify()
    changed = [problem for checkpoint in compared for problem in checkpoints.compare(checkpoint, result)]
    if result.ok and not changed:
        line = f"audit chains intact: {len(result.chains)} chains, {result.checked} entries verified"
        if compared:
            latest = max(compared, key=lambda c: c.taken_at)
            matched = f"{len(compared)} checkpoint" + ("s" if len(compared) != 1 else "")
            line += f"; {matched} matched, the latest {latest.label()}"
        else:
            line += "; no checkpoint to compare with (carepath audit checkpoint writes one)"
        print(line)
        return 0
    if not result.ok:
        print(
            f"audit chain broken at entry {result.first_bad_id} ({_chain_label(result)}): {result.problem} "
            f"({result.checked} entries before it verified)",
            file=sys.stderr,
        )
    for problem in changed:
        print(f"audit trail changed: {problem}", file=sys.stderr)
    return 1


def _chain_label(result) -> str:
    bad = next(c for c in result.chains if not c.ok)
    if bad.organisation_id == "legacy":
        return "the legacy chain"
    if bad.organisation_id:
        return f"the chain of organisation {bad.organisation_id}"
    return "the chain without organisation"


def cmd_audit_checkpoint(args) -> int:
    from carepath.audit import checkpoints

    try:
        checkpoint = checkpoints.take()
        if args.output == "-":
            print(checkpoint.as_json())
            return 0
        path = checkpoints.write(checkpoint, Path(args.output) if args.output else None)
    except checkpoints.CheckpointError as exc:
        print(f"error: no checkpoint written: {exc}", file=sys.stderr)
        return 1
    print(
        f"audit checkpoint written to {path}: {len(checkpoint.chains)} chains, {checkpoint.entries} entries; "
        "keep a copy away from the database server"
    )
    return 0


def cmd_token(args) -> int:
    """Create an API bearer token for a member (printed once; only its hash is stored)."""
    from carepath.accounts.selectors import active_member_by_email
    from carepath.accounts.services import api_token_create

    member = active_member_by_email(args.email)
    if member is None:
        print(f"error: no active member with email {args.email}", file=sys.stderr)
        return 2
    print(api_token_create(actor=member, member=member, name=args.name))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carepath", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="migrate, seed the demo practice and serve it on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-serve", action="store_true", help="do everything but serve")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="serve with gunicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="create or update the database tables")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("createadmin", help="create an organisation (if needed) and its first admin")
    p.add_argument("--email", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--organisation", required=True)
    p.add_argument("--time-zone", default="UTC")
    p.add_argument("--password", help="default: $CAREPATH_ADMIN_PASSWORD or a prompt")
    p.set_defaults(func=cmd_createadmin)

    p = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    p = sub.add_parser("audit", help="audit trail tools")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    v = audit_sub.add_parser(
        "verify",
        help="check every hash chain of the audit trail (one per organisation) and that every entry a checkpoint "
        "saw is still in place",
    )
    v.add_argument(
        "--checkpoint",
        action="append",
        metavar="FILE",
        help="a checkpoint to compare with, besides those in the default folder (repeatable)",
    )
    v.set_defaults(func=cmd_audit)
    v = audit_sub.add_parser(
        "checkpoint", help="verify the audit trail, then write down where each chain ends, to keep elsewhere"
    )
    v.add_argument(
        "--output", metavar="FILE", help="default: a new file in the data folder's audit-checkpoints; - prints it"
    )
    v.set_defaults(func=cmd_audit_checkpoint)

    p = sub.add_parser("token", help="create an API bearer token for a member")
    p.add_argument("email")
    p.add_argument("--name", default="command line")
    p.set_defaults(func=cmd_token)

    from carepath.core.extensions import cli_parsers

    for add_parsers in cli_parsers():  # the apps' own commands
        add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _setup_django()
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
