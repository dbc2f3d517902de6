"""Municipal deliveries in the project's delivery format: CSV or XLSX.

Two topics, each a CSV file or a sheet of the same name in a workbook:

- ``aandachtsgroepen``: gemeente_code; gemeente_naam; peildatum; aandachtsgroep; laag;
  eenheid; aantal; toelichting
- ``aanbod``: gemeente_code; gemeente_naam; aandachtsgroep; woonvorm; jaar; status;
  capaciteit; toelichting

Gemeente codes may come as ``GM0363``, ``0363`` or ``363``; numbers in Dutch notation
(``1.234`` is 1234, ``12,5``); peildatum as ``dd-mm-jjjj`` or a real Excel date. A ``.`` in
``aantal`` means unknown and is kept missing with status ``onderdrukt``.

A row whose ``aantal`` says ``niet geleverd`` (:data:`NIET_GELEVERD`) is a deliberate blank: it
is not a figure, so it is left out of the rows (nothing is staged for it) and only its group and
laag must be known codes. An empty ``aantal`` on any other row is an error: a forgotten cell is
told from a deliberate blank by the marker, never by guessing. ``woonzorg validate`` names per
gemeente the groups and lagen of the definitions it did not deliver (marked or absent), apart
from the errors (:func:`niet_geleverd`, carried in ``frame.attrs["overzicht"]``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.parsing import (
    normalise_gemeente_code,
    parse_cbs_value,
    parse_date,
    parse_number,
    parse_year,
)
from woonzorg_analyse.extract.problems import ProblemCollector, each_distinct, text
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import (
    PLAATS,
    display_name,
    is_xlsx,
    read_bytes_checked,
    read_delimited,
    read_xlsx_sheet,
)
from woonzorg_analyse.extract.registry import GEGEVENS, Kop, Source, read_kop
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.files import OVERZICHT
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
BLADEN_ZONDER_CIJFERS = ("toelichting", "lijsten")  # sheets of the delivery template without figures
NIET_GELEVERD = "niet geleverd"  # in ``aantal``: the gemeente does not deliver this group and laag
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
    """Return the raw rows of one topic of a delivery (CSV file or workbook sheet).

    For a workbook, ``attrs["overzicht"]`` names every sheet that is neither a topic nor a
    sheet of the template without figures: a renamed sheet would otherwise go unread unseen.
    """
    data = read_bytes_checked(path)
    if not is_xlsx(data):
        return read_delimited(path, data)
    frame = read_xlsx_sheet(path, topic, "gemeente_code", data)
    known = (*COLUMNS, *BLADEN_ZONDER_CIJFERS)
    frame.attrs[OVERZICHT] = [
        f"tabblad '{name}' is niet gelezen: alleen {' en '.join(repr(t) for t in COLUMNS)} bevatten "
        "cijfers (is een tabblad hernoemd?)"
        for name in read_kop(path).tabbladen
        if name not in known
    ]
    return frame


def _finish(result: pd.DataFrame, problems: ProblemCollector, overzicht: list[str]) -> pd.DataFrame:
    """Return ``result`` with its overview lines, or raise every problem with them."""
    result.attrs[OVERZICHT] = overzicht
    try:
        problems.raise_if_any(result)
    except DataError as error:
        if error.partial is not None:
            error.partial.attrs[OVERZICHT] = overzicht
        raise
    return result


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


def _empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, float) and raw != raw) or str(raw).strip() == ""


def is_niet_geleverd(raw: object) -> bool:
    """Return whether a cell holds the marker ``niet geleverd`` (any case, any spacing)."""
    return isinstance(raw, str) and " ".join(raw.split()).lower() == NIET_GELEVERD


def load_aandachtsgroepen(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return the aandachtsgroepen rows of a delivery, typed, with their place in the file.

    Columns: gemeente_code, gemeente_code_geleverd, peildatum, aandachtsgroep, laag,
    eenheid, aantal, status, bestand, _plaats. Values are only parsed here; the rules of the
    definitions are checked by :mod:`woonzorg_analyse.validate.rules`. Rows marked
    ``niet geleverd`` are left out; ``attrs["overzicht"]`` names what was not delivered.
    """
    raw = read_topic(path, "aandachtsgroepen")
    problems = ProblemCollector(path)
    problems.require_columns(raw, REQUIRED["aandachtsgroepen"])
    marked = pd.Series(each_distinct(raw["aantal"], is_niet_geleverd), index=raw.index, dtype=bool)
    frame = raw[~marked].reset_index(drop=True)
    _check_marked(raw[marked], defs, problems)
    codes = problems.parse(frame, "gemeente_code", normalise_gemeente_code, dtype="str")
    dates = problems.parse(frame, "peildatum", parse_date)
    parsed = problems.parse(frame, "aantal", lambda value: _aantal(value, defs.symbolen), required=False)
    for value, plaats in zip(each_distinct(frame["aantal"], _empty), frame[PLAATS].tolist(), strict=True):
        if value:
            problems.add(
                plaats,
                "aantal",
                "verplichte waarde ontbreekt",
                toelichting=f"vul een geheel getal in, een punt (.) als het aantal onbekend is, "
                f"of '{NIET_GELEVERD}' als u deze groep en laag niet levert",
            )
    parsed = [p if p is not None else (None, None) for p in parsed]
    result = pd.DataFrame(
        {
            "gemeente_code": codes,
            "gemeente_code_geleverd": each_distinct(frame["gemeente_code"], text, "str"),
            "peildatum": pd.to_datetime(pd.Series(dates)).astype("datetime64[us]"),
            "aandachtsgroep": each_distinct(frame["aandachtsgroep"], text, "str"),
            "laag": each_distinct(frame["laag"], text, "str"),
            "eenheid": each_distinct(frame["eenheid"], text, "str"),
            "aantal": pd.array([p[0] for p in parsed], dtype="Float64"),
            "status": [p[1] for p in parsed],
            "bestand": display_name(path),
            PLAATS: pd.array(frame[PLAATS], dtype="str"),
        }
    )
    result["aantal_min"] = result["aantal"]
    result["aantal_max"] = result["aantal"]
    nil = result["status"].eq("nihil")
    result.loc[nil, ["aantal_min", "aantal_max"]] = 0.0
    overzicht = raw.attrs.get(OVERZICHT, []) + niet_geleverd(
        _pairs(frame["gemeente_code"], frame), _pairs(raw[marked]["gemeente_code"], raw[marked]), defs
    )
    return _finish(result, problems, overzicht)


def _check_marked(rows: pd.DataFrame, defs: Definitions, problems: ProblemCollector) -> None:
    """Record a problem where a row marked ``niet geleverd`` does not say which group and laag
    it is about: those two must be known codes for the marker to mean something."""
    for groep, laag, plaats in zip(rows["aandachtsgroep"], rows["laag"], rows[PLAATS], strict=True):
        code = text(groep) if groep is not None else ""
        if code not in defs.aandachtsgroepen:
            problems.add(
                plaats,
                "aandachtsgroep",
                "onbekende aandachtsgroep op een regel 'niet geleverd'",
                code,
                "kies een code uit de lijst (tabblad toelichting)",
            )
        elif text(laag) not in defs.aandachtsgroepen[code].lagen:
            allowed = ", ".join(defs.aandachtsgroepen[code].lagen)
            problems.add(
                plaats,
                "laag",
                f"laag niet toegestaan voor {code} (toegestaan: {allowed})",
                "" if laag is None else text(laag),
            )


def _pairs(codes: pd.Series, rows: pd.DataFrame) -> set[tuple[str, str, str]]:
    """Return the (gemeente code, group, laag) of rows; a code that cannot be read stays as given."""
    found = set()
    cells = (c.to_numpy(dtype=object).tolist() for c in (codes, rows["aandachtsgroep"], rows["laag"]))
    # each distinct triple once (a cell as given: an empty one of a workbook is None)
    for code, groep, laag in dict.fromkeys(zip(*cells, strict=True)):
        try:
            gemeente = normalise_gemeente_code(code)
        except ValueError:
            gemeente = "" if code is None else text(code)
        found.add((gemeente, "" if groep is None else text(groep), "" if laag is None else text(laag)))
    return found


def niet_geleverd(
    geleverd: set[tuple[str, str, str]], gemarkeerd: set[tuple[str, str, str]], defs: Definitions
) -> list[str]:
    """Return one line per set of gemeenten naming the groups and lagen they did not deliver.

    ``geleverd`` and ``gemarkeerd`` hold (gemeente, group, laag) of the rows with a figure (or
    a problem: a forgotten cell is not a deliberate blank) and of the rows marked ``niet
    geleverd``. A pair of the definitions that a gemeente of the file has no row for, or
    marked, was not delivered. Gemeenten that miss the same pairs share a line.
    """
    gemeenten = sorted({g for g, _, _ in geleverd | gemarkeerd if g})
    missing: dict[tuple[str, ...], list[str]] = {}
    for gemeente in gemeenten:
        delivered = {(groep, laag) for g, groep, laag in geleverd if g == gemeente}
        parts = []
        for groep in defs.aandachtsgroepen.values():
            lagen = [laag for laag in groep.lagen if (groep.code, laag) not in delivered]
            if lagen:
                parts.append(f"{groep.code} ({', '.join(lagen)})")
        if parts:
            missing.setdefault(tuple(parts), []).append(gemeente)
    lines = []
    for parts, codes in missing.items():
        who = codes[0] if len(codes) == 1 else f"{len(codes)} gemeenten ({', '.join(codes)})"
        lines.append(f"niet geleverd voor {who}: {', '.join(parts)}")
    return lines


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
            "gemeente_code_geleverd": each_distinct(frame["gemeente_code"], text),
            "aandachtsgroep": each_distinct(frame["aandachtsgroep"], text),
            "woonvorm": each_distinct(frame["woonvorm"], text),
            "jaar": pd.array(years, dtype="Int64"),
            "planstatus": each_distinct(frame["status"], text),
            "capaciteit": pd.array(capacity, dtype="Float64"),
            "bestand": display_name(path),
            PLAATS: frame[PLAATS].tolist(),
        }
    )
    return _finish(result, problems, frame.attrs.get(OVERZICHT, []))


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
