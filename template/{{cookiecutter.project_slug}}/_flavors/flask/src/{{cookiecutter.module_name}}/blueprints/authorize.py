"""LiveChat's basic authorization flow: the Agent App POSTs the agent's credentials here."""

import logging

from flask import Blueprint, abort

from .. import authorization
from ..plumbing.context import services
from ..plumbing.livechat_api import UNAVAILABLE, AgentRejected, LiveChatUnavailable
from ..plumbing.payloads import TextField, read_fields

logger = logging.getLogger(__name__)

bp = Blueprint("authorize", __name__)

LOGIN = TextField("login", max_length=320)
API_KEY = TextField("api_key", max_length=512, credential=True)


# LiveChat fixes the path at /authorize/; the form without the slash is accepted too, answered
# directly instead of redirected, since a redirected POST may lose its body.
@bp.post("/authorize/")
@bp.post("/authorize")
def authorize() -> dict[str, str]:
    login, api_key = read_fields(LOGIN, API_KEY)
    livechat_api = services().livechat_api
    if livechat_api is not None:
        # Anyone can send any login: it counts once LiveChat vouches for it with the API key.
        try:
            livechat_api.verify(login, api_key)
        except AgentRejected as error:
            abort(401, str(error))
        except LiveChatUnavailable as error:
            # The reason is for you, the API key is not: the log never holds it.
            logger.warning("LiveChat's API failed: %s", error)
            abort(503, UNAVAILABLE)
    # Looked up on the module each time, so that tests (and you) can swap the function.
    if not authorization.authorize_agent(login):
        abort(401, "this agent may not use the extension")
    return {"session_id": services().signer.issue(login)}
