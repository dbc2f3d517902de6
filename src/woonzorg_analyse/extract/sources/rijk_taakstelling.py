"""National half-year totals of the taakstelling huisvesting vergunninghouders."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import Problem
from woonzorg_analyse.extract.parsing import parse_halfjaar, parse_number
from woonzorg_analyse.extract.problems import ProblemCollector, text
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_delimited
from woonzorg_analyse.extract.registry import GEGEVENS, Source, header_has
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.rules import check_duplicates

BRON = "rijk_taakstelling"


def _halfjaar(raw: object) -> str:
    return str(parse_halfjaar(raw))


def _count(raw: object) -> int:
    value = parse_number(raw)
    if value < 0 or not float(value).is_integer():
        raise ValueError("moet een geheel getal van 0 of meer zijn")
    return int(value)


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return one row per half-year: halfjaar, totaal, achterstand, opmerking, bron."""
    frame = read_delimited(path)
    problems = ProblemCollector(path)
    problems.require_columns(frame, ["periode", "totaal_taakstelling"])
    result = pd.DataFrame(
        {
            "halfjaar": problems.parse(frame, "periode", _halfjaar),
            "totaal": pd.array(problems.parse(frame, "totaal_taakstelling", _count), dtype="Int64"),
            "achterstand": pd.array(
                problems.parse(frame, "achterstand_vorige_periode", _count, required=False)
                if "achterstand_vorige_periode" in frame
                else [None] * len(frame),
                dtype="Int64",
            ),
            "opmerking": [text(v) or None for v in frame.get("opmerking", [""] * len(frame))],
            "bron": [text(v) or None for v in frame.get("bron_url", [""] * len(frame))],
            "bestand": display_name(path),
            PLAATS: frame[PLAATS],
        }
    )
    problems.raise_if_any()
    return result


def check(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of the national totals: one row per half-year."""
    return check_duplicates(frame, ["halfjaar"])


def stage(frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return stg_rijk__taakstelling: the totals as published."""
    return {"stg_rijk__taakstelling": staging.stg_rijk__taakstelling(frame)}


SOURCES = (
    Source(
        bron=BRON,
        naam="landelijke taakstelling vergunninghouders",
        recognise=lambda kop: GEGEVENS if header_has("periode", "totaal_taakstelling")(kop) else None,
        load=load,
        check=check,
        stage=stage,
        tabellen=("stg_rijk__taakstelling",),
    ),
)
