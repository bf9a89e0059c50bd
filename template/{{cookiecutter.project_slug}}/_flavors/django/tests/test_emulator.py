{%- if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
"""The Agent App emulator and postmessage's parent side: served in development, absent in
production.

The browser tests drive the emulator; these check what the server sends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

PROJECT = Path(__file__).resolve().parent.parent
EMULATOR_FILES = {
    "/emulator/": "text/html",
    "/emulator/emulator.js": "text/javascript",
    "/emulator/emulator.css": "text/css",
    "/emulator/customers.json": "application/json",
    # The parent side of LiveChat's postmessage, which the Agent App runs too.
    "/emulator/postmessage.js": "text/javascript",
}
# The widgets' pages.
PAGES = [{% for widget in cookiecutter._livechat.widgets %}"/{{ widget.path }}"{{ ", " if not loop.last else "" }}{% endfor %}]
PRODUCTION = {
    "ENVIRONMENT": "production",
    "SESSION_SECRET": "a-production-secret-that-is-long-and-random-enough-0123456789",
    "ALLOWED_HOSTS": "extension.example",
}


def frame_ancestors(policy: str) -> list[str]:
    for directive in policy.split(";"):
        name, *sources = directive.split()
        if name == "frame-ancestors":
            return sources
    raise AssertionError(f"no frame-ancestors in {policy!r}")


@pytest.mark.parametrize(("path", "content_type"), EMULATOR_FILES.items())
def test_development_serves_the_emulator(client: Client, path: str, content_type: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.content.strip()


@pytest.mark.parametrize("page", PAGES)
def test_the_emulator_may_frame_the_pages_and_nothing_may_frame_it(
    client: Client, page: str
) -> None:
    emulator_policy = client.get("/emulator/")["Content-Security-Policy"]
    assert "frame-src 'self'" in emulator_policy
    assert frame_ancestors(emulator_policy) == ["'none'"]
    assert "'self'" in frame_ancestors(client.get(page)["Content-Security-Policy"])


def test_without_the_emulator_setting_nothing_of_it_is_served(
    client: Client, settings: Settings
) -> None:
    settings.AGENT_APP_EMULATOR = False
    for path in EMULATOR_FILES:
        assert client.get(path).status_code == 404, path


PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.test import Client
client = Client(SERVER_NAME="extension.example")
answers = {}
for path in %r:
    response = client.get(path)
    answers[path] = {
        "status": response.status_code,
        "policy": response.get("Content-Security-Policy", ""),
    }
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def production_answers() -> dict[str, dict[str, object]]:
    """What the project answers with ENVIRONMENT=production, in a process of its own."""
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE % ([*EMULATOR_FILES, *PAGES],)],
        cwd=PROJECT,
        env={**os.environ, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_production_serves_no_emulator(production_answers: dict[str, dict[str, object]]) -> None:
    for path in EMULATOR_FILES:
        assert production_answers[path]["status"] == 404, path


@pytest.mark.parametrize("page", PAGES)
def test_in_production_only_the_agent_app_frames_the_pages(
    production_answers: dict[str, dict[str, object]], page: str
) -> None:
    answer = production_answers[page]
    assert answer["status"] == 200
    # No emulator on this site to frame them.
    assert "'self'" not in frame_ancestors(str(answer["policy"]))
{%- else -%}
"""The Agent App emulator and LiveChat's stand-ins: served in development, absent in production.

The browser tests (test_browser.py) drive the emulator; these check what the server sends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

PROJECT = Path(__file__).resolve().parent.parent
LIBRARY_JS = "{{ cookiecutter._livechat.extension_library_js }}"
{%- if cookiecutter.auth == "sign-in" %}
ACCOUNTS_SDK_JS = "{{ cookiecutter._livechat.accounts_sdk_js }}"
LIVECHAT_SCRIPTS = [LIBRARY_JS, ACCOUNTS_SDK_JS]
STAND_INS = ["emulator/livechat.js", "emulator/accounts-sdk.js"]
{%- else %}
LIVECHAT_SCRIPTS = [LIBRARY_JS]
STAND_INS = ["emulator/livechat.js"]
{%- endif %}
EMULATOR_FILES = {
    "/emulator/": "text/html",
    "/emulator/emulator.js": "text/javascript",
    "/emulator/emulator.css": "text/css",
    "/emulator/customers.json": "application/json",
    "/emulator/livechat.js": "text/javascript",
{%- if cookiecutter.auth == "sign-in" %}
    "/emulator/accounts-sdk.js": "text/javascript",
{%- endif %}
}
PRODUCTION = {
    "ENVIRONMENT": "production",
    "SESSION_SECRET": "a-production-secret-that-is-long-and-random-enough-0123456789",
    "ALLOWED_HOSTS": "extension.example",
}


class Scripts(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        source = dict(attrs).get("src")
        if tag == "script" and source:
            self.sources.append(source)


def scripts_of(html: str) -> list[str]:
    """The page's scripts other than its own."""
    return [source for source in Scripts(html).sources if source != "static/extension.js"]


def frame_ancestors(policy: str) -> list[str]:
    for directive in policy.split(";"):
        name, *sources = directive.split()
        if name == "frame-ancestors":
            return sources
    raise AssertionError(f"no frame-ancestors in {policy!r}")


@pytest.mark.parametrize(("path", "content_type"), EMULATOR_FILES.items())
def test_development_serves_the_emulator(client: Client, path: str, content_type: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.content.strip()


def test_the_emulator_frames_the_page_with_a_plugin_id(client: Client) -> None:
    html = client.get("/emulator/").content.decode()
    assert 'src="../?plugin_id=lcext-emulator&amp;lcext_emulator=1"' in html


def test_the_emulator_may_frame_this_site_and_be_framed_by_it(client: Client) -> None:
    emulator_policy = client.get("/emulator/")["Content-Security-Policy"]
    assert "frame-src 'self'" in emulator_policy
    assert "'self'" in frame_ancestors(client.get("/")["Content-Security-Policy"])


def test_the_page_loads_livechat_scripts_unless_the_emulator_frames_it(client: Client) -> None:
    assert scripts_of(client.get("/").content.decode()) == LIVECHAT_SCRIPTS
    assert scripts_of(client.get("/?lcext_emulator=0").content.decode()) == LIVECHAT_SCRIPTS
    framed = client.get("/?plugin_id=lcext-emulator&lcext_emulator=1").content.decode()
    assert scripts_of(framed) == STAND_INS


def test_without_the_emulator_setting_nothing_of_it_is_served(
    client: Client, settings: Settings
) -> None:
    settings.AGENT_APP_EMULATOR = False
    for path in EMULATOR_FILES:
        assert client.get(path).status_code == 404, path
    html = client.get("/?lcext_emulator=1").content.decode()
    assert scripts_of(html) == LIVECHAT_SCRIPTS


PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.test import Client
client = Client(SERVER_NAME="extension.example")
answers = {}
for path in %r:
    response = client.get(path)
    answers[path] = {
        "status": response.status_code,
        "html": response.content.decode(),
        "policy": response.get("Content-Security-Policy", ""),
    }
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def production_answers() -> dict[str, dict[str, object]]:
    """What the project answers with ENVIRONMENT=production, in a process of its own."""
    paths = [
        *EMULATOR_FILES,
        "/emulator/accounts-sdk.js",
        "/",
        "/?plugin_id=lcext-emulator&lcext_emulator=1",
    ]
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE % (paths,)],
        cwd=PROJECT,
        env={**os.environ, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_production_serves_no_emulator(production_answers: dict[str, dict[str, object]]) -> None:
    for path, answer in production_answers.items():
        if path.startswith("/emulator/"):
            assert answer["status"] == 404, path


@pytest.mark.parametrize("query", ["", "?plugin_id=lcext-emulator&lcext_emulator=1"])
def test_production_pages_load_livechat_scripts_only(
    production_answers: dict[str, dict[str, object]], query: str
) -> None:
    answer = production_answers[f"/{query}"]
    assert answer["status"] == 200
    html = str(answer["html"])
    assert scripts_of(html) == LIVECHAT_SCRIPTS
    assert "emulator/" not in html
    # Only the Agent App may frame the page: no emulator on this site.
    assert "'self'" not in frame_ancestors(str(answer["policy"]))
{%- endif %}
