"""The ``woonzorg report`` command: write the bouwstenennotitie of one or more regions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from woonzorg_analyse.cli import DataOption, Output, RootOption, _paths, app
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.formatting import getal


@app.command()
def report(
    regio_type: Annotated[
        list[str] | None,
        typer.Option(
            "--regio-type",
            help="Regiotype (herhaalbaar), bv. woondealregio of koploperregio. Standaard: "
            "rapport_regio_types uit definitions.yaml, of het type van --regio.",
        ),
    ] = None,
    regio: Annotated[
        list[str] | None,
        typer.Option("--regio", help="Regiocode (herhaalbaar), bv. WD13 of KL07."),
    ] = None,
    alle: Annotated[bool, typer.Option("--all", help="Alle regio's van de gekozen regiotypen.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Aantal processen tegelijk.", min=1)] = 2,
    uit: Annotated[
        Path | None, typer.Option("--uit", help="Map voor de rapporten (standaard <root>/reports).")
    ] = None,
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Schrijf de bouwstenennotitie (PDF, HTML, Excel en figuren) per regio, en reports/index.html."""
    from woonzorg_analyse.report import generate_all, regions

    if bool(regio) == alle:
        raise UsageError("geef --regio CODE of --all (niet allebei, niet geen van beide)")
    paths = _paths(root, data, uit)
    codes = None
    types = list(regio_type) if regio_type else None
    if regio:
        codes = [c.strip().upper() for c in regio]
        if types is None:
            known = regions(paths, _all_types(paths))
            types = sorted({t for t, c, _ in known if c in codes})
        found = {c for _, c, _ in regions(paths, types)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise UsageError(
                f"onbekende regio: {', '.join(missing)}"
                + (f" (regiotype {', '.join(types)})" if regio_type else "")
            )
    result = generate_all(paths, types, jobs=jobs, codes=codes, progress=Output.progress)
    for item in result["resultaten"]:
        Output.info(f"Rapport geschreven: {item.map} ({item.regio_naam})")
        if item.ontbrekende_tabellen:
            Output.info(
                f"let op: {item.regio_code} mist analysetabellen: {', '.join(item.ontbrekende_tabellen)}"
            )
    n = result["regios"]
    Output.info(
        f"{n} rapport{'en' if n != 1 else ''} in {getal(result['seconden'], 1)} s "
        f"({getal(result['per_regio'], 2)} s per regio, {result['jobs']} processen); "
        f"overzicht: {Path(paths.reports) / 'index.html'}"
    )


def _all_types(paths) -> list[str]:
    from woonzorg_analyse.report import connect

    with connect(paths) as con:
        return [r[0] for r in con.execute("select distinct regio_type from ref_regio order by 1").fetchall()]
