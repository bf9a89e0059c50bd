"""doctor's HTTP layer, on the standard library: every failure becomes a FetchError with a reason.

One connection per request, no cookies, no automatic redirects (``get`` follows them itself, to
report loops), a size cap on bodies, and certificates verified against the system's CAs (which
``SSL_CERT_FILE`` can replace) plus an optional extra CA file. With ``insecure``, a certificate that
does not verify is accepted but remembered, so the report can warn about it.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass, field, replace
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lcext import __version__

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = f"lcext-doctor/{__version__}"


class FetchError(Exception):
    """A request that got no usable HTTP answer; ``kind`` says which way it failed."""

    def __init__(self, kind: str, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.kind = kind  # url, dns, connect, tls, timeout, protocol, too-large, redirect
        self.url = url
        self.reason = reason

    @property
    def unreachable(self) -> bool:
        """No conversation with the server took place at all."""
        return self.kind in ("dns", "connect", "tls", "timeout")


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    redirects: tuple[str, ...] = ()  # the URLs that redirected here, first one first

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def header(self, name: str) -> str | None:
        values = self.header_values(name)
        return values[0] if values else None

    @property
    def content_type(self) -> str:
        """The media type, lower-case and without parameters ('' when absent)."""
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def is_redirect(self) -> bool:
        return self.status in REDIRECT_STATUSES

    def text(self) -> str:
        message = Message()
        message["Content-Type"] = self.header("Content-Type") or "text/plain"
        charset = message.get_content_charset() or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name
            return self.body.decode("utf-8", errors="replace")


@dataclass
class Client:
    timeout: float
    ca_file: Path | None = None
    insecure: bool = False
    # host:port -> why its certificate did not verify (only filled when ``insecure``).
    certificate_problems: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._verified = ssl.create_default_context()
        if self.ca_file is not None:
            self._verified.load_verify_locations(cafile=str(self.ca_file))
        # No CA store to load: this context trusts any certificate.
        self._unverified = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self._unverified.check_hostname = False
        self._unverified.verify_mode = ssl.CERT_NONE

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Response:
        """One request, redirects not followed."""
        netloc = urlsplit(url).netloc
        problem = url_problem(url)
        if problem is not None:
            raise FetchError("url", url, problem)
        try:
            return self._request(
                method, url, headers, body, verify=netloc not in self.certificate_problems
            )
        except ssl.SSLCertVerificationError as error:
            if not self.insecure:
                raise FetchError("tls", url, _certificate_reason(error)) from None
            self.certificate_problems[netloc] = _certificate_reason(error)
            return self._request(method, url, headers, body, verify=False)

    def get(self, url: str, *, headers: dict[str, str] | None = None) -> Response:
        """GET, following redirects; a loop or too long a chain is a FetchError."""
        seen: list[str] = []
        while True:
            response = self.request("GET", url, headers=headers)
            location = response.header("Location")
            if not response.is_redirect or not location:
                return replace(response, redirects=tuple(seen))
            seen.append(url)
            url = urljoin(url, location.strip())
            problem = url_problem(url)
            if problem is not None:
                raise FetchError("redirect", seen[0], f"redirects to {url!r}, which {problem}")
            if url in seen:
                chain = " -> ".join([*seen[seen.index(url) :], url])
                raise FetchError("redirect", seen[0], f"redirect loop: {chain}")
            if len(seen) > MAX_REDIRECTS:
                raise FetchError("redirect", seen[0], f"more than {MAX_REDIRECTS} redirects")

    def _request(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None,
        body: bytes | None,
        *,
        verify: bool,
    ) -> Response:
        try:
            return self._exchange(method, url, headers, body, verify=verify)
        except ssl.SSLCertVerificationError:
            raise
        except ssl.SSLError as error:
            raise FetchError("tls", url, _tls_reason(error)) from None
        except TimeoutError:
            raise FetchError("timeout", url, f"no answer within {self.timeout:g} s") from None
        except socket.gaierror as error:
            raise FetchError("dns", url, f"host name not found ({error.strerror})") from None
        except ConnectionRefusedError:
            raise FetchError("connect", url, "connection refused") from None
        except http.client.HTTPException as error:
            reason = type(error).__name__ if not str(error) else str(error)
            raise FetchError("protocol", url, f"not a valid HTTP answer ({reason})") from None
        except OSError as error:
            raise FetchError("connect", url, error.strerror or str(error)) from None

    def _exchange(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None,
        body: bytes | None,
        *,
        verify: bool,
    ) -> Response:
        parts = urlsplit(url)
        host = parts.hostname or ""
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            context = self._verified if verify else self._unverified
            connection = http.client.HTTPSConnection(
                host, parts.port, timeout=self.timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(host, parts.port, timeout=self.timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(headers or {})}
        try:
            connection.request(method, target, body=body, headers=sent)
            answer = connection.getresponse()
            data = answer.read(MAX_BODY_BYTES + 1)
            if len(data) > MAX_BODY_BYTES:
                raise FetchError("too-large", url, f"answer larger than {MAX_BODY_BYTES} bytes")
            return Response(url, answer.status, answer.reason, tuple(answer.getheaders()), data)
        finally:
            connection.close()


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched over HTTP(S), or None when it can."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "is not an http:// or https:// address"
    if not parts.hostname:
        return "names no host"
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number from 0 to 65535
    except ValueError:
        return "has an invalid port"
    return None


def _certificate_reason(error: ssl.SSLCertVerificationError) -> str:
    return str(error.verify_message or error.reason or error)


def _tls_reason(error: ssl.SSLError) -> str:
    reason = str(error.reason or error)
    if "WRONG_VERSION_NUMBER" in reason.upper() or "HTTP_REQUEST" in reason.upper():
        return f"the server does not speak TLS on this port ({reason})"
    return f"TLS handshake failed ({reason})"
