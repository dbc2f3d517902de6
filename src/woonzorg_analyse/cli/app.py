"""The typer app of ``woonzorg`` and what its commands share: the options for the project
folders, where messages go (progress on stderr, results on stdout), and the problem list.

Heavy libraries (pandas, DuckDB, pyarrow) are imported inside the commands that need them, so
that ``woonzorg --help`` and the small commands start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

# The words typer's help pages put around the Dutch help texts (typer.rich_utils reads them when
# it draws a page), and the help text of --help itself.
HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenten",
    "OPTIONS_PANEL_TITLE": "Opties",
    "COMMANDS_PANEL_TITLE": "Commando's",
    "ERRORS_PANEL_TITLE": "Fout",
    "DEFAULT_STRING": "[standaard: {}]",
    "REQUIRED_LONG_STRING": "[verplicht]",
    "ENVVAR_STRING": "[omgevingsvariabele: {}]",
    "DEPRECATED_STRING": "(verouderd) ",
    "ABORTED_TEXT": "Afgebroken.",
    "RICH_HELP": "Zie [blue]'{command_path} {help_option}'[/] voor hulp.",
}
HELP_OPTION_TEXT = "Toon deze hulp en stop."


def _help_in_dutch() -> None:
    """Make typer draw its help pages with Dutch words, each paragraph of a command's docstring
    as one paragraph. Done when a page is drawn, not at import: typer imports its rich help
    module (and rich) only then, and every command starts faster."""
    from typer import core

    def dutch(format_help):
        def format_help_in_dutch(self, ctx, formatter):
            from typer import rich_utils

            for name, text in HELP_WORDS.items():
                if hasattr(rich_utils, name):
                    setattr(rich_utils, name, text)
            option = self.get_help_option(ctx)
            if option is not None:
                option.help = HELP_OPTION_TEXT
            if self.help:  # a docstring's paragraph is one paragraph, not its source lines
                self.help = "\n\n".join(" ".join(p.split()) for p in self.help.split("\n\n"))
            return format_help(self, ctx, formatter)

        return format_help_in_dutch

    for kind in (core.TyperCommand, core.TyperGroup):
        kind.format_help = dutch(kind.format_help)


_help_in_dutch()


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


@contextmanager
def environment_error_exit(folder: Path, unchanged: str) -> Iterator[None]:
    """Report a failure of the environment inside the block (a folder that cannot be written, a
    read-only or full disk) as a Dutch message naming the path, then ``unchanged`` (what was
    left as it was), and exit with code 4; anything else passes on."""
    from woonzorg_analyse.load.files import environment_error

    try:
        yield
    except Exception as error:
        translated = environment_error(error, fallback=folder)
        if translated is None:
            raise
        Output._close()
        typer.echo(f"FOUT  {translated}", err=True)
        typer.echo(unchanged, err=True)
        raise typer.Exit(translated.exit_code) from None


def _closest(value: str, options: dict[str, str], cutoff: float) -> str | None:
    """Return the option whose key (else whose text) is closest to ``value``, or None."""
    import difflib
    import re

    short = re.fullmatch(r"\s*([A-Za-z]{2})\s*-?\s*(\d{1,2})\s*", value)
    if short and f"{short[1].upper()}{int(short[2]):02d}" in options:  # KL7, kl 07 -> KL07
        return f"{short[1].upper()}{int(short[2]):02d}"
    by_key = difflib.get_close_matches(value.upper(), [k.upper() for k in options], n=1, cutoff=cutoff)
    if by_key:
        return next(k for k in options if k.upper() == by_key[0])
    texts = {t.casefold(): k for k, t in options.items()}
    by_text = difflib.get_close_matches(value.casefold(), list(texts), n=1, cutoff=0.6)
    if by_text:
        return texts[by_text[0]]
    partial = [k for k, t in options.items() if value.casefold() in t.casefold()]
    return partial[0] if len(partial) == 1 else None


def resolve_type(con, regio_type: str) -> str:
    """Return ``regio_type`` when the warehouse knows it; UsageError with the closest type else."""
    known = [r[0] for r in con.execute("select distinct regio_type from ref_regio order by 1").fetchall()]
    if regio_type in known:
        return regio_type
    close = _closest(regio_type, {t: t for t in known}, 0.6)
    hint = f"; bedoelt u {close}?" if close else ""
    raise UsageError(f"onbekend regiotype: {regio_type}{hint} (bekend: {', '.join(known)})")


def resolve_region(con, code: str, regio_type: str | list[str] | None = None) -> str:
    """Return the region type of region ``code`` (of ``regio_type`` when given: one or a list).

    UsageError for an unknown code, naming the closest region ("bedoelt u KL07 Hart van
    Brabant?") by code or by name, for a code of another type than the one given, and for a
    code that several types have.
    """
    rows = con.execute("select regio_type, regio_code, regio_naam from ref_regio order by 1, 2").fetchall()
    allowed = (
        None if regio_type is None else [regio_type] if isinstance(regio_type, str) else list(regio_type)
    )
    types = sorted({t for t, c, _ in rows if c == code and (allowed is None or t in allowed)})
    if len(types) == 1:
        return types[0]
    if len(types) > 1:
        raise UsageError(f"regio {code} bestaat in meer regiotypen ({', '.join(types)}); geef --regio-type")
    elsewhere = [(t, n) for t, c, n in rows if c == code]
    if elsewhere:
        shown = ", ".join(f"{t} ({n})" for t, n in elsewhere)
        raise UsageError(f"regio {code} is geen {' of '.join(allowed or [])} maar een {shown}")
    options = {c: n for t, c, n in rows if allowed is None or t in allowed}
    close = _closest(code, options, 0.5)
    hint = f" (bedoelt u {close} {options[close]}?)" if close else ""
    within = f" in regiotype {', '.join(allowed)}" if allowed else ""
    raise UsageError(f"onbekende regio: {code}{within}{hint}; 'woonzorg regios' toont alle regio's")
