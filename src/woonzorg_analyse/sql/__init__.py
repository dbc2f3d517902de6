"""The SQL models, one ``select`` per file named after the table it creates, in three tiers:

- ``int/``  building blocks (``int__``): memberships, the cell grid, the largest remainder;
- ``agg/``  the analysis (``agg__``): distribution, fair share, growth, demand and supply;
- ``rpt/``  the published tables (``rpt__``): every number a report shows, per region.

No templating: each file can be pasted into the DuckDB CLI against the warehouse.
"""

from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).parent
TIERS = {"int": "int__", "agg": "agg__", "rpt": "rpt__"}


def sql_file(table: str) -> Path:
    """Return the SQL file that creates ``table``."""
    for folder, prefix in TIERS.items():
        if table.startswith(prefix):
            return SQL_DIR / folder / f"{table}.sql"
    raise ValueError(f"{table} is geen tabel van een SQL-laag ({', '.join(TIERS.values())})")
