"""PBL/CBS regional prognosis per gemeente: inhabitants, households and 75-plussers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.extract.parsing import normalise_gemeente_code, parse_number, parse_year
from woonzorg_analyse.extract.problems import ProblemCollector, text
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_delimited

BRON = "pbl_cbs_prognose"
REQUIRED = ["gemeente_code", "jaar", "variabele", "prognose", "ondergrens", "bovengrens"]


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return one row per gemeente, year and variable with the prognosis and its interval."""
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, REQUIRED)
    result = pd.DataFrame(
        {
            "gemeente_code": pd.array(
                problems.parse(frame, "gemeente_code", normalise_gemeente_code), dtype="str"
            ),
            "jaar": pd.array(problems.parse(frame, "jaar", parse_year), dtype="Int64"),
            "variabele": [text(v) for v in frame["variabele"]],
            "bestand": display_name(path),
            PLAATS: frame[PLAATS],
        }
    )
    for column in ("prognose", "ondergrens", "bovengrens"):
        result[column] = pd.array(problems.parse(frame, column, parse_number), dtype="Float64")
    problems.raise_if_any()
    return result
