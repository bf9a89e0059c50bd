"""Every error is JSON: Flask's HTML error pages never reach the page or the Agent App."""

from __future__ import annotations

from flask.testing import FlaskClient

from {{ cookiecutter.module_name }} import create_app
from {{ cookiecutter.module_name }}.config import Settings


def test_an_unknown_path_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert "not found" in response.get_json()["detail"]


def test_a_wrong_method_is_a_json_405_that_names_the_allowed_ones(client: FlaskClient) -> None:
{%- if cookiecutter.auth == "sign-in" %}
    response = client.get("/api/session")
{%- else %}
    response = client.get("/authorize/")
{%- endif %}
    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert "POST" in response.headers["Allow"]
    assert isinstance(response.get_json()["detail"], str)


def test_an_unexpected_failure_is_a_json_500_that_reveals_nothing(settings: Settings) -> None:
    # Not in testing mode: the app handles the error as it would in production.
    app = create_app(settings)

    @app.get("/fails")
    def fails() -> str:
        raise RuntimeError("internal detail")

    response = app.test_client().get("/fails")
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    assert "internal detail" not in response.text
    assert isinstance(response.get_json()["detail"], str)
