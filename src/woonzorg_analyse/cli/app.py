"""The typer app of ``woonzorg`` and what its commands share: the options for the project
folders, where messages go (progress on stderr, results on stdout), and the problem list.

Heavy libraries (pandas, DuckDB, pyarrow) are imported inside the commands that need them, so
that ``woonzorg --help`` and the small commands start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from woonzorg_analyse.errors import Problem, UsageError, problem_order

app = typer.Typer(
    name="woonzorg",
    help="Woonzorganalyse voor aandachtsgroepen: valideren, bouwen, analyseren en rapporteren.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Output:
    """Where messages go: progress to stderr (only on a terminal), results to stdout."""

    quiet = False
    verbose = False

    _bar = None  # the rich progress display of the running step, on a terminal

    @classmethod
    def progress(cls, message: str, done: int | None = None, total: int | None = None) -> None:
        """Show a step, or a bar for ``done`` of ``total`` items, on a terminal only.

        Silent when stderr is not a terminal (CI, pipes, log files) or with --quiet; with
        --verbose every step is printed as a plain line, also without a terminal.
        """
        if cls.quiet:
            return
        terminal = sys.stderr.isatty()
        if total and terminal and not cls.verbose:
            cls._show(message, done or 0, total)
        elif total is None and (terminal or cls.verbose):
            cls._close()
            typer.echo(f"… {message}", err=True)
        elif cls.verbose and done == total:
            typer.echo(f"… {message}: {total}", err=True)

    @classmethod
    def _show(cls, message: str, done: int, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        if cls._bar is None:
            cls._bar = Progress(
                TextColumn("… {task.description:<28}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            cls._bar.start()
        tasks = {t.description: t.id for t in cls._bar.tasks}
        task = tasks.get(message)
        if task is None:
            task = cls._bar.add_task(message, total=total)
        cls._bar.update(task, completed=done, total=total)
        if done >= total and all(t.finished for t in cls._bar.tasks):
            cls._close()

    @classmethod
    def _close(cls) -> None:
        if cls._bar is not None:
            cls._bar.stop()
            cls._bar = None

    @classmethod
    def info(cls, message: str) -> None:
        """Print a result line unless quiet."""
        if not cls.quiet:
            typer.echo(message)


RootOption = Annotated[
    Path | None,
    typer.Option("--root", help="Projectmap met definitions/ en data/ (standaard WOONZORG_ROOT of hier)."),
]
DataOption = Annotated[
    Path | None,
    typer.Option("--data", help="Map met raw/ en processed/ (standaard WOONZORG_DATA of <root>/data)."),
]


@app.callback(invoke_without_command=True)
def main_options(
    context: typer.Context,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Alleen fouten tonen.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Elke stap tonen.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Toon de versie en stop.")] = False,
) -> None:
    """Woonzorganalyse voor aandachtsgroepen."""
    if version:
        from woonzorg_analyse import __version__

        typer.echo(f"woonzorg-analyse {__version__}")
        raise typer.Exit(0)
    if quiet and verbose:
        raise UsageError("--quiet en --verbose gaan niet samen")
    Output.quiet, Output.verbose = quiet, verbose
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())
        raise typer.Exit(0)


def _paths(root: Path | None, data: Path | None = None, reports: Path | None = None):
    from woonzorg_analyse.paths import Paths

    return Paths.resolve(root, data, reports)


def report_problems(problems: list[Problem], what: str) -> None:
    """Print every problem on stderr, one per line, and a Dutch summary."""
    for problem in sorted(set(problems), key=problem_order):
        typer.echo(f"FOUT  {problem.message()}", err=True)
    files = len({p.bestand for p in problems})
    noun = "probleem" if len(problems) == 1 else "problemen"
    typer.echo(
        f"{len(problems)} {noun} gevonden in {files} bestand{'en' if files != 1 else ''}. {what}",
        err=True,
    )
