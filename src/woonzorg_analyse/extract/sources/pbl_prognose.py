"""PBL/CBS regional prognosis per gemeente: inhabitants, households and 75-plussers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import Problem
from woonzorg_analyse.extract.parsing import normalise_gemeente_code, parse_number, parse_year
from woonzorg_analyse.extract.problems import ProblemCollector, text
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_delimited
from woonzorg_analyse.extract.registry import GEGEVENS, Source, header_has
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.rules import (
    check_duplicates,
    check_gemeente_exists,
    check_prognose_rows,
    check_values,
)

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


def check(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of the prognosis: codes of the reference indeling, values, one row per
    gemeente, year and variable, the prognosis within its interval."""
    dated = frame.assign(_datum=pd.Timestamp(f"{defs.referentiejaar}-01-01"))
    return (
        check_gemeente_exists(dated, defs, "_datum")
        + check_values(frame, ["variabele", "prognose", "ondergrens", "bovengrens"], defs)
        + check_duplicates(frame, ["gemeente_code", "jaar", "variabele"])
        + check_prognose_rows(frame)
    )


def stage(frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return stg_pbl__prognose."""
    return {"stg_pbl__prognose": staging.stg_pbl__prognose(frame, files)}


SOURCES = (
    Source(
        bron=BRON,
        naam="PBL/CBS prognose",
        recognise=lambda kop: GEGEVENS if header_has("gemeente_code", "variabele", "prognose")(kop) else None,
        load=load,
        check=check,
        stage=stage,
        tabellen=("stg_pbl__prognose",),
    ),
)
