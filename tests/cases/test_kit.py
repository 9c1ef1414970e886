"""The step-app kit's contract: every step app is found, none is needed by another, records go through one service."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from carepath.cases import events, hooks
from carepath.cases.kit import StepApp, step_apps
from carepath.core import extensions

ROOT = Path(__file__).resolve().parents[2]


def test_every_installed_step_app_is_discovered():
    declared = {
        config.label
        for config in apps.get_app_configs()
        if getattr(config, "plugin", "") and isinstance(import_string(config.plugin), StepApp)
    }
    assert {s.label for s in step_apps()} == declared
    assert {"emergency", "contacts", "followup", "safetyplans", "hospital"} <= declared


def test_the_independence_contract_lists_every_step_app():
    """import-linter keeps the step apps apart only if its contract names them all."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}
    independent = set(contracts["Step apps never import each other"]["modules"])
    assert independent == {f"carepath.{s.label}" for s in step_apps()}
    layers = contracts["CarePath layers"]["layers"]
    step_layer = next(layer for layer in layers if "emergency" in layer)
    assert {name.strip() for name in step_layer.split("|")} == {s.label for s in step_apps()}


def test_each_step_app_owns_its_event_kinds_and_registering_twice_keeps_one():
    for step in step_apps():
        for kind in step.event_kinds:
            assert events.owner(kind) == step.label
    before = dict(hooks.registered())
    followup = next(s for s in step_apps() if s.label == "followup")
    followup.register()
    assert hooks.registered() == before  # one set of hooks per app, however often it registers
    assert len([e for e in extensions.extensions() if e.label == "followup"]) == 1


def test_an_app_can_react_to_another_apps_events_without_importing_it(clinician, case):
    """The on_event hook: a listener for a kind hears every event of that kind, in the writing transaction."""
    from carepath.cases.services import case_record_event

    heard = []
    hooks.register("probe", hooks.CaseHooks(on_event={"note": lambda actor, event: heard.append(event.summary)}))
    try:
        case_record_event(actor=clinician, case=case, kind="note", summary="Heard by another app.")
    finally:
        hooks.unregister("probe")
    assert heard == ["Heard by another app."]


def test_a_record_from_another_case_cannot_be_replayed_with_its_key(clinician, case, sud_case):
    from carepath.emergency.services import emergency_action_record

    key = uuid.uuid4()
    emergency_action_record(actor=clinician, case=case, kind="stayed_with_client", idempotency_key=key)
    with pytest.raises(ValidationError, match="already used for another safety case"):
        emergency_action_record(actor=clinician, case=sud_case, kind="stayed_with_client", idempotency_key=key)


def _probe(without: str) -> dict:
    env = {**os.environ, "CAREPATH_WITHOUT_APP": without, "DJANGO_SETTINGS_MODULE": "tests.cases.kit_settings"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.cases.kit_probe"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "app, gone_url, gone_api",
    [
        ("carepath.emergency", "emergency:console", "/api/v1/cases/{case_id}/console"),
        ("carepath.contacts", "contacts:attempt", "/api/v1/cases/{case_id}/contact-attempts"),
        ("carepath.followup", "followup:mine", "/api/v1/followup/tasks"),
        ("carepath.safetyplans", "safetyplans:edit", "/api/v1/clients/{client_id}/safety-plan"),
        ("carepath.hospital", "hospital:case", "/api/v1/cases/{case_id}/hospitalisations"),
    ],
)
def test_removing_a_step_app_leaves_the_rest_working(app, gone_url, gone_api):
    found = _probe(app)
    assert found["status"] == {
        "dashboard": 200,
        "case": 200,
        "client": 200,
        "clients": 200,
        "help": 200,
        "openapi": 200,
    }
    assert found["urls"][gone_url] is None
    assert all(url for name, url in found["urls"].items() if name != gone_url)
    assert gone_api not in found["api_paths"] and "/api/v1/cases/{case_id}" in found["api_paths"]
    assert app.split(".")[-1] not in found["step_apps"]
