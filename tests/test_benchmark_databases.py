"""The benchmarks never seed into a database with real data: only a throwaway one they made, or --reset-database."""

from __future__ import annotations

import pytest

from benchmarks import throwaway


def test_an_existing_sqlite_file_no_benchmark_made_is_refused(tmp_path):
    real = tmp_path / "carepath.sqlite3"
    real.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(SystemExit) as refused:
        throwaway.check_url(f"sqlite:///{real}", reset=False)
    assert refused.value.code == 2
    throwaway.check_url(f"sqlite:///{real}", reset=True)  # told to, explicitly
    throwaway.check_url(f"sqlite:///{tmp_path / 'new.sqlite3'}", reset=False)  # not there yet: it will make it


def test_a_sqlite_file_a_benchmark_made_may_be_reset(tmp_path):
    path = tmp_path / "bench.sqlite3"
    throwaway.recreate({"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)})
    path.write_bytes(b"SQLite format 3\x00")
    throwaway.check_url(f"sqlite:///{path}", reset=False)


@pytest.mark.postgres
def test_an_existing_postgresql_database_no_benchmark_made_is_refused(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    with pytest.raises(SystemExit) as refused:
        throwaway.check_url(url, reset=False)  # the test database itself: it has tables and no benchmark's mark
    assert refused.value.code == 2


def test_the_load_benchmarks_scale_out_verdict():
    from benchmarks.load import scale_out_verdict

    assert scale_out_verdict(20, 34, 0.70)[0] is True  # 1.7x
    met, said = scale_out_verdict(22, 27, 0.99)  # 1.23x, but the cores are all busy: the CPU is the limit
    assert met is True and "CPU saturated" in said and "99%" in said
    met, said = scale_out_verdict(22, 27, 0.60)  # neither scaled nor saturated
    assert met is False and "1.23x" in said
