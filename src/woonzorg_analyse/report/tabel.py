"""Build report tables from the report marts, remembering where every cell comes from.

A chapter selects the rows of a mart (:meth:`Context.mart`), says per column which mart field it
shows (:func:`kolom`, ``Kolom.veld``), and turns each mart row into a printed row. The table
keeps the mart's name and each row's key (:attr:`Tabel.sleutels`), so that ``woonzorg herkomst``
can trace any cell back to its mart row, SQL, definitions and raw rows. Nothing here calculates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from woonzorg_analyse.formatting import is_missing
from woonzorg_analyse.report.context import Context
from woonzorg_analyse.report.model import Kolom, Tabel

Record = dict[str, Any]


def kolom(ctx: Context, veld: str, soort: str, label: str | None = None, **kwargs: Any) -> Kolom:
    """Return a column showing mart field ``veld``; its label and unit come from the field's
    definition (velden*.yaml) unless given."""
    spec = ctx.defs.fields.get(veld)
    return Kolom(
        naam=kwargs.pop("naam", veld),
        label=label or (spec.label if spec else veld),
        soort=soort,
        eenheid=kwargs.pop("eenheid", spec.eenheid if spec else None),
        veld=veld,
        **kwargs,
    )


def gemeente_kolom(ctx: Context) -> Kolom:
    """The name column of a table with a row per gemeente (and the region's total)."""
    return kolom(ctx, "gebied_naam", "tekst", label=ctx.field_label("gemeente_naam"), breed=True)


def value(frame: pd.DataFrame, column: str, default: Any = None) -> Any:
    """Return the first value of ``column`` (``default`` when empty or missing)."""
    if frame.empty or column not in frame:
        return default
    found = frame[column].iloc[0]
    return default if is_missing(found) else found


def records(frame: pd.DataFrame) -> list[Record]:
    """Return the rows of a mart selection as dicts (missing values as None)."""
    if frame.empty:
        return []
    # one conversion of the whole frame (per column it cost a Series each: a quarter of a report)
    cells = frame.to_numpy(dtype=object)
    missing = pd.isna(cells)  # NaN, NA and NaT alike
    if missing.any():
        cells = cells.copy()  # never write into the frame's own (cached, shared) values
        cells[missing] = None
    columns = list(frame.columns)
    return [dict(zip(columns, row, strict=True)) for row in cells.tolist()]


def mart_tabel(
    *,
    mart: str,
    frame: pd.DataFrame,
    rij_sleutel: Sequence[str],
    rij: Callable[[Record], tuple[Any, ...]],
    totaal: Callable[[Record], tuple[Any, ...]] | None = None,
    **tabel: Any,
) -> Tabel:
    """Return a table whose rows are the mart rows of ``frame`` (already in printed order).

    ``rij`` turns a mart row into a printed row; the mart's total row (``totaalrij``) goes last
    through ``totaal`` (default ``rij``). ``rij_sleutel`` names the mart fields that identify a
    row besides the region; they are kept per printed row for tracing.
    """
    rows, keys = [], []
    total_row, total_key = None, None
    for record in records(frame):
        key = {name: record[name] for name in rij_sleutel}
        if record.get("totaalrij"):
            total_row, total_key = (totaal or rij)(record), key
            continue
        rows.append(rij(record))
        keys.append(key)
    if total_key is not None:
        keys.append(total_key)
    return Tabel(rijen=rows, totaal=total_row, mart=mart, sleutels=keys, **tabel)


def pivot(frame: pd.DataFrame, rows: Sequence[str], columns: Sequence[str]) -> dict[tuple, Record]:
    """Return the mart rows of ``frame`` by (row key values..., column key values...)."""
    return {tuple(r[c] for c in (*rows, *columns)): r for r in records(frame)}


def short(code: str, limit: int = 24) -> str:
    """Return a code cut to ``limit`` characters (sheet names)."""
    return code if len(code) <= limit else code[:limit]
