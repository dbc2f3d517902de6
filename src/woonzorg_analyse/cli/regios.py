"""The ``woonzorg regios`` command: the regions the warehouse knows, with code and name.

Lists the regions of definitions/regios and the user's own (``data/raw/regios/regios.csv``),
per region type, with the number of gemeenten that count in the analysis: the codes to give
``report --regio``, ``allocate --regio`` and ``herkomst --regio``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from woonzorg_analyse.cli.analysis import Formaat, FormatOption
from woonzorg_analyse.cli.app import DataOption, RootOption, _paths, app, resolve_type

EIGEN = "eigen regio-indeling: "  # how ref_regio.bron marks a region of the user's own

QUERY = """
select
    r.regio_type,
    r.regio_code,
    r.regio_naam,
    count(g.gemeente_code) as gemeenten,
    coalesce(bool_and(g.volledig), false) as volledig,
    r.bron
from ref_regio as r
left join int__regio_gemeente as g on r.regio_type = g.regio_type and r.regio_code = g.regio_code
where $regio_type is null or r.regio_type = $regio_type
group by all
order by r.regio_type, r.regio_code
"""


@app.command()
def regios(
    regio_type: Annotated[
        str | None,
        typer.Option("--type", "--regio-type", help="Alleen dit regiotype, bv. koploperregio."),
    ] = None,
    formaat: FormatOption = Formaat.table,
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Toon de regio's met code en naam per regiotype, ook de eigen regio's uit regios/regios.csv."""
    from woonzorg_analyse.report import connect

    with connect(_paths(root, data)) as con:
        if regio_type is not None:
            regio_type = resolve_type(con, regio_type)
        frame = con.execute(QUERY, {"regio_type": regio_type}).df()
    frame["herkomst"] = [
        b.removeprefix(EIGEN) if str(b).startswith(EIGEN) else "definitions/regios" for b in frame["bron"]
    ]
    if formaat is Formaat.csv:
        columns = ["regio_type", "regio_code", "regio_naam", "gemeenten", "herkomst"]
        frame[columns].to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    for kind, part in frame.groupby("regio_type", sort=True):
        origin = ", ".join(sorted(set(part["herkomst"])))
        noun = "regio" if len(part) == 1 else "regio's"
        typer.echo(f"{kind}: {len(part)} {noun} ({origin})")
        width = max(len(n) for n in part["regio_naam"])
        for row in part.itertuples():
            count = f"{row.gemeenten} gemeente{'n' if row.gemeenten != 1 else ''}"
            note = (
                ""
                if row.volledig or not row.gemeenten
                else "  (onvolledig: niet elke gemeente heeft kerncijfers)"
            )
            typer.echo(f"  {row.regio_code}  {row.regio_naam:<{width}}  {count}{note}")
