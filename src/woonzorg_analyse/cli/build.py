"""The input commands: ``woonzorg validate`` and ``woonzorg build``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from woonzorg_analyse.cli.app import (
    DataOption,
    Output,
    RootOption,
    _paths,
    app,
    environment_error_exit,
    report_problems,
)
from woonzorg_analyse.errors import DataError
from woonzorg_analyse.formatting import getal


@app.command()
def validate(
    paden: Annotated[list[Path], typer.Argument(help="Een of meer leveringen of CBS-bestanden.")],
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Controleer leveringen of CBS-bestanden voordat ze worden ingelezen.

    Aantallen per gemeente worden begrensd door de inwoners van de gemeente, uit de
    CBS-kerncijfers in data/raw van het project (inwoners_bron in definitions.yaml).
    """
    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.validate.files import validate_paths

    paths = _paths(root, data)
    defs = load_definitions(paths.definitions)
    problems, clean = validate_paths(list(paden), defs, paths.raw)
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
    from woonzorg_analyse.stempel import ongewijzigd

    paths = _paths(root, data)
    if not force and ongewijzigd(paths, bron):  # decided without loading pandas or the definitions
        Output.info(f"Warehouse is actueel (invoer en definities ongewijzigd): {paths.warehouse}")
        return
    from woonzorg_analyse.pipeline import build as run_build

    # a failed build leaves the previous outputs as they were, or (a first build) writes none
    earlier = paths.processed.is_dir() and any(paths.processed.iterdir())
    left = "is ongewijzigd" if earlier else "bevat nog geen tabellen"
    nothing = f"Er is niets geschreven; {paths.processed} {left}."
    try:
        with environment_error_exit(paths.processed, nothing):
            result = run_build(paths, bron=bron, force=force, progress=Output.progress)
    except DataError as error:
        report_problems(error.problems, nothing)
        raise typer.Exit(1) from None
    if result.skipped:
        Output.info(f"Warehouse is actueel (invoer en definities ongewijzigd): {paths.warehouse}")
        return
    for note in result.notes:
        Output.info(f"let op: {note}")
    total = getal(sum(result.tables.values()))
    Output.info(f"Warehouse gebouwd: {paths.warehouse} ({len(result.tables)} tabellen, {total} rijen)")
