"""The health check that load balancers and Docker's HEALTHCHECK call."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


@router.get("/healthz")
async def healthz() -> Health:
    """Cheap on purpose: no session needed, no call to LiveChat."""
    return Health()
