"""The Agent App widgets' pages, at the paths you enter in the Developers Console:
{% for widget in cookiecutter._livechat.widgets %}
- {{ widget.title }}: ``/{{ widget.path }}``, placement ``{{ widget.placement }}``{{ ";" if not loop.last else "." }}
{%- endfor %}

Each page loads the widgets SDK from ``static/vendor/`` and its own script from ``static/``.
"""

from functools import lru_cache

from flask import Blueprint, render_template

from ..plumbing.context import services

bp = Blueprint("widgets", __name__)


def widget_page(template: str) -> str:
    """A widget's page, with what accounts-sdk needs to sign the agent in."""
    settings = services().settings
    values = (
        ("client_id", settings.livechat_client_id),
        ("accounts_url", settings.livechat_accounts_url),
    )
    if settings.environment == "development":
        # Rendered anew for every request, so that edits to the template show on reload.
        return render_template(template, **dict(values))
    return _rendered_page(template, values)


# The values come from the settings: one set per app, a few more in tests.
@lru_cache(maxsize=16)
def _rendered_page(template: str, values: tuple[tuple[str, str], ...]) -> str:
    """The page for these values: it is the same for every agent, so it is rendered once."""
    return render_template(template, **dict(values))
{%- for widget in cookiecutter._livechat.widgets %}


@bp.get("/{{ widget.path }}")
def {{ widget.name }}() -> str:
    """{{ widget.title }}: the widget of the "{{ widget.placement }}" placement."""
    return widget_page("{{ widget.name }}.html")
{%- endfor %}
