"""schemathesis against the workbench's /openapi.json, served on 127.0.0.1: whatever the schema allows,
no answer is a server error, and every answer matches the schema it documents (status, type, body)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from serving import SECRET, Served


@pytest.fixture(scope="module")
def api_schema(examples_db, tmp_path_factory):
    served = Served(examples_db, tmp_path_factory.mktemp("schema") / "store.duckdb")
    assert served.url.startswith("http://127.0.0.1:")
    yield schemathesis.openapi.from_url(f"{served.url}/openapi.json")
    served.stop()


schema = schemathesis.pytest.from_fixture("api_schema")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_the_api_keeps_to_its_schema(case):
    # writes carry the token, so generated corrections reach validation and the store
    case.call_and_validate(headers={"Authorization": f"Bearer {SECRET}"}, checks=CHECKS)
