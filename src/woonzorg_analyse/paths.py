"""Where the project's folders are: the one place that reads the WOONZORG_* environment variables.

A project is a root folder with ``definitions/``, ``data/raw/``, ``data/processed/`` and
``reports/``. Each can be moved on its own:

=====================  ===============================================  ========================
variable               meaning                                          command-line option
=====================  ===============================================  ========================
WOONZORG_ROOT          the project folder (default: the current one)   ``--root``
WOONZORG_DATA          a data folder with raw/ and processed/          ``--data``
WOONZORG_DEFINITIONS   the definitions folder
WOONZORG_RAW           the raw inputs
WOONZORG_PROCESSED     the built tables and warehouse
WOONZORG_REPORTS       the reports                                      ``--uit``
=====================  ===============================================  ========================

An option on the command line wins over the variable, the variable over the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

WAREHOUSE = "warehouse.duckdb"
PARQUET = "parquet"
FINGERPRINT = "fingerprint.json"
ENV = {
    "root": "WOONZORG_ROOT",
    "data": "WOONZORG_DATA",
    "definitions": "WOONZORG_DEFINITIONS",
    "raw": "WOONZORG_RAW",
    "processed": "WOONZORG_PROCESSED",
    "reports": "WOONZORG_REPORTS",
}


def _env(name: str) -> Path | None:
    value = os.environ.get(ENV[name])
    return Path(value) if value else None


@dataclass(frozen=True)
class Paths:
    """The folders of one project."""

    root: Path
    definitions: Path
    raw: Path
    processed: Path
    reports: Path

    @classmethod
    def resolve(
        cls, root: Path | str | None = None, data: Path | str | None = None, reports: Path | str | None = None
    ) -> Paths:
        """Return the folders from the options given, else the environment, else the defaults."""
        base = Path(root) if root is not None else (_env("root") or Path("."))
        data_dir = Path(data) if data is not None else _env("data")
        return cls(
            root=base,
            definitions=_env("definitions") or base / "definitions",
            raw=(data_dir / "raw") if data_dir else (_env("raw") or base / "data" / "raw"),
            processed=(data_dir / "processed")
            if data_dir
            else (_env("processed") or base / "data" / "processed"),
            reports=Path(reports) if reports is not None else (_env("reports") or base / "reports"),
        )

    @classmethod
    def from_root(cls, root: Path | str = ".", **overrides: Path | None) -> Paths:
        """Return the paths below ``root`` with some folders set explicitly (tests, tools)."""
        paths = cls.resolve(root)
        values = {name: Path(value) for name, value in overrides.items() if value is not None}
        return cls(**{**paths.__dict__, **values})

    @property
    def warehouse(self) -> Path:
        """The DuckDB warehouse file."""
        return self.processed / WAREHOUSE

    @property
    def parquet(self) -> Path:
        """The folder with one Parquet file per table."""
        return self.processed / PARQUET

    @property
    def fingerprint(self) -> Path:
        """The file with the fingerprint of the last build."""
        return self.processed / FINGERPRINT
