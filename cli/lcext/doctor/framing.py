"""Whether a Content-Security-Policy's ``frame-ancestors`` lets an origin frame the page.

Follows CSP Level 3 source matching for the expressions ``frame-ancestors`` takes: ``'none'``,
``'self'``, ``*``, scheme sources (``https:``) and host sources with wildcards and ports (paths do
not matter for ancestors, which are origins). Report-only policies are not enforced, so they are
not read.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def frame_ancestors(headers: list[str]) -> list[list[str]]:
    """The source lists of the ``frame-ancestors`` directives in these CSP header values.

    A header may hold several policies separated by commas, and each is enforced: an origin may
    frame the page only if every list admits it. An empty result means no policy limits framing.
    """
    found: list[list[str]] = []
    for header in headers:
        for policy in header.split(","):
            for directive in policy.split(";"):
                tokens = directive.split()
                if tokens and tokens[0].lower() == "frame-ancestors":
                    found.append(tokens[1:])
                    break  # only the first occurrence of a directive in a policy counts
    return found


def describe(policies: list[list[str]]) -> str:
    return " and ".join(" ".join(sources) or "(empty)" for sources in policies)


def admits(policies: list[list[str]], origin: str, page_url: str) -> bool:
    target = urlsplit(origin.lower())
    page = urlsplit(page_url.lower())
    return all(any(_matches(source, target, page) for source in sources) for sources in policies)


def _matches(source: str, target: SplitResult, page: SplitResult) -> bool:
    expression = source.strip().lower()
    if expression == "'self'":
        return (page.scheme, page.hostname, _port(page)) == (
            target.scheme,
            target.hostname,
            _port(target),
        )
    if expression == "*":
        return target.scheme in _DEFAULT_PORTS
    if expression.startswith("'"):  # 'none', and keywords that do not apply to ancestors
        return False
    if expression.endswith(":") and "/" not in expression:
        return _scheme_matches(expression[:-1], target.scheme)
    return _host_source_matches(expression, target, page.scheme)


def _host_source_matches(expression: str, target: SplitResult, page_scheme: str) -> bool:
    scheme, _, rest = expression.rpartition("://")
    # Without a scheme, a host source admits the page's own scheme (and its upgrade to https).
    if not _scheme_matches(scheme or page_scheme, target.scheme):
        return False
    host, _, port = rest.split("/", 1)[0].partition(":")
    if not _host_matches(host, target.hostname or ""):
        return False
    if port == "*":
        return True
    wanted = int(port) if port.isdigit() else _DEFAULT_PORTS.get(scheme or target.scheme)
    actual = _port(target)
    return wanted == actual or (wanted == 80 and actual == 443)


def _scheme_matches(allowed: str, actual: str) -> bool:
    # http: in a policy also admits https (the upgrade CSP allows), never the other way round.
    return allowed == actual or (allowed == "http" and actual == "https")


def _host_matches(pattern: str, host: str) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return pattern == host


def _port(parts: SplitResult) -> int | None:
    return parts.port or _DEFAULT_PORTS.get(parts.scheme)
