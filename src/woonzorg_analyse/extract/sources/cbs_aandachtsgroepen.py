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
from woonzorg_analyse.errors import Problem
from woonzorg_analyse.extract.parsing import parse_cbs_period, parse_cbs_value
from woonzorg_analyse.extract.problems import ProblemCollector, text
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_delimited
from woonzorg_analyse.extract.registry import BIJLAGE, GEGEVENS, Kop, Source, header_has
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.rules import check_published_totals, validate_aandachtsgroepen

BRON = "cbs_aandachtsgroepen"
TABEL = "85980NED"
CATEGORY_FILE = f"{TABEL}_Aandachtsgroepen.csv"


def category_titles(path: Path) -> dict[str, str]:
    """Return category key -> title from the dimension file beside the data file."""
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, ["Key", "Title"])
    return {text(k): text(t) for k, t in zip(frame["Key"], frame["Title"], strict=True)}


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return the gemeente, province and NL rows of one 85980NED data file, without the rows of
    dissolved gemeenten that CBS lists with only symbols (how many: ``attrs["opmerkingen"]``)."""
    frame = read_typed(path, defs)
    frame, dropped = drop_dissolved_rows(frame, defs)
    if dropped:
        frame.attrs["opmerkingen"] = [
            f"{display_name(path)}: {dropped} rijen van opgeheven gemeenten zonder cijfer overgeslagen"
        ]
    return frame


def drop_dissolved_rows(frame: pd.DataFrame, defs: Definitions) -> tuple[pd.DataFrame, int]:
    """Return the CBS rows without dissolved gemeenten listed with only symbols, and how many.

    CBS lists dissolved gemeenten in later periods with ``.`` in every cell; they carry no
    figure. A dissolved code with a figure stays, to be reported as an unknown code.
    """
    keep = []
    dropped = 0
    cache: dict = {}
    for code, peildatum, aantal in zip(
        frame["gemeente_code"], frame["peildatum"], frame["aantal"], strict=True
    ):
        if code is None or pd.isna(code):
            keep.append(True)
            continue
        if peildatum not in cache:
            cache[peildatum] = defs.gemeenten_op(peildatum.date())
        gone = code not in cache[peildatum] and pd.isna(aantal)
        dropped += int(gone)
        keep.append(not gone)
    return frame[keep].reset_index(drop=True), dropped


def check(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of all 85980NED rows: published NL and province totals against their
    gemeenten (within the rounding), then the rules of every aandachtsgroepen figure."""
    return check_published_totals(frame, defs, defs.bronnen[BRON].afronding) + validate_aandachtsgroepen(
        frame, defs
    )


def stage(frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return stg_cbs__aandachtsgroepen: the gemeente rows, harmonised."""
    return {"stg_cbs__aandachtsgroepen": staging.stg_cbs__aandachtsgroepen(frame, files, defs)}


def recognise(kop: Kop) -> str | None:
    """The data file has the dimensions as columns; a dimension list (Key;Title) or the
    DataProperties of the table beside it is a companion file."""
    if header_has("Aandachtsgroepen", "RegioS", "Perioden")(kop):
        return GEGEVENS
    if kop.naam.startswith(f"{TABEL}_") and header_has("Key")(kop):
        return BIJLAGE
    return None


def read_typed(path: Path, defs: Definitions) -> pd.DataFrame:
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


SOURCES = (
    Source(
        bron=BRON,
        naam="CBS 85980NED aandachtsgroepen",
        recognise=recognise,
        load=load,
        check=check,
        stage=stage,
        tabellen=("stg_cbs__aandachtsgroepen",),
    ),
)
