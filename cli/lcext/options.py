"""The description of lcext's options, read from the template's cookiecutter.json.

cookiecutter.json is the one source: its choice lists, their ``__prompts__`` labels and its
``_forbidden`` combinations drive lcext's flags, prompts, help texts, ``lcext list``, answers
files, ``update --set`` and validation, and plain cookiecutter's prompts and hook too. A new
choice option is a list there (with its ``__prompts__`` labels); a new framework is an entry
there plus its template files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from lcext.template import load_hook


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
    template: Path
    project_name_default: str
    choice_options: Mapping[str, ChoiceOption]
    forbidden: tuple[Forbidden, ...]

    @property
    def answer_keys(self) -> tuple[str, ...]:
        """What a user answers (answers files, ``.lcext-answers.json``, ``update --set``)."""
        return ("project_name", *self.choice_options)

    @property
    def forbidden_rules(self) -> list[dict[str, Any]]:
        """``_forbidden`` as cookiecutter.json writes it: what the pre-generation hook reads."""
        return [{"when": dict(rule.when), "why": rule.why} for rule in self.forbidden]

    @cached_property
    def _rules(self) -> ModuleType:
        return load_hook(self.template, "pre_gen_project")

    def allowed(self, answers: Mapping[str, str]) -> bool:
        return self.refusal(answers) is None

    def refusal(self, answers: Mapping[str, str]) -> str | None:
        """Why this combination of answers is refused, or None when it is allowed.

        The rule is the pre-generation hook's, the code that plain cookiecutter runs too.
        """
        why: str | None = self._rules.refusal(answers, self.forbidden_rules)
        return why

    def complete(self, choices: Mapping[str, str]) -> dict[str, str]:
        """``choices`` with every choice option left out set to its first allowed value, in
        the schema's order (an answers file from before an option existed takes its default)."""
        completed = dict(choices)
        for option in self.choice_options.values():
            if option.name not in completed:
                allowed = [v for v in option.values if self.allowed({**completed, option.name: v})]
                completed[option.name] = (allowed or list(option.values))[0]
        # The schema's order first; keys it does not know stay, for validation to refuse.
        return {name: completed[name] for name in self.choice_options} | completed

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
        template=template,
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
