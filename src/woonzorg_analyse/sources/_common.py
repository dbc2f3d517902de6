"""Shared helpers for the source loaders: parse a column and collect every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.readers import PLAATS, display_name


class ProblemCollector:
    """Collects problems while a file is parsed; :meth:`raise_if_any` raises them at once."""

    def __init__(self, path: Path):
        self.bestand = display_name(path)
        self.problems: list[Problem] = []

    def add(self, plaats: str, kolom: str, regel: str, waarde: Any = "", toelichting: str = ""):
        """Record one problem."""
        shown = "" if waarde is None else str(waarde)
        self.problems.append(Problem(self.bestand, plaats, kolom, regel, shown, toelichting))

    def require_columns(self, frame: pd.DataFrame, columns: list[str]) -> None:
        """Record (and raise) a problem for every required column that is missing."""
        for column in columns:
            if column not in frame.columns:
                self.add("kopregel", column, "verplichte kolom ontbreekt")
        self.raise_if_any()

    def parse(
        self,
        frame: pd.DataFrame,
        column: str,
        parser: Callable[[Any], Any],
        *,
        required: bool = True,
    ) -> list[Any]:
        """Return ``parser`` applied to every cell of ``column``; failures become problems.

        An empty cell gives None when the column is optional and a problem when it is required.
        """
        values: list[Any] = []
        for raw, plaats in zip(frame[column], frame[PLAATS], strict=True):
            empty = raw is None or (isinstance(raw, float) and raw != raw) or str(raw).strip() == ""
            if empty:
                if required:
                    self.add(plaats, column, "verplichte waarde ontbreekt")
                values.append(None)
                continue
            try:
                values.append(parser(raw))
            except ValueError as exc:
                self.add(plaats, column, str(exc), raw)
                values.append(None)
        return values

    def raise_if_any(self) -> None:
        """Raise a DataError with every problem collected so far."""
        if self.problems:
            raise DataError(self.problems)


def text(raw: Any) -> str:
    """Return a cell as stripped text."""
    return str(raw).strip()
