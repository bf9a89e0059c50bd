"""livechat.config.json, what LiveChat's developer CLI registers, stays true to the app.

``lcdev bootstrap`` reads the manifest, replaces ``%baseURL%`` with ``--baseURL`` and creates the
app, its authorization and a widget per entry (see "Register it" in the README). These tests
check what it would register: the fields it reads, with values it accepts; each widget's URL
served by this app with the page of its placement; redirect URIs that are pages; the scopes
the code requests. They use the test client (the ``client`` fixture), no network.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
{%- if cookiecutter.auth == "sign-in" %}

import pytest

from {{ cookiecutter.module_name }}.plumbing.manifest import (
    ManifestError,
    choose_client_id,
    manifest_client_id,
)
{%- endif %}
{%- set sdk = cookiecutter._sdks[cookiecutter.sdk] %}

PROJECT = Path(__file__).resolve().parent.parent
MANIFEST = PROJECT / "livechat.config.json"
BASE_URL = "https://extension.example/path"
# What lcdev bootstrap (@livechat/developer-cli {{ cookiecutter._livechat.developer_cli.version }}) reads, and the
# fields it writes back (appId, baseURL, auth.clientId).
TOP_LEVEL = {"name", "widget", "auth"}
WRITTEN_BACK = {"appId", "baseURL"}
AUTH_FIELDS = {"clientType", "scopes", "redirectURI"}
WIDGET_FIELDS = {"url", "placement"}
PLACEMENTS = {"plugin", "messagebox", "fullscreen", "settings"}
CLIENT_TYPES = {"javascript_app", "server_side_app"}
{%- if sdk.widgets %}
# Each placement's page: the widget it names and the SDK factory its script calls.
PAGES = {
{%- for widget in cookiecutter._livechat.widgets %}
    "{{ widget.placement }}": ("{{ widget.name }}", "{{ widget.factory }}"),
{%- endfor %}
}
{%- endif %}


class Page(HTMLParser):
    """The scripts a page loads and the attributes of its elements with an id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.elements: dict[str, dict[str, str | None]] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.scripts.append(str(attributes["src"]))
        if attributes.get("id"):
            self.elements[str(attributes["id"])] = attributes


def manifest() -> dict[str, Any]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def registered(base_url: str = BASE_URL) -> dict[str, Any]:
    """The manifest as lcdev bootstrap reads it: every %baseURL%, in any case, replaced."""
    text = MANIFEST.read_text(encoding="utf-8")
    return json.loads(re.sub("%baseURL%", lambda _: base_url, text, flags=re.IGNORECASE))


def widgets() -> list[dict[str, str]]:
    widget = registered()["widget"]
    return widget if isinstance(widget, list) else [widget]


def app_path(url: str) -> str:
    """The path this app serves ``url`` at: the part after the base URL."""
    assert url.startswith(BASE_URL + "/"), f"{url} is not below %baseURL%/"
    return url.removeprefix(BASE_URL)


def fetch_page(client: Any, path: str) -> Page:
    """The page at ``path``, through the flavor's test client."""
    response = client.get(path)
    assert response.status_code == 200, f"GET {path}: {response.status_code}"
    assert response.headers["Content-Type"].startswith("text/html"), path
    return Page(response.text)


def own_script(name: str) -> str:
    """The text of the project's static/<name>, wherever the flavor keeps static/."""
    found = [
        path
        for path in PROJECT.rglob(f"static/{name}")
        if not {"node_modules", ".venv"} & set(path.relative_to(PROJECT).parts)
    ]
    assert len(found) == 1, f"static/{name}: {found}"
    return found[0].read_text(encoding="utf-8")


def test_it_parses_and_has_only_what_lcdev_bootstrap_reads() -> None:
    data = manifest()
    assert TOP_LEVEL <= set(data) <= TOP_LEVEL | WRITTEN_BACK
    assert data["name"] == {{ cookiecutter.project_name | tojson }}
    assert AUTH_FIELDS <= set(data["auth"]) <= AUTH_FIELDS | {"clientId"}
    assert all(set(widget) == WIDGET_FIELDS for widget in widgets())


def test_its_values_are_ones_lcdev_bootstrap_accepts() -> None:
    data = registered()
    assert data["auth"]["clientType"] in CLIENT_TYPES
    # The browser holds the agent's token; the backend keeps no client secret.
    assert data["auth"]["clientType"] == "javascript_app"
    assert isinstance(data["auth"]["scopes"], list)
    placements = [widget["placement"] for widget in widgets()]
    assert set(placements) <= PLACEMENTS
    # lcdev keeps one widget per placement: a second one would replace the first.
    assert len(placements) == len(set(placements))
    for url in [widget["url"] for widget in widgets()] + data["auth"]["redirectURI"]:
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.netloc, url
        assert "//" not in parts.path and not parts.query and not parts.fragment, url


def test_every_widget_url_is_served_with_the_page_of_its_placement(client: Any) -> None:
    for widget in widgets():
        page = fetch_page(client, app_path(widget["url"]))
{%- if sdk.widgets %}
        name, factory = PAGES[widget["placement"]]
        assert page.elements["widget"]["data-widget"] == name, widget
        assert f"static/{name}.js" in page.scripts, widget
        assert "static/vendor/agentapp.umd.min.js" in page.scripts, widget
        script = own_script(f"{name}.js")
        assert factory in script, f"static/{name}.js does not call {factory}"
        others = {other for _, other in PAGES.values()} - {factory}
        assert not [other for other in others if other in script], widget
{%- else %}
        # The 2017 extension page: LiveChat's library, and the script that calls LiveChat.init().
        assert widget["placement"] == "plugin"
        assert "{{ cookiecutter._livechat.extension_library_js }}" in page.scripts
        assert "static/extension.js" in page.scripts
        assert "LiveChat.init(" in own_script("extension.js")
{%- endif %}


def test_every_redirect_uri_is_a_page_of_the_app(client: Any) -> None:
    pages = {widget["url"] for widget in widgets()}
    redirect_uris = registered()["auth"]["redirectURI"]
    assert redirect_uris and set(redirect_uris) <= pages
{%- if cookiecutter.auth == "sign-in" %}
    # The accounts server sends the agent back to the page that signs in: origin and path.
    for uri in redirect_uris:
        page = fetch_page(client, app_path(uri))
        assert any("accounts-sdk" in script for script in page.scripts), uri
{%- endif %}


def test_the_scopes_are_the_ones_the_code_requests() -> None:
    # The pages never pass "scope" to the accounts SDK, and the backend only asks the accounts
    # server whose token it is ({{ sdk.token_info_path }}), which takes none: so none are registered.
    scripts = [path for path in PROJECT.rglob("static/*.js") if "vendor" not in path.parts]
    requested = {
        scope
        for path in scripts
        for scope in re.findall(r"\bscope\s*:\s*[\"']([^\"']*)[\"']", path.read_text("utf-8"))
    }
    assert sorted(requested) == sorted(manifest()["auth"]["scopes"]) == []
{%- if cookiecutter.auth == "sign-in" %}
    assert any("AccountsSDK" in path.read_text("utf-8") for path in scripts)


def write_manifest(folder: Path, client_id: object) -> Path:
    path = folder / "livechat.config.json"
    path.write_text(json.dumps({"name": "x", "auth": {"clientId": client_id}}), "utf-8")
    return path


def test_livechat_client_id_wins_over_the_manifest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_manifest(tmp_path, "client-from-manifest")
    with caplog.at_level("WARNING"):
        assert choose_client_id("client-from-env", path, development=True) == "client-from-env"
    assert "Client Id: LIVECHAT_CLIENT_ID" in caplog.text
    assert "livechat.config.json has another one" in caplog.text
    # Without a Client Id in the manifest there is no choice to tell about.
    caplog.clear()
    with caplog.at_level("WARNING"):
        assert choose_client_id("from-env", tmp_path / "none.json", development=True) == "from-env"
    assert caplog.text == ""


def test_without_livechat_client_id_the_manifest_gives_it_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_manifest(tmp_path, "client-from-manifest")
    with caplog.at_level("WARNING"):
        assert choose_client_id(None, path, development=True) == "client-from-manifest"
        assert choose_client_id("  ", path, development=False) == "client-from-manifest"
    assert caplog.text.count("LIVECHAT_CLIENT_ID is not set, so auth.clientId from") == 1


@pytest.mark.parametrize("client_id", [None, "", 42], ids=["absent", "empty", "not-text"])
def test_neither_gives_none(tmp_path: Path, client_id: object) -> None:
    path = write_manifest(tmp_path, client_id)
    assert manifest_client_id(path) is None
    assert choose_client_id(None, path, development=True) is None
    assert choose_client_id(None, tmp_path / "missing.json", development=True) is None


def test_a_broken_manifest_is_named_unless_livechat_client_id_is_set(tmp_path: Path) -> None:
    path = tmp_path / "livechat.config.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(ManifestError, match=r"livechat\.config\.json is not readable JSON"):
        choose_client_id(None, path, development=True)
    assert choose_client_id("client-from-env", path, development=True) == "client-from-env"
{%- endif %}
