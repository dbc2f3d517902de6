"""Municipal deliveries in the project's delivery format: CSV or XLSX.

Two topics, each a CSV file or a sheet of the same name in a workbook:

- ``aandachtsgroepen``: gemeente_code; gemeente_naam; peildatum; aandachtsgroep; laag;
  eenheid; aantal; toelichting
- ``aanbod``: gemeente_code; gemeente_naam; aandachtsgroep; woonvorm; jaar; status;
  capaciteit; toelichting

Gemeente codes may come as ``GM0363``, ``0363`` or ``363``; numbers in Dutch notation
(``1.234``, ``12,5``); peildatum as ``dd-mm-jjjj`` or a real Excel date. A ``.`` in
``aantal`` means unknown and is kept missing with status ``onderdrukt``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.extract.parsing import (
    normalise_gemeente_code,
    parse_cbs_value,
    parse_date,
    parse_number,
    parse_year,
)
from woonzorg_analyse.extract.problems import ProblemCollector, text
from woonzorg_analyse.extract.readers import (
    PLAATS,
    display_name,
    is_xlsx,
    read_bytes_checked,
    read_delimited,
    read_header,
    read_xlsx_sheet,
)

BRON_AANDACHTSGROEPEN = "gemeentelijke_levering"
BRON_AANBOD = "gemeentelijk_aanbod"

COLUMNS = {
    "aandachtsgroepen": [
        "gemeente_code", "gemeente_naam", "peildatum", "aandachtsgroep", "laag", "eenheid",
        "aantal", "toelichting",
    ],
    "aanbod": [
        "gemeente_code", "gemeente_naam", "aandachtsgroep", "woonvorm", "jaar", "status",
        "capaciteit", "toelichting",
    ],
}  # fmt: skip
REQUIRED = {
    "aandachtsgroepen": ["gemeente_code", "peildatum", "aandachtsgroep", "laag", "eenheid", "aantal"],
    "aanbod": ["gemeente_code", "aandachtsgroep", "woonvorm", "jaar", "status", "capaciteit"],
}


def topics_in(path: Path, data: bytes | None = None) -> list[str]:
    """Return the topics a delivery file holds (sheets of a workbook, or the CSV's header).

    A CSV with supply columns (woonvorm, capaciteit) is an aanbod delivery, any other CSV with
    gemeente_code an aandachtsgroepen delivery; missing columns are reported by its loader.
    """
    data = read_bytes_checked(path) if data is None else data
    if is_xlsx(data):
        from io import BytesIO

        from openpyxl import load_workbook

        workbook = load_workbook(BytesIO(data), read_only=True)
        try:
            return [topic for topic in COLUMNS if topic in workbook.sheetnames]
        finally:
            workbook.close()
    header = set(read_header(path, data))
    if "gemeente_code" not in header:
        return []
    if {"woonvorm", "capaciteit"} & header:
        return ["aanbod"]
    return ["aandachtsgroepen"]


def read_topic(path: Path, topic: str) -> pd.DataFrame:
    """Return the raw rows of one topic of a delivery (CSV file or workbook sheet)."""
    data = read_bytes_checked(path)
    if is_xlsx(data):
        return read_xlsx_sheet(path, topic, "gemeente_code", data)
    return read_delimited(path, data)


def _count(raw: object) -> float:
    value = parse_number(raw)
    if not float(value).is_integer():
        raise ValueError("moet een geheel getal zijn")
    return value


def _aantal(raw: object, symbolen: dict[str, str]) -> tuple[float | None, str]:
    value, status = parse_cbs_value(raw, symbolen)
    if value is not None and not float(value).is_integer():
        raise ValueError("moet een geheel getal zijn")
    return value, status


def load_aandachtsgroepen(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return the aandachtsgroepen rows of a delivery, typed, with their place in the file.

    Columns: gemeente_code, gemeente_code_geleverd, peildatum, aandachtsgroep, laag,
    eenheid, aantal, status, bestand, _plaats. Values are only parsed here; the rules of the
    definitions are checked by :mod:`woonzorg_analyse.validate.rules`.
    """
    frame = read_topic(path, "aandachtsgroepen")
    problems = ProblemCollector(path)
    problems.require_columns(frame, REQUIRED["aandachtsgroepen"])
    codes = problems.parse(frame, "gemeente_code", normalise_gemeente_code)
    dates = problems.parse(frame, "peildatum", parse_date)
    parsed = problems.parse(frame, "aantal", lambda raw: _aantal(raw, defs.symbolen))
    parsed = [p if p is not None else (None, None) for p in parsed]
    result = pd.DataFrame(
        {
            "gemeente_code": pd.array(codes, dtype="str"),
            "gemeente_code_geleverd": [text(v) for v in frame["gemeente_code"]],
            "peildatum": pd.to_datetime(pd.Series(dates)).astype("datetime64[us]"),
            "aandachtsgroep": [text(v) for v in frame["aandachtsgroep"]],
            "laag": [text(v) for v in frame["laag"]],
            "eenheid": [text(v) for v in frame["eenheid"]],
            "aantal": pd.array([p[0] for p in parsed], dtype="Float64"),
            "status": [p[1] for p in parsed],
            "bestand": display_name(path),
            PLAATS: frame[PLAATS].tolist(),
        }
    )
    result["aantal_min"] = result["aantal"]
    result["aantal_max"] = result["aantal"]
    nil = result["status"].eq("nihil")
    result.loc[nil, ["aantal_min", "aantal_max"]] = 0.0
    problems.raise_if_any(result)
    return result


def load_aanbod(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return the aanbod rows of a delivery, typed, with their place in the file.

    Columns: gemeente_code, gemeente_code_geleverd, aandachtsgroep, woonvorm, jaar,
    planstatus, capaciteit, bestand, _plaats.
    """
    frame = read_topic(path, "aanbod")
    problems = ProblemCollector(path)
    problems.require_columns(frame, REQUIRED["aanbod"])
    codes = problems.parse(frame, "gemeente_code", normalise_gemeente_code)
    years = problems.parse(frame, "jaar", parse_year)
    capacity = problems.parse(frame, "capaciteit", _count)
    result = pd.DataFrame(
        {
            "gemeente_code": pd.array(codes, dtype="str"),
            "gemeente_code_geleverd": [text(v) for v in frame["gemeente_code"]],
            "aandachtsgroep": [text(v) for v in frame["aandachtsgroep"]],
            "woonvorm": [text(v) for v in frame["woonvorm"]],
            "jaar": pd.array(years, dtype="Int64"),
            "planstatus": [text(v) for v in frame["status"]],
            "capaciteit": pd.array(capacity, dtype="Float64"),
            "bestand": display_name(path),
            PLAATS: frame[PLAATS].tolist(),
        }
    )
    problems.raise_if_any(result)
    return result
