import threading

import pytest
from django.db import DatabaseError, connection, transaction

from carepath.audit import chain, triggers
from carepath.audit.models import AuditEntry
from carepath.audit.services import audit_record
from carepath.cli import main as carepath_main


def test_entries_chain_to_each_other_and_verify(clinician, case):
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) >= 4
    assert entries[0].prev_hash == chain.GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
    result = chain.verify()
    assert result.ok and result.checked == len(entries)


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


def test_changed_entry_makes_verify_fail_naming_it(case, capsys):
    victim = AuditEntry.objects.order_by("id")[2]
    triggers.remove(connection)  # only someone with direct database access could do this
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["case.forged", victim.pk])
    triggers.install(connection)
    result = chain.verify()
    assert not result.ok and result.first_bad_id == victim.pk
    assert carepath_main(["audit", "verify"]) == 1
    assert f"entry {victim.pk}" in capsys.readouterr().err


def test_deleted_entry_breaks_the_chain(case):
    victim = AuditEntry.objects.order_by("id")[1]
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    triggers.install(connection)
    result = chain.verify()
    assert not result.ok
    assert result.first_bad_id == AuditEntry.objects.filter(id__gt=victim.pk).order_by("id").first().pk


def test_intact_chain_prints_one_line_summary(case, capsys):
    assert carepath_main(["audit", "verify"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "intact" in out[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_chain(org):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers are proven on PostgreSQL; SQLite serialises writers itself")
    from django.db import connections

    errors = []

    def writer(n):
        try:
            for i in range(25):
                with transaction.atomic():
                    audit_record(actor=None, action="test.parallel", organisation_id=org.pk, detail={"w": n, "i": i})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert AuditEntry.objects.filter(action="test.parallel").count() == 200
    result = chain.verify()
    assert result.ok, result
    hashes = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes)), "two entries point at the same predecessor: the chain forked"
