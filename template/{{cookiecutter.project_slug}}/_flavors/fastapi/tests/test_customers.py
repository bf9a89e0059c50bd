"""GET /api/customers/<id>/details: what the Chat Details widget shows in its section."""

from __future__ import annotations

import asyncio
import re

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.module_name }}.customers import (
    Row,
    customer_details,
)
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

from bad_requests import BAD_CUSTOMER_IDS

CUSTOMER_ID = "S126126161.O136OJPO1"
AGENT = "6c6b5fb4-agent-account"


def details(client: TestClient, customer_id: str, session_id: str | None) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {session_id}"} if session_id else {}
    response = client.get(f"/api/customers/{customer_id}/details", headers=headers)
    return {"status": response.status_code, **response.json()}


def test_the_rows_name_the_customer_and_the_agent(
    client: TestClient, signer: SessionSigner
) -> None:
    answer = details(client, CUSTOMER_ID, signer.issue(AGENT))
    assert answer["status"] == 200
    rows = answer["rows"]
    assert isinstance(rows, list)
    assert [row["label"] for row in rows] == ["Customer ID", "Looked up by", "Looked up at"]
    assert rows[0]["value"] == CUSTOMER_ID
    assert rows[1]["value"] == AGENT
    assert re.fullmatch(r"\d\d:\d\d:\d\d", rows[2]["value"])


@pytest.mark.parametrize("session_id", [None, "not-a-session"])
def test_a_session_is_required(client: TestClient, session_id: str | None) -> None:
    answer = details(client, CUSTOMER_ID, session_id)
    assert answer["status"] == 401
    assert isinstance(answer["detail"], str)


def test_a_customer_id_of_128_characters_is_accepted(
    client: TestClient, signer: SessionSigner
) -> None:
    customer_id = "S" * 100 + "0123456789.-_:abcdefghijklmno"[:28]
    assert len(customer_id) == 128
    assert details(client, customer_id, signer.issue(AGENT))["status"] == 200


@pytest.mark.parametrize("case", BAD_CUSTOMER_IDS)
def test_a_customer_id_that_is_not_a_plain_id_gets_a_400(
    client: TestClient, signer: SessionSigner, case: str
) -> None:
    answer = details(client, BAD_CUSTOMER_IDS[case], signer.issue(AGENT))
    assert answer["status"] == 400, answer
    assert "customer_id" in str(answer["detail"])
    assert "rows" not in answer


def test_your_lookup_is_a_plain_function() -> None:
    rows = asyncio.run(customer_details("c1", "agent-1"))
    assert rows[:2] == [Row("Customer ID", "c1"), Row("Looked up by", "agent-1")]
