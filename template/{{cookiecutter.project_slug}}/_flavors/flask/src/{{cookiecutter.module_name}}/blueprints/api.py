{%- set widgets = cookiecutter._sdks[cookiecutter.sdk].widgets -%}
"""The extension's own API: every endpoint here requires a session. Add yours beside ``me``."""
{% if widgets %}
import re
{% endif %}
from flask import Blueprint, {% if widgets %}abort, {% endif %}g
{% if widgets %}
from .. import customers
{%- endif %}
from ..plumbing.context import session_required
from ..plumbing.sessions import Session

bp = Blueprint("api", __name__, url_prefix="/api")
{%- if widgets %}

# Customer ids are LiveChat's: letters, digits and a few separators. Anything else never reaches
# your lookup.
CUSTOMER_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
CUSTOMER_ID_RULE = "customer_id: 1 to 128 letters, digits, dots, colons, hyphens or underscores"
{%- endif %}


@bp.get("/me")
@session_required
def me() -> dict[str, str | int]:
    """Who the session belongs to: the sample of an endpoint that requires a session."""
    session: Session = g.session
    return {"agent": session.agent, "expires_at": session.expires_at}
{%- if widgets %}


@bp.get("/customers/<customer_id>/details")
@session_required
def customer_details(customer_id: str) -> dict[str, list[customers.Row]]:
    """The rows the Details widget shows in its customer-details section."""
    if not CUSTOMER_ID.fullmatch(customer_id):
        abort(400, CUSTOMER_ID_RULE)
    session: Session = g.session
    # Looked up on the module each time, so that tests (and you) can swap the function.
    return {"rows": customers.customer_details(customer_id, session.agent)}
{%- endif %}
