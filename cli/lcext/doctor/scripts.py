"""A static look at JavaScript: where ``LiveChat.init(...)`` is called and with which options, and
which of the widgets SDK's factories (``createDetailsWidget`` ...) the code uses.

Not a parser: comments are removed and string contents blanked first (keeping every offset), so
that a call in a comment or in a message string does not count, then calls are found by pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_INIT_CALL = re.compile(r"(?<![\w$])LiveChat\s*\.\s*init\s*\(")
# After a name, what makes it a definition: ``name = ...`` or ``name: ...`` (not ``==``, ``=>``).
_DEFINES = re.compile(r"\s*(?:=(?![=>])|:)")
_FUNCTION_BEFORE = re.compile(r"\bfunction\s*\*?\s*$")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
# ``authorize: false`` or ``"authorization": false``; minifiers write ``!1`` for false.
_AUTH_OFF = re.compile(r"""["']?\b(authorize|authorization)\b["']?\s*:\s*(?:false|!1)(?![\w$.])""")
# A slash after one of these starts a regular expression literal, not a division.
_REGEX_PRECEDERS = frozenset("(,=:[!&|?{};+-*%<>~^")


@dataclass(frozen=True)
class InitCall:
    arguments: str  # the source text between the parentheses, comments removed
    keys_off: frozenset[str]  # which of "authorize" / "authorization" are set to false
    via_variable: bool = False  # the options are a variable, the keys were found where it is set

    @property
    def authorization_off(self) -> bool:
        return bool(self.keys_off)


def find_init_calls(source: str) -> list[InitCall]:
    code, masked = _blank(source)
    calls = []
    for match in _INIT_CALL.finditer(masked):
        end = _closing_paren(masked, match.end())
        arguments = code[match.end() : end].strip()
        keys = frozenset(found.group(1) for found in _AUTH_OFF.finditer(arguments))
        if not keys and _IDENTIFIER.fullmatch(arguments):
            # LiveChat.init(options): look for the keys anywhere in the same script.
            keys = frozenset(found.group(1) for found in _AUTH_OFF.finditer(code))
            calls.append(InitCall(arguments, keys, via_variable=bool(keys)))
        else:
            calls.append(InitCall(arguments, keys))
    return calls


def find_factory_uses(source: str, factories: Iterable[str]) -> list[str]:
    """The factories of ``factories`` that the code uses (calls, or passes on to be called), in
    the order they first appear; not where it defines one (``createDetailsWidget = ...``)."""
    names = "|".join(re.escape(name) for name in factories)
    if not names:
        return []
    _, masked = _blank(source)
    used: list[str] = []
    for match in re.finditer(rf"(?<![\w$])({names})(?![\w$])", masked):
        before = masked[max(0, match.start() - 40) : match.start()]
        if _DEFINES.match(masked, match.end()) or _FUNCTION_BEFORE.search(before):
            continue
        if match.group(1) not in used:
            used.append(match.group(1))
    return used


def mentions(source: str, name: str) -> bool:
    """Whether the code (not its comments or strings) uses the identifier ``name``."""
    _, masked = _blank(source)
    return re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", masked) is not None


def _closing_paren(masked: str, start: int) -> int:
    depth = 1
    for index in range(start, len(masked)):
        if masked[index] == "(":
            depth += 1
        elif masked[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return len(masked)


def _blank(source: str) -> tuple[str, str]:
    """Two copies of ``source`` as long as it: without comments; and also with strings blanked."""
    code = list(source)
    masked = list(source)
    index = 0
    previous = ""  # the last character of code seen, to tell a regex literal from a division
    while index < len(source):
        char = source[index]
        pair = source[index : index + 2]
        if pair in ("//", "/*"):
            end = _comment_end(source, index)
            for position in range(index, end):
                if source[position] != "\n":
                    code[position] = masked[position] = " "
            index = end
            continue
        if char in "'\"`" or (char == "/" and (previous == "" or previous in _REGEX_PRECEDERS)):
            end = _literal_end(source, index)
            for position in range(index + 1, end - 1):
                masked[position] = " "
            previous = char
            index = end
            continue
        if not char.isspace():
            previous = char
        index += 1
    return "".join(code), "".join(masked)


def _comment_end(source: str, start: int) -> int:
    if source.startswith("//", start):
        end = source.find("\n", start)
        return len(source) if end == -1 else end
    end = source.find("*/", start + 2)
    return len(source) if end == -1 else end + 2


def _literal_end(source: str, start: int) -> int:
    """The offset just past the string, template or regex literal that starts at ``start``."""
    quote = source[start]
    index = start + 1
    in_class = False  # inside [...] of a regex, where "/" does not end it
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "\n" and quote in "'\"/":
            return index  # an unterminated string or regex ends with its line
        if quote == "/" and char == "[":
            in_class = True
        elif quote == "/" and char == "]":
            in_class = False
        elif char == quote and not in_class:
            return index + 1
        index += 1
    return len(source)
