import os
import subprocess
import sys

from carepath.accounts.models import Member
from carepath.audit.chain import verify
from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.clients.models import Client, SupportContact
from carepath.demo.seed import seed_demo


def test_demo_seeds_a_realistic_practice_once(db):
    first = seed_demo()
    assert first.created
    org = first.organisation
    assert Member.objects.filter(organisation=org, is_supervisor=True).exists()
    assert Member.objects.filter(organisation=org, is_clinician=True, is_supervisor=False).count() == 2
    assert Client.objects.filter(organisation=org).count() >= 12
    assert SupportContact.objects.filter(client__organisation=org).count() >= 12
    levels = set(SafetyCase.objects.filter(organisation=org, status="open").values_list("risk_level", flat=True))
    assert {"imminent", "high", "moderate", "low"} <= levels
    assert SafetyCase.objects.filter(organisation=org, status="closed").exists()
    assert any(e.is_late_entry for e in TimelineEvent.objects.filter(organisation=org))
    counts = (Client.objects.count(), SafetyCase.objects.count(), TimelineEvent.objects.count())
    second = seed_demo()
    assert not second.created
    assert (Client.objects.count(), SafetyCase.objects.count(), TimelineEvent.objects.count()) == counts
    assert verify().ok


def test_demo_command_without_serving_exits_0_and_prints_accounts(tmp_path):
    env = {**os.environ, "CAREPATH_DATA": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "carepath.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "maya.okafor@demo.carepath" in run.stdout and (tmp_path / "data" / "carepath.sqlite3").exists()
    # the demo practice's audit trail has a checkpoint, and verification compares the trail with it
    (checkpoint,) = (tmp_path / "data" / "audit-checkpoints").glob("checkpoint-*.json")
    assert f"Audit checkpoint written to {checkpoint}" in run.stdout
    verified = subprocess.run(
        [sys.executable, "-m", "carepath.cli", "audit", "verify"], env=env, capture_output=True, text=True, timeout=120
    )
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stdout and "1 checkpoint matched" in verified.stdout
