"""Regions of the user's own: a ``regios.csv`` in ``data/raw/regios/``.

Regional work is organised in many indelingen besides the woondeal and koploper regions of
``definitions/regios``: centrumregio's for beschermd wonen and opvang, jeugdregio's,
zorgkantoorregio's. A user adds such a region type without editing definitions/ by putting a
file with the columns ``regio_type; regio_code; regio_naam; gemeente_code`` (one row per
gemeente of a region, in the gemeente indeling of the referentiejaar) in ``data/raw/regios/``.
The file is recognised by its header, validated like any input, and its regions are analysed
and reported like every other region (``woonzorg report --regio-type <type> --all``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import Problem
from woonzorg_analyse.extract.parsing import normalise_gemeente_code
from woonzorg_analyse.extract.problems import ProblemCollector, text
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_delimited
from woonzorg_analyse.extract.registry import GEGEVENS, Source, header_has
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.rules import check_duplicates, check_eigen_regios, check_values

BRON = "eigen_regios"
COLUMNS = ["regio_type", "regio_code", "regio_naam", "gemeente_code"]
KEY = ["regio_type", "regio_code", "gemeente_code"]


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return one row per region and gemeente: regio_type, regio_code, regio_naam, gemeente_code
    (normalised, as delivered in gemeente_code_geleverd), bestand and _plaats."""
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, COLUMNS)
    result = pd.DataFrame(
        {
            "regio_type": problems.parse(frame, "regio_type", text),
            "regio_code": problems.parse(frame, "regio_code", text),
            "regio_naam": problems.parse(frame, "regio_naam", text),
            "gemeente_code": problems.parse(frame, "gemeente_code", normalise_gemeente_code),
            "gemeente_code_geleverd": [text(v) for v in frame["gemeente_code"]],
            "bestand": display_name(path),
            PLAATS: frame[PLAATS].tolist(),
        },
        dtype="object",
    )
    problems.raise_if_any(result)
    return result


def check(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of all regios.csv rows together: the form of type and code, gemeenten
    of the referentiejaar's indeling, one row per region and gemeente, one name per region, and
    no code that a region of the definitions (or another type of the file) already has."""
    return (
        check_values(frame, ["regio_type", "regio_code"], defs)
        + check_duplicates(frame.dropna(subset=KEY), KEY)
        + check_eigen_regios(frame, defs)
    )


def stage(frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return stg_eigen__regio_gemeente."""
    return {"stg_eigen__regio_gemeente": staging.stg_eigen__regio_gemeente(frame)}


SOURCES = (
    Source(
        bron=BRON,
        naam="eigen regio-indeling",
        recognise=lambda kop: GEGEVENS if header_has(*COLUMNS)(kop) else None,
        load=load,
        check=check,
        stage=stage,
        tabellen=("stg_eigen__regio_gemeente",),
    ),
)
