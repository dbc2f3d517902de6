"""The SQL models, one ``select`` per file named after the table it creates, in three tiers:

- ``int/``  building blocks (``int__``): memberships, the cell grid, the largest remainder;
- ``agg/``  the analysis (``agg__``): distribution, fair share, growth, demand and supply;
- ``rpt/``  the published tables (``rpt__``): every number a report shows, per region.

No templating: each file can be pasted into the DuckDB CLI against the warehouse.

One model is made in Python (:data:`PYTHON_MODELS`): the masking plan of the publication layer,
``int__afscherming``, an iterative choice no single select expresses. Its module has ``tabel(con,
defs)`` that returns the table and ``INVOER``, the select it reads its input with.
"""

from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).parent
TIERS = {"int": "int__", "agg": "agg__", "rpt": "rpt__"}
PYTHON_MODELS = {"int__afscherming": "woonzorg_analyse.report.afscherming"}


def sql_file(table: str) -> Path:
    """Return the SQL file that creates ``table``."""
    for folder, prefix in TIERS.items():
        if table.startswith(prefix):
            return SQL_DIR / folder / f"{table}.sql"
    raise ValueError(f"{table} is geen tabel van een SQL-laag ({', '.join(TIERS.values())})")


def model_file(table: str) -> Path:
    """Return the file that makes ``table``: its SQL file, or the module of a Python model."""
    if table in PYTHON_MODELS:
        import importlib

        return Path(importlib.import_module(PYTHON_MODELS[table]).__file__)
    return sql_file(table)


def model_sql(table: str) -> str:
    """Return the SQL that makes ``table`` (for a Python model: the select it reads its input with)."""
    if table in PYTHON_MODELS:
        import importlib

        return importlib.import_module(PYTHON_MODELS[table]).INVOER
    return sql_file(table).read_text(encoding="utf-8")
