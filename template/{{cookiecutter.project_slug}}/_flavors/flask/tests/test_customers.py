"""GET /api/customers/<customer_id>/details: what the Details widget's section shows."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from {{ cookiecutter.module_name }} import customers
from {{ cookiecutter.module_name }}.config import (
    DEFAULT_AGENT_APP_ORIGINS,
)
from {{ cookiecutter.module_name }}.plumbing.sessions import (
    SessionSigner,
)

from bad_requests import BAD_CUSTOMER_IDS

AGENT_APP_ORIGIN = DEFAULT_AGENT_APP_ORIGINS[0]
CUSTOMER_DETAILS = "/api/customers/{}/details"
# Customer ids the endpoint accepts: LiveChat's (the emulator's samples), a UUID, the longest.
GOOD_CUSTOMER_IDS = {
    "livechat": "S126126161.O136OJPO1",
    "uuid": "b7eff798-f8df-4364-8059-649c35c9ed0c",
    "longest": "a" * 128,
}
CUSTOMER_ID = GOOD_CUSTOMER_IDS["livechat"]


def session_header(signer: SessionSigner, agent: str = "agent@example.com") -> dict[str, str]:
    return {"Authorization": f"Bearer {signer.issue(agent)}"}


def test_the_details_are_rows_of_text(client: FlaskClient, signer: SessionSigner) -> None:
    response = client.get(
        CUSTOMER_DETAILS.format(CUSTOMER_ID), headers=session_header(signer, "mary@example.com")
    )
    assert response.status_code == 200
    rows = response.get_json()["rows"]
    assert [row["label"] for row in rows] == ["Customer ID", "Looked up by", "Looked up at"]
    assert all(set(row) == {"label", "value"} for row in rows)
    assert all(isinstance(row["value"], str) for row in rows)
    values = {row["label"]: row["value"] for row in rows}
    assert values["Customer ID"] == CUSTOMER_ID
    # The agent of the session, not one the caller names.
    assert values["Looked up by"] == "mary@example.com"
    assert re.fullmatch(r"\d\d:\d\d:\d\d", values["Looked up at"])  # UTC


def test_the_details_come_from_your_lookup(
    client: FlaskClient, signer: SessionSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str]] = []

    def lookup(customer_id: str, agent: str) -> list[customers.Row]:
        asked.append((customer_id, agent))
        return [customers.Row("Plan", "Gold")]

    monkeypatch.setattr(customers, "customer_details", lookup)
    response = client.get(CUSTOMER_DETAILS.format(CUSTOMER_ID), headers=session_header(signer))
    assert response.get_json() == {"rows": [{"label": "Plan", "value": "Gold"}]}
    assert asked == [(CUSTOMER_ID, "agent@example.com")]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-session"}, {"Authorization": "Basic YWdlbnQ6a2V5"}],
    ids=["missing", "forged", "wrong-scheme"],
)
def test_the_details_need_a_session(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.get(CUSTOMER_DETAILS.format(CUSTOMER_ID), headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert isinstance(response.get_json()["detail"], str)


@pytest.mark.parametrize("name", GOOD_CUSTOMER_IDS)
def test_customer_ids_of_livechats_shape_are_looked_up(
    client: FlaskClient, signer: SessionSigner, name: str
) -> None:
    customer_id = GOOD_CUSTOMER_IDS[name]
    response = client.get(CUSTOMER_DETAILS.format(customer_id), headers=session_header(signer))
    assert response.status_code == 200
    assert response.get_json()["rows"][0]["value"] == customer_id


@pytest.mark.parametrize("name", BAD_CUSTOMER_IDS)
def test_other_customer_ids_get_a_400_without_a_lookup(
    client: FlaskClient, signer: SessionSigner, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    def lookup(customer_id: str, agent: str) -> list[customers.Row]:
        raise AssertionError(f"looked up {customer_id!r}")

    monkeypatch.setattr(customers, "customer_details", lookup)
    path = CUSTOMER_DETAILS.format(BAD_CUSTOMER_IDS[name])
    response = client.get(path, headers=session_header(signer))
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.get_json()["detail"].startswith("customer_id: ")


def test_the_agent_app_may_ask_for_the_details_from_a_browser(client: FlaskClient) -> None:
    response = client.options(
        CUSTOMER_DETAILS.format(CUSTOMER_ID),
        headers={
            "Origin": AGENT_APP_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == AGENT_APP_ORIGIN
