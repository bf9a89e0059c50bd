"""The baseline for ``lcext --help``: a minimal Typer app with one command and two options."""

import typer

app = typer.Typer()


@app.command()
def new(name: str, no_input: bool = False) -> None:
    """Create something."""


@app.command()
def other() -> None:
    """Do something else."""


if __name__ == "__main__":
    app()
