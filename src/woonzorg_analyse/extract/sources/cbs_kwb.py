"""CBS Kerncijfers wijken en buurten (kwb-JJJJ): inhabitants, households, housing stock.

The file of edition JJJJ holds the stand on 1 January JJJJ in the indeling of that year.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.extract.parsing import normalise_gemeente_code, parse_number
from woonzorg_analyse.extract.problems import ProblemCollector
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_delimited
from woonzorg_analyse.extract.registry import GEGEVENS, Source, header_has
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.rules import check_duplicates, check_gemeente_exists, check_values

BRON = "cbs_kwb"
RENAME = {
    "a_inw": "inwoners",
    "a_hh": "huishoudens",
    "a_woning": "woningvoorraad",
    "p_koopw": "koopwoningen_pct",
    "p_wcorpw": "corporatie_pct",
    "g_wozbag": "gem_woz_euro",
}
_EDITION = re.compile(r"kwb-(\d{4})")


def edition_year(path: Path) -> int:
    """Return the edition year from a file name such as ``kwb-2024.csv``; DataError otherwise
    (the file says nothing else about the year its figures are about)."""
    match = _EDITION.search(Path(path).name)
    if not match:
        raise DataError(
            [
                Problem(
                    display_name(path),
                    "",
                    "",
                    "editiejaar niet af te leiden uit de bestandsnaam (verwacht kwb-JJJJ.csv)",
                    Path(path).name,
                )
            ]
        )
    return int(match.group(1))


def _optional_number(raw: object, symbolen: dict[str, str]) -> float | None:
    if str(raw).strip() in symbolen:
        return None
    return parse_number(raw)


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return the municipal rows of one kwb edition, typed and renamed.

    One row per gemeente (indeling of the edition year); WOZ converted from x 1,000 euro to
    euro; CBS symbols become missing values, never 0.
    """
    year = edition_year(path)
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, ["gwb_code_10", "recs", *RENAME])
    frame = frame[frame["recs"].str.strip() == "Gemeente"].reset_index(drop=True)
    codes = problems.parse(frame, "gwb_code_10", normalise_gemeente_code)
    result = pd.DataFrame(
        {
            "indeling_jaar": year,
            "gemeente_code": codes,
            "peildatum": pd.Timestamp(date(year, 1, 1)),
            "bestand": display_name(path),
            PLAATS: frame[PLAATS],
        }
    )
    for source, target in RENAME.items():
        required = target in ("inwoners", "huishoudens")
        values = problems.parse(
            frame, source, lambda raw: _optional_number(raw, defs.symbolen), required=required
        )
        result[target] = pd.array(values, dtype="Float64")
    problems.raise_if_any()
    result["gem_woz_euro"] = result["gem_woz_euro"] * 1000
    for column in ("inwoners", "huishoudens", "woningvoorraad"):
        result[column] = result[column].round().astype("Int64")
    result["gemeente_code"] = result["gemeente_code"].astype("str")
    result["peildatum"] = result["peildatum"].astype("datetime64[us]")
    return result


def check(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of all kwb editions together: codes in force, one row per edition and
    gemeente, values within their field's range."""
    return (
        check_gemeente_exists(frame, defs)
        + check_duplicates(frame, ["indeling_jaar", "gemeente_code"])
        + check_values(frame, ["inwoners", "huishoudens", "woningvoorraad", "corporatie_pct"], defs)
    )


def stage(frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return stg_cbs__bevolking (each year's own indeling) and stg_cbs__kerncijfers (harmonised)."""
    return {
        "stg_cbs__bevolking": staging.stg_cbs__bevolking(frame),
        "stg_cbs__kerncijfers": staging.stg_cbs__kerncijfers(frame, defs),
    }


SOURCES = (
    Source(
        bron=BRON,
        naam="CBS kerncijfers wijken en buurten (kwb-JJJJ)",
        recognise=lambda kop: GEGEVENS if header_has("gwb_code_10", "a_inw")(kop) else None,
        load=load,
        check=check,
        stage=stage,
        tabellen=("stg_cbs__bevolking", "stg_cbs__kerncijfers"),
    ),
)
