"""The errors lcext reports to its users: each message is one sentence that says how to fix it."""


class LcextError(Exception):
    """Base of every error the CLI turns into a one-line message and an exit code."""

    exit_code = 1


class InvalidOptionError(LcextError):
    """An answer or a combination of answers that would produce a broken project."""

    exit_code = 2


class OutputExistsError(LcextError):
    """The project folder is already there; lcext never writes into a user's folder."""

    exit_code = 1


class OutputDirError(LcextError):
    """The output folder cannot be made or written in (a file in the way, no permission, ...)."""

    exit_code = 1


class TemplateError(LcextError):
    """The template itself failed to render: a bug in lcext, not in the user's answers."""

    exit_code = 1
