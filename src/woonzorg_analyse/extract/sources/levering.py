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

from collections.abc import Callable
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
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import (
    PLAATS,
    display_name,
    is_xlsx,
    read_bytes_checked,
    read_delimited,
    read_xlsx_sheet,
)
from woonzorg_analyse.extract.registry import GEGEVENS, Kop, Source
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.rules import validate_aanbod, validate_aandachtsgroepen

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


def _recognise(topic: str) -> Callable[[Kop], str | None]:
    """A workbook holds a topic as a sheet of that name; a CSV holds one topic, told by its
    header: supply columns (woonvorm, capaciteit) make it aanbod, any other header with
    gemeente_code and aandachtsgroep an aandachtsgroepen delivery."""

    def recognise(kop: Kop) -> str | None:
        if kop.xlsx:
            return GEGEVENS if topic in kop.tabbladen else None
        if not {"gemeente_code", "aandachtsgroep"} <= kop.kolommen:
            return None
        supply = bool({"woonvorm", "capaciteit"} & kop.kolommen)
        return GEGEVENS if supply == (topic == "aanbod") else None

    return recognise


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


def stage_aandachtsgroepen(
    frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions
) -> dict[str, pd.DataFrame]:
    """Return stg_gemeente__aandachtsgroepen, harmonised."""
    return {"stg_gemeente__aandachtsgroepen": staging.stg_gemeente__aandachtsgroepen(frame, files, defs)}


def stage_aanbod(
    frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions
) -> dict[str, pd.DataFrame]:
    """Return stg_gemeente__aanbod, harmonised."""
    return {"stg_gemeente__aanbod": staging.stg_gemeente__aanbod(frame, files, defs)}


SOURCES = (
    Source(
        bron=BRON_AANDACHTSGROEPEN,
        naam="levering aandachtsgroepen",
        recognise=_recognise("aandachtsgroepen"),
        load=load_aandachtsgroepen,
        check=validate_aandachtsgroepen,
        stage=stage_aandachtsgroepen,
        tabellen=("stg_gemeente__aandachtsgroepen",),
    ),
    Source(
        bron=BRON_AANBOD,
        naam="levering aanbod",
        recognise=_recognise("aanbod"),
        load=load_aanbod,
        check=validate_aanbod,
        stage=stage_aanbod,
        tabellen=("stg_gemeente__aanbod",),
    ),
)
