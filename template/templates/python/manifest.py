"""The Client Id from ``livechat.config.json``, the app's manifest for LiveChat's developer CLI.

``lcdev bootstrap`` (see "Register it" in the README) registers the app from the manifest and
writes the Client Id it gets into ``auth.clientId`` there. The app takes its Client Id from
``LIVECHAT_CLIENT_ID`` when that is set (production sets it), else from the manifest, and says
in development which one it uses.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

# Read from the folder the app starts in, as .env is: the project's root.
MANIFEST_FILE = Path("livechat.config.json")
{%- set cli = cookiecutter._livechat.developer_cli %}
MISSING_CLIENT_ID = (
    "set LIVECHAT_CLIENT_ID to your app's Client Id, or register the app with "
    "`npx {{ cli.package }}@{{ cli.version }} bootstrap`, which writes it into "
    'auth.clientId in livechat.config.json (see "Register it" in the README)'
)


class ManifestError(ValueError):
    """The manifest is there but unreadable; the message says where and what."""


def manifest_client_id(manifest: Path | None = MANIFEST_FILE) -> str | None:
    """``auth.clientId`` in the manifest; None without a manifest or without a Client Id in it."""
    if manifest is None:
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"{manifest} is not readable JSON ({error})") from None
    auth = data.get("auth") if isinstance(data, dict) else None
    client_id = auth.get("clientId") if isinstance(auth, dict) else None
    if not isinstance(client_id, str):
        return None
    # `lcdev bootstrap` writes "" there when it could not set up the authorization.
    return client_id.strip() or None


def choose_client_id(
    from_environment: str | None, manifest: Path | None = MANIFEST_FILE, *, development: bool
) -> str | None:
    """The Client Id the app uses: ``from_environment`` (LIVECHAT_CLIENT_ID) when set, else the
    manifest's. None when neither has one: the caller refuses to start with MISSING_CLIENT_ID.

    In development it logs which one it took when the manifest has one, so that a stale one in
    either place is noticed.
    """
    from_environment = (from_environment or "").strip() or None
    try:
        from_manifest = manifest_client_id(manifest)
    except ManifestError as error:
        if from_environment is None:
            raise
        # LIVECHAT_CLIENT_ID is set: a broken manifest does not stop the app, but is worth saying.
        logger.warning("%s; using LIVECHAT_CLIENT_ID", error)
        return from_environment
    if from_environment is not None:
        # Said only when there is a choice: the manifest has a Client Id too.
        if development and from_manifest is not None:
            logger.warning(
                "Client Id: LIVECHAT_CLIENT_ID (livechat.config.json has %s in auth.clientId)",
                "the same one" if from_manifest == from_environment else "another one",
            )
        return from_environment
    if from_manifest is not None and development:
        logger.warning(
            "Client Id: LIVECHAT_CLIENT_ID is not set, so auth.clientId from %s", manifest
        )
    return from_manifest
