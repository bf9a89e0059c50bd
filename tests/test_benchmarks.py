"""The benchmark scripts run on a fresh machine and print their tables.

Each runs here as briefly as its options allow: these tests check that the scripts still work
with the template as it is (bench_layers takes layers out of the generated apps by name), not
how fast anything is; the figures in the README come from full runs.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import FRAMEWORKS, REPO

pytestmark = pytest.mark.slow

SERVER_FLAVORS = tuple(name for name, flavor in FRAMEWORKS.items() if flavor["server"])
ENDPOINTS = ("`GET /`", "`POST /authorize/`")


def run_benchmark(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, f"benchmarks/{script}", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def table_rows(output: str) -> list[list[str]]:
    """The cells of every Markdown table row below a header row."""
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in output.splitlines()
        if line.startswith("| ") and not line.startswith("|---")
    ]


def test_bench_load_drives_every_server_flavor_without_errors() -> None:
    output = run_benchmark("bench_load.py", "--duration", "1", "--rounds", "1")
    header, *rows = table_rows(output)
    assert header[:5] == ["flavor", "endpoint", "generated req/s", "bare req/s", "ratio"]
    assert [(row[0], row[1]) for row in rows] == [
        (flavor, endpoint) for flavor in SERVER_FLAVORS for endpoint in ENDPOINTS
    ]
    for row in rows:
        generated, bare = (float(cell.replace(",", "")) for cell in row[2:4])
        assert generated > 0 and bare > 0, row
        assert re.fullmatch(r"\d+\.\d\dx", row[4]), row
        assert row[6] == "0", f"errors under load: {row}"


def test_bench_layers_takes_each_layer_out_of_every_python_flavor() -> None:
    output = run_benchmark(
        "bench_layers.py", "--rounds", "1", "--requests", "20", "--alternations", "1"
    )
    tables = re.split(r"^(fastapi|flask|django): .*$", output, flags=re.MULTILINE)[1:]
    by_framework = dict(zip(tables[::2], tables[1::2], strict=True))
    assert list(by_framework) == ["fastapi", "flask", "django"]
    for framework, table in by_framework.items():
        labels = [row[0] for row in table_rows(table)[1:]]
        assert labels[:2] == ["bare endpoint", "generated app"], framework
        assert labels[-1] == "saved without every layer above", framework
        assert any("CORS" in label or "Cors" in label for label in labels), (framework, labels)


def test_bench_cli_compares_lcext_with_cookiecutter() -> None:
    output = run_benchmark("bench_cli.py", "--runs", "1", "--framework", "static")
    labels = [row[0] for row in table_rows(output)[1:]]
    # The static flavor has no server for basic mode's /authorize/: sign-in only.
    assert "`cookiecutter` static sign-in" in labels
    assert "`lcext new` static sign-in" in labels
    assert labels[-1] == "cost of one more template file"
