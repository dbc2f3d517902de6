"""CBS table 85980NED "Aandachtsgroepen volkshuisvesting; regio, 1 januari en 31 december".

The table has four dimensions (Aandachtsgroep volkshuisvesting, Kenmerken, Regio's, Perioden)
and three measures (personen, huishoudens, woonruimten); a breakdown by Kenmerken may fill only
the personen. Nothing about it is assumed from names: ``85980NED_DataProperties.csv`` says which
properties are dimensions (the regions are the GeoDimension, the periods the TimeDimension, the
others are found by their Title as ``definitions/bronnen.yaml: dimensies`` gives it) and which
are measures (by Title, ``maten``); the dimension lists ``85980NED_<Key>.csv`` give each
category's title, and ``bronnen.yaml`` maps titles to aandachtsgroepen (``categorieen``),
kenmerk codes (``kenmerken``) and days (``perioden``: "2023 januari" is 1 January 2023, "2023
december" is 31 December 2023).

The data come as ``85980NED_TypedDataSet.parquet`` (``woonzorg fetch cbs``: a missing value is
null, read as CBS's ``.``) or as ``85980NED_TypedDataSet.csv`` (``;``, padded keys, the StatLine
symbols). Both are read by one query in DuckDB, so a snapshot of the whole table (tens of
millions of observations) is read without holding it in memory; only rows of mapped categories,
kenmerken and periods of gemeenten, provinces and Nederland are returned.

Every row is kept per measure (``eenheid``) with value, status and interval. A row is a count
(``telling``) when its kenmerk is ``totaal``, its measure is the group's unit and its moment
gives the group's counts (``bronnen.yaml: momenten``); the counts are never a sum over kenmerken.
A key that the dimension list does not have is an error; a category, kenmerk or period that
definitions/ does not map is reported (key, title, rows) and not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.definitions.models import TOTAAL_KENMERK, Bron
from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.extract.parsing import parse_cbs_value
from woonzorg_analyse.extract.problems import ProblemCollector, text
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import PLAATS, display_name, is_parquet, read_delimited
from woonzorg_analyse.extract.registry import BIJLAGE, GEGEVENS, Kop, Source
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.rules import (
    check_duplicates,
    check_published_totals,
    check_values,
    validate_aandachtsgroepen,
)

BRON = "cbs_aandachtsgroepen"
TABEL = "85980NED"
PROPERTIES_FILE = f"{TABEL}_DataProperties.csv"
GEO_TYPES, TIME, MEASURE = ("GeoDimension", "GeoDetail"), "TimeDimension", "Topic"
DIMENSION_TYPES = ("Dimension", "GeoDimension", "TimeDimension", "GeoDetail")
EENHEDEN = ("personen", "huishoudens", "woonruimten")
UNKNOWN = "."  # the CBS symbol a null of the TypedDataSet stands for
_PERIOD_TITLE = re.compile(r"^(\d{4})\s+(.+?)\s*\**$")
BREAKDOWN_KEY = ["gemeente_code", "peildatum", "aandachtsgroep", "kenmerk"]
ROW_KEYS = [
    "regio_code",
    "gemeente_code",
    "peildatum",
    "aandachtsgroep",
    "kenmerk",
    "kenmerk_titel",
    "telling",  # kenmerk totaal on a moment that gives the group's count
]
ROW_COLUMNS = [  # one row per data row of the file (what ``load`` returns)
    *ROW_KEYS,
    *(f"{e}_{part}" for e in EENHEDEN for part in ("aantal", "status")),
    "bestand",
    PLAATS,
]
COUNT_COLUMNS = [  # one row per count (what the rules of the aandachtsgroepen check)
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
    "aantal_min",
    "aantal_max",
]


@dataclass
class Structuur:
    """What DataProperties and the dimension lists say about one 85980NED file, mapped by the
    definitions: the column of each role, the measure column of each unit, and per role the
    categories present in the list (key -> title) and how the mapped ones are used."""

    kolommen: dict[str, str]  # role (categorie, kenmerk, regio, periode) -> dimension Key (column)
    dimensie_titels: dict[str, str]  # role -> dimension Title
    maten: dict[str, str]  # unit -> measure Key (column)
    lijsten: dict[str, dict[str, str]]  # role -> {category key (stripped) -> title}
    groepen: dict[str, str] = field(default_factory=dict)  # category key -> aandachtsgroep
    kenmerken: dict[str, str] = field(default_factory=dict)  # kenmerk key -> code
    perioden: dict[str, tuple[date, str]] = field(default_factory=dict)  # period key -> (day, word)

    def list_file(self, role: str) -> str:
        """The dimension list of a role, as a file name."""
        return f"{TABEL}_{self.kolommen[role]}.csv"


def _problem(path: Path, rule: str, value: str = "", note: str = "") -> Problem:
    return Problem(display_name(path), "", "", rule, value, note)


def read_structure(path: Path, defs: Definitions) -> Structuur:
    """Return the structure of the 85980NED data file ``path`` from the files beside it.

    DataError naming the file for a missing DataProperties or dimension list, a dimension or
    measure that definitions/ names but the table does not have (with the titles it does have).
    """
    bron = defs.bronnen[BRON]
    folder = Path(path).parent
    properties_path = folder / PROPERTIES_FILE
    if not properties_path.is_file():
        raise DataError(
            [_problem(path, f"{PROPERTIES_FILE} ontbreekt ernaast: daaruit komt de opbouw van de tabel")]
        )
    properties = read_delimited(properties_path)
    ProblemCollector(properties_path).require_columns(properties, ["Key", "Type", "Title"])
    rows = [
        (text(k), text(t), text(ti))
        for k, t, ti in zip(*(properties[c] for c in ("Key", "Type", "Title")), strict=True)
    ]
    problems: list[Problem] = []
    kolommen: dict[str, str] = {}
    titels: dict[str, str] = {}
    for role, kinds in (("regio", GEO_TYPES), ("periode", (TIME,))):
        found = [(k, ti) for k, t, ti in rows if t in kinds]
        if len(found) != 1:
            shown = " of ".join(kinds)
            problems.append(_problem(properties_path, f"verwacht precies één {shown}", str(len(found))))
            continue
        kolommen[role], titels[role] = found[0]
    dimensions = [(k, ti) for k, t, ti in rows if t in DIMENSION_TYPES]
    measures = [(k, ti) for k, t, ti in rows if t == MEASURE]
    maten: dict[str, str] = {}
    for wanted, found_in, what, target in (
        (bron.dimensies or {}, dimensions, "dimensie", kolommen),
        (bron.maten or {}, measures, "maat", maten),
    ):
        for role, title in wanted.items():
            keys = [k for k, ti in found_in if ti == title]
            if len(keys) != 1:
                setting = "dimensies" if what == "dimensie" else "maten"
                problems.append(
                    _problem(
                        properties_path,
                        f"{what} '{title}' ({role}, bronnen.yaml: {setting}) niet gevonden of niet eenduidig",
                        title,
                        f"{setting} van de tabel: {', '.join(ti for _k, ti in found_in)}",
                    )
                )
                continue
            target[role] = keys[0]
            if what == "dimensie":
                titels[role] = title
    if problems:
        raise DataError(problems)
    structuur = Structuur(kolommen, titels, maten, {})
    for role in kolommen:
        list_path = folder / structuur.list_file(role)
        if not list_path.is_file():
            problems.append(_problem(path, f"dimensielijst {list_path.name} ontbreekt ernaast"))
            continue
        frame = read_delimited(list_path)
        ProblemCollector(list_path).require_columns(frame, ["Key", "Title"])
        structuur.lijsten[role] = {
            text(k): text(t) for k, t in zip(frame["Key"], frame["Title"], strict=True)
        }
    if problems:
        raise DataError(problems)
    map_categories(structuur, bron)
    return structuur


def map_categories(structuur: Structuur, bron: Bron) -> None:
    """Fill the mapped categories of ``structuur`` from the titles: aandachtsgroepen, kenmerk codes,
    and the day of every period titled '<jaar> <woord>' whose word is in ``perioden``."""
    for key, title in structuur.lijsten.get("categorie", {}).items():
        groep = (bron.categorieen or {}).get(title)
        if groep is not None:
            structuur.groepen[key] = groep
    for key, title in structuur.lijsten.get("kenmerk", {}).items():
        code = (bron.kenmerken or {}).get(title)
        if code is not None:
            structuur.kenmerken[key] = code
    for key, title in structuur.lijsten.get("periode", {}).items():
        day = period_day(title, bron)
        if day is not None:
            structuur.perioden[key] = day


def period_day(title: str, bron: Bron) -> tuple[date, str] | None:
    """Return (day, word) of a period title such as '2023 januari' or '2023 december*'; None when
    the title is not '<jaar> <woord>' or the word is not in ``bronnen.yaml: perioden``."""
    match = _PERIOD_TITLE.match(str(title).strip())
    if not match:
        return None
    word = match.group(2).strip().lower()
    day = bron.moment(word, int(match.group(1)))
    return None if day is None else (day, word)


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _register_csv(
    con: duckdb.DuckDBPyConnection, path: Path, structuur: Structuur, defs: Definitions
) -> None:
    """Register the rows of a StatLine CSV as view ``data``: keys as text, every measure parsed
    into value and status (symbols stay missing with their status)."""
    # as Python objects: the loop below reads every cell, which Arrow text hands over one by one
    frame = read_delimited(path).astype(object)
    problems = ProblemCollector(path)
    problems.require_columns(frame, [*structuur.kolommen.values(), *structuur.maten.values()])
    data = pd.DataFrame({role: frame[column].map(text) for role, column in structuur.kolommen.items()})
    parsed: dict[str, tuple[float | None, str] | None] = {}
    for eenheid, column in structuur.maten.items():
        values, statuses = [], []
        for raw, plaats in zip(frame[column], frame[PLAATS], strict=True):
            if raw not in parsed:
                try:
                    parsed[raw] = parse_cbs_value(raw, defs.symbolen)
                except ValueError as exc:
                    problems.add(plaats, column, str(exc), raw)
                    parsed[raw] = None
            outcome = parsed[raw]
            values.append(outcome[0] if outcome else None)
            statuses.append(outcome[1] if outcome else None)
        data[f"{eenheid}_waarde"] = pd.array(values, dtype="Float64")
        data[f"{eenheid}_status"] = statuses
    problems.raise_if_any()
    data[PLAATS] = frame[PLAATS]
    data["_rij"] = range(len(data))
    con.register("data", data)


def _register_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, structuur: Structuur, defs: Definitions
) -> None:
    """Register a TypedDataSet Parquet file as view ``data``; a null is CBS's '.' (no symbol in the
    TypedDataSet), a number is definitief."""
    from woonzorg_analyse.extract.readers import parquet_columns

    present = set(parquet_columns(path))
    missing = [c for c in [*structuur.kolommen.values(), *structuur.maten.values()] if c not in present]
    if missing:
        raise DataError(
            [Problem(display_name(path), "kopregel", c, "verplichte kolom ontbreekt", "") for c in missing]
        )
    unknown = _literal(defs.symbolen.get(UNKNOWN, "onderdrukt"))
    columns = [f"trim({_ident(column)}) as {role}" for role, column in structuur.kolommen.items()]
    for eenheid, column in structuur.maten.items():
        columns.append(f"{_ident(column)}::double as {eenheid}_waarde")
        columns.append(
            f"case when {_ident(column)} is null then {unknown} else 'definitief' end as {eenheid}_status"
        )
    columns += ["'rij ' || (file_row_number + 1) as " + PLAATS, "file_row_number as _rij"]
    con.execute(
        f"create view data as select {', '.join(columns)} "
        f"from read_parquet({_literal(str(path))}, file_row_number = true)"
    )


def _register_maps(con: duckdb.DuckDBPyConnection, structuur: Structuur) -> None:
    """Register the dimension lists and the mapped categories as small tables."""
    for role, lijst in structuur.lijsten.items():
        con.register(
            f"lijst_{role}", pd.DataFrame({"key": list(lijst), "titel": list(lijst.values())}, dtype="str")
        )
    con.register(
        "map_categorie",
        pd.DataFrame(
            {"key": list(structuur.groepen), "aandachtsgroep": list(structuur.groepen.values())}, dtype="str"
        ),
    )
    con.register(
        "map_kenmerk",
        pd.DataFrame(
            {
                "key": list(structuur.kenmerken),
                "kenmerk": list(structuur.kenmerken.values()),
                "kenmerk_titel": [structuur.lijsten["kenmerk"][k] for k in structuur.kenmerken],
            },
            dtype="str",
        ),
    )
    con.register(
        "map_periode",
        pd.DataFrame(
            {
                "key": pd.array(list(structuur.perioden), dtype="str"),
                "peildatum": pd.to_datetime([d for d, _w in structuur.perioden.values()]).astype(
                    "datetime64[us]"
                ),
                "woord": pd.array([w for _d, w in structuur.perioden.values()], dtype="str"),
            }
        ),
    )


REGION_KEPT = "(regio like 'GM%' or regio like 'PV%' or regio = 'NL01')"


def _unknown_keys(con: duckdb.DuckDBPyConnection, path: Path, structuur: Structuur) -> list[Problem]:
    """A key in the data that its dimension list does not have: one problem per key, at its first row."""
    problems = []
    for role, column in structuur.kolommen.items():
        for key, plaats in con.execute(
            f"select {role}, arg_min({PLAATS}, _rij) from data "
            f"where {role} not in (select key from lijst_{role}) group by {role} order by min(_rij)"
        ).fetchall():
            problems.append(
                Problem(
                    display_name(path),
                    plaats,
                    column,
                    f"onbekende sleutel in dimensie '{structuur.dimensie_titels[role]}'",
                    key,
                    f"niet in {structuur.list_file(role)}",
                )
            )
    return problems


def _unmapped_notes(con: duckdb.DuckDBPyConnection, path: Path, structuur: Structuur) -> list[str]:
    """A category, kenmerk or period present in the data that definitions/ does not map: one note
    per key with its title and rows (never silently dropped or summed)."""
    notes = []
    what = {
        "categorie": ("categorie", "categorieen", "map_categorie"),
        "kenmerk": ("kenmerk", "kenmerken", "map_kenmerk"),
        "periode": ("periode", "perioden", "map_periode"),
    }
    for role, (label, key_name, table) in what.items():
        found = con.execute(
            f"select d.{role}, any_value(l.titel), count(*) from data as d "
            f"inner join lijst_{role} as l on d.{role} = l.key "
            f"where d.{role} not in (select key from {table}) group by d.{role} order by min(d._rij)"
        ).fetchall()
        for key, title, count in found:
            notes.append(
                f"{display_name(path)}: {label} {key} '{title}' staat niet in definitions/bronnen.yaml "
                f"({BRON}: {key_name}); {count} rijen niet gebruikt"
            )
    others = con.execute(
        f"select left(regio, 2), count(*) from data where not {REGION_KEPT} group by 1 order by 1"
    ).fetchall()
    if others:
        shown = ", ".join(f"{prefix} ({count})" for prefix, count in others)
        notes.append(
            f"{display_name(path)}: rijen van andere regiosoorten dan gemeente, provincie en Nederland "
            f"niet gebruikt: {shown}"
        )
    return notes


def read_rows(path: Path, defs: Definitions) -> tuple[pd.DataFrame, list[str]]:
    """Return the mapped rows of one 85980NED data file (one per measure) and the notes.

    DataError with every problem: structure, unreadable cells, keys not in a dimension list.
    """
    path = Path(path)
    structuur = read_structure(path, defs)
    con = duckdb.connect(config={"threads": 2})
    try:
        if is_parquet(path):
            _register_parquet(con, path, structuur, defs)
        else:
            _register_csv(con, path, structuur, defs)
        _register_maps(con, structuur)
        problems = _unknown_keys(con, path, structuur)
        if problems:
            raise DataError(problems)
        notes = _unmapped_notes(con, path, structuur)
        measures = ", ".join(f"d.{e}_waarde, d.{e}_status" for e in structuur.maten)
        wide = con.execute(
            f"select upper(d.regio) as regio_code, c.aandachtsgroep, k.kenmerk, k.kenmerk_titel, "
            f"p.peildatum, p.woord, {measures}, d.{PLAATS}, d._rij "
            f"from data as d "
            f"inner join map_categorie as c on d.categorie = c.key "
            f"inner join map_kenmerk as k on d.kenmerk = k.key "
            f"inner join map_periode as p on d.periode = p.key "
            f"where {REGION_KEPT} order by d._rij"
        ).df()
    finally:
        con.close()
    return wide_rows(wide, path, defs), notes


def wide_rows(wide: pd.DataFrame, path: Path, defs: Definitions) -> pd.DataFrame:
    """Return one row per data row, in file order, with the count flag: kenmerk totaal on a
    moment that gives the group's counts (``bronnen.yaml: momenten`` for its maat)."""
    bron = defs.bronnen[BRON]
    groepen = defs.aandachtsgroepen
    frame = wide.copy()
    maat = frame["aandachtsgroep"].map({code: g.maat for code, g in groepen.items()})
    moment = pd.Series(False, index=frame.index)
    for name, words in (bron.momenten or {}).items():
        moment |= maat.eq(name) & frame["woord"].isin([w.strip().lower() for w in words])
    frame["telling"] = frame["kenmerk"].eq(TOTAAL_KENMERK) & moment
    frame["gemeente_code"] = frame["regio_code"].where(frame["regio_code"].str.startswith("GM"), None)
    frame["bestand"] = display_name(path)
    frame["peildatum"] = pd.to_datetime(frame["peildatum"]).astype("datetime64[us]")
    for eenheid in EENHEDEN:
        frame[f"{eenheid}_aantal"] = frame[f"{eenheid}_waarde"].astype("Float64")
        frame[f"{eenheid}_status"] = frame[f"{eenheid}_status"].astype("str")
    return frame[ROW_COLUMNS].reset_index(drop=True)


def melt(frame: pd.DataFrame, defs: Definitions) -> pd.DataFrame:
    """Return one row per data row and measure (``eenheid``) with value, status and interval."""
    parts = []
    for eenheid in EENHEDEN:
        part = frame[[*ROW_KEYS, "bestand", PLAATS]].copy()
        part["eenheid"] = eenheid
        part["aantal"] = frame[f"{eenheid}_aantal"].astype("Float64")
        part["status"] = frame[f"{eenheid}_status"].astype("str")
        part["_rij"] = range(len(part))
        parts.append(part)
    long = pd.concat(parts, ignore_index=True).sort_values("_rij", kind="stable").drop(columns="_rij")
    long["laag"] = "populatie"
    return with_bounds(long.reset_index(drop=True), defs.bronnen[BRON].afronding)


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return the mapped rows of one 85980NED data file (see module docstring), without the rows
    of dissolved gemeenten that CBS lists with only symbols. Notes (unmapped categories,
    kenmerken, periods; dropped rows) in ``attrs["opmerkingen"]``."""
    frame, notes = read_rows(path, defs)
    frame, dropped = drop_dissolved_rows(frame, defs)
    if dropped:
        notes.append(
            f"{display_name(path)}: {dropped} rijen van opgeheven gemeenten zonder cijfer overgeslagen"
        )
    frame.attrs["opmerkingen"] = notes
    return frame


def drop_dissolved_rows(frame: pd.DataFrame, defs: Definitions) -> tuple[pd.DataFrame, int]:
    """Return the CBS rows without dissolved gemeenten listed with only symbols, and how many.

    CBS lists dissolved gemeenten in later periods with ``.`` in every cell; they carry no
    figure. A dissolved code with a figure stays, to be reported as an unknown code.
    """
    if frame.empty:
        return frame, 0
    gone = pd.Series(False, index=frame.index)
    for peildatum in frame["peildatum"].dropna().unique():
        at = frame["peildatum"].eq(peildatum) & frame["gemeente_code"].notna()
        gone |= at & ~frame["gemeente_code"].isin(defs.gemeenten_op(pd.Timestamp(peildatum).date()))
    for eenheid in EENHEDEN:
        gone &= frame[f"{eenheid}_aantal"].isna()
    return frame[~gone].reset_index(drop=True), int(gone.sum())


def counts(frame: pd.DataFrame, defs: Definitions) -> pd.DataFrame:
    """Return the counts: kenmerk totaal on a counting moment, in the measure of the group's unit
    (personen, huishoudens or woonruimten), never a sum over kenmerken.

    One row per region per peildatum per aandachtsgroep.
    """
    rows = frame[frame["telling"]]
    unit = rows["aandachtsgroep"].map({code: g.eenheid for code, g in defs.aandachtsgroepen.items()})
    result = rows[["regio_code", "gemeente_code", "peildatum", "aandachtsgroep", "bestand", PLAATS]].copy()
    result["laag"] = "populatie"
    result["eenheid"] = unit
    result["aantal"] = pd.array([None] * len(rows), dtype="Float64")
    result["status"] = pd.Series([None] * len(rows), index=rows.index, dtype="str")
    for eenheid in EENHEDEN:
        chosen = unit.eq(eenheid)
        result.loc[chosen, "aantal"] = rows.loc[chosen, f"{eenheid}_aantal"]
        result.loc[chosen, "status"] = rows.loc[chosen, f"{eenheid}_status"]
    return with_bounds(result.reset_index(drop=True), defs.bronnen[BRON].afronding)[COUNT_COLUMNS]


def check(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of all 85980NED rows: published NL and province totals against their
    gemeenten (within the rounding), the rules of every aandachtsgroepen count, and for the
    breakdown a value range and no row twice."""
    telling = counts(frame, defs)
    breakdown = frame[~frame["telling"]]
    long = melt(breakdown, defs)
    return (
        check_published_totals(telling, defs, defs.bronnen[BRON].afronding)
        + validate_aandachtsgroepen(telling, defs, stand_op_1_januari=False)  # CBS: 1-1 and 31-12
        + check_values(long, ["aantal"], defs)
        + check_duplicates(breakdown[breakdown["gemeente_code"].notna()], BREAKDOWN_KEY)
    )


def stage(frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return stg_cbs__aandachtsgroepen (the counts) and stg_cbs__aandachtsgroepen_kenmerken
    (every mapped kenmerk and measure): the gemeente rows, harmonised."""
    return {
        "stg_cbs__aandachtsgroepen": staging.stg_cbs__aandachtsgroepen(counts(frame, defs), files, defs),
        "stg_cbs__aandachtsgroepen_kenmerken": staging.stg_cbs__aandachtsgroepen_kenmerken(
            melt(frame, defs), files, defs
        ),
    }


def recognise(kop: Kop) -> str | None:
    """A file of this table starts with '85980NED_': the data (a column ID, no Key; CSV or
    Parquet) or a companion file (a dimension list or DataProperties, with Key)."""
    if kop.xlsx or not kop.naam.startswith(f"{TABEL}_"):
        return None
    if "Key" in kop.kolommen:
        return BIJLAGE
    if "ID" in kop.kolommen:
        return GEGEVENS
    return None


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
        tabellen=("stg_cbs__aandachtsgroepen", "stg_cbs__aandachtsgroepen_kenmerken"),
    ),
)
