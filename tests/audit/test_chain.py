"""The audit trail's hash chains: one per organisation, append-only, every kind of tampering detected.

Tampering needs the append-only triggers lifted first (only someone with direct database access could do
that); each test puts them back. These tests run on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

import hashlib
import json
import threading
import uuid

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from carepath.audit import chain, triggers
from carepath.audit.models import AuditEntry
from carepath.audit.services import audit_record
from carepath.cli import main as carepath_main
from carepath.core import clock


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _db_uuid(value):
    return AuditEntry._meta.get_field("organisation_id").get_db_prep_value(value, connection)


def _tamper(*statements):
    triggers.remove(connection)
    for statement, params in statements:
        _sql(statement, params)
    triggers.install(connection)


def _org_chain(org_id):
    return list(AuditEntry.objects.filter(organisation_id=org_id).order_by("seq"))


def test_each_organisation_has_its_own_chain_and_it_verifies(case, outsider, org, other_org):
    for org_id in (org.pk, other_org.pk):
        entries = _org_chain(org_id)
        assert entries and [e.seq for e in entries] == list(range(1, len(entries) + 1))
        assert entries[0].prev_hash == chain.GENESIS
        for before, after in zip(entries, entries[1:], strict=False):
            assert after.prev_hash == before.hash
    result = chain.verify()
    assert result.ok and result.checked == AuditEntry.objects.count()
    assert {c.organisation_id for c in result.chains} >= {str(org.pk), str(other_org.pk)}


def test_entries_without_an_organisation_form_their_own_chain(db):
    first = audit_record(actor=None, action="auth.failed", actor_label="nobody@nowhere.test")
    second = audit_record(actor=None, action="auth.failed", actor_label="nobody@nowhere.test")
    assert (first.organisation_id, first.seq, first.prev_hash) == (None, 1, chain.GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    result = chain.verify()
    assert result.ok and [c.organisation_id for c in result.chains] == [None]


def test_database_refuses_update_and_delete(case):
    entry = AuditEntry.objects.order_by("id").first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action


def test_application_refuses_to_save_or_delete_an_entry(case):
    entry = AuditEntry.objects.order_by("id").first()
    entry.action = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_a_second_entry_at_the_same_place_of_a_chain_is_refused(case, org):
    """Even without the lock, two writers cannot fork a chain: the database refuses the second entry."""
    head = _org_chain(org.pk)[-1]
    fork = AuditEntry(
        at=clock.now(), organisation_id=org.pk, action="case.forged", prev_hash=head.prev_hash, seq=head.seq, detail={}
    )
    fork.hash = chain.digest(fork)
    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save(force_insert=True)
    orphan = AuditEntry(at=clock.now(), action="auth.failed", prev_hash=chain.GENESIS, seq=1, detail={})
    orphan.hash = chain.digest(orphan)
    orphan.save(force_insert=True)
    twin = AuditEntry(at=clock.now(), action="auth.other", prev_hash=chain.GENESIS, seq=1, detail={})
    twin.hash = chain.digest(twin)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save(force_insert=True)


def test_changed_entry_is_named(case, org, capsys):
    victim = _org_chain(org.pk)[2]
    _tamper(("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["case.forged", victim.pk]))
    result = chain.verify()
    assert not result.ok and result.first_bad_id == victim.pk
    assert "content" in result.problem
    assert carepath_main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"entry {victim.pk}" in err and str(org.pk) in err


def test_entries_of_one_organisation_moved_to_another_are_detected(case, org, other_org, outsider):
    victim = _org_chain(org.pk)[-1]
    _tamper(("UPDATE audit_auditentry SET organisation_id = %s WHERE id = %s", [_db_uuid(other_org.pk), victim.pk]))
    result = chain.verify()
    assert not result.ok


def test_reordered_entries_are_detected(case, org):
    first, second = _org_chain(org.pk)[1:3]
    _tamper(
        ("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [-1, first.pk]),
        ("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [first.seq, second.pk]),
        ("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [second.seq, first.pk]),
    )
    result = chain.verify()
    assert not result.ok and result.first_bad_id == second.pk


def test_deleted_entry_breaks_the_chain(case, org):
    entries = _org_chain(org.pk)
    _tamper(("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk]))
    result = chain.verify()
    assert not result.ok and result.first_bad_id == entries[2].pk
    assert "missing" in result.problem


def test_deleted_first_entry_breaks_the_chain(case, org):
    entries = _org_chain(org.pk)
    _tamper(("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk]))
    result = chain.verify()
    assert not result.ok and result.first_bad_id == entries[1].pk


def test_inserted_entry_is_detected(case, org):
    """A forged entry in the middle, with a correct hash, the later entries moved up one place."""
    entries = _org_chain(org.pk)
    after = entries[1]
    forged = AuditEntry(
        at=clock.now(), organisation_id=org.pk, action="case.view", prev_hash=after.hash, seq=after.seq + 1, detail={}
    )
    forged.hash = chain.digest(forged)
    later = [e for e in entries if e.seq > after.seq]
    shifts = [("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [-e.seq, e.pk]) for e in later]
    shifts += [("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [e.seq + 1, e.pk]) for e in later]
    _tamper(*shifts)
    forged.save(force_insert=True)  # inserts are not refused by the triggers: appending is what the table is for
    result = chain.verify()
    assert not result.ok and result.first_bad_id == later[0].pk


def _legacy_entry(prev: str, action: str, org_id=None) -> AuditEntry:
    """An entry as the single global chain wrote them before there were chains: no seq, hashed without one."""
    entry = AuditEntry(at=clock.now(), organisation_id=org_id, action=action, prev_hash=prev, detail={"n": 1})
    entry.hash = chain.digest(entry)
    content = json.loads(chain.canonical(entry))
    assert "seq" not in content
    entry.save(force_insert=True)
    return entry


def test_legacy_entries_stay_verifiable_and_organisation_chains_start_from_them(db):
    org_id = uuid.uuid4()  # an organisation that had entries before the upgrade only
    first = _legacy_entry(chain.GENESIS, "legacy.one", org_id)
    second = _legacy_entry(first.hash, "legacy.two")
    new = audit_record(actor=None, action="after.upgrade", organisation_id=org_id)
    orgless = audit_record(actor=None, action="auth.failed")
    assert (new.seq, new.prev_hash) == (1, second.hash)
    assert (orgless.seq, orgless.prev_hash) == (1, second.hash)
    result = chain.verify()
    assert result.ok and result.checked == 4
    assert [c.organisation_id for c in result.chains] == ["legacy", None, str(org_id)]
    assert carepath_main(["audit", "verify"]) == 0


def test_tampered_legacy_entries_are_detected(db):
    org_id = uuid.uuid4()
    first = _legacy_entry(chain.GENESIS, "legacy.one", org_id)
    second = _legacy_entry(first.hash, "legacy.two")
    new = audit_record(actor=None, action="after.upgrade", organisation_id=org_id)
    sid = transaction.savepoint()
    _tamper(("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["legacy.forged", first.pk]))
    assert chain.verify().first_bad_id == first.pk
    transaction.savepoint_rollback(sid)
    sid = transaction.savepoint()
    # Deleting the last legacy entry leaves a valid legacy chain, but the organisations' chains started after it.
    _tamper(("DELETE FROM audit_auditentry WHERE id = %s", [second.pk]))
    result = chain.verify()
    assert not result.ok and result.first_bad_id == new.pk
    transaction.savepoint_rollback(sid)
    # A legacy-looking entry added afterwards moves the legacy head: the chains no longer start from it.
    _legacy_entry(second.hash, "legacy.added")
    result = chain.verify()
    assert not result.ok and result.first_bad_id == new.pk


def test_intact_chain_prints_one_line_summary(case, capsys):
    assert carepath_main(["audit", "verify"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "intact" in out[0] and "chains" in out[0]


@pytest.mark.django_db(transaction=True)
def test_the_migration_to_chains_keeps_the_table_append_only():
    """Migrating 0002 -> 0003 without post_migrate (which installs the triggers again on its own)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_append_only_triggers")])
    _sql(
        "INSERT INTO audit_auditentry (at, actor_label, action, object_type, object_id, detail, prev_hash, hash)"
        " VALUES (%s, '', 'legacy', '', '', '{}', %s, %s)",
        [clock.now(), chain.GENESIS, hashlib.sha256(b"x").hexdigest()],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE audit_auditentry SET action = 'tampered'")
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.get().seq is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_never_fork_a_chain(org, other_org):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers are proven on PostgreSQL; SQLite serialises writers itself")
    from django.db import connections

    errors = []
    orgs = [org.pk, org.pk, org.pk, org.pk, other_org.pk, other_org.pk, uuid.uuid4(), None]

    def writer(n):
        try:
            for i in range(25):
                with transaction.atomic():
                    audit_record(actor=None, action="test.parallel", organisation_id=orgs[n], detail={"w": n, "i": i})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(len(orgs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert AuditEntry.objects.filter(action="test.parallel").count() == 25 * len(orgs)
    result = chain.verify()
    assert result.ok, result
    assert len(result.chains) == 4
    for org_id in set(orgs):
        entries = (
            AuditEntry.objects.filter(organisation_id=org_id)
            if org_id
            else AuditEntry.objects.filter(organisation_id__isnull=True)
        )
        rows = list(entries.order_by("seq").values_list("seq", "prev_hash"))
        assert [s for s, _ in rows] == list(range(1, len(rows) + 1))
        prevs = [p for _, p in rows]
        assert len(prevs) == len(set(prevs)), "two entries point at the same predecessor: the chain forked"


def _legacy_canonical(entry: AuditEntry) -> bytes:
    """The canonical content as the single global chain computed it (audit/chain.py before chains)."""
    import datetime as dt

    content = {
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "organisation": str(entry.organisation_id) if entry.organisation_id else None,
        "actor": str(entry.actor_id) if entry.actor_id else None,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "client": str(entry.client_id) if entry.client_id else None,
        "detail": entry.detail,
        "ip": entry.ip,
        "prev": entry.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


AWKWARD = ['quote " back\\slash', "tab\tnew\nline\r\x01\x1f", "é ü 漢字 \u2028 😀", "", "plain"]


@pytest.mark.parametrize("text", AWKWARD)
def test_the_content_is_the_json_the_legacy_chain_hashed_and_verification_agrees(db, text):
    entry = AuditEntry(
        at=clock.now(),
        organisation_id=uuid.uuid4(),
        actor_id=uuid.uuid4(),
        actor_label=text,
        action=text,
        object_type=text,
        object_id=text,
        client_id=uuid.uuid4(),
        ip="2001:db8::1",
        prev_hash=chain.GENESIS,
        detail={"z": [1, 2.5, None, True], "a": {"nested": "x"}, "fields": ["risk_level", "notes"]},
    )
    assert chain.canonical(entry) == _legacy_canonical(entry)  # seq None: the legacy content, byte for byte
    entry.hash = chain.digest(entry)
    entry.save(force_insert=True)
    # Without detail: hashed by PostgreSQL itself when verified there; with detail: in Python.
    bare = chain.append(
        organisation_id=entry.organisation_id,
        actor_id=None,
        actor_label=text,
        action=text,
        object_type=text,
        object_id=text,
        client_id=None,
        detail={},
        ip="10.1.2.3",
    )
    chained = audit_record(
        actor=None,
        action=text,
        organisation_id=entry.organisation_id,
        actor_label=text,
        detail={"fields": ["a", "b"], "count": 2},
        ip="127.0.0.1",
    )
    assert json.loads(chain.canonical(chained))["seq"] == 2
    result = chain.verify(processes=1)
    assert result.ok, result
    assert result.checked == 3
    _tamper(("UPDATE audit_auditentry SET object_id = %s WHERE id = %s", [text + "x", bare.pk]))
    assert chain.verify(processes=1).first_bad_id == bare.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_verification_in_parallel_processes_finds_the_same(org, other_org):
    if connection.vendor != "postgresql":
        pytest.skip("chains are checked in parallel on PostgreSQL only")
    for i in range(30):
        audit_record(actor=None, action="test.view", organisation_id=(org.pk, other_org.pk, None)[i % 3])
    assert chain.verify(processes=2).ok
    victim = _org_chain(other_org.pk)[3]
    _tamper(("UPDATE audit_auditentry SET detail = %s WHERE id = %s", ['{"forged": 1}', victim.pk]))
    result = chain.verify(processes=2)
    assert not result.ok and result.first_bad_id == victim.pk
    assert chain.verify(processes=1).first_bad_id == victim.pk


def test_an_organisation_given_as_text_joins_the_same_chain(org):
    first = audit_record(actor=None, action="test.one", organisation_id=org.pk)
    second = audit_record(actor=None, action="test.two", organisation_id=org.pk.hex)
    third = audit_record(actor=None, action="test.three", organisation_id=str(org.pk).upper())
    assert (second.seq, second.prev_hash) == (first.seq + 1, first.hash)
    assert (third.seq, third.prev_hash) == (second.seq + 1, second.hash)
    assert chain.verify(processes=1).ok


@pytest.mark.django_db
def test_entries_appended_together_chain_like_entries_appended_one_by_one(case, org, clinician):
    from carepath.audit.services import audit_record_many

    before = _org_chain(org.pk)
    audit_record_many(
        organisation_id=str(org.pk),
        entries=[
            {"actor": None, "actor_label": "worker w1", "action": "followup.reminder", "obj": case},
            {"actor": clinician, "action": "case.view", "obj": case, "detail": {"n": 2}},
            {"actor": None, "actor_label": "worker w1", "action": "followup.escalation", "client_id": case.client_id},
        ],
    )
    audit_record(actor=clinician, action="case.view", obj=case)
    entries = _org_chain(org.pk)
    assert [e.seq for e in entries] == list(range(1, len(before) + 5))
    batch = entries[len(before) : len(before) + 3]
    assert [e.action for e in batch] == ["followup.reminder", "case.view", "followup.escalation"]
    assert batch[0].client_id == case.client_id and batch[1].actor_id == clinician.pk and batch[1].detail == {"n": 2}
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash and entry.hash == chain.digest(entry)
    assert chain.verify().ok


@pytest.mark.django_db
def test_entries_appended_together_refuse_free_text(case, org):
    from carepath.audit.services import audit_record_many

    before = AuditEntry.objects.count()
    with pytest.raises(ValueError, match="free text"):
        audit_record_many(
            organisation_id=org.pk,
            entries=[
                {"actor": None, "action": "followup.reminder", "obj": case},
                {"actor": None, "action": "followup.reminder", "obj": case, "detail": {"why": "She said she would"}},
            ],
        )
    assert AuditEntry.objects.count() == before
