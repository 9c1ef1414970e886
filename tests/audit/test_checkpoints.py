"""Checkpoints of the audit trail: what a hash chain alone cannot show (entries deleted from its end, a chain
removed, its end rewritten with recomputed hashes) shows against a checkpoint taken before.

Tampering lifts the append-only triggers first, as in test_chain.py. These tests run on SQLite and, with
DATABASE_URL, on PostgreSQL.
"""

import json

import pytest
from django.db import connection

from carepath.audit import chain, checkpoints, triggers
from carepath.audit.models import AuditEntry
from carepath.audit.services import audit_record
from carepath.cli import main as carepath_main
from carepath.core import clock


@pytest.fixture(autouse=True)
def _folder(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def _tamper(statement, params):
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
    triggers.install(connection)


def _chain(org_id):
    return list(AuditEntry.objects.filter(organisation_id=org_id).order_by("seq"))


def _checkpoint(capsys) -> None:
    assert carepath_main(["audit", "checkpoint"]) == 0
    out = capsys.readouterr().out
    assert "audit checkpoint written to" in out and "keep a copy away" in out


def test_a_checkpoint_notes_where_each_chain_ends_and_verification_compares_with_it(case, org, outsider, capsys):
    _checkpoint(capsys)
    (saved,) = checkpoints.saved()
    data = json.loads(saved.read_text())
    ends = {c["organisation"]: (c["entries"], c["hash"]) for c in data["chains"]}
    last = _chain(org.pk)[-1]
    assert ends[str(org.pk)] == (last.seq, last.hash)
    assert str(outsider.organisation_id) in ends
    assert carepath_main(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "intact" in out and "1 checkpoint matched" in out and saved.name in out


def test_a_chain_that_grew_since_the_checkpoint_still_matches(case, org, clinician, capsys):
    _checkpoint(capsys)
    audit_record(actor=clinician, action="case.view", obj=case)
    assert carepath_main(["audit", "verify"]) == 0
    assert "1 checkpoint matched" in capsys.readouterr().out


def test_entries_deleted_from_the_end_are_detected_only_against_a_checkpoint(case, org, capsys):
    _checkpoint(capsys)
    entries = _chain(org.pk)
    _tamper("DELETE FROM audit_auditentry WHERE id IN (%s, %s)", [entries[-1].pk, entries[-2].pk])
    assert chain.verify().ok  # what is left still fits together: the chain alone cannot tell
    assert carepath_main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"the chain of organisation {org.pk} ends at entry {entries[-3].seq}" in err
    assert f"saw {entries[-1].seq}" in err and "deleted from its end" in err


def test_an_end_rewritten_with_recomputed_hashes_is_detected(case, org, capsys):
    _checkpoint(capsys)
    last = _chain(org.pk)[-1]
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    forged = AuditEntry(
        at=clock.now(), organisation_id=org.pk, action="case.view", prev_hash=last.prev_hash, seq=last.seq, detail={}
    )
    forged.hash = chain.digest(forged)
    forged.save(force_insert=True)
    assert chain.verify().ok
    assert carepath_main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"entry {last.seq} of the chain of organisation {org.pk} is not the one" in err


def test_a_whole_chain_removed_is_detected(case, org, outsider, capsys):
    _checkpoint(capsys)
    _tamper("DELETE FROM audit_auditentry WHERE organisation_id = %s", [_db_uuid(outsider.organisation_id)])
    assert chain.verify().ok
    assert carepath_main(["audit", "verify"]) == 1
    assert f"the chain of organisation {outsider.organisation_id} is gone" in capsys.readouterr().err


def test_a_checkpoint_given_by_hand_is_compared_too(case, org, tmp_path, capsys):
    kept = tmp_path / "elsewhere.json"
    assert carepath_main(["audit", "checkpoint", "--output", str(kept)]) == 0
    capsys.readouterr()
    assert checkpoints.saved() == []  # written where asked, not in the default folder
    last = _chain(org.pk)[-1]
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    assert carepath_main(["audit", "verify"]) == 0  # nothing to compare with in the default folder
    assert "no checkpoint to compare with" in capsys.readouterr().out
    assert carepath_main(["audit", "verify", "--checkpoint", str(kept)]) == 1
    assert "elsewhere.json" in capsys.readouterr().err


def test_a_broken_trail_gets_no_checkpoint(case, org, capsys):
    victim = _chain(org.pk)[1]
    _tamper("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["case.forged", victim.pk])
    assert carepath_main(["audit", "checkpoint"]) == 1
    assert "no checkpoint written" in capsys.readouterr().err
    assert checkpoints.saved() == []


def test_entries_without_an_organisation_are_checkpointed_as_their_own_chain(db, capsys):
    audit_record(actor=None, action="auth.failed", actor_label="nobody@nowhere.test")
    audit_record(actor=None, action="auth.failed", actor_label="nobody@nowhere.test")
    _checkpoint(capsys)
    assert json.loads(checkpoints.saved()[0].read_text())["chains"][0]["organisation"] is None
    _tamper("DELETE FROM audit_auditentry WHERE seq = %s AND organisation_id IS NULL", [2])
    assert carepath_main(["audit", "verify"]) == 1
    assert "the chain without organisation ends at entry 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json", "not JSON"),
        ('{"format": "something else"}', "format"),
        ('{"format": "carepath-audit-checkpoint/1", "taken_at": "2026-12-04T10:00:00+00:00"}', "legacy is missing"),
        (
            '{"format": "carepath-audit-checkpoint/1", "taken_at": "2026-12-04T10:00:00+00:00", '
            '"legacy": {"entries": 0, "hash": "abc"}, "chains": []}',
            "64 hexadecimal digits",
        ),
        (
            '{"format": "carepath-audit-checkpoint/1", "taken_at": "2026-12-04T10:00:00", '
            '"legacy": {"entries": 0, "hash": "' + "0" * 64 + '"}, "chains": []}',
            "no time zone",
        ),
    ],
)
def test_a_file_that_is_not_a_checkpoint_is_refused_before_anything_is_verified(db, tmp_path, capsys, text, says):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    assert carepath_main(["audit", "verify", "--checkpoint", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "bad.json" in err and says in err


def test_a_missing_checkpoint_file_is_named(db, tmp_path, capsys):
    assert carepath_main(["audit", "verify", "--checkpoint", str(tmp_path / "nowhere.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def _db_uuid(value):
    return AuditEntry._meta.get_field("organisation_id").get_db_prep_value(value, connection)


def test_the_entry_a_checkpoint_saw_deleted_from_the_middle_is_named(case, org, clinician, capsys):
    _checkpoint(capsys)
    seen = _chain(org.pk)[-1]
    audit_record(actor=clinician, action="case.view", obj=case)
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [seen.pk])
    assert carepath_main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "audit chain broken" in err and f"entry {seen.seq} of the chain of organisation {org.pk}" in err
    assert "is missing" in err
