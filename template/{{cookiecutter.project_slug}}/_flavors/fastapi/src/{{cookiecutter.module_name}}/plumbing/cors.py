"""CORS for the API only: the Agent App's pages may call it from the browser, no other site may."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


class ApiCors:
    """Starlette's CORSMiddleware on the paths that start with one of ``prefixes``, and no others.

    The page and its files are not for other sites' scripts, so they get no CORS headers (as in
    the other lcext flavors), and the page, the most requested path, is spared the work.
    """

    def __init__(
        self, app: ASGIApp, *, prefixes: tuple[str, ...], allow_origins: Sequence[str]
    ) -> None:
        self.app = app
        self.prefixes = prefixes
        self.cors = CORSMiddleware(
            app,
            allow_origins=allow_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefixes):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
