"""The benchmarks' databases: throwaway ones they create, never a database with real data in it.

A benchmark seeds only into a database it created itself (PostgreSQL: marked with a comment on the
database; SQLite: a marker file beside it), or one it was told to reset with `--reset-database`. Any other
existing database named by DATABASE_URL is refused before anything is written to it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

MARK = "carepath benchmark: throwaway, reset by the benchmarks"


class Refused(SystemExit):
    def __init__(self, message: str):
        print(f"error: {message}", file=sys.stderr)
        super().__init__(2)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--reset-database",
        action="store_true",
        help="drop and re-create the database of DATABASE_URL even though no benchmark created it",
    )


def _pg_admin(db: dict):
    import psycopg

    return psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


def check_url(url: str, *, reset: bool) -> None:
    """Refuse, before Django touches it, a DATABASE_URL naming an existing database no benchmark made."""
    import dj_database_url

    db = dj_database_url.parse(url)
    if db["ENGINE"].endswith("sqlite3"):
        path = Path(db["NAME"])
        if path.exists() and not Path(f"{path}.benchmark").exists() and not reset:
            raise Refused(f"{path} exists and no benchmark created it; pass --reset-database to reset it anyway")
        return
    if "postgresql" not in db["ENGINE"]:
        raise Refused(f"unsupported database {urlsplit(url).scheme}")
    with _pg_admin(db) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
    if row is not None and row[0] != MARK and not reset:
        raise Refused(
            f"database {db['NAME']} exists and no benchmark created it (it may hold real data); "
            "name a new database or pass --reset-database to drop it"
        )


def recreate(db: dict) -> None:
    """Drop and create the (already checked) database, marked as a benchmark's throwaway."""
    if db["ENGINE"].endswith("sqlite3"):
        path = Path(db["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{path}.benchmark").write_text(MARK + "\n")
        return
    name = db["NAME"]
    with _pg_admin(db) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}'")


def database_url(default_name: str, *, reset: bool, postgres: bool = True) -> str:
    """DATABASE_URL if given (checked), else a throwaway PostgreSQL database on 127.0.0.1 named `default_name`."""
    url = os.environ.get("DATABASE_URL") or (f"postgres://postgres@127.0.0.1:5432/{default_name}" if postgres else "")
    if url:
        check_url(url, reset=reset)
    return url
