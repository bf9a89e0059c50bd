"""``lcext doctor URL``: check a running extension the way the Agent App uses it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lcext.commands.common import choice_enum, current_schema, fail
from lcext.errors import LcextError

if TYPE_CHECKING:
    from lcext.doctor.findings import Report

# The auth modes doctor knows how to check are those the template offers.
AuthChoice = choice_enum(current_schema().choice_options["auth"])


def doctor(
    url: Annotated[
        str,
        typer.Argument(
            metavar="URL",
            help="The extension page's URL, as entered in the Developers Console.",
            show_default=False,
        ),
    ],
    auth: Annotated[
        AuthChoice | None,  # type: ignore[valid-type]
        typer.Option(
            help="Check for this auth mode instead of detecting it from the page.",
            show_default=False,
        ),
    ] = None,
    origin: Annotated[
        list[str] | None,
        typer.Option(
            "--origin",
            metavar="ORIGIN",
            help="Another Agent App origin that must be able to frame and call the page "
            "(repeatable); LiveChat's own are always checked.",
            show_default=False,
        ),
    ] = None,
    insecure: Annotated[
        bool,
        typer.Option(
            "--insecure",
            help="Accept a certificate that does not verify (a self-signed development one), "
            "as a warning.",
        ),
    ] = False,
    ca_file: Annotated[
        Path | None,
        typer.Option(
            "--ca-file",
            metavar="PEM",
            help="Also trust the CA certificates in this PEM file (SSL_CERT_FILE, by contrast, "
            "replaces the system's).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds to wait for each answer.")
    ] = 10.0,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON, for CI.")
    ] = False,
    in_browser: Annotated[
        bool,
        typer.Option(
            "--browser",
            help="Also open the page in Chromium, framed from the Agent App's origin, and wait "
            "for LiveChat.init() (a widget: the trusted handshake and plugin_inited; needs: pip "
            "install 'lcext[browser]').",
        ),
    ] = False,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="With --browser: LiveChat's scripts come from lcext's stand-ins (the widgets "
            "SDK pinned on a CDN: lcext's vendored copy) and LiveChat's servers are never "
            "contacted.",
        ),
    ] = False,
    chromium: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="The Chromium or Chrome for --browser [default: CHROMIUM_PATH, else "
            "/usr/bin/chromium].",
            show_default=False,
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            metavar="PATH",
            help="Check every widget this livechat.config.json registers, and its redirect "
            "URIs; URL is then the base URL (lcdev bootstrap's --baseURL) [default: "
            "livechat.config.json in the current folder, if there is one].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a running extension the way the Agent App uses it; exit 1 if a check fails."""
    from lcext.doctor import run_doctor
    from lcext.doctor.manifest import default_manifest, run_manifest_doctor

    def check(page_url: str) -> Report:
        return run_doctor(
            url=page_url,
            auth=auth.value if auth is not None else None,
            origins=origin or [],
            insecure=insecure,
            ca_file=ca_file,
            timeout=timeout,
            in_browser=in_browser,
            offline=offline,
            chromium=chromium,
        )

    manifest = manifest or default_manifest()
    try:
        report = run_manifest_doctor(manifest, url, check) if manifest else check(url)
    except LcextError as error:
        fail(str(error), error.exit_code)
    typer.echo(report.as_json() if json_output else report.as_text())
    raise typer.Exit(code=report.exit_code)
