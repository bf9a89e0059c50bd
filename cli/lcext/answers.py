"""Answers that do not come from flags or prompts: an answers file, or the last ones used."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from lcext.errors import InvalidOptionError


def load_answers_file(path: Path, keys: Sequence[str]) -> dict[str, str]:
    """Answers from a YAML (.yml, .yaml) or JSON file: a mapping of some of ``keys`` (the
    schema's answer keys: project_name and the choice options) to strings."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidOptionError(f"cannot read the answers file {path}: {error.strerror}") from None
    return _checked(_parse(text, path), path, keys)


def _parse(text: str, path: Path) -> object:
    if path.suffix.lower() in (".yml", ".yaml"):
        import yaml  # a dependency of cookiecutter; only YAML answers files need it

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as error:
            problem = str(error).splitlines()[0]
            raise InvalidOptionError(
                f"the answers file {path} is not valid YAML: {problem}"
            ) from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise InvalidOptionError(f"the answers file {path} is not valid JSON: {error}") from None


def _checked(data: object, path: Path, keys: Sequence[str]) -> dict[str, str]:
    if not isinstance(data, dict):
        raise InvalidOptionError(
            f"the answers file {path} must hold a mapping of {', '.join(keys)} to strings"
        )
    unknown = sorted(str(key) for key in data if key not in keys)
    if unknown:
        raise InvalidOptionError(
            f"the answers file {path} has unknown keys: {', '.join(unknown)}; "
            f"the keys are {', '.join(keys)}"
        )
    for key, value in data.items():
        if not isinstance(value, str):
            raise InvalidOptionError(f"in the answers file {path}, {key} must be a string")
    return dict(data)


def last_answers_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "lcext" / "last-answers.json"


def remember(answers: dict[str, str]) -> None:
    """Keep the answers of a successful ``lcext new`` for ``--replay`` (no secrets in them)."""
    path = last_answers_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(answers, indent=2) + "\n", encoding="utf-8")
    except OSError:
        pass  # --replay is a convenience: a read-only home must not fail lcext new


def last_answers(keys: Sequence[str]) -> dict[str, str]:
    path = last_answers_path()
    if not path.is_file():
        raise InvalidOptionError(
            "there are no last answers to replay yet; run lcext new without --replay once"
        )
    try:
        return _checked(json.loads(path.read_text(encoding="utf-8")), path, keys)
    except ValueError as error:
        raise InvalidOptionError(f"the last answers in {path} are not valid: {error}") from None
