"""The ``woonzorg report`` command: write the bouwstenennotitie of one or more regions."""

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
    resolve_region,
    resolve_type,
)
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
    force: Annotated[
        bool,
        typer.Option("--force", help="Schrijf ook de rapporten die al bij dezelfde gegevens en code horen."),
    ] = False,
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Schrijf de bouwstenennotitie (PDF, HTML en Excel) per regio, en reports/index.html.

    Een rapport dat al gemaakt is van dezelfde gegevens, definities en code (vingerafdruk.json in
    de map van de regio) wordt overgeslagen; --force schrijft het toch."""
    from woonzorg_analyse.report import connect, generate_all

    if bool(regio) == alle:
        raise UsageError("geef --regio CODE of --all (niet allebei, niet geen van beide)")
    paths = _paths(root, data, uit)
    codes = None
    types = list(regio_type) if regio_type else None
    if types or regio:
        with connect(paths) as con:
            types = [resolve_type(con, t) for t in types] if types else None
            if regio:
                codes = [c.strip().upper() for c in regio]
                found = [resolve_region(con, code, types) for code in codes]
                types = types or sorted(set(found))
    with environment_error_exit(paths.reports, "De vorige rapporten zijn ongewijzigd."):
        result = generate_all(paths, types, jobs=jobs, codes=codes, progress=Output.progress, force=force)
    for item in result["resultaten"]:
        Output.info(f"Rapport geschreven: {item.map} ({item.regio_naam})")
        if item.ontbrekende_tabellen:
            Output.info(
                f"let op: {item.regio_code} mist analysetabellen: {', '.join(item.ontbrekende_tabellen)}"
            )
    n, skipped = result["regios"], result["overgeslagen"]
    unchanged = f"{skipped} ongewijzigd overgeslagen" if skipped else "geen overgeslagen"
    if n:
        written = (
            f"{n} rapport{'en' if n != 1 else ''} geschreven in {getal(result['seconden'], 1)} s "
            f"({getal(result['per_regio'], 2)} s per regio, {result['jobs']} processen)"
        )
    else:
        written = f"geen rapport geschreven ({getal(result['seconden'], 1)} s)"
    Output.info(f"{written}, {unchanged}; overzicht: {Path(paths.reports) / 'index.html'}")


@app.command()
def herkomst(
    regio: Annotated[str, typer.Option("--regio", help="Regiocode, bv. KL07.")],
    blad: Annotated[
        str, typer.Option("--blad", help="Tabblad van tabellen.xlsx of het nummer van de tabel, bv. '4.3'.")
    ],
    rij: Annotated[str, typer.Option("--rij", help="Tekst in de eerste kolom van de rij, bv. 'Tilburg'.")],
    kolom: Annotated[
        str,
        typer.Option("--kolom", help="Kolomkop, bv. 'Aantal'; bij gegroepeerde koppen ook '2030 Midden'."),
    ],
    regio_type: Annotated[
        str | None, typer.Option("--regio-type", help="Regiotype, als de code in meer typen voorkomt.")
    ] = None,
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Waar komt een getal vandaan: volg een cel van tabellen.xlsx terug tot bronbestand en regel.

    Drukt regels af die beginnen met tabel: (de rapporttabel en rij), sql: (de SQL-bestanden),
    staging:, definitie: (de gebruikte definities) en bron: (de ruwe bestanden en rijen).
    """
    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.report import connect
    from woonzorg_analyse.report.herkomst import herkomst as trace

    paths = _paths(root, data)
    defs = load_definitions(paths.definitions)
    code = regio.strip().upper()
    with connect(paths) as con:
        regio_type = resolve_region(con, code, regio_type)
        result = trace(con, defs, regio_type, code, blad, rij, kolom)
    for line in result.regels:
        typer.echo(line)
