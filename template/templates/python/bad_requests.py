"""The requests every server flavor must answer with a JSON 4xx, never a 500: one table for all.

``ENDPOINTS`` is every endpoint with the methods it answers; ``MALFORMED`` is the bodies a
client may send by mistake or on purpose. Each flavor's ``test_bad_requests.py`` sends every
body to every endpoint, with the endpoint's own method and as a POST, through its framework's
test client.
"""

from __future__ import annotations

import json

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=x"

# The body limit every flavor enforces, in bytes (the Agent App's bodies are far smaller).
MAX_BODY_BYTES = 4096
{%- if cookiecutter.auth == "sign-in" %}

# The endpoint that takes a body, and the fields it reads.
BODY_PATH = "/api/session"
FIELDS = ("access_token",)
{%- else %}

# The endpoint that takes a body (the Agent App POSTs to it with the slash), and its fields.
BODY_PATH = "/authorize/"
FIELDS = ("login", "api_key")
{%- endif %}

{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

# The pages a browser GETs (the widgets'), and one of their files.
PAGES = ({% for widget in cookiecutter._livechat.widgets %}"/{{ widget.path }}"{% if not loop.last %}, {% endif %}{% endfor %})
STATIC_FILE = "/static/widget.js"
# The customer-details endpoint, for a customer id as LiveChat writes them.
CUSTOMER_DETAILS = "/api/customers/S126126161.O136OJPO1/details"
{%- else %}

# The page a browser GETs, and one of its files.
PAGES = ("/",)
STATIC_FILE = "/static/extension.js"
{%- endif %}

ENDPOINTS: dict[str, tuple[str, ...]] = {
    **{page: ("GET",) for page in PAGES},
    "/healthz": ("GET",),
    STATIC_FILE: ("GET",),
    "/api/me": ("GET",),
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    CUSTOMER_DETAILS: ("GET",),
{%- endif %}
    BODY_PATH: ("POST",),
{%- if cookiecutter.auth == "basic" %}
    "/authorize": ("POST",),
{%- endif %}
}
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}

# Customer ids the details endpoint refuses with a 400 (as path segments, percent-encoded where
# a URL needs it): too long, or characters no LiveChat id has.
BAD_CUSTOMER_IDS = {
    "too-long": "a" * 129,
    "space": "S1%20S2",
    "quote": "S1%22",
    "angle-brackets": "%3Cimg%3E",
    "non-ascii": "klient-%C5%BC",
    "percent": "S1%25",
    "semicolon": "S1;S2",
    "comma": "S1,S2",
    "at-sign": "agent@example.com",
    "newline": "S1%0A",
}
{%- endif %}


def _each_field(value: object) -> bytes:
    return json.dumps({field: value for field in FIELDS}).encode()


def _form(*pairs: tuple[str, str]) -> bytes:
    return "&".join(f"{name}={value}" for name, value in pairs).encode()


# Bodies a client may send by mistake or on purpose: (body, Content-Type or None for no such
# header at all). None may get a 500, and every one but READABLE's is refused with a 4xx.
MALFORMED: dict[str, tuple[bytes, str | None]] = {
    "empty": (b"", JSON),
    "empty-without-type": (b"", None),
    "not-json": (b"{not json", JSON),
    "truncated-json": (b'{"' + FIELDS[0].encode() + b'": "agent@exa', JSON),
    "json-array": (b"[1, 2, 3]", JSON),
    "json-string": (b'"agent@example.com"', JSON),
    "json-number": (b"12345678901234567890", JSON),
    "json-null": (b"null", JSON),
    "json-true": (b"true", JSON),
    "json-nan": (b'{"login": NaN, "api_key": Infinity, "access_token": -Infinity}', JSON),
    "deeply-nested-arrays": (b"[" * 2000 + b"]" * 2000, JSON),
    "deeply-nested-objects": (b'{"a": ' * 500 + b"{}" + b"}" * 500, JSON),
    "deeply-nested-field": (_each_field(0).replace(b"0", b"[" * 1500 + b"]" * 1500), JSON),
    "nested-as-text": (b"[" * 4000, "text/plain"),
    "huge-number": (b'{"' + FIELDS[0].encode() + b'": 1' + b"0" * 4000 + b"}", JSON),
    "huge-string": (_each_field("a" * 1900), JSON),
    "fields-of-other-types": (_each_field([1, {"a": None}]), JSON),
    "fields-null": (_each_field(None), JSON),
    "fields-objects": (_each_field({"$ne": ""}), JSON),
    "lone-surrogate": (b'{"' + FIELDS[0].encode() + b'": "\\ud800"}', JSON),
    "control-characters": (_each_field("agent\u0000\r\nSet-Cookie: x=1"), JSON),
    "non-ascii": (_each_field("ключ-🔑"), JSON),
    "binary": (bytes(range(256)) * 4, "application/octet-stream"),
    "binary-as-json": (bytes(range(256)) * 4, JSON),
    "binary-as-form": (bytes(range(256)), FORM),
    "binary-without-type": (bytes(range(256)), None),
    "nul-bytes": (b"\x00" * 64, JSON),
    "invalid-utf8-json": (b'{"' + FIELDS[0].encode() + b'": "\xff\xfe"}', JSON),
    "invalid-utf8-form": (FIELDS[0].encode() + b"=\xff\xfe", FORM),
    "utf16-json": (_each_field("agent@example.com").decode().encode("utf-16"), JSON),
    "latin1-json": (json.dumps({FIELDS[0]: "agént"}, ensure_ascii=False).encode("latin-1"), JSON),
    "xml": (b"<login>agent@example.com</login>", "application/xml"),
    "multipart": (b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', MULTIPART),
    "json-labelled-form": (_each_field("agent@example.com"), FORM),
    "form-labelled-json": (_form(*((field, "value") for field in FIELDS)), JSON),
    "form-as-text": (_form(*((field, "value") for field in FIELDS)), "text/plain"),
    "form-repeated-keys": (_form(*((field, value) for field in FIELDS for value in "ab")), FORM),
    "form-bad-escapes": (_form(*((field, "%ZZ%FF%00") for field in FIELDS)), FORM),
    "form-without-values": (b"&&=&" + "&".join(FIELDS).encode(), FORM),
    "garbled-content-type": (b"{}", "application/json; charset=nonsense; ;;="),
    "over-the-limit": (_each_field("a" * MAX_BODY_BYTES), JSON),
}  # fmt: skip

# A well-formed value for each field; and values none of them may hold (a 422), for they would
# forge a header or a log line, or disguise what is shown: control characters, line and
# paragraph separators, bidirectional controls, inside a value or at either end of it.
WELL_FORMED = {
    "login": "agent@example.com",
    "api_key": "dal:a-well-formed-API-key-0123456789",
    "access_token": "dal:a-well-formed-access-token-0123456789",
}
UNSAFE_TEXT = {
    "crlf": "a\r\nX-Injected: 1",
    "trailing-newline": "agent@example.com\n",
    "leading-tab": "\tagent@example.com",
    "nul": "agent\u0000",
    "delete": "agent\u007f",
    "c1-control": "agent\u0085",
    "line-separator": "agent\u2028x",
    "paragraph-separator": "agent\u2029",
    "right-to-left-override": "\u202eevil",
    "right-to-left-mark": "agent\u200f",
    "isolate": "\u2066agent\u2069",
    "arabic-letter-mark": "agent\u061c",
}


def with_unsafe(field: str, name: str) -> bytes:
    """A JSON body whose ``field`` holds ``UNSAFE_TEXT[name]``, every other field well-formed."""
    values = {other: WELL_FORMED[other] for other in FIELDS}
    return json.dumps({**values, field: UNSAFE_TEXT[name]}).encode()


# Of those, the bodies the shared reader (bodies.py) understands, so they are answered like any
# other: JSON in UTF-16 (which json.loads detects), and text/plain read as JSON or a form.
READABLE = frozenset({"utf16-json", "form-as-text"})
