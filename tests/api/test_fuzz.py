"""The API keeps its schema: schemathesis sends generated requests to every operation, in-process.

Run by `scripts/test` with a fixed Hypothesis seed and then a random one it prints (CAREPATH_FUZZ=1); skipped
in the ordinary runs. Every response must be declared by the schema (status, content type, body) and no
request may end in a server error. Path parameters point at real records of a practice, so the operations'
own checks run, not only the 404.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from carepath.accounts.services import api_token_create

pytestmark = pytest.mark.skipif(os.environ.get("CAREPATH_FUZZ") != "1", reason="set CAREPATH_FUZZ=1 to fuzz the API")

EXAMPLES = int(os.environ.get("CAREPATH_FUZZ_EXAMPLES", "30"))


@pytest.fixture
def api_schema(db):
    from carepath.wsgi import application

    # Valid and invalid data, and the coverage phase's boundary values (huge numbers, long strings, odd types).
    config = schemathesis.Config.from_dict({"generation": {"mode": "all"}, "phases": {"coverage": {"enabled": True}}})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)


@pytest.fixture
def real_ids(clinician, case, consented_contact):
    task = case.followups.first()
    return {
        "token": api_token_create(actor=clinician, member=clinician, name="fuzz"),
        "case_id": str(case.pk),
        "client_id": str(case.client_id),
        "task_id": str(task.pk) if task else None,
        "contact_id": str(consented_contact.pk),
    }


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_every_operation_keeps_the_schema(case, real_ids):
    for name in ("case_id", "client_id", "task_id"):
        if case.path_parameters and name in case.path_parameters and real_ids[name]:
            case.path_parameters[name] = real_ids[name]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {real_ids['token']}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
