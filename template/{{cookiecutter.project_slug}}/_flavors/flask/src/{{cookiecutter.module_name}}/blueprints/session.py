"""Sign in with LiveChat: trade a verified access token for the extension's own session."""

import logging

from flask import Blueprint, abort

from ..plumbing.context import services
from ..plumbing.payloads import TextField, read_fields
from ..plumbing.token_info import AccountsUnavailable, TokenRejected

logger = logging.getLogger(__name__)

bp = Blueprint("session", __name__)

ACCESS_TOKEN = TextField("access_token", max_length=4096, credential=True)


@bp.post("/api/session")
def create_session() -> dict[str, str]:
    (access_token,) = read_fields(ACCESS_TOKEN)
    try:
        identity = services().accounts.verify(access_token)
    except TokenRejected as error:
        abort(401, str(error))
    except AccountsUnavailable as error:
        # The reason is for you, the token is not: the log never holds it.
        logger.warning("LiveChat's accounts server failed: %s", error)
        abort(503, "LiveChat's accounts server cannot be reached; try again shortly")
    # The session never outlives the token it was made from.
    session_id = services().signer.issue(identity.agent, lifetime=identity.expires_in)
    return {"session_id": session_id, "agent": identity.agent}
