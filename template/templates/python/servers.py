"""Servers the tests run for real: the production command on 127.0.0.1, and TLS with the dev
certificate. One copy for every server flavor.

``test_deploy.py`` takes the Dockerfile's command (``dockerfile_instruction``), points it at a
free local port and starts it with ``Server``; which command that is stays in the flavor's test.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# How long a server may take to answer its health check, and then to stop.
START_SECONDS = 30
STOP_SECONDS = 15


def dockerfile_instruction(name: str) -> str:
    """The arguments of the Dockerfile's last ``name`` instruction (the one that counts).

    Continued lines are joined as Docker joins them: the backslash and the line end go.
    """
    text = (PROJECT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", "")
    lines = [line.strip() for line in text.splitlines() if not line.lstrip().startswith("#")]
    found = [
        arguments.strip()
        for keyword, _, arguments in (line.partition(" ") for line in lines)
        if keyword.upper() == name
    ]
    assert found, f"the Dockerfile has no {name}"
    return found[-1]


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(**settings: str) -> dict[str, str]:
    """Only what a server needs, and ``settings``: none of your own settings leak in.

    PATH starts with the folder of the Python that runs the tests, so that its server commands
    are found even without an activated virtualenv.
    """
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {"PATH": path, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", **settings}


class Server:
    """A command serving on 127.0.0.1:``port``, its output in a log file.

    It runs in a process group of its own, so that stopping it stops its workers too. As a
    context manager it waits until the server answers, and stops it at the end.
    """

    def __init__(
        self, command: list[str], port: int, *, environment: dict[str, str], cwd: Path, logs: Path
    ) -> None:
        self.port = port
        self.log = logs / f"server-{port}.log"
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def __enter__(self) -> Server:
        try:
            self.wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | Iterable[bytes] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Status, headers and body of the server's answer. An iterable body goes chunked."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        chunked = not isinstance(body, bytes | None)
        try:
            # The server may answer (a 413) and close the connection before a long body is all
            # sent: its answer is still there to read.
            with suppress(BrokenPipeError, ConnectionResetError):
                connection.request(method, path, body, headers or {}, encode_chunked=chunked)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def wait_until_up(self, path: str = "/healthz") -> None:
        """Until ``GET path`` answers 200; fails with the server's output if it never does."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server stopped ({self.process.returncode}):\n{self.output()}")
            with suppress(OSError):  # not listening yet
                if self.request("GET", path)[0] == 200:
                    return
            time.sleep(0.1)
        pytest.fail(f"the server did not answer within {START_SECONDS} s:\n{self.output()}")

    def stop(self) -> None:
        """SIGTERM, as a container's stop sends; SIGKILL to the whole group if that is ignored."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def tls_handshake(certificate: Path, key: Path, hostname: str) -> str:
    """The TLS version a client that trusts only ``certificate`` agrees on with a server using it.

    The client checks the host name, as a browser does once the certificate is accepted: a
    certificate that is not for ``hostname`` raises ``ssl.SSLCertVerificationError``.
    """
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate, key)
    client_context = ssl.create_default_context(cafile=str(certificate))
    with socket.create_server(("127.0.0.1", 0)) as listener:

        def answer() -> None:
            connection, _ = listener.accept()
            try:
                with server_context.wrap_socket(connection, server_side=True) as tls:
                    tls.sendall(b"hello")
            except (ssl.SSLError, OSError):
                pass  # the client refused the certificate

        server = threading.Thread(target=answer, daemon=True)
        server.start()
        try:
            with (
                socket.create_connection(listener.getsockname(), timeout=5) as raw,
                client_context.wrap_socket(raw, server_hostname=hostname) as tls,
            ):
                assert tls.recv(5) == b"hello"
                return str(tls.version())
        finally:
            server.join(timeout=5)


@contextmanager
def dripping_server(every: float = 0.5, at_most: int = 40) -> Iterator[str]:
    """The URL of a server that answers one byte every ``every`` seconds, ``at_most`` of them:
    each read is quick, the whole answer is not. A client with a deadline gives up in time."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip() -> None:
        with suppress(OSError):  # the client gave up, as it should
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                for byte in (b"HTTP/1.1 200 OK\r\n" + b"X-Drip: 1\r\n" * 8)[:at_most]:
                    connection.sendall(bytes([byte]))
                    if stop.wait(every):
                        return

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)
