"""The analysis commands of ``woonzorg``: taakstelling and allocate.

Both are thin wrappers over :mod:`woonzorg_analyse.analysis`, so a notebook gets the same numbers.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from woonzorg_analyse.cli.app import DataOption, RootOption, app, resolve_region, resolve_type
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.formatting import getal, is_missing

if TYPE_CHECKING:
    import pandas as pd


class Formaat(StrEnum):
    """Output format of the analysis commands."""

    table = "table"
    csv = "csv"


FormatOption = Annotated[
    Formaat,
    typer.Option("--format", help="Uitvoer als leesbare tabel of als CSV (komma's, punt als decimaalteken)."),
]


def format_number(value: object, decimals: int = 2) -> str:
    """Return a number for CSV: whole numbers without decimals, others rounded; empty if missing."""
    if is_missing(value):
        return ""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.{decimals}f}".rstrip("0").rstrip(".")


def write_table_view(frame: pd.DataFrame, formats: dict[str, int]) -> None:
    """Print ``frame`` as an aligned table with Dutch numbers for the columns in ``formats``."""
    shown = frame.copy()
    for column, decimals in formats.items():
        shown[column] = [getal(v, decimals) if not is_missing(v) else "" for v in shown[column]]
    typer.echo(shown.to_string(index=False))


def write_csv(frame: pd.DataFrame, formats: dict[str, int]) -> None:
    """Write ``frame`` as CSV to stdout; columns in ``formats`` as numbers with that many decimals."""
    shown = frame.copy()
    for column, decimals in formats.items():
        shown[column] = [format_number(v, decimals) for v in shown[column]]
    shown.to_csv(sys.stdout, index=False, lineterminator="\n")


@app.command()
def taakstelling(
    halfjaar: Annotated[str, typer.Option("--halfjaar", help="Halfjaar als JJJJ-I of JJJJ-II, bv. 2025-II.")],
    totaal: Annotated[
        int | None,
        typer.Option(
            "--totaal", help="Landelijke taakstelling; zonder deze optie het bekende totaal van het halfjaar."
        ),
    ] = None,
    formaat: FormatOption = Formaat.table,
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Taakstelling vergunninghouders per gemeente (Huisvestingswet 2014 art. 29).

    taakstelling = ceil(totaal x inwoners(gemeente) / inwoners(Nederland)), inwoners volgens CBS
    op 1 januari van het jaar vóór het halfjaar, in de gemeentelijke indeling van het halfjaar.
    """
    from woonzorg_analyse import analysis
    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.paths import Paths

    analysis.parse_halfjaar(halfjaar)
    defs = load_definitions(Paths.from_root(root).definitions)
    with analysis.connect(root, data=data) as connection:
        if totaal is None:
            totaal = analysis.landelijke_taakstelling(connection, halfjaar)
            if totaal is None:
                raise UsageError(f"geen landelijke taakstelling bekend voor {halfjaar}; geef --totaal")
        frame = analysis.taakstelling_halfjaar(connection, defs, halfjaar, totaal)
    if formaat is Formaat.csv:
        write_csv(frame, {"inwoners": 0, "taakstelling": 0})
        return
    jaar = analysis.parse_halfjaar(halfjaar).jaar
    som = int(frame["taakstelling"].sum())
    inwoners = int(frame["inwoners"].sum())
    typer.echo(
        f"Taakstelling vergunninghouders {halfjaar}: landelijk {getal(totaal)}"
        + f"; inwoners per 1 januari {jaar - 1} (CBS): {getal(inwoners)}"
    )
    write_table_view(frame, {"inwoners": 0, "taakstelling": 0})
    typer.echo(
        f"Som over {len(frame)} gemeenten: {getal(som)}"
        + f" ({som - totaal:+d} boven het landelijke totaal door afronding naar boven)"
    )


@app.command()
def allocate(
    regio_type: Annotated[
        str, typer.Option("--regio-type", help="Regiotype, bv. woondealregio of koploperregio.")
    ],
    regio: Annotated[
        str | None, typer.Option("--regio", help="Regiocode; zonder: alle regio's van het type.")
    ] = None,
    groep: Annotated[
        str | None, typer.Option("--groep", help="Aandachtsgroep; zonder: alle aandachtsgroepen.")
    ] = None,
    sleutel: Annotated[
        str | None, typer.Option("--sleutel", help="Verdeelsleutel; zonder: alle verdeelsleutels.")
    ] = None,
    totaal: Annotated[
        int | None, typer.Option("--totaal", help="Te verdelen totaal; zonder: het regionale totaal van nu.")
    ] = None,
    formaat: FormatOption = Formaat.table,
    root: RootOption = None,
    data: DataOption = None,
) -> None:
    """Eerlijk aandeel per gemeente volgens een verdeelsleutel (grootste-restmethode)."""
    from woonzorg_analyse import analysis

    with analysis.connect(root, data=data) as connection:
        regio_type = resolve_type(connection, regio_type)
        if regio is not None:
            regio = regio.strip().upper()
            resolve_region(connection, regio, regio_type)
        frame = analysis.allocation(connection, regio_type, regio, groep, sleutel, totaal)
    if formaat is Formaat.csv:
        write_csv(
            frame[analysis.ALLOCATE_COLUMNS],
            {"huidig": 2, "aandeel_sleutel": 6, "eerlijk_aandeel": 0, "verschil": 2},
        )
        return
    if frame.empty:
        typer.echo("Geen gegevens voor deze keuze.")
        return
    for keys, part in frame.groupby(analysis.VERDELING, sort=True):
        regio_type_, regio_code, aandachtsgroep, verdeelsleutel = keys
        typer.echo(
            f"\n{regio_type_} {regio_code} · {aandachtsgroep} · sleutel {verdeelsleutel} · "
            f"totaal {int(part['totaal_regio'].iloc[0])}"
        )
        shown = part[
            ["gemeente_code", "gemeente_naam", "huidig", "aandeel_sleutel", "eerlijk_aandeel", "verschil"]
        ]
        shown = shown.assign(aandeel_sleutel=shown["aandeel_sleutel"] * 100)
        write_table_view(
            shown.rename(columns={"aandeel_sleutel": "aandeel_sleutel_%"}),
            {"huidig": 0, "aandeel_sleutel_%": 1, "eerlijk_aandeel": 0, "verschil": 0},
        )
