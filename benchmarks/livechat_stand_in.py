"""The stand-in for LiveChat's REST API, for the benchmarks' basic-mode projects.

A generated basic-mode project checks each new login and API key with LiveChat's API before it
answers ``POST /authorize/`` (and remembers a verified pair for a while). The benchmarks post the
same pair every time, so they measure the endpoint with its verification remembered; this
stand-in (the one the generated Python tests use) vouches for that pair, so no benchmark ever
calls LiveChat's servers.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STAND_IN = Path(__file__).resolve().parents[1] / "template/templates/python/livechat_api_server.py"
LOGIN = "agent@example.com"
API_KEY = "benchmark-api-key"
BODY = f'{{"login": "{LOGIN}", "api_key": "{API_KEY}"}}'


@contextmanager
def livechat_api() -> Iterator[str]:
    """Serve the stand-in on 127.0.0.1 and yield its URL (for ``LIVECHAT_API_URL``)."""
    spec = importlib.util.spec_from_file_location("livechat_api_server", STAND_IN)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {STAND_IN}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with module.LiveChatApiServer() as server:
        server.add_agent(LOGIN, API_KEY)
        yield server.url
