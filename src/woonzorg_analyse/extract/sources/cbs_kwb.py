"""CBS Kerncijfers wijken en buurten (kwb-JJJJ): inhabitants, households, housing stock.

The file of edition JJJJ holds the stand on 1 January JJJJ in the indeling of that year.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.extract.parsing import normalise_gemeente_code, parse_number
from woonzorg_analyse.extract.problems import ProblemCollector
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_delimited

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
    """Return the edition year from a file name such as ``kwb-2024.csv``."""
    match = _EDITION.search(Path(path).name)
    if not match:
        raise ValueError(f"{display_name(path)}: editiejaar niet af te leiden uit de bestandsnaam")
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
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, ["gwb_code_10", "recs", *RENAME])
    frame = frame[frame["recs"].str.strip() == "Gemeente"].reset_index(drop=True)
    year = edition_year(path)
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
