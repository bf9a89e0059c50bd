"""LiveChat's basic authorization flow: the Agent App POSTs the agent's credentials here."""

import logging

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from .. import authorization
from ..plumbing.livechat_api import UNAVAILABLE, AgentRejected, LiveChatApi, LiveChatUnavailable
from ..plumbing.payloads import Credential, SafeText, read_payload
from ..plumbing.sessions import SessionSigner

logger = logging.getLogger(__name__)

router = APIRouter()


class AgentCredentials(BaseModel):
    model_config = ConfigDict(strict=True, str_strip_whitespace=True)

    login: SafeText = Field(min_length=1, max_length=320)
    api_key: Credential = Field(min_length=1, max_length=512)


class SessionCreated(BaseModel):
    session_id: str


# LiveChat fixes the path at /authorize/; the form without the slash is accepted too, answered
# directly instead of redirected, since a redirected POST may lose its body.
@router.post("/authorize/", tags=["authorization"])
@router.post("/authorize", include_in_schema=False)
async def authorize(request: Request) -> SessionCreated:
    # The Agent App calls this each time the extension loads: the signer comes straight from
    # the app, which costs less than resolving it as a dependency.
    signer: SessionSigner = request.app.state.signer
    credentials = await read_payload(request, AgentCredentials)
    livechat_api: LiveChatApi | None = request.app.state.livechat_api
    if livechat_api is not None:
        # Anyone can send any login: it counts once LiveChat vouches for it with the API key.
        try:
            await livechat_api.verify(credentials.login, credentials.api_key.get_secret_value())
        except AgentRejected as error:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(error)) from None
        except LiveChatUnavailable as error:
            # The reason is for you, the API key is not: the log never holds it.
            logger.warning("LiveChat's API failed: %s", error)
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, UNAVAILABLE) from None
    # Looked up on the module each time, so that tests (and you) can swap the function.
    if not await authorization.authorize_agent(credentials.login):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "this agent may not use the extension")
    return SessionCreated(session_id=signer.issue(credentials.login))
