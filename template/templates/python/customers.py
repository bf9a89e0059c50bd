"""Your customer lookup: what the Chat Details widget shows about the open chat's customer.

``customer_details()`` is the function to make your own: look the customer up in your CRM, shop
or database and return the rows to show. The Details widget asks for them with the agent's
session (``GET /api/customers/<customer_id>/details``) whenever a chat opens and when the agent
clicks "Refresh", and shows them in the customer-details section of the Agent App.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypedDict


class Row(TypedDict):
    """One line of the section, shown as text: a label and its value."""

    label: str
    value: str


def customer_details(customer_id: str, agent: str) -> list[Row]:
    """The rows about ``customer_id`` for ``agent``, the signed-in agent who asks.

    The sample says who asked and when, so that a refresh visibly changes the section; replace
    it with your own lookup.
    """
    looked_up_at = datetime.now(UTC).strftime("%H:%M:%S")
    return [
        {"label": "Customer ID", "value": customer_id},
        {"label": "Looked up by", "value": agent},
        {"label": "Looked up at", "value": f"{looked_up_at} UTC"},
    ]
