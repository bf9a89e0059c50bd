"""``lcext doctor``: HTTPS servers on 127.0.0.1, each broken in one way, and generated projects.

Servers get certificates from a test CA (trustme) that doctor is told to trust with --ca-file,
as a user would for a development CA. Nothing leaves 127.0.0.1: LiveChat's library is only
checked by its URL in the page, never fetched.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import importlib.util
import json
import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme
from doctor_servers import (
    AGENT_APP,
    LIBRARY_JS,
    WIDGET_SCRIPT,
    WIDGETS_SDK,
    WIDGETS_SDK_SRC,
    ExtensionServer,
    Reply,
    Request,
    Routes,
    basic_routes,
    closed_port_url,
    cors_headers,
    javascript,
    json_reply,
    page,
    preflight_ok,
    self_signed_context,
    sign_in_routes,
    silent_port,
    widget_page,
    widget_routes,
)
from typer.testing import CliRunner

from conftest import TEMPLATE, combination_id
from lcext.app import app
from lcext.doctor import CHECKS, framing, run_doctor
from lcext.doctor.authorize import authorize_url
from lcext.doctor.scripts import find_factory_uses, find_init_calls
from lcext.doctor.sdk import is_sdk_code
from lcext.doctor.target import load_livechat
from lcext.errors import InvalidOptionError
from lcext.generate import Answers, render_project
from lcext.options import load_schema

OTHER_AGENT_APP = "https://my.livechat.com"
ALL_PASS = dict.fromkeys(CHECKS, "pass")


# --- servers and running doctor ------------------------------------------------------------


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "test-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="session")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


ServeFn = Callable[..., ExtensionServer]


@pytest.fixture
def serve(server_tls: ssl.SSLContext) -> Iterator[ServeFn]:
    """Start servers for one test; all of them stop when the test ends."""
    with ExitStack() as stack:

        def start(routes: Routes, tls: ssl.SSLContext | str | None = "test-ca") -> ExtensionServer:
            context = server_tls if tls == "test-ca" else tls
            assert not isinstance(context, str)
            return stack.enter_context(ExtensionServer(routes, context))

        yield start


@dataclass
class Outcome:
    exit_code: int
    report: dict[str, Any]
    stderr: str = ""
    checks: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.checks = {check["check"]: check for check in self.report["checks"]}

    def status(self, check: str) -> str:
        return str(self.checks[check]["status"])

    def message(self, check: str) -> str:
        return str(self.checks[check]["message"])

    def fix(self, check: str) -> str:
        return str(self.checks[check]["fix"])

    def statuses(self) -> dict[str, str]:
        return {name: check["status"] for name, check in self.checks.items()}


DoctorFn = Callable[..., Outcome]


@pytest.fixture
def doctor(runner: CliRunner, ca_file: Path) -> DoctorFn:
    """Run ``lcext doctor URL --json`` in-process and parse what it prints."""

    def run(url: str, *args: str, trust: bool = True, env: dict[str, str] | None = None) -> Outcome:
        trusted = ["--ca-file", str(ca_file)] if trust else []
        result = runner.invoke(
            app, ["doctor", url, "--json", "--timeout", "5", *trusted, *args], env=env
        )
        # Findings, never tracebacks: Typer's exit is the only exception allowed out.
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1), result.output
        assert result.stderr == ""
        return Outcome(result.exit_code, json.loads(result.stdout))

    return run


def assert_only_failure(outcome: Outcome, check: str, *words: str) -> None:
    """``check`` fails with a message containing ``words`` and a fix; nothing else fails."""
    assert outcome.exit_code == 1
    assert outcome.status(check) == "fail", outcome.checks[check]
    for word in words:
        assert word in outcome.message(check), outcome.message(check)
    assert outcome.fix(check)
    failing = [name for name, status in outcome.statuses().items() if status == "fail"]
    assert failing == [check], outcome.report


def with_route(routes: Routes, method: str, path: str, route: Reply | Any) -> Routes:
    return {**routes, (method, path): route}


# --- well-behaved extensions pass ----------------------------------------------------------


def test_a_working_basic_extension_passes_every_check(serve: ServeFn, doctor: DoctorFn) -> None:
    server = serve(basic_routes())
    outcome = doctor(server.url)
    assert outcome.exit_code == 0
    assert outcome.statuses() == {**ALL_PASS, "browser": "skip"}
    assert "add --browser" in outcome.message("browser")
    assert outcome.report["auth"] == "basic"
    assert outcome.report["auth_reason"].startswith("detected")
    assert "static/extension.js" in outcome.message("init")
    assert "session_id" in outcome.message("authorize")
    # The dummy login and both Agent App origins' preflights reached the server.
    posts = [r for r in server.requests if r.method == "POST"]
    assert [r.path for r in posts] == ["/authorize/"]
    assert json.loads(posts[0].body)["login"]
    preflights = [r.headers["origin"] for r in server.requests if r.method == "OPTIONS"]
    assert preflights == [AGENT_APP, OTHER_AGENT_APP]


def test_a_working_sign_in_extension_passes_and_skips_authorize(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    server = serve(sign_in_routes())
    outcome = doctor(server.url)
    assert outcome.exit_code == 0
    assert outcome.report["auth"] == "sign-in"
    assert "authorization off" in outcome.report["auth_reason"]
    assert outcome.statuses() == {
        **ALL_PASS,
        "authorize": "skip",
        "cors": "skip",
        "browser": "skip",
    }
    assert "sign-in mode" in outcome.message("authorize")
    assert not [r for r in server.requests if r.path.startswith("/authorize")]


def test_json_output_describes_every_check(serve: ServeFn, doctor: DoctorFn) -> None:
    outcome = doctor(serve(basic_routes()).url)
    report = outcome.report
    assert set(report) == {
        "url",
        "sdk",
        "sdk_reason",
        "placement",
        "widget",
        "auth",
        "auth_reason",
        "ok",
        "counts",
        "checks",
    }
    assert report["ok"] is True
    # A 2017 extension page lives in Chat Details: placement "plugin", and it is no widget.
    assert report["sdk"] == "extension-library"
    assert report["sdk_reason"] == "detected: the page loads LiveChat's extension library"
    assert report["placement"] == "plugin"
    assert report["widget"] is None
    # The browser check runs only with --browser.
    assert report["counts"] == {"pass": len(CHECKS) - 1, "warn": 0, "fail": 0, "skip": 1}
    assert [check["check"] for check in report["checks"]] == list(CHECKS)
    for check in report["checks"]:
        assert set(check) == {"check", "title", "status", "message", "fix"}
        assert check["title"] == CHECKS[check["check"]]
        assert check["fix"] is None  # passing (and skipped) checks need no fix


def test_text_output_has_one_line_per_check_and_the_fix(
    serve: ServeFn, runner: CliRunner, ca_file: Path
) -> None:
    routes = basic_routes()
    routes[("GET", "/")] = Reply(body=page(), headers={"X-Frame-Options": "DENY"})
    server = serve(routes)
    result = runner.invoke(app, ["doctor", server.url, "--ca-file", str(ca_file)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"lcext doctor {server.url}"
    assert (
        lines[1] == "sdk: extension-library (detected: the page loads LiveChat's extension library)"
    )
    assert lines[2].startswith("auth mode: basic (detected")
    for check in CHECKS:
        statuses = (["pass", check], ["fail", check], ["skip", check])
        assert any(line.split()[:2] in statuses for line in lines)
    frame = next(index for index, line in enumerate(lines) if line.startswith("fail  frame"))
    assert "X-Frame-Options: DENY" in lines[frame]
    assert lines[frame + 1].strip().startswith("fix: remove the X-Frame-Options header")
    assert lines[-1] == "1 failed, 0 warned, 7 passed, 1 skipped"


# --- HTTPS ---------------------------------------------------------------------------------


def test_plain_http_fails_and_the_other_checks_still_run(serve: ServeFn, doctor: DoctorFn) -> None:
    server = serve(basic_routes(), tls=None)
    outcome = doctor(server.url)
    assert_only_failure(outcome, "https", "plain HTTP", "mixed content")
    assert outcome.status("page") == "pass"
    assert outcome.status("authorize") == "pass"


def test_a_self_signed_certificate_fails(serve: ServeFn, doctor: DoctorFn, tmp_path: Path) -> None:
    server = serve(basic_routes(), tls=self_signed_context(tmp_path))
    outcome = doctor(server.url)
    assert outcome.exit_code == 1
    assert outcome.status("https") == "fail"
    assert "self-signed certificate" in outcome.message("https")
    assert "--insecure" in outcome.fix("https")
    assert outcome.status("page") == "skip"


def test_insecure_accepts_a_self_signed_certificate_with_a_warning(
    serve: ServeFn, doctor: DoctorFn, tmp_path: Path
) -> None:
    server = serve(basic_routes(), tls=self_signed_context(tmp_path))
    outcome = doctor(server.url, "--insecure")
    assert outcome.exit_code == 0
    assert outcome.status("https") == "warn"
    assert "self-signed certificate" in outcome.message("https")
    assert "--insecure" in outcome.message("https")
    assert outcome.statuses() == {**ALL_PASS, "https": "warn", "browser": "skip"}


def test_a_certificate_from_an_unknown_ca_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    outcome = doctor(serve(basic_routes()).url, trust=False)
    assert outcome.status("https") == "fail"
    assert "unable to get local issuer certificate" in outcome.message("https")
    assert "--ca-file" in outcome.fix("https")


def test_ssl_cert_file_trusts_a_ca_too(serve: ServeFn, doctor: DoctorFn, ca_file: Path) -> None:
    outcome = doctor(serve(basic_routes()).url, trust=False, env={"SSL_CERT_FILE": str(ca_file)})
    assert outcome.exit_code == 0
    assert outcome.status("https") == "pass"


def test_an_https_url_to_a_plain_http_port_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    server = serve(basic_routes(), tls=None)
    outcome = doctor(server.url.replace("http://", "https://"))
    assert outcome.status("https") == "fail"
    assert "does not speak TLS" in outcome.message("https")


def test_a_redirect_to_plain_http_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    plain = serve(basic_routes(), tls=None)
    server = serve({("GET", "/"): Reply(302, "", None, {"Location": plain.url})})
    outcome = doctor(server.url)
    assert outcome.status("https") == "fail"
    assert "redirects to plain HTTP" in outcome.message("https")


# --- network errors, timeouts, redirects and answers that are not a page -------------------


def test_a_refused_connection_is_a_finding(doctor: DoctorFn) -> None:
    outcome = doctor(closed_port_url())
    assert outcome.exit_code == 1
    assert outcome.status("https") == "fail"
    assert "connection refused" in outcome.message("https")
    assert {outcome.status(check) for check in CHECKS if check != "https"} == {"skip"}
    assert outcome.report["auth"] is None


def test_a_server_that_never_answers_times_out(doctor: DoctorFn) -> None:
    with silent_port() as url:
        started = time.monotonic()
        outcome = doctor(url, "--timeout", "0.5")
        assert time.monotonic() - started < 5
    assert outcome.status("https") == "fail"
    assert "no answer within 0.5 s" in outcome.message("https")
    assert "--timeout" in outcome.fix("https")


def test_a_redirect_loop_is_a_finding(serve: ServeFn, doctor: DoctorFn) -> None:
    server = serve(
        {
            ("GET", "/"): Reply(302, "", None, {"Location": "/a"}),
            ("GET", "/a"): Reply(301, "", None, {"Location": "/b"}),
            ("GET", "/b"): Reply(307, "", None, {"Location": "/a"}),
        }
    )
    outcome = doctor(server.url)
    assert outcome.status("https") == "pass"
    assert outcome.status("page") == "fail"
    assert "redirect loop" in outcome.message("page")
    assert f"{server.url}a -> {server.url}b -> {server.url}a" in outcome.message("page")


def test_a_redirect_to_an_address_that_is_not_web_is_a_finding(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    server = serve({("GET", "/"): Reply(302, "", None, {"Location": "ftp://127.0.0.1/x"})})
    outcome = doctor(server.url)
    assert outcome.status("page") == "fail"
    assert "redirects to 'ftp://127.0.0.1/x', which is not an http:// or https:// address" in (
        outcome.message("page")
    )


def test_a_redirect_to_the_page_is_followed(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = with_route(basic_routes(), "GET", "/ext", Reply(308, "", None, {"Location": "/"}))
    server = serve(routes)
    outcome = doctor(f"{server.url}ext", "--auth", "sign-in")
    assert outcome.status("page") == "pass"
    assert f"redirected to {server.url}" in outcome.message("page")


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (json_reply(200, {"hello": "world"}), ["application/json, not an HTML page"]),
        (Reply(200, "plain", "text/plain"), ["text/plain, not an HTML page"]),
        (Reply(200, "<html></html>", None), ["no Content-Type, not an HTML page"]),
        (Reply(404, "<h1>Not found</h1>"), ["answers 404 Not Found"]),
        (Reply(500, "<h1>Oops</h1>"), ["answers 500 Internal Server Error"]),
    ],
    ids=["json", "text", "no-content-type", "404", "500"],
)
def test_an_answer_that_is_not_the_page_fails(
    serve: ServeFn, doctor: DoctorFn, reply: Reply, words: list[str]
) -> None:
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert outcome.status("page") == "fail"
    for word in words:
        assert word in outcome.message("page")
    for check in ("frame", "library", "init", "mixed-content", "authorize", "cors"):
        assert outcome.status(check) == "skip"


# --- framing -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["SAMEORIGIN", "DENY"])
def test_x_frame_options_fails(serve: ServeFn, doctor: DoctorFn, value: str) -> None:
    reply = Reply(body=page(), headers={"X-Frame-Options": value})
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert_only_failure(outcome, "frame", f"X-Frame-Options: {value}")
    assert "frame-ancestors https://my.livechatinc.com https://my.livechat.com" in outcome.fix(
        "frame"
    )


@pytest.mark.parametrize(
    ("policy", "status"),
    [
        ("frame-ancestors 'self'", "fail"),
        ("frame-ancestors 'none'", "fail"),
        ("default-src 'self'; frame-ancestors https://example.com", "fail"),
        ("frame-ancestors http://my.livechatinc.com:8080", "fail"),
        ("frame-ancestors https://my.livechatinc.com", "warn"),
        ("frame-ancestors https://my.livechatinc.com https://my.livechat.com", "pass"),
        ("frame-ancestors https://*.livechatinc.com https://*.livechat.com", "pass"),
        ("frame-ancestors my.livechatinc.com my.livechat.com", "pass"),
        ("frame-ancestors https:", "pass"),
        ("frame-ancestors *", "pass"),
        ("default-src 'self'", "pass"),
    ],
)
def test_frame_ancestors(serve: ServeFn, doctor: DoctorFn, policy: str, status: str) -> None:
    reply = Reply(body=page(), headers={"Content-Security-Policy": policy})
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert outcome.status("frame") == status, outcome.checks["frame"]
    if status == "fail":
        assert_only_failure(outcome, "frame", "does not admit https://my.livechatinc.com")
    if status == "warn":
        assert outcome.exit_code == 0
        assert "does not admit https://my.livechat.com" in outcome.message("frame")


def test_every_policy_must_admit_the_agent_app(serve: ServeFn, doctor: DoctorFn) -> None:
    headers = {"Content-Security-Policy": "frame-ancestors *, frame-ancestors 'self'"}
    reply = Reply(body=page(), headers=headers)
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert_only_failure(outcome, "frame", "* and 'self'")


def test_x_frame_options_beside_frame_ancestors_is_a_warning(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    headers = {
        "X-Frame-Options": "SAMEORIGIN",
        "Content-Security-Policy": "frame-ancestors https://my.livechatinc.com https://my.livechat.com",
    }
    outcome = doctor(
        serve(with_route(basic_routes(), "GET", "/", Reply(body=page(), headers=headers))).url
    )
    assert outcome.exit_code == 0
    assert outcome.status("frame") == "warn"
    assert "browsers ignore it" in outcome.message("frame")


def test_origin_adds_an_agent_app_origin_to_check(serve: ServeFn, doctor: DoctorFn) -> None:
    policy = "frame-ancestors https://my.livechatinc.com https://my.livechat.com"
    reply = Reply(body=page(), headers={"Content-Security-Policy": policy})
    server = serve(with_route(basic_routes(), "GET", "/", reply))
    assert doctor(server.url).exit_code == 0
    outcome = doctor(server.url, "--origin", "https://agents.example.com")
    assert outcome.status("frame") == "fail"
    assert "does not admit https://agents.example.com" in outcome.message("frame")
    # The extra origin is checked for CORS too: the test server only allows LiveChat's.
    assert outcome.status("cors") == "fail"
    assert "https://agents.example.com is refused" in outcome.message("cors")


@pytest.mark.parametrize(
    ("sources", "origin", "admitted"),
    [
        (["https://my.livechatinc.com"], "https://my.livechatinc.com", True),
        (["https://my.livechatinc.com:443"], "https://my.livechatinc.com", True),
        (["https://my.livechatinc.com:*"], "https://my.livechatinc.com", True),
        (["https://my.livechatinc.com/some/path"], "https://my.livechatinc.com", True),
        (["HTTPS://MY.LIVECHATINC.COM"], "https://my.livechatinc.com", True),
        (["http://my.livechatinc.com"], "https://my.livechatinc.com", True),
        (["http:"], "https://my.livechatinc.com", True),
        (["*.livechatinc.com"], "https://my.livechatinc.com", True),
        (["*.livechatinc.com"], "https://livechatinc.com", False),
        (["https://my.livechatinc.com"], "https://my.livechatinc.com.evil.example", False),
        (["https://evilmy.livechatinc.com"], "https://my.livechatinc.com", False),
        (["'self'"], "https://ext.example.com", True),
        (["'self'"], "https://my.livechatinc.com", False),
        (["'none'"], "https://my.livechatinc.com", False),
        (["'unsafe-inline'"], "https://my.livechatinc.com", False),
        ([], "https://my.livechatinc.com", False),
    ],
)
def test_frame_ancestors_source_matching(sources: list[str], origin: str, admitted: bool) -> None:
    assert framing.admits([sources], origin, "https://ext.example.com/") is admitted


# --- the library, init and the auth mode ---------------------------------------------------


def test_a_page_without_the_library_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    reply = Reply(body=page(library=False))
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert_only_failure(outcome, "library", LIBRARY_JS)
    assert f'<script src="{LIBRARY_JS}"></script>' in outcome.fix("library")


def test_a_page_without_the_stylesheet_is_a_warning(serve: ServeFn, doctor: DoctorFn) -> None:
    reply = Reply(body=page(stylesheet=False))
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert outcome.exit_code == 0
    assert outcome.status("library") == "warn"
    assert "stylesheet" in outcome.message("library")


def test_no_init_call_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    # LiveChat.init appears only in a comment, a string and the page's HTML comment.
    script = '// LiveChat.init() is called below\nconsole.log("LiveChat.init() pending");\n'
    outcome = doctor(serve(basic_routes(script)).url)
    assert_only_failure(outcome, "init", "never call LiveChat.init()", "never stops spinning")
    assert outcome.fix("init") == "call LiveChat.init() once the page has loaded"


def test_an_init_call_in_an_inline_script_counts(serve: ServeFn, doctor: DoctorFn) -> None:
    reply = Reply(body=page(script_src=None, body="<script>LiveChat.init();</script>"))
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert outcome.exit_code == 0
    assert "inline script" in outcome.message("init")


def test_a_script_that_cannot_be_read_is_named(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = basic_routes()
    del routes[("GET", "/static/extension.js")]
    outcome = doctor(serve(routes).url)
    assert_only_failure(outcome, "init", "not read: static/extension.js (answered 404 Not Found)")


def test_a_sign_in_page_without_the_flag_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    script = 'LiveChat.init();\nAccountsSDK.init({ client_id: "c", onIdentityFetched() {} });\n'
    outcome = doctor(serve(sign_in_routes(script)).url)
    assert outcome.report["auth"] == "sign-in"
    assert "accounts SDK" in outcome.report["auth_reason"]
    assert_only_failure(outcome, "init", "leaves LiveChat's authorization on")
    assert "LiveChat.init({ authorize: false, authorization: false })" in outcome.fix("init")


def test_auth_sign_in_checks_a_page_for_the_flag(serve: ServeFn, doctor: DoctorFn) -> None:
    outcome = doctor(serve(basic_routes()).url, "--auth", "sign-in")
    assert outcome.report["auth"] == "sign-in"
    assert outcome.report["auth_reason"] == "given with --auth"
    assert_only_failure(outcome, "init", "sign-in mode")


def test_auth_basic_with_authorization_off_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = sign_in_routes()
    routes.update({k: v for k, v in basic_routes().items() if k[1] == "/authorize/"})
    outcome = doctor(serve(routes).url, "--auth", "basic")
    assert_only_failure(outcome, "init", "never POSTs to /authorize/")


def test_only_the_authorization_key_is_a_warning(serve: ServeFn, doctor: DoctorFn) -> None:
    outcome = doctor(serve(sign_in_routes("LiveChat.init({ authorization: false });")).url)
    assert outcome.exit_code == 0
    assert outcome.status("init") == "warn"
    assert "authorize: false, authorization: false" in outcome.fix("init")


def test_minified_sign_in_code_is_understood(serve: ServeFn, doctor: DoctorFn) -> None:
    reply = Reply(body=page(script_src="app.min.js"))
    routes = {
        ("GET", "/"): reply,
        ("GET", "/app.min.js"): javascript(
            "!function(){var e=/[\"']/;LiveChat.init({authorize:!1})}();"
        ),
    }
    outcome = doctor(serve(routes).url)
    assert outcome.report["auth"] == "sign-in"
    assert outcome.status("init") == "pass"


def test_scripts_of_other_origins_are_not_fetched(serve: ServeFn, doctor: DoctorFn) -> None:
    other = serve({("GET", "/x.js"): javascript("LiveChat.init();")})
    reply = Reply(body=page(script_src=f"{other.url}x.js"))
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert outcome.status("init") == "fail"
    assert other.requests == []


@pytest.mark.parametrize(
    ("code", "calls", "keys_off"),
    [
        ("LiveChat.init();", 1, set()),
        ("window.LiveChat.init()", 1, set()),
        ("myLiveChat.init()", 0, set()),
        ("// LiveChat.init();", 0, set()),
        ("/* LiveChat.init()\n */", 0, set()),
        ("alert('LiveChat.init() first')", 0, set()),
        ("`${x} LiveChat.init()`", 0, set()),
        ("const re = /[\"'`]/; LiveChat.init();", 1, set()),
        ("LiveChat.init({ authorize: false /* ) */ })", 1, {"authorize"}),
        (
            'LiveChat.init({"authorization": false, "authorize": false})',
            1,
            {"authorize", "authorization"},
        ),
        ("LiveChat.init({authorize:!1})", 1, {"authorize"}),
        ("LiveChat.init({ authorize: falsey })", 1, set()),
        ("LiveChat.init({ authorize: true })", 1, set()),
        ("const o = { authorize: false }; LiveChat.init(o);", 1, {"authorize"}),
    ],
)
def test_finding_init_calls(code: str, calls: int, keys_off: set[str]) -> None:
    found = find_init_calls(code)
    assert len(found) == calls
    if found:
        assert set(found[0].keys_off) == keys_off


# --- mixed content -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ('<script src="http://127.0.0.1:9/tracker.js"></script>', "<script src> http://"),
        ('<link rel="stylesheet" href="http://127.0.0.1:9/x.css">', "<link href> http://"),
        ('<img src="http://127.0.0.1:9/logo.png">', "<img src> http://"),
        ('<img srcset="/a.png 1x, http://127.0.0.1:9/b.png 2x">', "<img srcset> http://"),
        ('<iframe src="http://127.0.0.1:9/"></iframe>', "<iframe src> http://"),
        ('<base href="http://127.0.0.1:9/">', "<base href> http://"),
    ],
    ids=["script", "stylesheet", "img", "srcset", "iframe", "base"],
)
def test_mixed_content_fails(serve: ServeFn, doctor: DoctorFn, extra: str, named: str) -> None:
    reply = Reply(body=page(head=extra))
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url, "--auth", "basic")
    assert outcome.status("mixed-content") == "fail"
    assert named in outcome.message("mixed-content")
    assert "Agent App blocks" in outcome.message("mixed-content")


def test_links_to_http_pages_are_not_mixed_content(serve: ServeFn, doctor: DoctorFn) -> None:
    reply = Reply(body=page(body='<a href="http://127.0.0.1:9/help">help</a>'))
    outcome = doctor(serve(with_route(basic_routes(), "GET", "/", reply)).url)
    assert outcome.status("mixed-content") == "pass"


# --- /authorize/ and CORS (basic mode) -----------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(200, "<html>Welcome</html>"), ["text/html, not JSON"]),
        (Reply(500, "Internal Server Error", "text/plain"), ["answers 500 Internal Server Error"]),
        (json_reply(500, {"detail": "boom"}), ["answers 500"]),
        (Reply(302, "", None, {"Location": "/login"}), ["302 Found to /login", "loses its body"]),
        (Reply(200, "{not json", "application/json"), ["not JSON"]),
        (json_reply(200, {"ok": True}), ["no session_id"]),
        (json_reply(404, {"detail": "Not Found"}), ["404 Not Found", "no /authorize/ endpoint"]),
        (json_reply(405, {"detail": "Method Not Allowed"}), ["no /authorize/ endpoint"]),
    ],
    ids=["html", "500-text", "500-json", "redirect", "bad-json", "no-session", "404", "405"],
)
def test_a_broken_authorize_fails(
    serve: ServeFn, doctor: DoctorFn, reply: Reply, words: list[str]
) -> None:
    def answer(request: Request) -> Reply:
        return Reply(
            reply.status, reply.body, reply.content_type, reply.headers | cors_headers(request)
        )

    server = serve(with_route(basic_routes(), "POST", "/authorize/", answer))
    outcome = doctor(server.url)
    assert_only_failure(outcome, "authorize", *words)
    assert outcome.message("authorize").startswith(f"POST {server.url}authorize/")


def test_a_missing_authorize_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = basic_routes()
    del routes[("POST", "/authorize/")]
    outcome = doctor(serve(routes).url)
    assert outcome.status("authorize") == "fail"
    assert "no /authorize/ endpoint" in outcome.message("authorize")
    assert "authorize: false" in outcome.fix("authorize")


def test_an_unreachable_verifier_is_a_warning(serve: ServeFn, doctor: DoctorFn) -> None:
    def unavailable(request: Request) -> Reply:
        return json_reply(
            503, {"detail": "LiveChat's API could not be reached"}, cors_headers(request)
        )

    outcome = doctor(serve(with_route(basic_routes(), "POST", "/authorize/", unavailable)).url)
    assert outcome.exit_code == 0
    assert outcome.status("authorize") == "warn"
    assert "503" in outcome.message("authorize")
    assert "LIVECHAT_API_URL" in outcome.fix("authorize")


def test_a_clean_rejection_passes(serve: ServeFn, doctor: DoctorFn) -> None:
    def reject(request: Request) -> Reply:
        return json_reply(401, {"detail": "unknown agent"}, cors_headers(request))

    outcome = doctor(serve(with_route(basic_routes(), "POST", "/authorize/", reject)).url)
    assert outcome.exit_code == 0
    assert "rejects a dummy login with 401" in outcome.message("authorize")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "/authorize/"),
        ("/ext/", "/ext/authorize/"),
        ("/ext", "/ext/authorize/"),
        ("/ext/index.html", "/ext/authorize/"),
    ],
)
def test_authorize_url_is_below_the_extension(path: str, expected: str) -> None:
    base = "https://example.com"
    assert authorize_url(f"{base}{path}?plugin_id=1") == f"{base}{expected}"


def test_authorize_below_a_path(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = {(method, f"/ext{path}"): route for (method, path), route in basic_routes().items()}
    outcome = doctor(f"{serve(routes).url}ext/")
    assert outcome.exit_code == 0, outcome.report


@pytest.mark.parametrize(
    ("preflight", "words"),
    [
        (None, ["preflight answers 404"]),
        (
            Reply(204, "", None, {"Access-Control-Allow-Origin": "https://example.com"}),
            ["allows the origin https://example.com"],
        ),
        (
            lambda request: Reply(204, "", None, cors_headers(request)),
            ["Access-Control-Allow-Headers lacks Content-Type"],
        ),
        (
            lambda request: Reply(
                204,
                "",
                None,
                cors_headers(request)
                | {"Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "*"},
            ),
            ["lacks POST"],
        ),
    ],
    ids=["no-preflight", "other-origin", "no-headers", "no-post"],
)
def test_a_refused_preflight_fails(
    serve: ServeFn, doctor: DoctorFn, preflight: Any, words: list[str]
) -> None:
    routes = basic_routes()
    if preflight is None:
        del routes[("OPTIONS", "/authorize/")]
    else:
        routes[("OPTIONS", "/authorize/")] = preflight
    outcome = doctor(serve(routes).url)
    assert_only_failure(outcome, "cors", f"{AGENT_APP} is refused", *words)


def test_a_post_answer_without_cors_headers_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = with_route(basic_routes(), "POST", "/authorize/", json_reply(200, {"session_id": "x"}))
    outcome = doctor(serve(routes).url)
    assert_only_failure(outcome, "cors", "the POST answer has no Access-Control-Allow-Origin")


def test_one_agent_app_origin_refused_is_a_warning(serve: ServeFn, doctor: DoctorFn) -> None:
    def only_main(request: Request) -> Reply:
        return preflight_ok(request, (AGENT_APP,))

    outcome = doctor(serve(with_route(basic_routes(), "OPTIONS", "/authorize/", only_main)).url)
    assert outcome.exit_code == 0
    assert outcome.status("cors") == "warn"
    assert f"{OTHER_AGENT_APP} is refused" in outcome.message("cors")


def test_auth_basic_checks_authorize_even_if_the_page_is_broken(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    routes = with_route(basic_routes(), "GET", "/", Reply(500, "oops", "text/plain"))
    outcome = doctor(serve(routes).url, "--auth", "basic")
    assert outcome.status("page") == "fail"
    assert outcome.status("authorize") == "pass"
    assert outcome.status("cors") == "pass"


# --- the browser check (--browser --offline: Chromium, LiveChat's scripts from the stand-ins) --

CHROMIUM = os.environ.get("LCEXT_CHROMIUM", "/usr/bin/chromium")
IN_BROWSER = ("--browser", "--offline", "--chromium", CHROMIUM)


@pytest.mark.browser
@pytest.mark.parametrize("routes", [basic_routes(), sign_in_routes()], ids=["basic", "sign-in"])
def test_the_page_is_framed_from_the_agent_app_and_calls_init(
    serve: ServeFn, doctor: DoctorFn, routes: Routes
) -> None:
    server = serve(routes)
    outcome = doctor(server.url, *IN_BROWSER)
    assert outcome.exit_code == 0, outcome.report
    assert outcome.status("browser") == "pass", outcome.checks["browser"]
    message = outcome.message("browser")
    assert f"framed by {AGENT_APP} in Chromium, the page called LiveChat.init()" in message
    assert "not contacted (--offline)" in message
    assert "local network access" in message  # the page is on 127.0.0.1
    # Chromium loaded the page as the Agent App's iframe, with the plugin_id the Agent App adds.
    framed = [r for r in server.requests if r.headers.get("sec-fetch-dest") == "iframe"]
    assert [r.path for r in framed] == ["/?plugin_id=lcext-doctor"]
    assert framed[0].headers["referer"] == f"{AGENT_APP}/"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("header", "words"),
    [
        ({"X-Frame-Options": "DENY"}, "'X-Frame-Options' to 'deny'"),
        ({"Content-Security-Policy": "frame-ancestors 'self'"}, "frame-ancestors 'self'"),
    ],
)
def test_a_page_the_agent_app_may_not_frame_fails(
    serve: ServeFn, doctor: DoctorFn, header: dict[str, str], words: str
) -> None:
    routes = with_route(basic_routes(), "GET", "/", Reply(body=page(), headers=header))
    outcome = doctor(serve(routes).url, *IN_BROWSER)
    assert outcome.status("frame") == "fail"
    assert outcome.status("browser") == "fail"
    assert "Chromium refused to show the page in" in outcome.message("browser")
    assert words in outcome.message("browser")
    assert "frame-ancestors" in outcome.fix("browser")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("script", "words"),
    [
        ('LiveChat.on("customer_profile", () => {});\n', "did not call LiveChat.init() within 2 s"),
        ("notDefinedAnywhere();\nLiveChat.init();\n", "its script failed: notDefinedAnywhere"),
        # Called only after a delay longer than doctor waits.
        ("setTimeout(() => LiveChat.init(), 60000);\n", "did not call LiveChat.init() within"),
    ],
    ids=["never", "script error", "too late"],
)
def test_a_page_that_does_not_call_init_fails(
    serve: ServeFn, doctor: DoctorFn, script: str, words: str
) -> None:
    server = serve(basic_routes(script))
    outcome = doctor(server.url, *IN_BROWSER, "--timeout", "2")
    assert outcome.status("browser") == "fail"
    assert words in outcome.message("browser"), outcome.message("browser")
    assert "spinner" in outcome.fix("browser")


@pytest.mark.browser
def test_a_script_that_does_not_load_is_named(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = basic_routes()
    del routes[("GET", "/static/extension.js")]
    server = serve(routes)
    outcome = doctor(server.url, *IN_BROWSER, "--timeout", "2")
    assert outcome.status("browser") == "fail"
    assert f"{server.url}static/extension.js (HTTP 404)" in outcome.message("browser")


@pytest.mark.browser
def test_offline_refuses_every_other_request_to_livechat(serve: ServeFn, doctor: DoctorFn) -> None:
    extra = '<script src="https://cdn.livechatinc.com/not-a-stand-in.js"></script>'
    routes = with_route(basic_routes(), "GET", "/", Reply(body=page(head=extra)))
    outcome = doctor(serve(routes).url, *IN_BROWSER)
    # init still ran, and the request that would have left for LiveChat was refused.
    assert outcome.status("browser") == "warn", outcome.checks["browser"]
    assert "called LiveChat.init()" in outcome.message("browser")
    assert "ERR_BLOCKED_BY_CLIENT" in outcome.message("browser")


@pytest.mark.browser
def test_the_browser_check_is_skipped_when_the_page_cannot_be_loaded(doctor: DoctorFn) -> None:
    outcome = doctor(closed_port_url(), *IN_BROWSER)
    assert outcome.status("https") == "fail"
    assert outcome.status("browser") == "skip"
    assert "could not be loaded" in outcome.message("browser")


# --- Agent App widgets (the real widgets SDK, as lcext vendors it) ----------------------------

WIDGET_PASS = {**ALL_PASS, "authorize": "skip", "cors": "skip", "browser": "skip"}
# Every factory of the SDK and where the Agent App shows its widget (the spec's table).
FACTORIES = [
    ("createDetailsWidget", "details", "plugin"),
    ("createMessageBoxWidget", "messagebox", "messagebox"),
    ("createFullscreenWidget", "fullscreen", "fullscreen"),
    ("createSettingsWidget", "settings", "settings"),
]
# A pinned CDN URL of the version lcext vendors; example.com: never fetched (see --offline).
CDN_SDK = "https://cdn.example.com/npm/@livechat/agent-app-sdk@1.16.0/dist/agentapp.umd.min.js"
SDK_INTEGRITY = "sha384-" + base64.b64encode(hashlib.sha384(WIDGETS_SDK).digest()).decode()


def test_a_working_details_widget_passes(serve: ServeFn, doctor: DoctorFn) -> None:
    server = serve(widget_routes())
    outcome = doctor(server.url)
    assert outcome.exit_code == 0, outcome.report
    assert outcome.statuses() == WIDGET_PASS
    report = outcome.report
    assert report["sdk"] == "agent-app-sdk"
    assert WIDGETS_SDK_SRC in report["sdk_reason"]
    assert report["placement"] == "plugin"
    assert report["widget"] == {
        "name": "details",
        "title": "Chat Details",
        "placement": "plugin",
        "factory": "createDetailsWidget",
    }
    assert report["auth"] == "sign-in"
    assert "no basic /authorize/ flow" in report["auth_reason"]
    assert outcome.message("library").endswith(f"{WIDGETS_SDK_SRC}, the build lcext vendors")
    assert outcome.message("init") == (
        "LiveChat.createDetailsWidget() is called in static/widget.js: a Chat Details widget "
        "(placement plugin)"
    )
    assert "no /authorize/ flow" in outcome.message("authorize")
    assert not [r for r in server.requests if r.path.startswith("/authorize")]


@pytest.mark.parametrize(("factory", "name", "placement"), FACTORIES)
def test_the_factory_tells_the_placement(
    serve: ServeFn, doctor: DoctorFn, factory: str, name: str, placement: str
) -> None:
    outcome = doctor(serve(widget_routes(factory)).url)
    assert outcome.exit_code == 0, outcome.report
    assert outcome.report["placement"] == placement
    assert outcome.report["widget"]["name"] == name
    assert f"(placement {placement})" in outcome.message("init")


# The generated pages' shape: a shared script starts the factory its page names by a string.
SHARED_START = """\
window.start = async (factory, ready) => ready(await LiveChat[factory]());
"""


@pytest.mark.browser
def test_a_factory_named_by_the_pages_script_for_a_shared_one_counts(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    routes = widget_routes(script=SHARED_START)
    routes[("GET", "/fullscreen")] = Reply(
        body=widget_page(own=("static/widget.js", "static/fullscreen.js"))
    )
    routes[("GET", "/static/fullscreen.js")] = javascript(
        'start("createFullscreenWidget", (widget) => widget.setNotificationBadge(1));\n'
    )
    outcome = doctor(f"{serve(routes).url}fullscreen", *IN_BROWSER)
    assert outcome.statuses() == {**WIDGET_PASS, "browser": "pass"}, outcome.report
    assert outcome.report["placement"] == "fullscreen"
    assert "createFullscreenWidget() is called in static/fullscreen.js" in outcome.message("init")


def test_the_template_widgets_are_the_sdks_factories() -> None:
    # The template's widget list (pages, manifest, doctor) names the real SDK's factories.
    livechat = load_livechat()
    assert is_sdk_code(WIDGETS_SDK.decode(), livechat)
    assert [(w.factory, w.name, w.placement) for w in livechat.widgets] == FACTORIES


def test_the_text_report_names_the_widget(serve: ServeFn, runner: CliRunner, ca_file: Path) -> None:
    server = serve(widget_routes("createFullscreenWidget"))
    result = runner.invoke(app, ["doctor", server.url, "--ca-file", str(ca_file)])
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[1].startswith("sdk: agent-app-sdk (detected: the page loads the widgets SDK")
    assert (
        lines[2] == "widget: Fullscreen (placement fullscreen, LiveChat.createFullscreenWidget())"
    )


def test_a_widget_that_calls_no_factory_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    # The factory is named only in a comment and a string: nothing creates the widget.
    script = (
        '// LiveChat.createDetailsWidget() comes later\nconsole.log("createDetailsWidget()");\n'
    )
    outcome = doctor(serve(widget_routes(script=script)).url)
    assert_only_failure(outcome, "init", "never call a widget factory", "loader never stops")
    assert outcome.fix("init").startswith("call LiveChat.createDetailsWidget() (Chat Details)")
    assert outcome.report["sdk"] == "agent-app-sdk"
    assert outcome.report["placement"] is None
    assert outcome.report["widget"] is None


def test_a_page_with_both_sdks_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = widget_routes()
    routes[("GET", "/")] = Reply(body=widget_page(head=f'<script src="{LIBRARY_JS}"></script>'))
    outcome = doctor(serve(routes).url)
    assert_only_failure(
        outcome, "library", LIBRARY_JS, WIDGETS_SDK_SRC, "both define the global LiveChat"
    )
    assert "load one SDK" in outcome.fix("library")
    assert outcome.report["sdk"] is None
    assert outcome.report["placement"] is None
    for check in ("init", "authorize", "cors"):
        assert "loads both SDKs" in outcome.message(check)


def test_a_factory_without_the_sdk_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = widget_routes()
    routes[("GET", "/")] = Reply(body=widget_page(sdk=None))
    outcome = doctor(serve(routes).url)
    assert_only_failure(
        outcome, "library", "createDetailsWidget()", "does not load the widgets SDK"
    )
    assert f'<script src="{WIDGETS_SDK_SRC}"></script>' in outcome.fix("library")
    # Still a Details widget: what the page's own script creates.
    assert outcome.report["placement"] == "plugin"


def test_an_sdk_file_that_does_not_load_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    routes = widget_routes()
    del routes[("GET", f"/{WIDGETS_SDK_SRC}")]
    outcome = doctor(serve(routes).url)
    assert_only_failure(outcome, "library", "answered 404 Not Found")
    assert outcome.fix("library").startswith("serve @livechat/agent-app-sdk's browser build")


def test_several_factories_are_a_warning_without_a_placement(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    script = "LiveChat.createDetailsWidget();\nLiveChat.createMessageBoxWidget();\n"
    outcome = doctor(serve(widget_routes(script=script)).url)
    assert outcome.exit_code == 0
    assert outcome.status("init") == "warn"
    assert "createDetailsWidget() in static/widget.js" in outcome.message("init")
    assert outcome.report["placement"] is None


def test_a_bundle_holding_the_sdk_is_the_sdk(serve: ServeFn, doctor: DoctorFn) -> None:
    bundle = WIDGETS_SDK.decode() + "\n" + WIDGET_SCRIPT % "createMessageBoxWidget"
    routes = {
        ("GET", "/"): Reply(body=widget_page(sdk=None, own=("app.js",))),
        ("GET", "/app.js"): javascript(bundle),
    }
    outcome = doctor(serve(routes).url)
    assert outcome.exit_code == 0, outcome.report
    assert outcome.message("library").endswith("bundled in app.js")
    assert outcome.report["placement"] == "messagebox"


def test_auth_basic_on_a_widget_fails(serve: ServeFn, doctor: DoctorFn) -> None:
    outcome = doctor(serve(widget_routes()).url, "--auth", "basic")
    assert_only_failure(outcome, "init", "--auth basic", "never POSTs to /authorize/")
    assert outcome.status("authorize") == "skip"


@pytest.mark.parametrize(
    ("src", "integrity", "status", "words"),
    [
        (CDN_SDK, SDK_INTEGRITY, "pass", "the widgets SDK 1.16.0 from cdn.example.com"),
        (CDN_SDK, "", "warn", "without Subresource Integrity"),
        (
            "https://cdn.example.com/npm/@livechat/agent-app-sdk/dist/agentapp.umd.min.js",
            "",
            "warn",
            "without an exact version",
        ),
        (
            "https://cdn.example.com/npm/@livechat/agent-app-sdk@1/dist/agentapp.umd.min.js",
            "",
            "warn",
            "without an exact version",
        ),
    ],
    ids=["pinned", "no-integrity", "unpinned", "major-only"],
)
def test_the_sdk_from_a_cdn_is_pinned_with_integrity(
    serve: ServeFn, doctor: DoctorFn, src: str, integrity: str, status: str, words: str
) -> None:
    routes = widget_routes()
    attribute = f' integrity="{integrity}" crossorigin="anonymous"' if integrity else ""
    tag = f'<script src="{src}"{attribute}></script>'
    routes[("GET", "/")] = Reply(body=widget_page(head=tag, sdk=None))
    server = serve(routes)
    outcome = doctor(server.url)
    assert outcome.exit_code == 0, outcome.report
    assert outcome.status("library") == status, outcome.checks["library"]
    assert words in outcome.message("library")
    assert outcome.report["placement"] == "plugin"
    if words == "without Subresource Integrity":
        # The fix gives the vendored (pinned) build's own hash.
        assert f'integrity="{SDK_INTEGRITY}"' in outcome.fix("library")


@pytest.mark.parametrize(
    ("code", "used"),
    [
        ("LiveChat.createDetailsWidget()", ["createDetailsWidget"]),
        ("window.LiveChat.createFullscreenWidget().then(start)", ["createFullscreenWidget"]),
        ("start(LiveChat.createMessageBoxWidget)", ["createMessageBoxWidget"]),
        (
            "const { createDetailsWidget } = LiveChat; createDetailsWidget();",
            ["createDetailsWidget"],
        ),
        ('start("createDetailsWidget", ready)', ["createDetailsWidget"]),
        ("LiveChat['createMessageBoxWidget']()", ["createMessageBoxWidget"]),
        ("// LiveChat.createDetailsWidget()", []),
        ("// start('createDetailsWidget')", []),
        ("'call createDetailsWidget'", []),
        ("'createDetailsWidget()'", []),
        ("n.createDetailsWidget=function(){}", []),
        ("function createDetailsWidget() {}", []),
        ("const api = { createDetailsWidget: () => 1 }", []),
        ("mycreateDetailsWidget()", []),
        (
            "LiveChat.createSettingsWidget(); LiveChat.createDetailsWidget()",
            ["createSettingsWidget", "createDetailsWidget"],
        ),
    ],
)
def test_finding_factory_uses(code: str, used: list[str]) -> None:
    factories = [factory for factory, _, _ in FACTORIES]
    assert find_factory_uses(code, factories) == used


# --browser: the Agent App's side of the trusted handshake is postmessage's real parent side.


@pytest.mark.browser
@pytest.mark.parametrize(("factory", "name", "placement"), FACTORIES[:3])
def test_a_widget_completes_the_handshake_in_chromium(
    serve: ServeFn, doctor: DoctorFn, factory: str, name: str, placement: str
) -> None:
    server = serve(widget_routes(factory))
    outcome = doctor(server.url, *IN_BROWSER)
    assert outcome.exit_code == 0, outcome.report
    assert outcome.status("browser") == "pass", outcome.checks["browser"]
    assert (
        f"framed by {AGENT_APP} in Chromium, the page completed the trusted handshake and sent "
        "plugin_inited"
    ) in outcome.message("browser")
    framed = [r for r in server.requests if r.headers.get("sec-fetch-dest") == "iframe"]
    assert [r.path for r in framed] == ["/?plugin_id=lcext-doctor"]
    # The page's own fallback for "outside the Agent App" never ran: the widget connected.
    assert outcome.report["placement"] == placement


@pytest.mark.browser
def test_a_widget_that_creates_nothing_fails_the_handshake(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    server = serve(widget_routes(script='document.title = "no widget";\n'))
    started = time.monotonic()
    outcome = doctor(server.url, *IN_BROWSER, "--timeout", "10")
    # The parent's 5 handshake tries end well before --timeout: doctor stops there.
    assert time.monotonic() - started < 9
    assert outcome.status("browser") == "fail"
    assert "never answered the Agent App's trusted handshake" in outcome.message("browser")
    assert "LiveChat.createDetailsWidget()" in outcome.fix("browser")


@pytest.mark.browser
def test_a_factory_called_too_late_never_connects(serve: ServeFn, doctor: DoctorFn) -> None:
    # The static checks see the factory; only the browser sees that the handshake was over.
    script = "setTimeout(() => LiveChat.createDetailsWidget().catch(() => {}), 4000);\n"
    outcome = doctor(serve(widget_routes(script=script)).url, *IN_BROWSER, "--timeout", "8")
    assert outcome.status("init") == "pass"
    assert outcome.status("browser") == "fail"
    assert "never answered the Agent App's trusted handshake" in outcome.message("browser")


@pytest.mark.browser
def test_a_widget_whose_script_fails_is_named(serve: ServeFn, doctor: DoctorFn) -> None:
    script = "notDefinedAnywhere();\nLiveChat.createDetailsWidget();\n"
    outcome = doctor(serve(widget_routes(script=script)).url, *IN_BROWSER, "--timeout", "5")
    assert outcome.status("browser") == "fail"
    assert "notDefinedAnywhere" in outcome.message("browser")


@pytest.mark.browser
def test_a_page_that_connects_but_sends_no_plugin_inited_fails(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    # The child's side of the handshake by hand (the spec's frame protocol), without the SDK's
    # factory, which would send plugin_inited once connected.
    script = """\
window.addEventListener("message", (event) => {
  const frame = event.data || {};
  if (!frame["@@livechat/postmessenger"] || frame.type !== "handshake") return;
  const answer = { ...frame, type: "response", data: { error: false, result: {} } };
  event.source.postMessage(answer, event.origin);
});
LiveChat.createDetailsWidget;
"""
    outcome = doctor(serve(widget_routes(script=script)).url, *IN_BROWSER, "--timeout", "3")
    assert outcome.status("browser") == "fail"
    message = outcome.message("browser")
    assert "completed the trusted handshake but sent no plugin_inited within 3 s" in message
    assert "sends plugin_inited once connected" in outcome.fix("browser")


@pytest.mark.browser
def test_offline_answers_the_pinned_cdn_sdk_with_the_vendored_build(
    serve: ServeFn, doctor: DoctorFn
) -> None:
    routes = widget_routes()
    tag = f'<script src="{CDN_SDK}" integrity="{SDK_INTEGRITY}" crossorigin="anonymous"></script>'
    routes[("GET", "/")] = Reply(body=widget_page(head=tag, sdk=None))
    outcome = doctor(serve(routes).url, *IN_BROWSER)
    # cdn.example.com is never reached (no machine here reaches the internet): the vendored
    # bytes answered, and they match the integrity hash.
    assert outcome.statuses() == {**WIDGET_PASS, "browser": "pass"}, outcome.report


# --- arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["example.com/ext/"], "is not a web address doctor can check"),
        (["ftp://example.com/"], "is not a web address doctor can check"),
        (["https://127.0.0.1:99999/"], "is not a web address doctor can check"),
        (["https://127.0.0.1:9/", "--origin", "my.example.com"], "is not an origin"),
        (["https://127.0.0.1:9/", "--origin", "https://a.example/x"], "is not an origin"),
        (["https://127.0.0.1:9/", "--ca-file", "/nonexistent/ca.pem"], "is not a file"),
        (["https://127.0.0.1:9/", "--timeout", "0"], "--timeout must be"),
        (["https://127.0.0.1:9/", "--offline"], "--offline only applies to the browser check"),
        (
            ["https://127.0.0.1:9/", "--browser", "--chromium", "/nonexistent/chrome"],
            "no Chromium at /nonexistent/chrome",
        ),
    ],
)
def test_bad_arguments_are_one_line_errors(runner: CliRunner, args: list[str], words: str) -> None:
    result = runner.invoke(app, ["doctor", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert words in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_core_refuses_an_unknown_auth_mode() -> None:
    with pytest.raises(InvalidOptionError, match="unknown auth mode 'oauth'; choose one of: "):
        run_doctor("https://127.0.0.1:9/", auth="oauth")


def test_a_ca_file_that_holds_no_certificate_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate\n")
    result = runner.invoke(app, ["doctor", "https://127.0.0.1:9/", "--ca-file", str(bad)])
    assert result.exit_code == 2
    assert "holds no PEM certificate" in result.stderr


def test_lcext_help_does_not_import_doctor() -> None:
    code = "import sys, lcext.app; print(any(m.startswith('lcext.doctor') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stderr


# --- generated projects pass -----------------------------------------------------------------


@dataclass(frozen=True)
class HowToServe:
    """How to install a generated flavor and serve it over HTTPS on 127.0.0.1."""

    install: tuple[
        str, ...
    ]  # shell commands, run in the project with the shared venv first on PATH
    # The server; {module}, {port}, {certfile} and {keyfile} are filled in.
    command: tuple[str, ...]


# A static file server over HTTPS for the static flavor, which has no server of its own.
STATIC_HTTPS = (
    "import functools, http.server, ssl, sys; "
    "handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory='.'); "
    "server = http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), handler); "
    "context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); "
    "context.load_cert_chain(sys.argv[2], sys.argv[3]); "
    "server.socket = context.wrap_socket(server.socket, server_side=True); "
    "server.serve_forever()"
)

# The Express app (src/app.js) behind Node's own HTTPS server, as a TLS-terminating host would.
EXPRESS_HTTPS = (  # braces doubled: the command's parts go through str.format
    "import fs from 'node:fs'; import https from 'node:https';"
    "import {{ createApp }} from './src/app.js'; import {{ loadSettings }} from './src/config.js';"
    "const [port, cert, key] = process.argv.slice(1);"
    "const options = {{ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }};"
    "https.createServer(options, createApp(loadSettings())).listen(Number(port), '127.0.0.1');"
)

# One row per framework: how a user would install it and serve it over HTTPS.
SERVE: dict[str, HowToServe] = {
    "fastapi": HowToServe(
        install=('python -m pip install -q -e ".[dev]"',),
        command=(
            "python", "-m", "uvicorn", "{module}.main:app", "--host", "127.0.0.1",
            "--port", "{port}", "--ssl-certfile", "{certfile}", "--ssl-keyfile", "{keyfile}",
        ),
    ),
    "flask": HowToServe(
        install=('python -m pip install -q -e ".[dev]"',),
        command=(
            "gunicorn", "--preload", "--bind", "127.0.0.1:{port}", "--certfile", "{certfile}",
            "--keyfile", "{keyfile}", "{module}.wsgi:app",
        ),
    ),
    "django": HowToServe(
        install=('python -m pip install -q -e ".[dev]"',),
        command=(
            "gunicorn", "--bind", "127.0.0.1:{port}", "--certfile", "{certfile}",
            "--keyfile", "{keyfile}", "{module}.wsgi:application",
        ),
    ),
    "express": HowToServe(
        install=("npm ci --no-audit --no-fund",),
        command=(
            "node", "--input-type=module", "-e", EXPRESS_HTTPS, "{port}", "{certfile}", "{keyfile}",
        ),
    ),
    "static": HowToServe(
        install=(),
        command=("python", "-c", STATIC_HTTPS, "{port}", "{certfile}", "{keyfile}"),
    ),
}  # fmt: skip

# Every generated project gets these; a flavor ignores those it does not read.
# The shared stand-in the Python flavors' tests use (plain Python, no template syntax).
LIVECHAT_API_SERVER = TEMPLATE / "templates" / "python" / "livechat_api_server.py"
PROJECT_ENV = {
    "ENVIRONMENT": "development",
    "SESSION_SECRET": "doctor-test-session-secret",
    "LIVECHAT_CLIENT_ID": "doctor-test-client-id",
}


# The template's facts: which sdk has widget pages, and where each framework serves them.
CONTEXT: dict[str, Any] = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))


def _pages(combination: dict[str, str]) -> list[tuple[str, str]]:
    """The pages of a generated project, as (path below the root, placement): the extension
    page, or every widget page (Details at the root, the others at their path + suffix)."""
    if not CONTEXT["_sdks"][combination["sdk"]]["widgets"]:
        return [("", "plugin")]
    suffix = CONTEXT["_frameworks"][combination["framework"]]["page_suffix"]
    return [
        (f"{widget['path']}{suffix}" if widget["path"] else "", widget["placement"])
        for widget in CONTEXT["_livechat"]["widgets"]
    ]


def _served(combination: dict[str, str]) -> Any:
    # A framework without a row fails here: every flavor must pass doctor, none is skipped.
    assert combination["framework"] in SERVE, f"add a row for {combination['framework']} to SERVE"
    return pytest.param(combination, id=combination_id(combination))


@pytest.fixture(scope="session")
def livechat_api() -> Iterator[str]:
    """The stand-in for LiveChat's REST API that basic-mode projects check logins with: doctor's
    dummy login is no agent of it, so a verifying project answers 401, and nothing reaches
    LiveChat's servers."""
    spec = importlib.util.spec_from_file_location("livechat_api_server", LIVECHAT_API_SERVER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with module.LiveChatApiServer() as stand_in:
        yield stand_in.url


@pytest.fixture(scope="session")
def project_env(generated_env: dict[str, str], livechat_api: str) -> dict[str, str]:
    return generated_env | PROJECT_ENV | {"LIVECHAT_API_URL": livechat_api}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_served(
    process: subprocess.Popen[bytes], port: int, ca_file: Path, log: Path
) -> None:
    context = ssl.create_default_context(cafile=str(ca_file))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            pytest.fail(f"the server stopped with exit code {process.returncode}:\n{output}")
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=2, context=context)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    pytest.fail("the generated project did not answer within 60 s")


@pytest.fixture
def https_files(ca: trustme.CA, tmp_path: Path) -> tuple[Path, Path]:
    certificate = ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile = tmp_path / "cert.pem", tmp_path / "key.pem"
    certificate.cert_chain_pems[0].write_to_path(str(certfile))
    for blob in certificate.cert_chain_pems[1:]:
        blob.write_to_path(str(certfile), append=True)
    certificate.private_key_pem.write_to_path(str(keyfile))
    return certfile, keyfile


@pytest.mark.generated
@pytest.mark.slow
@pytest.mark.parametrize("combination", [_served(c) for c in load_schema(TEMPLATE).combinations()])
def test_a_generated_project_passes_doctor(
    combination: dict[str, str],
    tmp_path: Path,
    project_env: dict[str, str],
    https_files: tuple[Path, Path],
    ca_file: Path,
    doctor: DoctorFn,
    runner: CliRunner,
) -> None:
    how = SERVE[combination["framework"]]
    name = f"doctor {combination_id(combination)}"
    project = render_project(Answers(project_name=name, **combination), output_dir=tmp_path).path
    for command in how.install:
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=project,
            env=project_env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"$ {command}\n{result.stdout}\n{result.stderr}"
    port = _free_port()
    values = {
        "module": project.name.replace("-", "_"),
        "port": str(port),
        "certfile": str(https_files[0]),
        "keyfile": str(https_files[1]),
    }
    log = tmp_path / "server.log"
    with (
        log.open("wb") as output,
        subprocess.Popen(
            [part.format(**values) for part in how.command],
            cwd=project,
            env=project_env,
            stdout=output,
            stderr=subprocess.STDOUT,
        ) as process,
    ):
        try:
            _wait_until_served(process, port, ca_file, log)
            outcomes = {
                (path, placement): doctor(f"https://127.0.0.1:{port}/{path}", *IN_BROWSER)
                for path, placement in _pages(combination)
            }
            # And through the project's own manifest, as a user runs it after registering.
            manifest = runner.invoke(
                app,
                ["doctor", f"https://127.0.0.1:{port}", "--manifest",
                 str(project / "livechat.config.json"), "--json", "--ca-file", str(ca_file)],
            )  # fmt: skip
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    expected = dict(ALL_PASS)
    if combination["auth"] == "sign-in":
        expected |= {"authorize": "skip", "cors": "skip"}
    for (path, placement), outcome in outcomes.items():
        assert outcome.exit_code == 0, (path, outcome.report)
        assert outcome.report["sdk"] == combination["sdk"], (path, outcome.report)
        assert outcome.report["placement"] == placement, (path, outcome.report)
        assert outcome.report["auth"] == combination["auth"]
        assert outcome.statuses() == expected, (path, outcome.report)
    assert manifest.exit_code == 0, manifest.output
    checked = json.loads(manifest.stdout)
    assert [widget["placement"] for widget in checked["widgets"]] == [
        placement for _, placement in _pages(combination)
    ]
    assert all(widget["placement_check"]["status"] == "pass" for widget in checked["widgets"])
    assert [uri["status"] for uri in checked["redirect_uris"]] == ["pass"]
