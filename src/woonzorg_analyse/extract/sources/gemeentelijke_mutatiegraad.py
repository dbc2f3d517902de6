"""Delivered mutatiegraad of the social housing stock per gemeente and year.

A CSV ``gemeente_code;jaar;mutatiegraad;toelichting`` in ``data/raw/woningmarkt/`` (its
provenance.yaml names the source ``gemeentelijke_mutatiegraad``): the share of the corporation
homes that got a new household in the year (new lettings of existing homes divided by the stock,
new build excluded), as corporations report it. The mutatiegraad is a fraction (``0,068``) or a
percentage with its sign (``6,8 %``); a bare number above 1 is refused, because 7 could mean
7 % or 700 %. A delivered figure goes before the region's and the national assumption of
``definitions/woningmarkt.yaml`` from its year on (see ``sql/int/int__vrijkomende_woningen.sql``).
"""

from __future__ import annotations

from datetime import date
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
from woonzorg_analyse.validate.rules import check_duplicates, check_gemeente_exists, check_values

BRON = "gemeentelijke_mutatiegraad"
REQUIRED = ["gemeente_code", "jaar", "mutatiegraad"]


def parse_mutatiegraad(raw: object) -> float:
    """Return a mutatiegraad as a fraction from ``0,068``, ``0.068`` or ``6,8 %``.

    Raises ValueError for a bare number above 1 (a percentage without its sign is ambiguous).
    """
    cell = str(raw).strip()
    if cell.endswith("%"):
        return parse_number(cell[:-1]) / 100
    value = parse_number(raw)
    if value > 1:
        raise ValueError(
            "schrijf een fractie (0,07) of een percentage met %-teken (7 %), niet een kaal getal boven 1"
        )
    return value


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return one row per delivered gemeente and year: gemeente_code, jaar, mutatiegraad (a
    fraction), toelichting, bestand, _plaats."""
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, REQUIRED)
    result = pd.DataFrame(
        {
            "gemeente_code": pd.array(
                problems.parse(frame, "gemeente_code", normalise_gemeente_code), dtype="str"
            ),
            "jaar": pd.array(problems.parse(frame, "jaar", parse_year), dtype="Int64"),
            "mutatiegraad": pd.array(
                problems.parse(frame, "mutatiegraad", parse_mutatiegraad), dtype="Float64"
            ),
            "toelichting": [text(v) or None for v in frame.get("toelichting", [""] * len(frame))],
            "bestand": display_name(path),
            PLAATS: frame[PLAATS],
        }
    )
    problems.raise_if_any(result)
    return result


def check(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of all deliveries together: codes of the reference year's indeling,
    mutatiegraad and year within their range, one row per gemeente and year."""
    dated = frame.assign(_datum=pd.Timestamp(date(defs.referentiejaar, 1, 1)).as_unit("us"))
    return (
        check_gemeente_exists(dated, defs, "_datum")
        + check_values(frame, ["jaar", "mutatiegraad"], defs)
        + check_duplicates(frame, ["gemeente_code", "jaar"])
    )


def stage(frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return stg_gemeente__mutatiegraad."""
    return {"stg_gemeente__mutatiegraad": staging.stg_gemeente__mutatiegraad(frame, files)}


SOURCES = (
    Source(
        bron=BRON,
        naam="levering mutatiegraad",
        recognise=lambda kop: GEGEVENS if header_has("gemeente_code", "jaar", "mutatiegraad")(kop) else None,
        load=load,
        check=check,
        stage=stage,
        tabellen=("stg_gemeente__mutatiegraad",),
    ),
)
