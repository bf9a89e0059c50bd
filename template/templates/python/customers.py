{%- set flavor = cookiecutter._frameworks[cookiecutter.framework] -%}
"""Your customer lookup: what the Chat Details widget shows about the customer of the open chat.

Replace the sample rows with what your own systems know about the customer (orders, tickets,
plans, ...). The widget asks for them with the agent's session
(``GET /api/customers/<customer_id>/details``), shows each row as a label and a value in the Agent
App's customer-details section, and asks again when the agent clicks its Refresh button.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Row:
    label: str
    value: str


{% if flavor.async_python %}async {% endif %}def customer_details(customer_id: str, agent: str) -> list[Row]:
    """What to show ``agent`` (the signed-in agent's account) about ``customer_id``.

    ``customer_id`` is LiveChat's id of the customer, already checked to be a plain id.
    """
    return [
        Row("Customer ID", customer_id),
        Row("Looked up by", agent),
        # The time of the lookup (UTC), so that a refresh visibly changes the section.
        Row("Looked up at", datetime.now(UTC).strftime("%H:%M:%S")),
    ]
