"""The extension's own API: every endpoint here requires a session. Add yours beside ``me``."""

from fastapi import APIRouter
from pydantic import BaseModel

from ..plumbing.dependencies import CurrentSession

router = APIRouter(prefix="/api", tags=["api"])


class Agent(BaseModel):
    agent: str
    expires_at: int


@router.get("/me")
async def me(session: CurrentSession) -> Agent:
    """Who the session belongs to: the sample of an endpoint that requires a session."""
    return Agent(agent=session.agent, expires_at=session.expires_at)
