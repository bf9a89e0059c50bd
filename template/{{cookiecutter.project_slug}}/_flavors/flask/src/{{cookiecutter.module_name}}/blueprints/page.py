"""The extension page that the Agent App shows in its sidebar."""

from flask import Blueprint, render_template
{% if cookiecutter.auth == "sign-in" %}
from ..context import services
{% endif %}
bp = Blueprint("page", __name__)


@bp.get("/")
def extension_page() -> str:
{%- if cookiecutter.auth == "sign-in" %}
    # LiveChat's accounts SDK on the page needs the app's Client Id.
    return render_template("index.html", client_id=services().settings.livechat_client_id)
{%- else %}
    return render_template("index.html")
{%- endif %}
