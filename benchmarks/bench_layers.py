"""Where a generated Python app's time goes: its cost per request with each layer taken out.

    python benchmarks/bench_layers.py [--framework NAME ...] [--rounds 30] [--requests 400]

``bench_load.py`` measures how far the generated apps are from their framework's bare endpoints
under load; this script says why. For each Python server flavor it generates a basic-mode project,
installs it in a scratch virtualenv, and calls the app in-process (a WSGI or ASGI call, no server,
no socket) for ``GET /`` and ``POST /authorize/``: the whole app, then the same app with one of its
layers removed (the CORS package, the security headers, the body limit, each Django middleware),
in interleaved rounds so that a shared machine's drift weighs on all alike. Each figure is the
least CPU time per request over the rounds. A layer's cost is what its removal saves. The bare
endpoints (``baselines/``) run in processes of their own (Django's settings are per process),
alternating with the generated app's. It is a script, not a test: the figures go into the README.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable
from pathlib import Path

import livechat_stand_in  # beside this script, which Python puts first on the path

REPO = Path(__file__).resolve().parents[1]
BASELINES = REPO / "benchmarks" / "baselines"
FRAMEWORKS = ("fastapi", "flask", "django")
BODY = livechat_stand_in.BODY.encode()
# (label, method, path)
ENDPOINTS = (("GET /", "GET", "/"), ("POST /authorize/", "POST", "/authorize/"))
ENVIRONMENT = {
    "ENVIRONMENT": "production",
    "SESSION_SECRET": "layers-benchmark-secret-not-for-production",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
}

Call = Callable[[int], None]  # makes n requests
MISSING = "the generated app has no {} layer, or more than one: update this script"


# --- In the scratch virtualenv: one process per app (generated or bare) ----------------------


def wsgi_call(app: Callable, method: str, path: str) -> Call:
    statuses: list[str] = []

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        statuses.append(status)

    def once() -> None:
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000", "HTTP_USER_AGENT": "wrk", "HTTP_ACCEPT": "*/*",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(BODY if method == "POST" else b""),
            "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
            "wsgi.multiprocess": True, "wsgi.run_once": False,
        }  # fmt: skip
        if method == "POST":
            environ["CONTENT_TYPE"] = "application/json"
            environ["CONTENT_LENGTH"] = str(len(BODY))
        body = app(environ, start_response)
        b"".join(body)
        if hasattr(body, "close"):
            body.close()

    once()
    if not statuses[-1].startswith("200"):
        raise SystemExit(f"{method} {path} answered {statuses[-1]}")

    def many(n: int) -> None:
        for _ in range(n):
            once()

    return many


def asgi_call(app: Callable, method: str, path: str) -> Call:
    loop = asyncio.new_event_loop()
    # As a server does, start the app's lifespan first: a generated FastAPI app opens its
    # clients of LiveChat's servers there. It stays open until the worker process ends.
    lifespan = app.router.lifespan_context(app)
    loop.run_until_complete(lifespan.__aenter__())
    headers = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"wrk"), (b"accept", b"*/*")]
    if method == "POST":
        headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(BODY))]

    async def once() -> int:
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
            "root_path": "", "headers": headers, "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }  # fmt: skip
        messages = [{"type": "http.request", "body": BODY if method == "POST" else b""}]
        statuses = []

        async def receive() -> dict:
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # the client never disconnects
            raise AssertionError

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        await app(scope, receive, send)
        return statuses[0]

    status = loop.run_until_complete(once())
    if status != 200:
        raise SystemExit(f"{method} {path} answered {status}")

    async def many(n: int) -> None:
        for _ in range(n):
            await once()

    # The lifespan is kept with the calls: collected, it would close the app's clients.
    return lambda n, lifespan=lifespan: loop.run_until_complete(many(n))


EVERY_LAYER = "every layer above"


def variants(layers: list[str], build: Callable[[set[str]], Callable]) -> dict[str, Callable]:
    """{variant: app factory}: the whole app (""), without each layer, without all of them."""
    options = {"": set(), **{layer: {layer} for layer in layers}, EVERY_LAYER: set(layers)}
    return {name: (lambda removed=removed: build(removed)) for name, removed in options.items()}


def without(layers: list, removed: set[str], name_of: Callable[[object], str | None]) -> list:
    """``layers`` but those whose name is in ``removed``, each of which must be there."""
    kept = [layer for layer in layers if name_of(layer) not in removed]
    if len(layers) - len(kept) != len(removed):
        raise SystemExit(MISSING.format(", ".join(sorted(removed))))
    return kept


def flask_variants(module: str) -> dict[str, Callable]:
    from importlib import import_module

    create_app = import_module(module).create_app
    security_headers = import_module(f"{module}.plumbing.security").SecurityHeaders
    cors, headers, limit = "CORS (Flask-CORS)", "security headers", "body limit"

    def build(removed: set[str]) -> Callable:
        app = create_app()
        if cors in removed:
            app.after_request_funcs[None] = without(
                app.after_request_funcs[None], {cors},
                lambda f: cors if f.__module__.startswith("flask_cors") else None,
            )  # fmt: skip
        if limit in removed:
            app.before_request_funcs[None] = without(
                app.before_request_funcs[None], {limit},
                lambda f: limit if f.__module__.endswith(".payloads") else None,
            )  # fmt: skip
        if headers in removed:
            if not isinstance(app.wsgi_app, security_headers):
                raise SystemExit(MISSING.format(headers))
            app.wsgi_app = app.wsgi_app.app
        return app

    return variants([cors, headers, limit], build)


def django_variants(module: str) -> dict[str, Callable]:
    os.environ["DJANGO_SETTINGS_MODULE"] = f"{module}.settings"
    import django
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    django.setup()
    everything = list(settings.MIDDLEWARE)

    def build(removed: set[str]) -> Callable:
        # The middleware chain is fixed when the handler is made.
        settings.MIDDLEWARE = without(everything, removed, lambda name: name)
        try:
            return WSGIHandler()
        finally:
            settings.MIDDLEWARE = everything

    return variants(everything, build)


def fastapi_variants(module: str) -> dict[str, Callable]:
    from importlib import import_module

    from fastapi import FastAPI

    create_app = import_module(f"{module}.app").create_app
    nesting = "include_router() nesting (routes put on the app instead)"

    include_router = FastAPI.include_router

    def build(removed: set[str]) -> Callable:
        if nesting in removed:
            # Since FastAPI 0.137 an included router stays a node that each request walks
            # through; this puts its routes on the app itself, as the bare app has them.
            FastAPI.include_router = lambda app, router, **_: app.router.routes.extend(
                router.routes
            )
        try:
            app = create_app()
        finally:
            FastAPI.include_router = include_router
        # The middleware stack is built at the first request.
        app.user_middleware = without(
            app.user_middleware, removed - {nesting}, lambda m: m.cls.__name__
        )
        return app

    return variants([m.cls.__name__ for m in create_app().user_middleware] + [nesting], build)


def bare_app(framework: str) -> Callable:
    sys.path.insert(0, str(BASELINES))
    if framework == "django":
        return __import__("django_hello").application
    return __import__(f"{framework}_hello").app


def worker(framework: str, module: str, rounds: int, requests: int) -> None:
    """Prints {variant: {endpoint: µs per request}} as JSON; variant "" is the whole app."""
    os.environ.update(ENVIRONMENT)
    call = asgi_call if framework == "fastapi" else wsgi_call
    if module == "bare":
        builders: dict[str, Callable] = {"": lambda: bare_app(framework)}
    else:
        builders = {"flask": flask_variants, "django": django_variants,
                    "fastapi": fastapi_variants}[framework](module)  # fmt: skip
    calls = {
        (variant, label): call(build(), method, path)
        for variant, build in builders.items()
        for label, method, path in ENDPOINTS
    }
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(rounds):
        for key, many in calls.items():
            start = time.process_time()
            many(requests)
            best[key] = min(best[key], (time.process_time() - start) / requests * 1e6)
    result: dict[str, dict[str, float]] = {}
    for (variant, label), micros in best.items():
        result.setdefault(variant, {})[label] = micros
    print(json.dumps(result))


# --- The driver ---------------------------------------------------------------------------


def run_worker(python: Path, framework: str, module: str, args: argparse.Namespace) -> dict:
    argv = [str(python), __file__, "--worker", framework, module,
            "--rounds", str(args.rounds), "--requests", str(args.requests)]  # fmt: skip
    output = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", action="append", choices=FRAMEWORKS)
    parser.add_argument("--rounds", type=int, default=30, help="interleaved rounds per variant")
    parser.add_argument("--requests", type=int, default=400, help="requests per round")
    parser.add_argument("--alternations", type=int, default=3,
                        help="generated/bare process pairs per framework")  # fmt: skip
    parser.add_argument(
        "--worker", nargs=2, metavar=("FRAMEWORK", "MODULE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker, args.rounds, args.requests)
        return

    sys.path.insert(0, str(REPO / "cli"))
    from bench_load import install
    from livechat_stand_in import livechat_api

    from lcext.generate import Answers, render_project

    frameworks = args.framework or list(FRAMEWORKS)
    # The worker processes inherit the stand-in's URL: the generated apps check logins there.
    with livechat_api() as url, tempfile.TemporaryDirectory(prefix="lcext-layers-") as scratch_name:
        os.environ["LIVECHAT_API_URL"] = url
        scratch = Path(scratch_name)
        venv.create(scratch / "venv", with_pip=True)
        python = scratch / "venv" / "bin" / "python"
        for framework in frameworks:
            project = render_project(
                Answers(f"layers {framework}", auth="basic", framework=framework),
                scratch / framework,
                git=False,
            ).path
            install(framework, project, scratch / "venv")
            module = project.name.replace("-", "_")
            generated: dict[str, dict[str, float]] = {}
            bare: dict[str, float] = {}
            for _ in range(args.alternations):
                for variant, figures in run_worker(python, framework, module, args).items():
                    kept = generated.setdefault(variant, figures)
                    generated[variant] = {k: min(v, kept[k]) for k, v in figures.items()}
                figures = run_worker(python, framework, "bare", args)[""]
                bare = {k: min(v, bare.get(k, v)) for k, v in figures.items()}
            print_table(framework, module, generated, bare)


def print_table(
    framework: str, module: str, generated: dict[str, dict[str, float]], bare: dict[str, float]
) -> None:
    whole = generated[""]
    labels = [label for label, _, _ in ENDPOINTS]
    print(f"\n{framework}: CPU µs per request, in-process (least over the rounds)\n")
    print("| | " + " | ".join(f"`{label}`" for label in labels) + " |")
    print("|---|" + "---|" * len(labels))
    print("| bare endpoint | " + " | ".join(f"{bare[label]:.0f}" for label in labels) + " |")
    ratios = (f"{whole[label]:.0f} (bare {bare[label] / whole[label]:.2f}x)" for label in labels)
    print("| generated app | " + " | ".join(ratios) + " |")
    for variant, figures in generated.items():
        if variant:
            saved = (whole[label] - figures[label] for label in labels)
            cells = (
                f"{s:.0f} ({s / whole[label]:.0%})" for s, label in zip(saved, labels, strict=True)
            )
            print(
                f"| saved without {variant.replace(module + '.', '')} | " + " | ".join(cells) + " |"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
