"""The basic flow's endpoint: ``POST /authorize/`` with a dummy login, and its CORS preflight."""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit

from lcext.doctor.checks import Origins
from lcext.doctor.fetch import Client, FetchError, Response
from lcext.doctor.findings import Finding, failed, passed, skipped, warned

# Well-formed but made up: an extension that checks credentials rejects it, one that does not
# (the generated default) answers a session id. Neither is a real agent's.
DUMMY_LOGIN = {"login": "lcext-doctor@example.com", "api_key": "lcext-doctor-not-an-api-key"}
JSON_TYPES = frozenset({"application/json", "text/json"})

Answer = Response | FetchError


def authorize_url(page_url: str) -> str:
    """``/authorize/`` below the extension's URL, as the Agent App resolves it.

    The extension's URL is taken as a folder (``/ext`` and ``/ext/`` give ``/ext/authorize/``)
    unless its last segment names a file (``/ext/index.html`` gives ``/ext/authorize/``).
    """
    parts = urlsplit(page_url)
    folder, _, last = (parts.path or "/").rpartition("/")
    if last and "." not in last:
        folder = f"{folder}/{last}"
    return urlunsplit((parts.scheme, parts.netloc, f"{folder}/authorize/", "", ""))


def post_dummy_login(client: Client, url: str, origin: str) -> Answer:
    try:
        return client.request(
            "POST",
            url,
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Origin": origin,
            },
            body=json.dumps(DUMMY_LOGIN).encode(),
        )
    except FetchError as error:
        return error


def preflight(client: Client, url: str, origin: str) -> Answer:
    try:
        return client.request(
            "OPTIONS",
            url,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
    except FetchError as error:
        return error


def check_authorize(url: str, answer: Answer) -> Finding:
    if isinstance(answer, FetchError):
        return failed(
            "authorize",
            f"POST {url}: {answer.reason}",
            "check that the server runs and answers POST /authorize/",
        )
    status = f"{answer.status} {answer.reason}"
    if 300 <= answer.status < 400:
        return failed(
            "authorize",
            f"POST {url} answers {status} to {answer.header('Location') or '(nowhere)'}: "
            "a redirected POST loses its body",
            "answer POST /authorize/ itself, with and without the trailing slash, over HTTPS",
        )
    if answer.status == 503 and _json(answer) is not None:
        # An extension that checks logins with LiveChat's API (as lcext's generated ones do)
        # answers 503 when it cannot reach it: the endpoint works, its upstream does not.
        return warned(
            "authorize",
            f"POST {url} with a dummy login answers {status}: the extension could not check it",
            "the server could not reach what verifies agents (LiveChat's API, at "
            "LIVECHAT_API_URL in lcext's projects): check its network and that setting",
        )
    if answer.status >= 500:
        return failed(
            "authorize",
            f"POST {url} with a dummy login answers {status}",
            "a rejected or malformed login must get a 4xx JSON error, never a server error: "
            "see the server's log",
        )
    if answer.status in (404, 405):
        return failed(
            "authorize",
            f"POST {url} answers {status}: there is no /authorize/ endpoint",
            'in basic mode the Agent App POSTs {"login", "api_key"} to /authorize/: add it; '
            "a page that signs agents in with LiveChat must call "
            "LiveChat.init({ authorize: false, authorization: false })",
        )
    data = _json(answer)
    if data is None:
        kind = answer.content_type or "no Content-Type"
        return failed(
            "authorize",
            f"POST {url} answers {status} with {kind}, not JSON",
            'answer JSON: {"session_id": ...}, or a 4xx error such as {"detail": "..."}',
        )
    if answer.status >= 400:
        return passed("authorize", f"POST {url} rejects a dummy login with {status} and JSON")
    if not isinstance(data, dict) or data.get("session_id") in (None, ""):
        return failed(
            "authorize",
            f"POST {url} answers {status} with JSON but no session_id",
            'answer {"session_id": "<a value your backend can verify later>"}',
        )
    return passed("authorize", f"POST {url} answers a dummy login with {status} and a session_id")


def _json(answer: Response) -> object | None:
    kind = answer.content_type
    if kind not in JSON_TYPES and not kind.endswith("+json"):
        return None
    try:
        parsed: object = json.loads(answer.text())
    except ValueError:
        return None
    return parsed


def check_cors(
    url: str, origins: Origins, preflights: dict[str, Answer], post: Answer | None
) -> Finding:
    problems = {origin: _preflight_problem(preflights[origin], origin) for origin in preflights}
    post_problem = _post_problem(post, origins.required[0])
    if post_problem:
        problems[origins.required[0]] = problems[origins.required[0]] or post_problem
    fix = (
        "answer OPTIONS /authorize/ from the Agent App origins with Access-Control-Allow-Origin, "
        "Access-Control-Allow-Methods: POST and Access-Control-Allow-Headers: Content-Type, and "
        "send Access-Control-Allow-Origin on the POST answer too (a CORS middleware does both)"
    )
    for origin in origins.required:
        if problems.get(origin):
            return failed("cors", f"the Agent App at {origin} is refused: {problems[origin]}", fix)
    for origin in origins.recommended:
        if problems.get(origin):
            return warned("cors", f"the Agent App at {origin} is refused: {problems[origin]}", fix)
    return passed("cors", f"preflight and POST from {', '.join(preflights)} are allowed")


def skip_authorize(auth: str | None, why: str | None = None) -> list[Finding]:
    """Both findings skipped: for ``why``, else for what the auth mode says."""
    if why is not None:
        reason = why
    elif auth == "sign-in":
        reason = "in sign-in mode the Agent App does not POST to /authorize/"
    else:
        reason = "auth mode unknown (the page could not be read); --auth basic checks it anyway"
    return [
        skipped("authorize", f"not checked: {reason}"),
        skipped("cors", f"not checked: {reason}"),
    ]


def _preflight_problem(answer: Answer, origin: str) -> str | None:
    if isinstance(answer, FetchError):
        return f"the preflight gets no answer ({answer.reason})"
    if not 200 <= answer.status < 300:
        return f"the preflight answers {answer.status} {answer.reason}"
    allowed = answer.header("Access-Control-Allow-Origin")
    if allowed is None:
        return "the preflight answer has no Access-Control-Allow-Origin"
    if allowed.strip() not in (origin, "*"):
        return f"the preflight allows the origin {allowed.strip()}"
    methods = _tokens(answer.header("Access-Control-Allow-Methods"))
    if methods and not methods & {"post", "*"}:
        return "the preflight answer's Access-Control-Allow-Methods lacks POST"
    if not _tokens(answer.header("Access-Control-Allow-Headers")) & {"content-type", "*"}:
        return "the preflight answer's Access-Control-Allow-Headers lacks Content-Type"
    return None


def _post_problem(post: Answer | None, origin: str) -> str | None:
    if not isinstance(post, Response) or post.status >= 500 or 300 <= post.status < 400:
        return None  # the authorize check reports that answer
    allowed = (post.header("Access-Control-Allow-Origin") or "").strip()
    if allowed not in (origin, "*"):
        return (
            "the POST answer has no Access-Control-Allow-Origin for it, so the page cannot read it"
        )
    return None


def _tokens(header: str | None) -> set[str]:
    return {token.strip().lower() for token in (header or "").split(",") if token.strip()}
