"""Commands for real inputs: ``woonzorg fetch cbs``, ``woonzorg fetch geo`` and ``woonzorg template``.

Imported by :mod:`woonzorg_analyse.cli`, which registers these commands on its app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from woonzorg_analyse.cli.app import DataOption, Output, RootOption, _paths, app
from woonzorg_analyse.errors import UsageError

fetch_app = typer.Typer(
    name="fetch",
    help="Haal invoer op bij een externe bron (alleen dit commando gebruikt het netwerk).",
    no_args_is_help=True,
)
app.add_typer(fetch_app, name="fetch")


@fetch_app.command("cbs")
def fetch_cbs(
    tabel: Annotated[
        list[str] | None,
        typer.Option(
            "--tabel", help="Tabel-id uit definitions/cbs_tabellen.yaml (herhaalbaar); standaard alle."
        ),
    ] = None,
    basis_url: Annotated[
        str | None,
        typer.Option(
            "--basis-url",
            envvar="WOONZORG_CBS_URL",
            help="Adres van de CBS OData-dienst (standaard dat uit cbs_tabellen.yaml).",
        ),
    ] = None,
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Download CBS-tabellen naar data/raw/cbs/<tabel>/<datum>/ met provenance.yaml.

    Een onderbroken download gaat verder waar hij bleef; een bestaande snapshot van vandaag
    wordt niet overschreven.
    """
    from woonzorg_analyse.extract.fetch import cbs_odata

    paths = _paths(root, data)
    config = cbs_odata.load_config(paths.definitions, basis_url)
    wanted = list(tabel or config.tabellen)
    unknown = [t for t in wanted if t not in config.tabellen]
    if unknown:
        raise UsageError(
            f"onbekende tabel {', '.join(unknown)}; bekend in cbs_tabellen.yaml: {', '.join(config.tabellen)}"
        )
    client = cbs_odata.Client.from_config(config, log=lambda m: Output.progress(m))
    dest = paths.raw / cbs_odata.SNAPSHOT_ROOT
    for tabel_id in wanted:
        result = cbs_odata.fetch(dest, config.tabellen[tabel_id], config, client=client, say=Output.progress)
        shown = (
            result.folder.relative_to(paths.raw).as_posix()
            if result.folder.is_relative_to(paths.raw)
            else result.folder
        )
        if result.nieuw:
            resumed = f", {result.paginas_hervat} pagina's hervat" if result.paginas_hervat else ""
            Output.info(f"{tabel_id}: snapshot {shown} geschreven ({result.rijen} rijen{resumed})")
        else:
            Output.info(f"{tabel_id}: snapshot {shown} bestaat al; niet overschreven")
        for note in result.opmerkingen:
            Output.info(f"let op: {tabel_id}: {note}")


@fetch_app.command("geo")
def fetch_geo(
    jaar: Annotated[
        int | None,
        typer.Option("--jaar", help="Indelingsjaar van de gemeentegrenzen (standaard het referentiejaar)."),
    ] = None,
    basis_url: Annotated[
        str | None,
        typer.Option(
            "--basis-url",
            envvar="WOONZORG_GEO_URL",
            help="Adres van de PDOK-dienst CBS gebiedsindelingen (standaard dat uit gebiedsindelingen.yaml).",
        ),
    ] = None,
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Download de gemeentegrenzen (CBS/Kadaster) van een jaar naar data/raw/cbs/gebiedsindelingen/<datum>/.

    Een onderbroken download gaat verder waar hij bleef; een bestaande snapshot van hetzelfde jaar
    en dezelfde dag wordt niet overschreven. Bouw daarna met 'woonzorg build --bron cbs'.
    """
    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.extract.fetch import cbs_odata, pdok_gebiedsindelingen

    paths = _paths(root, data)
    defs = load_definitions(paths.definitions)
    jaar = defs.referentiejaar if jaar is None else jaar
    if not 1995 <= jaar <= 2060:
        raise UsageError(f"--jaar {jaar} is geen indelingsjaar (1995-2060)")
    config = pdok_gebiedsindelingen.load_config(paths.definitions, basis_url)
    client = pdok_gebiedsindelingen.client_for(config, log=lambda m: Output.progress(m))
    result = pdok_gebiedsindelingen.fetch(
        paths.raw / cbs_odata.SNAPSHOT_ROOT, jaar, config, client=client, say=Output.progress
    )
    shown = (
        result.folder.relative_to(paths.raw).as_posix()
        if result.folder.is_relative_to(paths.raw)
        else result.folder
    )
    if result.nieuw:
        resumed = f", {result.paginas_hervat} pagina's hervat" if result.paginas_hervat else ""
        Output.info(
            f"gemeentegrenzen {jaar}: snapshot {shown} geschreven ({result.gemeenten} gemeenten{resumed})"
        )
    else:
        Output.info(f"gemeentegrenzen {jaar}: snapshot {shown} bestaat al; niet overschreven")
    for note in result.opmerkingen:
        Output.info(f"let op: {note}")
    if jaar != defs.referentiejaar:
        Output.info(
            f"let op: de build rekent met de indeling {defs.referentiejaar}; grenzen van {jaar} worden "
            "alleen geaccepteerd als de gemeentecodes gelijk zijn"
        )


@app.command("template")
def template(
    out: Annotated[Path, typer.Option("--out", help="Het te schrijven Excelbestand (.xlsx).")],
    gemeente: Annotated[
        str | None,
        typer.Option(
            "--gemeente",
            help="Gemeentecode (GM0855): vult code, naam en een regel per groep en laag in; de gemeente "
            "vult per regel het aantal in, een punt (onbekend) of 'niet geleverd'.",
        ),
    ] = None,
    ronde: Annotated[
        int | None,
        typer.Option(
            "--ronde",
            help="Leveringsjaar: vult de peildatum in (stand 1-1-JJJJ, instroom 31-12 van het jaar ervoor).",
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Schrijf het leveringssjabloon (Excel) dat gemeenten invullen."""
    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.extract.delivery_template import write_template

    if ronde is not None and gemeente is None:
        raise UsageError("--ronde gaat alleen samen met --gemeente")
    if ronde is not None and not 2000 <= ronde <= 2060:
        raise UsageError(f"--ronde {ronde} is geen leveringsjaar (2000-2060)")
    defs = load_definitions(_paths(root).definitions)
    path = write_template(out, defs, gemeente, ronde)
    Output.info(f"Sjabloon geschreven: {path} (definitieversie {defs.version})")
    Output.info("Uitleg voor wie het invult: tabblad 'toelichting' en docs/handleiding-levering.md")
