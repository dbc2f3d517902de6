"""CBS table 85980NED "Aandachtsgroepen volkshuisvesting; regio" in its StatLine shape.

``85980NED_TypedDataSet.csv`` holds one row per category, region and period with the
measures Personen_1, Huishoudens_2 and Woonruimten_3; ``85980NED_Aandachtsgroepen.csv`` maps
the category keys to titles. Keys arrive padded with spaces; counts are rounded to 5 and a
suppressed cell is ``.``. The measure in the group's unit is kept (bronnen.yaml ``maten``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.extract.parsing import parse_cbs_period, parse_cbs_value
from woonzorg_analyse.extract.problems import ProblemCollector, text
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_delimited

BRON = "cbs_aandachtsgroepen"
CATEGORY_FILE = "85980NED_Aandachtsgroepen.csv"


def category_titles(path: Path) -> dict[str, str]:
    """Return category key -> title from the dimension file beside the data file."""
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, ["Key", "Title"])
    return {text(k): text(t) for k, t in zip(frame["Key"], frame["Title"], strict=True)}


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return one row per region, period and aandachtsgroep with value, status and bounds.

    Region rows other than gemeenten (``PV``, ``NL01``) are kept with ``regio_code`` so that
    published totals can be checked; ``gemeente_code`` is empty for them.
    """
    path = Path(path)
    bron = defs.bronnen[BRON]
    mapping: dict[str, str] = bron.categorieen or {}
    measures: dict[str, str] = bron.maten or {}
    titles = category_titles(path.with_name(CATEGORY_FILE))
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, ["Aandachtsgroepen", "RegioS", "Perioden", *measures.values()])
    records = []
    for row in frame.to_dict("records"):
        plaats = row[PLAATS]
        key = text(row["Aandachtsgroepen"])
        title = titles.get(key)
        if title is None:
            problems.add(
                plaats, "Aandachtsgroepen", "onbekende categoriesleutel", key, f"niet in {CATEGORY_FILE}"
            )
            continue
        groep_code = mapping.get(title)
        if groep_code is None:
            continue  # a category the project does not use
        groep = defs.aandachtsgroepen.get(groep_code)
        if groep is None:
            problems.add(
                plaats,
                "Aandachtsgroepen",
                "categorie verwijst naar onbekende aandachtsgroep",
                groep_code,
                "zie bronnen.yaml",
            )
            continue
        try:
            year, kind, _ = parse_cbs_period(row["Perioden"])
        except ValueError as exc:
            problems.add(plaats, "Perioden", str(exc), row["Perioden"])
            continue
        if kind != "JJ":
            problems.add(plaats, "Perioden", "alleen jaarcijfers (JJ) worden gebruikt", row["Perioden"])
            continue
        column = measures[groep.eenheid]
        try:
            value, status = parse_cbs_value(row[column], defs.symbolen)
        except ValueError as exc:
            problems.add(plaats, column, str(exc), row[column])
            continue
        regio = text(row["RegioS"]).upper()
        records.append(
            {
                "regio_code": regio,
                "gemeente_code": regio if regio.startswith("GM") else None,
                "peildatum": pd.Timestamp(groep.peildatum(year)),
                "aandachtsgroep": groep_code,
                "laag": "populatie",
                "eenheid": groep.eenheid,
                "aantal": value,
                "status": status,
                "bestand": display_name(path),
                PLAATS: plaats,
            }
        )
    problems.raise_if_any()
    result = pd.DataFrame.from_records(
        records,
        columns=[
            "regio_code",
            "gemeente_code",
            "peildatum",
            "aandachtsgroep",
            "laag",
            "eenheid",
            "aantal",
            "status",
            "bestand",
            PLAATS,
        ],
    )
    result["aantal"] = result["aantal"].astype("Float64")
    result["peildatum"] = result["peildatum"].astype("datetime64[us]")
    return with_bounds(result, bron.afronding)


def with_bounds(frame: pd.DataFrame, afronding: int) -> pd.DataFrame:
    """Return ``frame`` with aantal_min and aantal_max: a suppressed cell of a table rounded
    to ``afronding`` lies in [0, afronding - 1]; nil (``-``) is [0, 0]; a published value is
    its own bound; otherwise the bound is unknown (missing)."""
    suppressed = frame["aantal"].isna() & frame["status"].isin(["onderdrukt", "geheim"])
    nil = frame["aantal"].isna() & frame["status"].eq("nihil")
    frame = frame.copy()
    frame["aantal_min"] = frame["aantal"].mask(suppressed | nil, 0.0)
    frame["aantal_max"] = frame["aantal"].mask(nil, 0.0)
    if afronding > 1:
        frame["aantal_max"] = frame["aantal_max"].mask(suppressed, float(afronding - 1))
    return frame
