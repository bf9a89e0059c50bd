"""The extension's own API: every endpoint here requires a session. Add yours beside ``me``."""

from flask import Blueprint, g

from ..plumbing.context import session_required
from ..plumbing.sessions import Session

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/me")
@session_required
def me() -> dict[str, str | int]:
    """Who the session belongs to: the sample of an endpoint that requires a session."""
    session: Session = g.session
    return {"agent": session.agent, "expires_at": session.expires_at}
