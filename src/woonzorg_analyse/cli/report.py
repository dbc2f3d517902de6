"""The ``woonzorg report`` command: write the bouwstenennotitie of one or more regions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from woonzorg_analyse.cli.app import DataOption, Output, RootOption, _paths, app
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


@app.command()
def herkomst(
    regio: Annotated[str, typer.Option("--regio", help="Regiocode, bv. KL07.")],
    blad: Annotated[str, typer.Option("--blad", help="Tabblad van tabellen.xlsx, bv. '5 urgenten'.")],
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


def resolve_region(con, code: str, regio_type: str | None) -> str:
    """Return the region type of ``code``; UsageError with the closest codes when it is unknown."""
    import difflib

    rows = con.execute("select regio_type, regio_code, regio_naam from ref_regio").fetchall()
    types = sorted({t for t, c, _ in rows if c == code and (regio_type is None or t == regio_type)})
    if len(types) == 1:
        return types[0]
    if len(types) > 1:
        raise UsageError(f"regio {code} bestaat in meer regiotypen ({', '.join(types)}); geef --regio-type")
    names = {f"{c} {n}": c for t, c, n in rows}
    close = difflib.get_close_matches(code, [c for _, c, _ in rows], n=1) or [
        names[m] for m in difflib.get_close_matches(code, list(names), n=1, cutoff=0.3)
    ]
    hint = ""
    if close:
        match = next((f"{c} {n}" for _, c, n in rows if c == close[0]), close[0])
        hint = f" (bedoelt u {match}?)"
    raise UsageError(f"onbekende regio: {code}{hint}")
