"""The publication layer: what leaves the program about persons passes through here.

Every renderer (PDF, HTML, XLSX) takes its cell texts from :func:`publish`, so that a masked
cell reads the same everywhere: a count about persons below the threshold shows as "< 10",
and a cell that would reveal a masked count (a difference with it, say) shows as "x".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from woonzorg_analyse.formatting import LEEG, MINUS, NBSP, bereik, datum, getal, is_missing, procent
from woonzorg_analyse.report.model import Kolom, Minimum, Tabel, Waarde

GEHEIM = "x"  # CBS symbol for a secret cell; here: would reveal a masked count


def gemaskeerd(drempel: int) -> str:
    """Return the text of a masked cell: "< 10"."""
    return f"<{NBSP}{drempel}"


@dataclass(frozen=True)
class Cel:
    """One published cell: its text, and its number for a spreadsheet (None when not a number)."""

    tekst: str
    waarde: float | int | str | date | None
    rechts: bool = False
    nummerformaat: str | None = None


def _excel_format(kolom: Kolom) -> str | None:
    digits = kolom.cijfers
    if kolom.soort == "pct":
        return "0%" if digits == 0 else "0." + "0" * digits + "%"
    if kolom.soort in ("aantal", "getal"):
        return "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return None


def onvolledig(value: Minimum, kolom: Kolom, drempel: int) -> Cel:
    """Return an open range: "≥ 4.791, onvolledig" (below the threshold only "onvolledig")."""
    if is_missing(value.waarde) or abs(float(value.waarde)) < drempel:
        return Cel("onvolledig", "onvolledig", True)
    text = f"\u2265{NBSP}{getal(value.waarde, kolom.cijfers)}, onvolledig"
    return Cel(text, text.replace(NBSP, " "), True)


def cel(value: Any, kolom: Kolom) -> Cel:
    """Return one unmasked cell of ``kolom``."""
    if kolom.soort in ("tekst", "code"):
        text = "" if is_missing(value) else str(value)
        return Cel(text, text)
    if is_missing(value):
        return Cel(LEEG, None, rechts=True)
    if kolom.soort == "datum":
        day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
        day = day.date() if hasattr(day, "date") and callable(day.date) else day
        return Cel(datum(day), day, False, "dd-mm-yyyy")
    if isinstance(value, str):  # a word in a number column: "geen gegevens"
        return Cel(value, value, rechts=True)
    fmt = _excel_format(kolom)
    digits = kolom.cijfers
    if kolom.soort == "pct":
        return Cel(procent(value, digits), float(value), True, fmt)
    if kolom.soort == "bereik":
        laag, hoog = value
        return Cel(bereik(laag, hoog, digits), bereik(laag, hoog, digits), True)
    text = getal(value, digits)
    number = float(text.replace(".", "").replace(",", ".").replace(MINUS, "-"))
    return Cel(text, int(number) if digits == 0 else number, True, fmt)


def _below(value: Any, drempel: int) -> bool:
    if isinstance(value, Minimum | str):
        return False
    if is_missing(value):
        return False
    if isinstance(value, tuple):
        return any(_below(v, drempel) for v in value)
    return abs(float(value)) < drempel


def _typed(value: Waarde, drempel: int) -> Cel:
    if value.personen and _below(value.waarde, drempel):
        return Cel(gemaskeerd(drempel), gemaskeerd(drempel).replace(NBSP, " "), True)
    if value.afgeleid is not None and _below(value.afgeleid, drempel):
        return Cel(GEHEIM, GEHEIM, True)
    return cel(value.waarde, Kolom("waarde", "", soort=value.soort, decimalen=value.decimalen))


def publish(tabel: Tabel, drempel: int) -> list[list[Cel]]:
    """Return every row of ``tabel`` (totaal last) as published cells, with disclosure control.

    A cell of a column with ``personen`` below ``drempel`` becomes "< drempel"; a cell of a
    column ``afgeleid_van`` a masked cell in the same row becomes "x".
    """
    rows = [*tabel.rijen, *([tabel.totaal] if tabel.totaal is not None else [])]
    published = []
    for row in rows:
        masked = {
            k.naam for k, v in zip(tabel.kolommen, row, strict=True) if k.personen and _below(v, drempel)
        }
        cells = []
        for kolom, value in zip(tabel.kolommen, row, strict=True):
            if isinstance(value, Minimum):
                cells.append(onvolledig(value, kolom, drempel))
            elif isinstance(value, Waarde) and isinstance(value.waarde, Minimum):
                cells.append(onvolledig(value.waarde, kolom, drempel))
            elif isinstance(value, Waarde):
                cells.append(_typed(value, drempel))
            elif kolom.naam in masked:
                cells.append(Cel(gemaskeerd(drempel), gemaskeerd(drempel).replace(NBSP, " "), True))
            elif any(bron in masked for bron in kolom.afgeleid_van):
                cells.append(Cel(GEHEIM, GEHEIM, True))
            else:
                cells.append(cel(value, kolom))
        published.append(cells)
    return published
