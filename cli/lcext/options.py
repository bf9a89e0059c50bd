"""The description of lcext's options, read from the template's cookiecutter.json.

cookiecutter.json is the one source: its choice lists, their ``__prompts__`` labels and its
``_forbidden`` combinations drive lcext's flags, prompts, help texts and validation, and plain
cookiecutter's prompts too. Adding a framework is an entry there plus its template files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ChoiceOption:
    name: str
    prompt: str
    choices: tuple[Choice, ...]

    @property
    def default(self) -> str:
        return self.choices[0].value

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def help_text(self) -> str:
        return "; ".join(f"'{choice.value}': {choice.label}" for choice in self.choices)


@dataclass(frozen=True)
class Forbidden:
    when: Mapping[str, str]
    why: str


@dataclass(frozen=True)
class OptionSchema:
    project_name_default: str
    choice_options: Mapping[str, ChoiceOption]
    forbidden: tuple[Forbidden, ...]

    def allowed(self, answers: Mapping[str, str]) -> bool:
        return self.refusal(answers) is None

    def refusal(self, answers: Mapping[str, str]) -> str | None:
        """Why this combination of answers is refused, or None when it is allowed."""
        for rule in self.forbidden:
            if all(answers.get(key) == value for key, value in rule.when.items()):
                return rule.why
        return None

    def combinations(self) -> list[dict[str, str]]:
        """Every allowed combination of the choice options (the test matrix)."""
        combos: list[dict[str, str]] = [{}]
        for option in self.choice_options.values():
            combos = [{**combo, option.name: value} for combo in combos for value in option.values]
        return [combo for combo in combos if self.allowed(combo)]


def _choice_option(name: str, values: list[str], prompts: Mapping[str, Any]) -> ChoiceOption:
    labels = prompts.get(name, {})
    if isinstance(labels, str):
        labels = {"__prompt__": labels}
    return ChoiceOption(
        name=name,
        prompt=labels.get("__prompt__", name),
        choices=tuple(Choice(value, labels.get(value, value)) for value in values),
    )


def load_schema(template: Path) -> OptionSchema:
    context = json.loads((template / "cookiecutter.json").read_text(encoding="utf-8"))
    prompts = context.get("__prompts__", {})
    return OptionSchema(
        project_name_default=context["project_name"],
        choice_options={
            name: _choice_option(name, values, prompts)
            for name, values in context.items()
            if isinstance(values, list) and not name.startswith("_")
        },
        forbidden=tuple(
            Forbidden(when=rule["when"], why=rule["why"]) for rule in context.get("_forbidden", [])
        ),
    )
