"""Whole-number allocation by the largest-remainder method, from Python.

The method itself is ``sql/int/int__grootste_rest.sql``: the one implementation in the project,
also used by the build. These functions run that file on an in-memory DuckDB relation, so that a
fair share in a notebook, ``woonzorg allocate`` and a split gemeente in the harmonisation round
exactly like the warehouse does (ties to the lowest code).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd

from woonzorg_analyse.sql import sql_file

TABLE = "int__grootste_rest"
INPUT = "int__te_verdelen"


@cache
def _sql() -> str:
    return sql_file(TABLE).read_text(encoding="utf-8")


@cache
def _connection():
    """One in-memory DuckDB connection per process (a new one costs more than the query)."""
    import duckdb

    return duckdb.connect(config={"threads": 1})


def grootste_rest(te_verdelen: pd.DataFrame) -> pd.DataFrame:
    """Return one row per verdeling per code with ``toegewezen``, the whole number it gets.

    ``te_verdelen`` has the columns verdeling, code, te_verdelen (the whole total of the
    verdeling, on every row) and verdeelgewicht (>= 0). Ordered by verdeling and code.
    """
    frame = pd.DataFrame(
        {
            "verdeling": te_verdelen["verdeling"].astype("str"),
            "code": te_verdelen["code"].astype("str"),
            "te_verdelen": pd.array(te_verdelen["te_verdelen"], dtype="Int64"),
            "verdeelgewicht": pd.array(te_verdelen["verdeelgewicht"], dtype="Float64"),
        }
    )
    connection = _connection()
    connection.register(INPUT, frame)
    try:
        result = connection.sql(_sql()).df()
    finally:
        connection.unregister(INPUT)
    result["toegewezen"] = result["toegewezen"].astype("Int64")
    return result


def largest_remainder(totaal: int, gewichten: Sequence[float], codes: Sequence[str]) -> list[int]:
    """Return whole numbers proportional to ``gewichten`` that sum exactly to ``totaal``.

    Everyone gets the floor of totaal x weight / sum of the weights; the units left go to the
    largest remainders, ties to the lowest code. All weights zero gives all zeros. Weights must be
    non-negative, ``totaal`` a non-negative whole number, codes unique.
    """
    if len(gewichten) != len(codes):
        raise ValueError("gewichten en codes verschillen in lengte")
    if totaal < 0 or any(w < 0 for w in gewichten):
        raise ValueError("totaal en gewichten mogen niet negatief zijn")
    if len(set(codes)) != len(codes):
        raise ValueError("codes moeten uniek zijn")
    if not codes:
        return []
    if len(codes) == 1:
        # one code takes the whole total (nothing to round), or nothing when its weight is zero:
        # what the SQL gives, without a query (a gemeente that was not split, the common case)
        return [int(totaal) if gewichten[0] > 0 else 0]
    frame = pd.DataFrame(
        {"verdeling": "v", "code": list(codes), "te_verdelen": int(totaal), "verdeelgewicht": list(gewichten)}
    )
    result = grootste_rest(frame).set_index("code")["toegewezen"]
    return [int(result[code]) for code in codes]
