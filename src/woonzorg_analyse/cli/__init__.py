"""The ``woonzorg`` command line: a thin typer app over the Python API.

Exit codes: 0 in orde, 1 fouten in de gegevens, 2 verkeerd gebruik van het commando.
Messages are Dutch; bad data never produces a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from woonzorg_analyse import __version__
from woonzorg_analyse.errors import DataError, Problem, UsageError, WoonzorgError, problem_order

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
            width = 30
            filled = int(width * (done or 0) / total)
            bar = "#" * filled + "-" * (width - filled)
            end = "\n" if done == total else ""
            sys.stderr.write(f"\r… {message:<28} [{bar}] {done}/{total}{end}")
            sys.stderr.flush()
        elif total is None and (terminal or cls.verbose):
            typer.echo(f"… {message}", err=True)
        elif cls.verbose and done == total:
            typer.echo(f"… {message}: {total}", err=True)

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


@app.command()
def validate(
    paden: Annotated[list[Path], typer.Argument(help="Een of meer leveringen of CBS-bestanden.")],
    root: RootOption = None,
) -> None:
    """Controleer leveringen of CBS-bestanden voordat ze worden ingelezen."""
    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.validate.files import validate_paths

    defs = load_definitions(_paths(root).definitions)
    problems, clean = validate_paths(list(paden), defs)
    for line in clean:
        Output.info(line)
    if problems:
        report_problems(problems, "Los ze op en valideer opnieuw.")
        raise typer.Exit(1)


@app.command()
def build(
    root: RootOption = None,
    data: DataOption = None,
    force: Annotated[bool, typer.Option("--force", help="Ook bouwen als de invoer niet veranderde.")] = False,
    bron: Annotated[
        str,
        typer.Option(
            "--bron",
            help="Herkomst van de CBS-cijfers: voorbeeld (ingebouwd) of cbs (nieuwste snapshots van "
            "'woonzorg fetch cbs').",
        ),
    ] = "voorbeeld",
) -> None:
    """Bouw de gevalideerde tabellen en het DuckDB-warehouse uit data/raw."""
    from woonzorg_analyse.pipeline import build as run_build

    paths = _paths(root, data)
    try:
        result = run_build(paths, bron=bron, force=force, progress=Output.progress)
    except DataError as error:
        report_problems(error.problems, f"Er is niets geschreven; {paths.processed} is ongewijzigd.")
        raise typer.Exit(1) from None
    if result.skipped:
        Output.info(f"Warehouse is actueel (invoer en definities ongewijzigd): {paths.warehouse}")
        return
    for note in result.notes:
        Output.info(f"let op: {note}")
    total = sum(result.tables.values())
    Output.info(f"Warehouse gebouwd: {paths.warehouse} ({len(result.tables)} tabellen, {total} rijen)")


def _register_commands() -> None:
    """Add the commands that live in their own modules (analysis, reports, inputs)."""
    import importlib

    for module in ("cli.analysis", "cli.report", "cli.inputs"):
        try:
            importlib.import_module(f"woonzorg_analyse.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"woonzorg_analyse.{module}":
                raise


_register_commands()


def main() -> None:
    """Console-script entry point: run the app and turn known errors into Dutch messages."""
    sys.exit(run())


def run(args: list[str] | None = None) -> int:
    """Run the app with ``args`` and return the exit code (0 ok, 1 data, 2 usage)."""
    try:
        code = app(args=args, standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as exit_:
        return exit_.exit_code
    except typer.Abort:
        typer.echo("Afgebroken.", err=True)
        return 1
    except UsageError as error:
        typer.echo(f"Verkeerd gebruik: {error}", err=True)
        return 2
    except typer.TyperException as error:  # click's usage errors, vendored by typer
        show = getattr(error, "show", None)
        if show:
            show()
        else:
            typer.echo(f"Verkeerd gebruik: {error}", err=True)
        return int(getattr(error, "exit_code", 2) or 2)
    except WoonzorgError as error:
        typer.echo(f"FOUT  {error}", err=True)
        return error.exit_code
    except KeyboardInterrupt:
        typer.echo("Afgebroken.", err=True)
        return 130
    except Exception as error:  # a defect in this program, not in the data
        if os.environ.get("WOONZORG_DEBUG"):
            raise
        typer.echo(
            f"Interne fout ({type(error).__name__}: {error}). Dit is een fout in woonzorg-analyse; "
            "zet WOONZORG_DEBUG=1 voor details en meld het.",
            err=True,
        )
        return 3
