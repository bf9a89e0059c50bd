"""A health check for load balancers and the Dockerfile's HEALTHCHECK."""

from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    # Cheap on purpose: no session, no call to another service. A check that waits on
    # LiveChat would take every instance out of the load balancer when LiveChat is slow.
    return {"status": "ok"}
