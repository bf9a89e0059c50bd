"""LiveChat's basic authorization flow: the Agent App POSTs the agent's credentials here."""

from flask import Blueprint, abort

from .. import authorization
from ..plumbing.context import services
from ..plumbing.payloads import TextField, read_fields

bp = Blueprint("authorize", __name__)

LOGIN = TextField("login", max_length=320)
API_KEY = TextField("api_key", max_length=512, credential=True)


# LiveChat fixes the path at /authorize/; the form without the slash is accepted too, answered
# directly instead of redirected, since a redirected POST may lose its body.
@bp.post("/authorize/")
@bp.post("/authorize")
def authorize() -> dict[str, str]:
    login, api_key = read_fields(LOGIN, API_KEY)
    # Looked up on the module each time, so that tests (and you) can swap the function.
    if not authorization.authorize_agent(login, api_key):
        abort(401, "this agent may not use the extension")
    return {"session_id": services().signer.issue(login)}
