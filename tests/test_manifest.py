"""Every generated project's livechat.config.json is what LiveChat's developer CLI registers.

What ``lcdev bootstrap`` (@livechat/developer-cli 1.2.31, read in its published code) reads:
``name``; ``auth`` passed to its ``auth`` step as ``clientType`` (``javascript_app`` or
``server_side_app``), ``scopes`` (a list: absent, it asks interactively) and ``redirectURI`` (a
list); ``widget`` entries ``{url, placement}`` (placement ``plugin``, ``fullscreen``,
``messagebox`` or ``settings``; one widget per placement, a second replaces the first). It
replaces ``%baseURL%`` case-insensitively in the raw text and writes ``appId``, ``baseURL`` and
``auth.clientId`` back. The generated suites check that the app serves each widget URL with the
page of its placement; here lcext checks the manifest of every combination against the schema,
the static site's files and the code's scopes.
"""

from __future__ import annotations

import json
import re
import ssl
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import trustme
from doctor_servers import (
    WIDGET_SCRIPT,
    ExtensionServer,
    Reply,
    Routes,
    javascript,
    widget_page,
    widget_routes,
)
from typer.testing import CliRunner

from conftest import TEMPLATE, combination_id
from lcext.app import app
from lcext.generate import Answers, render_project
from lcext.options import load_schema

CONTEXT: dict[str, Any] = json.loads((TEMPLATE / "cookiecutter.json").read_text("utf-8"))
COMBINATIONS = load_schema(TEMPLATE).combinations()
BASE_URL = "https://extension.example/under/a/path"
PLACEMENTS = {"plugin", "fullscreen", "messagebox", "settings"}
CLI = CONTEXT["_livechat"]["developer_cli"]
SCOPE_OPTION = re.compile(r"\bscope\s*:\s*[\"']([^\"']*)[\"']")


@pytest.fixture(scope="module", params=COMBINATIONS, ids=combination_id)
def project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, str], Path]:
    combination: dict[str, str] = request.param
    output = tmp_path_factory.mktemp(combination_id(combination))
    rendered = render_project(Answers("Acme Notes", **combination), output_dir=output, git=False)
    return combination, rendered.path


def registered(project_dir: Path) -> dict[str, Any]:
    """The manifest as lcdev bootstrap reads it, for BASE_URL."""
    text = (project_dir / "livechat.config.json").read_text("utf-8")
    return json.loads(re.sub("%baseURL%", lambda _: BASE_URL, text, flags=re.IGNORECASE))


def expected_widgets(combination: dict[str, str]) -> list[dict[str, str]]:
    """The schema's pages: the widgets SDK's three, or the 2017 extension page at /."""
    if not CONTEXT["_sdks"][combination["sdk"]]["widgets"]:
        return [{"url": f"{BASE_URL}/", "placement": "plugin"}]
    suffix = CONTEXT["_frameworks"][combination["framework"]]["page_suffix"]
    return [
        {
            "url": f"{BASE_URL}/{widget['path'] + suffix if widget['path'] else ''}",
            "placement": widget["placement"],
        }
        for widget in CONTEXT["_livechat"]["widgets"]
    ]


def test_it_has_exactly_the_fields_lcdev_bootstrap_reads(
    project: tuple[dict[str, str], Path],
) -> None:
    _, project_dir = project
    data = json.loads((project_dir / "livechat.config.json").read_text("utf-8"))
    assert list(data) == ["name", "widget", "auth"]
    assert data["name"] == "Acme Notes"
    assert list(data["auth"]) == ["clientType", "scopes", "redirectURI"]
    assert all(list(widget) == ["url", "placement"] for widget in data["widget"])
    # No appId, baseURL or clientId yet: bootstrap writes them.


def test_its_widgets_are_the_schemas_pages_with_allowed_placements(
    project: tuple[dict[str, str], Path],
) -> None:
    combination, project_dir = project
    widgets = registered(project_dir)["widget"]
    assert widgets == expected_widgets(combination)
    placements = [widget["placement"] for widget in widgets]
    assert set(placements) <= PLACEMENTS and len(set(placements)) == len(placements)
    for widget in widgets:
        parts = urlsplit(widget["url"])
        assert parts.scheme == "https" and "//" not in parts.path


def test_its_auth_block_is_a_browser_client_sent_back_to_the_page_that_signs_in(
    project: tuple[dict[str, str], Path],
) -> None:
    combination, project_dir = project
    auth = registered(project_dir)["auth"]
    # Every flavor holds the agent's token in the browser; none keeps a client secret. Basic
    # mode gets the block too: bootstrap writes auth.clientId back and fails without it.
    assert auth["clientType"] == "javascript_app"
    assert auth["redirectURI"] == [f"{BASE_URL}/"]
    assert set(auth["redirectURI"]) <= {widget["url"] for widget in expected_widgets(combination)}


def test_the_scopes_are_those_the_code_requests(project: tuple[dict[str, str], Path]) -> None:
    combination, project_dir = project
    scripts = [
        path
        for path in project_dir.rglob("*.js")
        if not {"vendor", "node_modules", "tests", "emulator"} & set(path.parts)
    ]
    texts = [path.read_text("utf-8") for path in scripts]
    if combination["auth"] == "sign-in":
        assert any("AccountsSDK" in text for text in texts), "no page signs in?"
    requested = sorted({scope for text in texts for scope in SCOPE_OPTION.findall(text)})
    assert registered(project_dir)["auth"]["scopes"] == requested == []


def test_the_static_site_has_a_file_for_every_widget_url(
    project: tuple[dict[str, str], Path],
) -> None:
    combination, project_dir = project
    if CONTEXT["_frameworks"][combination["framework"]]["server"]:
        # Servers: the generated suite requests each URL from the app (tests/test_manifest.py
        # or tests/manifest.test.js); here only that the suite is there to do it.
        assert {"tests/test_manifest.py", "tests/manifest.test.js"} & {
            path.relative_to(project_dir).as_posix() for path in project_dir.rglob("*")
        }
        return
    for widget in registered(project_dir)["widget"]:
        path = widget["url"].removeprefix(BASE_URL + "/") or "index.html"
        assert (project_dir / path).is_file(), widget["url"]


def test_the_readme_registers_it_with_the_pinned_cli(project: tuple[dict[str, str], Path]) -> None:
    _, project_dir = project
    readme = (project_dir / "README.md").read_text("utf-8")
    cli = f"npx {CLI['package']}@{CLI['version']}"
    assert f"{cli} login\n" in readme
    assert f"{cli} bootstrap --baseURL https://<where it is served>\n" in readme
    assert "Developers Console" in readme and "--install" in readme


# --- lcext doctor over a manifest ----------------------------------------------------------


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    """A server context for 127.0.0.1 and the CA file that trusts it."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return context, ca_file


def widgets_app() -> Routes:
    """Details at / and the message box widget at /messagebox, on the real vendored SDK."""
    routes = widget_routes("createDetailsWidget")
    routes[("GET", "/messagebox")] = Reply(body=widget_page(own=("static/messagebox.js",)))
    routes[("GET", "/static/messagebox.js")] = javascript(WIDGET_SCRIPT % "createMessageBoxWidget")
    return routes


def manifest_file(folder: Path, widgets: list[tuple[str, str]], redirect: str) -> Path:
    path = folder / "livechat.config.json"
    data = {
        "name": "Acme Notes",
        "widget": [{"url": url, "placement": placement} for url, placement in widgets],
        "auth": {"clientType": "javascript_app", "scopes": [], "redirectURI": [redirect]},
    }
    path.write_text(json.dumps(data), "utf-8")
    return path


def doctor_json(manifest: Path, base_url: str, ca_file: Path) -> tuple[int, dict[str, Any]]:
    args = ["doctor", base_url, "--manifest", str(manifest), "--ca-file", str(ca_file), "--json"]
    result = CliRunner().invoke(app, args)
    return result.exit_code, json.loads(result.stdout)


GOOD = [("%baseURL%/", "plugin"), ("%baseURL%/messagebox", "messagebox")]


def test_doctor_checks_every_widget_of_a_good_manifest(
    tls: tuple[ssl.SSLContext, Path], tmp_path: Path
) -> None:
    context, ca_file = tls
    with ExtensionServer(widgets_app(), context) as server:
        base = server.url.rstrip("/")
        code, report = doctor_json(manifest_file(tmp_path, GOOD, "%baseURL%/"), base, ca_file)
    assert code == 0, json.dumps(report, indent=1)
    assert [(w["url"], w["placement"], w["ok"]) for w in report["widgets"]] == [
        (f"{base}/", "plugin", True),
        (f"{base}/messagebox", "messagebox", True),
    ]
    assert [w["report"]["widget"]["factory"] for w in report["widgets"]] == [
        "createDetailsWidget",
        "createMessageBoxWidget",
    ]
    assert [check["status"] for check in report["redirect_uris"]] == ["pass"]


def test_doctor_fails_a_widget_url_that_is_not_there(
    tls: tuple[ssl.SSLContext, Path], tmp_path: Path
) -> None:
    context, ca_file = tls
    widgets = [*GOOD, ("%baseURL%/fullscreen", "fullscreen")]
    with ExtensionServer(widgets_app(), context) as server:
        manifest = manifest_file(tmp_path, widgets, "%baseURL%/")
        code, report = doctor_json(manifest, server.url.rstrip("/"), ca_file)
    assert code == 1
    missing = report["widgets"][2]
    assert not missing["ok"] and [w["ok"] for w in report["widgets"][:2]] == [True, True]
    page = next(check for check in missing["report"]["checks"] if check["check"] == "page")
    assert page["status"] == "fail" and "404" in page["message"] and page["fix"]


def test_doctor_fails_a_placement_the_page_is_not(
    tls: tuple[ssl.SSLContext, Path], tmp_path: Path
) -> None:
    context, ca_file = tls
    widgets = [("%baseURL%/", "plugin"), ("%baseURL%/messagebox", "fullscreen")]
    with ExtensionServer(widgets_app(), context) as server:
        manifest = manifest_file(tmp_path, widgets, "%baseURL%/")
        code, report = doctor_json(manifest, server.url.rstrip("/"), ca_file)
    assert code == 1
    check = report["widgets"][1]["placement_check"]
    assert check["status"] == "fail"
    assert "createMessageBoxWidget" in check["message"]
    assert check["fix"].startswith('set "placement": "messagebox" for this widget')


def test_doctor_fails_a_redirect_uri_that_is_not_https(
    tls: tuple[ssl.SSLContext, Path], tmp_path: Path
) -> None:
    context, ca_file = tls
    with ExtensionServer(widgets_app(), context) as server:
        manifest = manifest_file(tmp_path, GOOD, "http://127.0.0.1:1/")
        code, report = doctor_json(manifest, server.url.rstrip("/"), ca_file)
    assert code == 1 and all(widget["ok"] for widget in report["widgets"])
    [check] = report["redirect_uris"]
    assert check["status"] == "fail" and "not an https URL" in check["message"]
    assert check["fix"].startswith('use https://127.0.0.1:1/ in "redirectURI"')


def test_doctor_needs_a_base_url_for_a_manifest_that_uses_one(tmp_path: Path) -> None:
    manifest = manifest_file(tmp_path, GOOD, "%baseURL%/")
    result = CliRunner().invoke(app, ["doctor", "", "--manifest", str(manifest)])
    assert result.exit_code != 0 and "Traceback" not in result.output
