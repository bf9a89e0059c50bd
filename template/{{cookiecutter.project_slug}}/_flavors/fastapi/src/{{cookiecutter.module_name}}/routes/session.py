"""Sign in with LiveChat: trade a verified access token for the extension's own session."""

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from ..plumbing.dependencies import AccountsDep, SignerDep
from ..plumbing.payloads import Credential, read_payload
from ..plumbing.token_info import AccountsUnavailable, TokenRejected

router = APIRouter()


class TokenSubmission(BaseModel):
    model_config = ConfigDict(strict=True, str_strip_whitespace=True)

    access_token: Credential = Field(min_length=1, max_length=4096)


class SessionCreated(BaseModel):
    session_id: str
    agent: str


@router.post("/api/session", tags=["authorization"])
async def create_session(
    request: Request, accounts: AccountsDep, signer: SignerDep
) -> SessionCreated:
    submission = await read_payload(request, TokenSubmission)
    try:
        identity = await accounts.verify(submission.access_token.get_secret_value())
    except TokenRejected as error:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(error)) from None
    except AccountsUnavailable:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "LiveChat's accounts server cannot be reached; try again shortly",
        ) from None
    # The session never outlives the token it was made from.
    session_id = signer.issue(identity.agent, lifetime=identity.expires_in)
    return SessionCreated(session_id=session_id, agent=identity.agent)
