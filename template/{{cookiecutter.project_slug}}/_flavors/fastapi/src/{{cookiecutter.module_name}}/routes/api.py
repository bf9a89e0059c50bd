"""The extension's own API: every endpoint here requires a session. Add yours beside ``me``."""
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

import re

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel

from ..customers import customer_details
from ..plumbing.dependencies import CurrentSession

router = APIRouter(prefix="/api", tags=["api"])

# LiveChat's customer ids are short and plain ("S126126161.O136OJPO1", UUIDs): anything else is
# refused before your lookup sees it.
CUSTOMER_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
{%- else %}

from fastapi import APIRouter
from pydantic import BaseModel

from ..plumbing.dependencies import CurrentSession

router = APIRouter(prefix="/api", tags=["api"])
{%- endif %}


class Agent(BaseModel):
    agent: str
    expires_at: int


@router.get("/me")
async def me(session: CurrentSession) -> Agent:
    """Who the session belongs to: the sample of an endpoint that requires a session."""
    return Agent(agent=session.agent, expires_at=session.expires_at)
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}


class DetailRow(BaseModel):
    label: str
    value: str


class CustomerDetails(BaseModel):
    rows: list[DetailRow]


@router.get("/customers/{customer_id}/details")
async def details_of_customer(customer_id: str, session: CurrentSession) -> CustomerDetails:
    """The rows the Chat Details widget shows in its customer-details section."""
    if not CUSTOMER_ID.fullmatch(customer_id):
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            "customer_id must be 1 to 128 letters, digits, '.', '_', ':' or '-'",
        )
    rows = await customer_details(customer_id, session.agent)
    return CustomerDetails(rows=[DetailRow(label=row.label, value=row.value) for row in rows])
{%- endif %}
