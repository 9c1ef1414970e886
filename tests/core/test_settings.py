"""Settings read from the environment: PostgreSQL's prepared statements on by default, off or refused clearly."""

from __future__ import annotations

import os
import subprocess
import sys

SHOW = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'carepath.settings'\n"
    "from django.conf import settings\n"
    "print(settings.DATABASES['default'].get('OPTIONS', {}))\n"
)


def _options(tmp_path, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PG_PREPARE_THRESHOLD")}
    environ |= {"CAREPATH_DATA": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-c", SHOW], env=environ, capture_output=True, text=True, timeout=60)


def test_postgresql_prepares_repeated_statements_unless_told_off(tmp_path):
    url = "postgres://postgres@127.0.0.1:5432/nowhere"
    default = _options(tmp_path, DATABASE_URL=url)
    assert "'server_side_binding': True" in default.stdout and "'prepare_threshold': 5" in default.stdout
    assert "'prepare_threshold': 2" in _options(tmp_path, DATABASE_URL=url, PG_PREPARE_THRESHOLD="2").stdout
    off = _options(tmp_path, DATABASE_URL=url, PG_PREPARE_THRESHOLD="off")
    assert off.returncode == 0 and "server_side_binding" not in off.stdout
    bad = _options(tmp_path, DATABASE_URL=url, PG_PREPARE_THRESHOLD="often")
    assert bad.returncode != 0 and "PG_PREPARE_THRESHOLD is a number of runs (e.g. 5) or off, not 'often'" in bad.stderr


def test_sqlite_is_left_as_it_was(tmp_path):
    sqlite = _options(tmp_path, PG_PREPARE_THRESHOLD="5")
    assert "server_side_binding" not in sqlite.stdout and "IMMEDIATE" in sqlite.stdout
