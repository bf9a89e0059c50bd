"""Whole-process wall times of lcext, next to plain cookiecutter and a bare Typer app.

    python benchmarks/bench_cli.py [--runs 15]

Every figure is the median of ``--runs`` runs, and every comparison is a ratio between two
commands measured in the same run, since the machines are shared and noisy. The table is
printed as Markdown, ready for the README.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "template"
PYTHON = sys.executable
sys.path.insert(0, str(REPO / "cli"))

from lcext.options import load_schema  # noqa: E402


def median_seconds(command: Callable[[Path], list[str]], runs: int) -> float:
    """Median wall time of a command; each run gets a fresh, empty output folder."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            argv = command(Path(scratch))
            start = time.perf_counter()
            # TMPDIR: cookiecutter leaves the hooks it runs in temporary files it never deletes.
            env = {**os.environ, "TMPDIR": scratch}
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=scratch, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def lcext_new(framework: str, auth: str) -> Callable[[Path], list[str]]:
    return lambda out: [
        PYTHON, "-m", "lcext", "new", "Bench App", "--framework", framework, "--auth", auth,
        "--no-input", "--output-dir", str(out),
    ]  # fmt: skip


def cookiecutter_new(template: Path, framework: str, auth: str) -> Callable[[Path], list[str]]:
    return lambda out: [
        PYTHON, "-m", "cookiecutter", "--no-input", str(template), "--output-dir", str(out),
        "project_name=Bench App", f"framework={framework}", f"auth={auth}",
    ]  # fmt: skip


def core_new(template: Path, framework: str, auth: str) -> Callable[[Path], list[str]]:
    # lcext's core on another template (the CLI always uses its own).
    code = (
        "import sys; from pathlib import Path; from lcext.generate import Answers, render_project;"
        f"render_project(Answers('Bench App', auth={auth!r}, framework={framework!r}),"
        " Path(sys.argv[1]), template=Path(sys.argv[2]))"
    )
    return lambda out: [PYTHON, "-c", code, str(out), str(template)]


def multiplied_template(factor: int, framework: str, scratch: Path) -> tuple[Path, int]:
    """A copy of the template whose chosen flavor has every file ``factor`` times."""
    copy = scratch / f"template-x{factor}"
    shutil.copytree(TEMPLATE, copy, symlinks=True)
    (copy / "hooks").unlink()
    (copy / "hooks").symlink_to(REPO / "hooks", target_is_directory=True)
    flavor = next(copy.glob("{{*}}")) / "_flavors" / framework
    originals = [path for path in flavor.rglob("*") if path.is_file()]
    for path in originals:
        for n in range(1, factor):
            shutil.copy2(path, path.with_name(f"{path.stem}_copy{n}{path.suffix}"))
    return copy, len(originals) * factor


def row(label: str, seconds: float, baseline: float | None = None, name: str = "") -> str:
    ratio = f"{seconds / baseline:.2f}x {name}" if baseline else "—"
    return f"| {label} | {seconds * 1000:.0f} ms | {ratio} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--framework", action="append", help="only these frameworks (default: every one)"
    )
    options = parser.parse_args()
    runs = options.runs
    os.environ["PYTHONPATH"] = str(REPO / "cli")  # the checkout's lcext, whatever is installed

    lines = [
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, median of {runs} runs",
        "",
        "| command | median | ratio |",
        "|---|---|---|",
    ]
    floor = median_seconds(lambda out: [PYTHON, "-c", "pass"], runs)
    bare = median_seconds(
        lambda out: [PYTHON, str(REPO / "benchmarks/bare_typer.py"), "--help"], runs
    )
    lines.append(row("`python -c pass`", floor))
    lines.append(row("bare Typer app `--help`", bare, floor, "the floor"))
    for args in (["--help"], ["--version"], ["new", "--help"]):
        seconds = median_seconds(lambda out, a=args: [PYTHON, "-m", "lcext", *a], runs)
        lines.append(row(f"`lcext {' '.join(args)}`", seconds, bare, "bare Typer `--help`"))

    for combination in load_schema(TEMPLATE).combinations():
        framework, auth = combination["framework"], combination["auth"]
        if options.framework and framework not in options.framework:
            continue
        plain = median_seconds(cookiecutter_new(TEMPLATE, framework, auth), runs)
        ours = median_seconds(lcext_new(framework, auth), runs)
        lines.append(row(f"`cookiecutter` {framework} {auth}", plain))
        lines.append(row(f"`lcext new` {framework} {auth}", ours, plain, "cookiecutter"))

    with tempfile.TemporaryDirectory() as scratch:
        sizes = []
        for factor in (1, 4):
            template, files = multiplied_template(factor, "fastapi", Path(scratch))
            plain = median_seconds(cookiecutter_new(template, "fastapi", "basic"), runs)
            ours = median_seconds(core_new(template, "fastapi", "basic"), runs)
            sizes.append((files, plain, ours))
            lines.append(row(f"cookiecutter, fastapi flavor x{factor} ({files} files)", plain))
            lines.append(row(f"lcext core, fastapi flavor x{factor}", ours, plain, "cookiecutter"))
        (small, plain_small, ours_small), (big, plain_big, ours_big) = sizes
        per_file_plain = (plain_big - plain_small) / (big - small)
        per_file_ours = (ours_big - ours_small) / (big - small)
        lines.append(
            f"| cost of one more template file | cookiecutter {per_file_plain * 1000:.2f} ms, "
            f"lcext {per_file_ours * 1000:.2f} ms | {per_file_ours / per_file_plain:.2f}x |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
