"""Load benchmark: each server flavor's generated app under wrk, next to the same framework's
bare endpoints served the same way, measured in the same run.

    python benchmarks/bench_load.py [--duration 10] [--rounds 3] [--connections 64]
                                    [--framework NAME ...]

For every server flavor it generates a basic-mode project, installs it (a shared virtualenv for
the Python flavors, ``npm ci`` for Express) and starts it with its production command on
127.0.0.1, next to ``baselines/<framework>_hello`` served the same way: a page that says "hello"
and a POST that parses JSON and answers a constant. wrk (Debian's ``wrk`` package) then drives
``GET /`` and ``POST /authorize/`` of one and the other in turn, ``--rounds`` times each, so that
a machine that gets busier or quieter meanwhile weighs on both alike. It prints requests/s over
all rounds as a ratio to the baseline's, the worst p99 latency and the errors. It is a script,
not a test: the figures go into the README.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import venv
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINES = REPO / "benchmarks" / "baselines"
sys.path.insert(0, str(REPO / "cli"))

from livechat_stand_in import BODY, livechat_api  # noqa: E402

from lcext.generate import Answers, render_project  # noqa: E402

POST_LUA = f"""
wrk.method = "POST"
wrk.body = '{BODY}'
wrk.headers["Content-Type"] = "application/json"
"""


# (name, path, whether it POSTs the body of POST_LUA)
ENDPOINTS = (("GET /", "/", False), ("POST /authorize/", "/authorize/", True))


@dataclass(frozen=True)
class Flavor:
    # The production command; {app} is the app to serve, {port} and {workers} are filled in.
    command: tuple[str, ...]
    generated_app: str  # {module} is the generated package
    baseline_app: str
    # Node resolves the baseline's packages from where it stands: install() copies it into the
    # generated project, and it runs from there.
    baseline_in_project: bool = False


FLAVORS = {
    "fastapi": Flavor(
        ("uvicorn", "{app}", "--host", "127.0.0.1", "--port", "{port}", "--workers", "{workers}",
         "--no-proxy-headers"),
        "{module}.main:app",
        "fastapi_hello:app",
    ),
    "flask": Flavor(
        ("gunicorn", "--preload", "--workers", "{workers}", "--bind", "127.0.0.1:{port}", "{app}"),
        "{module}.wsgi:app",
        "flask_hello:app",
    ),
    "django": Flavor(
        ("gunicorn", "--workers", "{workers}", "--bind", "127.0.0.1:{port}", "{app}"),
        "{module}.wsgi:application",
        "django_hello:application",
    ),
    "express": Flavor(("node", "{app}"), "src/plumbing/cluster.js", "express_hello.mjs", True),
}  # fmt: skip


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p99_ms: float
    errors: int
    requests: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - 127.0.0.1 only
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 s")


def wrk(url: str, duration: int, connections: int, script: Path | None) -> Result:
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if script is not None:
        argv += ["-s", str(script)]
    output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99_value, p99_unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    p99_ms = float(p99_value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99_unit]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return Result(rps, p99_ms, errors, requests)


@contextmanager
def serving(argv: list[str], cwd: Path, env: dict[str, str], url: str) -> Iterator[None]:
    """Runs a server for the duration of the block; ``url`` answers once it is up."""
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(url, process)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def combined(results: list[Result]) -> Result:
    """Several runs as one: requests/s over their whole time, their worst p99."""
    requests = sum(result.requests for result in results)
    seconds = sum(result.requests / result.requests_per_second for result in results)
    return Result(
        requests / seconds,
        max(result.p99_ms for result in results),
        sum(result.errors for result in results),
        requests,
    )


def measure(
    flavor: Flavor, project: Path, env: dict[str, str], args: argparse.Namespace, lua: Path
) -> dict[tuple[str, str], Result]:
    """{(server, endpoint): result} with the generated app and the bare one both up, driven in
    turn: one round of each endpoint on one server, then on the other, ``args.rounds`` times."""
    module = project.name.replace("-", "_")
    servers = {
        "generated": (flavor.generated_app.format(module=module), project, "/healthz"),
        "bare": (flavor.baseline_app, project if flavor.baseline_in_project else BASELINES, "/"),
    }
    runs: dict[tuple[str, str], list[Result]] = {}
    with ExitStack() as running:
        bases = {}
        for label, (app, cwd, ready) in servers.items():
            port = free_port()
            argv = [
                part.format(app=app, port=port, workers=args.workers) for part in flavor.command
            ]
            bases[label] = f"http://127.0.0.1:{port}"
            running.enter_context(
                serving(argv, cwd, {**env, "PORT": str(port)}, bases[label] + ready)
            )
        for endpoint, path, posts in ENDPOINTS:
            for _ in range(args.rounds):
                for label, base in bases.items():
                    result = wrk(
                        base + path, args.duration, args.connections, lua if posts else None
                    )
                    runs.setdefault((label, endpoint), []).append(result)
    return {key: combined(results) for key, results in runs.items()}


def install(framework: str, project: Path, python_env: Path) -> None:
    if framework == "express":
        subprocess.run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--silent"],
                       cwd=project, check=True)  # fmt: skip
        shutil.copy2(BASELINES / "express_hello.mjs", project / "express_hello.mjs")
    else:
        subprocess.run([python_env / "bin" / "python", "-m", "pip", "install", "-q", str(project)],
                       check=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs per endpoint and server")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY for every server")
    parser.add_argument("--framework", action="append", choices=sorted(FLAVORS))
    args = parser.parse_args()
    frameworks = args.framework or list(FLAVORS)
    needed = {"wrk": "apt-get install -y wrk", "node": "apt-get install -y nodejs npm"}
    if "express" not in frameworks:
        del needed["node"]
    missing = [install for tool, install in needed.items() if shutil.which(tool) is None]
    if missing:
        sys.exit(f"bench_load.py needs {' and '.join(needed)}: {'; '.join(missing)}")

    rows = []
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lcext-load-")))
        python_env = scratch / "venv"
        venv.create(python_env, with_pip=True)
        lua = scratch / "post.lua"
        lua.write_text(POST_LUA)
        livechat_api_url = stack.enter_context(livechat_api())
        for framework in frameworks:
            flavor = FLAVORS[framework]
            project = render_project(
                Answers(f"load {framework}", auth="basic", framework=framework),
                scratch / framework,
                git=False,
            ).path
            install(framework, project, python_env)
            env = {
                **os.environ,
                "PATH": f"{python_env / 'bin'}{os.pathsep}{os.environ['PATH']}",
                "ENVIRONMENT": "production",
                "SESSION_SECRET": "load-benchmark-secret-not-for-production",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "WEB_CONCURRENCY": str(args.workers),
                "HOST": "127.0.0.1",
                "LIVECHAT_API_URL": livechat_api_url,
            }
            for (label, endpoint), result in measure(flavor, project, env, args, lua).items():
                rows.append((framework, label, endpoint, result))

    print(
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{args.workers} workers, wrk -t2 -c{args.connections} -d{args.duration}s per run, "
        f"{args.rounds} rounds of each\n"
    )
    columns = ("flavor", "endpoint", "generated req/s", "bare req/s", "ratio", "p99 generated",
               "errors", "requests")  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|---|")
    by_key = {(framework, label, endpoint): result for framework, label, endpoint, result in rows}
    for framework in frameworks:
        for endpoint, _, _ in ENDPOINTS:
            ours = by_key[(framework, "generated", endpoint)]
            theirs = by_key[(framework, "bare", endpoint)]
            print(
                f"| {framework} | `{endpoint}` | {ours.requests_per_second:,.0f} | "
                f"{theirs.requests_per_second:,.0f} | "
                f"{ours.requests_per_second / theirs.requests_per_second:.2f}x | "
                f"{ours.p99_ms:.1f} ms | {ours.errors} | {ours.requests:,} |"
            )


if __name__ == "__main__":
    main()
