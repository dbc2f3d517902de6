"""Dutch number and date formatting, and disclosure control of published cells.

Every renderer (PDF, HTML, XLSX) takes its cell texts from :func:`publish`, so that a masked
cell reads the same everywhere: a count about persons below the threshold shows as "< 10",
and a cell that would reveal a masked count (a difference with it, say) shows as "x".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from woonzorg_analyse.report.model import Kolom, Tabel, Waarde

MINUS = "\u2212"
NBSP = "\u00a0"
GEHEIM = "x"  # CBS symbol for a secret cell; here: would reveal a masked count
LEEG = "\u2013"  # en dash: no figure


def is_missing(value: Any) -> bool:
    """Return True for None, NaN, NA and NaT."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def getal(value: Any, decimalen: int = 0) -> str:
    """Return ``value`` in Dutch notation: 1.234,5 (thousands dot, decimal comma, minus sign)."""
    if is_missing(value):
        return LEEG
    number = float(value)
    if not math.isfinite(number):
        return LEEG
    rounded = Decimal(repr(abs(number))).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimalen}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if number < 0 and any(ch not in "0.," for ch in text):
        text = MINUS + text
    return text


def procent(fraction: Any, decimalen: int = 1) -> str:
    """Return a fraction as a Dutch percentage: 0.1234 -> "12,3 %"."""
    if is_missing(fraction):
        return LEEG
    return f"{getal(float(fraction) * 100, decimalen)}{NBSP}%"


def datum(value: Any) -> str:
    """Return a date as dd-mm-jjjj."""
    if is_missing(value):
        return LEEG
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime | pd.Timestamp):
        value = value.date()
    return value.strftime("%d-%m-%Y")


def bereik(laag: Any, hoog: Any, decimalen: int = 0) -> str:
    """Return a range as "12 – 18" (or one number when both ends are equal)."""
    if is_missing(laag) or is_missing(hoog):
        return LEEG
    a, b = getal(laag, decimalen), getal(hoog, decimalen)
    return a if a == b else f"{a}{NBSP}\u2013{NBSP}{b}"


def gemaskeerd(drempel: int) -> str:
    """Return the text of a masked cell: "< 10"."""
    return f"<{NBSP}{drempel}"


@dataclass(frozen=True)
class Cel:
    """One published cell: its text, and its number for a spreadsheet (None when not a number)."""

    tekst: str
    waarde: float | int | str | None
    rechts: bool = False
    nummerformaat: str | None = None


def _excel_format(kolom: Kolom) -> str | None:
    digits = kolom.cijfers
    if kolom.soort == "pct":
        return "0%" if digits == 0 else "0." + "0" * digits + "%"
    if kolom.soort in ("aantal", "getal"):
        return "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return None


def cel(value: Any, kolom: Kolom) -> Cel:
    """Return one unmasked cell of ``kolom``."""
    if kolom.soort in ("tekst", "code"):
        text = "" if is_missing(value) else str(value)
        return Cel(text, text)
    if is_missing(value):
        return Cel(LEEG, None, rechts=True)
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
            if isinstance(value, Waarde):
                cells.append(_typed(value, drempel))
            elif kolom.naam in masked:
                cells.append(Cel(gemaskeerd(drempel), gemaskeerd(drempel).replace(NBSP, " "), True))
            elif any(bron in masked for bron in kolom.afgeleid_van):
                cells.append(Cel(GEHEIM, GEHEIM, True))
            else:
                cells.append(cel(value, kolom))
        published.append(cells)
    return published
