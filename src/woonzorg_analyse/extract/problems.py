"""Shared helpers for the source loaders: parse a column and collect every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import infer_dtype
from pandas.arrays import ArrowStringArray

from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.extract.readers import PLAATS, display_name


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
        dtype: str | None = None,
    ) -> Any:
        """Return ``parser`` applied to every cell of ``column``; failures become problems.

        An empty cell gives None (missing, with ``dtype``) when the column is optional and a
        problem when it is required. Each distinct cell value is parsed once (codes and dates
        repeat a lot). The values come as a list, or with ``dtype`` as a pandas array of that type
        (for a column of text built from the distinct values, not cell by cell).
        """
        texts = distinct_texts(frame[column])
        if texts is not None:
            values = self._parse_texts(texts, frame[PLAATS], column, parser, required)
            return _spread(texts[0], values, dtype)
        cells = frame[column].to_numpy(dtype=object)
        parsed: dict[Any, tuple[bool, Any]] = {}
        values: list[Any] = []
        for raw, plaats in zip(cells.tolist(), frame[PLAATS].tolist(), strict=True):
            try:
                hash(raw)
                key = (type(raw), raw)
            except TypeError:
                key = None
            outcome = parsed.get(key) if key is not None else None
            if outcome is None:
                outcome = self._parse_one(raw, parser)
                if key is not None:
                    parsed[key] = outcome
            ok, result = outcome
            if ok:
                values.append(result)
                continue
            values.append(None)
            if result == "":
                if required:
                    self.add(plaats, column, "verplichte waarde ontbreekt")
            else:
                self.add(plaats, column, result, raw)
        return values if dtype is None else pd.array(values, dtype=dtype)

    def _parse_texts(
        self,
        texts: tuple[np.ndarray, list[Any]],
        plaatsen: pd.Series,
        column: str,
        parser: Callable[[Any], Any],
        required: bool,
    ) -> list[Any]:
        """:meth:`parse` of a column of text only (:func:`distinct_texts`): each distinct text
        parsed once, the problems named row by row; returns the value of each distinct text."""
        codes, distinct = texts
        outcomes = [self._parse_one(raw, parser) for raw in distinct]
        failed = np.array([not ok for ok, _ in outcomes], dtype=bool)
        for row in np.flatnonzero(failed[codes]).tolist():
            _, reason = outcomes[codes[row]]
            if reason == "":
                if required:
                    self.add(plaatsen.iloc[row], column, "verplichte waarde ontbreekt")
            else:
                self.add(plaatsen.iloc[row], column, reason, distinct[codes[row]])
        return [result if ok else None for ok, result in outcomes]

    @staticmethod
    def _parse_one(raw: Any, parser: Callable[[Any], Any]) -> tuple[bool, Any]:
        """Return (True, value) or (False, reason); reason "" means the cell is empty."""
        empty = raw is None or (isinstance(raw, float) and raw != raw) or str(raw).strip() == ""
        if empty:
            return False, ""
        try:
            return True, parser(raw)
        except ValueError as exc:
            return False, str(exc) or "ongeldige waarde"

    def raise_if_any(self, frame: pd.DataFrame | None = None) -> None:
        """Raise a DataError with every problem collected so far.

        With ``frame`` (the parsed rows, with ``_plaats``), the rows without a problem travel
        along as the error's partial result, so later rules can still check them.
        """
        if self.problems:
            partial = None
            if frame is not None:
                bad = {p.plaats for p in self.problems}
                partial = frame[~frame[PLAATS].isin(bad)].reset_index(drop=True)
            raise DataError(self.problems, partial=partial)


def text(raw: Any) -> str:
    """Return a cell as stripped text."""
    return str(raw).strip()


def distinct_texts(cells: pd.Series | np.ndarray) -> tuple[np.ndarray, list[Any]] | None:
    """Return the number of every cell's distinct text and those texts, when every cell is text
    (a CSV file: codes, groups and dates repeat a lot); None otherwise (a workbook's numbers and
    dates are parsed cell by cell). A column of text held by Arrow (:func:`readers.read_delimited`)
    is encoded by Arrow, without a Python string per cell; other text in one pass of pandas' hash
    table."""
    if isinstance(cells, pd.Series) and isinstance(cells.array, ArrowStringArray):
        found = pa.array(cells.array)
        if isinstance(found, pa.ChunkedArray):  # the rows of several files, joined
            found = found.combine_chunks()
        if found.null_count == 0:
            encoded = pc.dictionary_encode(found)
            return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()
    cells = np.asarray(cells, dtype=object)
    if infer_dtype(cells, skipna=False) != "string":
        return None
    codes, distinct = pd.factorize(cells)
    return codes, distinct.tolist()


def _spread(codes: np.ndarray, values: list[Any], dtype: str | None = None) -> Any:
    """Return the value of every cell from the value of its distinct text: a list, or with
    ``dtype`` a pandas array of that type (the distinct values converted once, then taken)."""
    if dtype is not None:
        return pd.array(values, dtype=dtype).take(codes)
    found = np.empty(len(values), dtype=object)
    for number, value in enumerate(values):  # one by one: a value may be a tuple
        found[number] = value
    return found[codes].tolist()


def each_distinct(
    cells: pd.Series | np.ndarray, function: Callable[[Any], Any], dtype: str | None = None
) -> Any:
    """Return ``function`` of every cell, computed once per distinct text when every cell is text
    (:func:`distinct_texts`), else cell by cell: a list, or with ``dtype`` a pandas array."""
    texts = distinct_texts(cells)
    if texts is None:
        values = [function(cell) for cell in np.asarray(cells, dtype=object).tolist()]
        return values if dtype is None else pd.array(values, dtype=dtype)
    codes, distinct = texts
    return _spread(codes, [function(cell) for cell in distinct], dtype)
