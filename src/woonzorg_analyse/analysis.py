"""The analysis as a Python API: the same functions serve the ``woonzorg`` commands and notebooks.

- :func:`connect` opens the built warehouse (read-only by default);
- :func:`largest_remainder`, :func:`verdeelsleutel_aandeel` and :func:`allocate` compute a fair
  share on DataFrames; :func:`allocation` reads the key shares of ``agg__eerlijk_aandeel``;
- :func:`taakstelling` and :func:`taakstelling_halfjaar` compute the taakstelling
  vergunninghouders (Huisvestingswet 2014 art. 29) with exact integer arithmetic;
- :func:`tables` and :func:`describe` say what every table and column of the warehouse means:
  grain, key, label, unit and description, from ``definitions/tabellen*.yaml`` and
  ``definitions/velden*.yaml`` (the same text the schemas and reports use).

Example in a notebook::

    from woonzorg_analyse import analysis
    con = analysis.connect("..")
    analysis.allocation(con, "koploperregio", regio="KL07", groep="uitstroom_bw", totaal=250)
    analysis.describe("agg__eerlijk_aandeel", root="..")  # what verschil means, and its sign
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import DefinitionError, UsageError, WoonzorgError
from woonzorg_analyse.extract.parsing import Halfjaar
from woonzorg_analyse.extract.parsing import parse_halfjaar as parse
from woonzorg_analyse.transform.allocation import grootste_rest, largest_remainder
from woonzorg_analyse.transform.harmonise import successors

VERDELING = ["regio_type", "regio_code", "aandachtsgroep", "verdeelsleutel"]
ALLOCATE_COLUMNS = [
    *VERDELING,
    "gemeente_code",
    "gemeente_naam",
    "huidig",
    "aandeel_sleutel",
    "eerlijk_aandeel",
    "verschil",
]
ALLOCATION_COLUMNS = [
    *VERDELING, "gemeente_code", "gemeente_naam", "peildatum", *ALLOCATE_COLUMNS[6:], "totaal_regio",
]  # fmt: skip
TAAKSTELLING_COLUMNS = ["gemeente_code", "gemeente_naam", "inwoners", "taakstelling"]
DESCRIBE_COLUMNS = [
    "tabel", "veld", "label", "eenheid", "omschrijving", "type", "sleutel", "leeg", "waarden",
    "regionaal", "korrel",
]  # fmt: skip
TABLES_COLUMNS = ["tabel", "soort", "omschrijving", "korrel", "sleutel", "velden"]
SOORTEN = {
    "ref_": "definities (definitions/)",
    "stg_": "bron, gevalideerd en geharmoniseerd",
    "int__": "bouwsteen",
    "agg__": "analyse",
    "rpt__": "rapportmart (elk getal van een rapport)",
    "meta_": "de run",
}


def connect(
    root: Path | str | None = None, read_only: bool = True, data: Path | str | None = None
) -> duckdb.DuckDBPyConnection:
    """Return a DuckDB connection to the built warehouse below ``root`` (read-only by default).

    ``root`` defaults to WOONZORG_ROOT or the current folder; ``data`` is the folder holding
    processed/ when it is not ``root/data`` (as ``--data`` on the command line). Raises
    WoonzorgError when the warehouse has not been built.
    """
    from woonzorg_analyse.load.warehouse import connect as connect_warehouse
    from woonzorg_analyse.paths import Paths

    return connect_warehouse(Paths.resolve(root, data), read_only=read_only, threads=None)


# --- eerlijk aandeel ---------------------------------------------------------------------------


def verdeelsleutel_aandeel(
    indicatoren: pd.DataFrame,
    gewichten: Mapping[str, float],
    locatiequotient: pd.Series | None = None,
    drempel: float | None = None,
    exponent: float = 0.0,
) -> pd.Series:
    """Return every gemeente's share of one region under a verdeelsleutel (sums to 1).

    ``indicatoren`` has one row per gemeente of the region and a column per indicator
    (inwoners, sociale_huurvoorraad, ...). The key weight is the weighted mix of the gemeente's
    share in each indicator; with ``drempel`` set, a gemeente whose ``locatiequotient`` exceeds
    it has its weight multiplied by (drempel / LQ) ^ exponent, then the shares are rescaled.
    Same method as sql/agg__eerlijk_aandeel.sql.
    """
    gewicht = sum(
        float(w) * indicatoren[name].astype(float) / indicatoren[name].astype(float).sum()
        for name, w in gewichten.items()
    )
    if drempel is not None and locatiequotient is not None:
        lq = locatiequotient.astype(float).reindex(indicatoren.index)
        factor = (drempel / lq).pow(exponent).where(lq > drempel, 1.0)
        gewicht = gewicht * factor
    return gewicht / gewicht.sum()


def allocate(frame: pd.DataFrame, totaal: int | None = None) -> pd.DataFrame:
    """Return ``frame`` with the fair share per gemeente: eerlijk_aandeel and verschil.

    One row per verdeling (regio_type, regio_code, aandachtsgroep, verdeelsleutel) per gemeente.
    ``frame`` needs the columns of VERDELING plus gemeente_code, huidig, aandeel_sleutel and
    totaal_regio; ``totaal`` (when given) replaces totaal_regio for every verdeling. A verdeling
    whose key share is unknown for a gemeente gets no fair share (empty).
    """
    if totaal is not None and totaal < 0:
        raise UsageError("--totaal moet 0 of groter zijn")
    ordered = frame.sort_values([*VERDELING, "gemeente_code"]).reset_index(drop=True)
    if ordered.empty:
        return frame.assign(eerlijk_aandeel=pd.Series(dtype="Int64"), verschil=pd.Series(dtype="Float64"))
    verdeling = ordered[VERDELING].astype("str").agg("/".join, axis=1)
    totals = ordered["totaal_regio"] if totaal is None else pd.Series(totaal, index=ordered.index)
    result = grootste_rest(
        pd.DataFrame(
            {
                "verdeling": verdeling,
                "code": ordered["gemeente_code"],
                "te_verdelen": totals.round().astype("Int64"),
                "verdeelgewicht": ordered["aandeel_sleutel"],
            }
        )
    )
    toegewezen = result.set_index(["verdeling", "code"])["toegewezen"]
    keys = zip(verdeling, ordered["gemeente_code"], strict=True)
    ordered["eerlijk_aandeel"] = [toegewezen.get(key) for key in keys]
    ordered["eerlijk_aandeel"] = ordered["eerlijk_aandeel"].astype("Int64")
    ordered["totaal_regio"] = totals.astype("Int64")
    ordered["verschil"] = ordered["eerlijk_aandeel"].astype("Float64") - ordered["huidig"].astype("Float64")
    return ordered


def _choices(connection: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[str]:
    return [row[0] for row in connection.execute(sql, params).fetchall()]


def allocation(
    connection: duckdb.DuckDBPyConnection,
    regio_type: str,
    regio: str | None = None,
    groep: str | None = None,
    sleutel: str | None = None,
    totaal: int | None = None,
) -> pd.DataFrame:
    """Return the fair-share allocation for a region type, optionally one region, group, key.

    One row per region per aandachtsgroep per verdeelsleutel per gemeente, with the columns of
    ALLOCATION_COLUMNS: those of ALLOCATE_COLUMNS, the peildatum of ``huidig`` and totaal_regio
    (their meaning: ``describe("agg__eerlijk_aandeel")``). Without ``totaal`` each group's total
    today is allocated. Raises UsageError for an unknown region type, region, group or key.
    """
    types = _choices(connection, "select distinct regio_type from int__regio_gemeente order by 1", [])
    if regio_type not in types:
        raise UsageError(f"onbekend regiotype '{regio_type}' (kies uit: {', '.join(types)})")
    regios = "select distinct regio_code from int__regio_gemeente where regio_type = ? order by 1"
    checks = [
        (regio, "regio", regios, [regio_type]),
        (
            groep,
            "aandachtsgroep met een regionale verdeling",
            "select aandachtsgroep from ref_aandachtsgroep where rol = 'verdeling' order by 1",
            [],
        ),
        (sleutel, "verdeelsleutel", "select verdeelsleutel from ref_verdeelsleutel order by volgorde", []),
    ]
    for value, what, sql, params in checks:
        if value is not None:
            allowed = _choices(connection, sql, params)
            if value not in allowed:
                shown = ", ".join(allowed) if len(allowed) <= 20 else ", ".join(allowed[:20]) + ", ..."
                raise UsageError(f"onbekende {what} '{value}' (kies uit: {shown})")
    frame = connection.execute(
        """
        select regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code, gemeente_naam,
            peildatum, huidig, aandeel_sleutel, totaal_regio
        from agg__eerlijk_aandeel
        where regio_type = $regio_type
            and ($regio is null or regio_code = $regio)
            and ($groep is null or aandachtsgroep = $groep)
            and ($sleutel is null or verdeelsleutel = $sleutel)
        order by regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code
        """,
        {"regio_type": regio_type, "regio": regio, "groep": groep, "sleutel": sleutel},
    ).df()
    result = allocate(frame, totaal)
    return result[ALLOCATION_COLUMNS]


# --- what the tables and columns mean ----------------------------------------------------------


def _definitions(root: Path | str | None, definitions: Definitions | None) -> Definitions:
    if definitions is not None:
        return definitions
    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.paths import Paths

    return load_definitions(Paths.resolve(root).definitions)


def _unknown(what: str, value: str, allowed: list[str]) -> UsageError:
    import difflib

    close = difflib.get_close_matches(value, allowed, n=5, cutoff=0.5)
    hint = f"; bedoelt u: {', '.join(close)}?" if close else f" (kies uit: {', '.join(allowed[:20])}, ...)"
    return UsageError(f"onbekende {what} '{value}'{hint}")


def tables(root: Path | str | None = None, definitions: Definitions | None = None) -> pd.DataFrame:
    """Return every table of the warehouse with what it holds: one row per table.

    Columns TABLES_COLUMNS: the table, its kind (from the prefix: ref_, stg_, int__, agg__,
    rpt__, meta_), description, grain (korrel), primary key and number of columns, in the
    order of ``definitions/tabellen*.yaml``. ``root`` is the project folder (as for
    :func:`connect`); ``definitions`` may be given instead.
    """
    defs = _definitions(root, definitions)
    rows = []
    for name, tabel in defs.tables.items():
        soort = next((label for prefix, label in SOORTEN.items() if name.startswith(prefix)), "")
        rows.append(
            [name, soort, tabel.omschrijving, tabel.korrel, ", ".join(tabel.sleutel), len(tabel.velden)]
        )
    return pd.DataFrame(rows, columns=TABLES_COLUMNS)


def describe(
    tabel: str | None = None,
    veld: str | None = None,
    root: Path | str | None = None,
    definitions: Definitions | None = None,
) -> pd.DataFrame:
    """Return what every column of the warehouse means: one row per table per column.

    Columns DESCRIBE_COLUMNS: table, column, label, unit (eenheid), description (with the sign
    of a difference, e.g. ``verschil``), type, whether it is part of the primary key, whether
    it may be empty in this table, its allowed values (code list, list or range), whether it
    rests on every gemeente of the region (regionaal), and the table's grain (korrel). All of it
    comes from ``definitions/velden*.yaml`` and ``definitions/tabellen*.yaml``. ``tabel`` keeps
    one table, ``veld`` one column (in every table that has it). Raises UsageError for an
    unknown table or column.
    """
    defs = _definitions(root, definitions)
    if tabel is not None and tabel not in defs.tables:
        raise _unknown("tabel", tabel, list(defs.tables))
    if veld is not None and veld not in defs.fields:
        raise _unknown("veld", veld, sorted(defs.fields))
    rows = []
    for name, spec in defs.tables.items():
        if tabel is not None and name != tabel:
            continue
        for field in spec.velden:
            if veld is not None and field != veld:
                continue
            meta = defs.fields[field]
            rows.append(
                [
                    name,
                    field,
                    meta.label,
                    meta.eenheid or "",
                    meta.omschrijving,
                    meta.type,
                    field in spec.sleutel,
                    meta.leeg or field in spec.leeg,
                    _waarden(meta),
                    meta.regionaal,
                    spec.korrel,
                ]
            )
    return pd.DataFrame(rows, columns=DESCRIBE_COLUMNS)


def _waarden(veld) -> str:
    """Return the allowed values of a field as text: a code list, a list, a range or a pattern."""
    if veld.codes:
        return f"codes: {veld.codes}"
    if veld.waarden:
        return ", ".join(veld.waarden)
    if veld.min is not None and veld.max is not None:
        return f"{veld.min:g} .. {veld.max:g}"
    if veld.min is not None:
        return f">= {veld.min:g}"
    if veld.max is not None:
        return f"<= {veld.max:g}"
    return f"patroon {veld.patroon}" if veld.patroon else ""


# --- taakstelling vergunninghouders -----------------------------------------------------------


def taakstelling(bevolking: pd.DataFrame, totaal: int, inwoners_nl: int | None = None) -> pd.DataFrame:
    """Return ``bevolking`` with the taakstelling ceil(totaal x inwoners / inwoners_nl).

    One row per gemeente. The ceiling is computed exactly on whole numbers, so the national
    sum exceeds ``totaal`` (as in the official figures). ``inwoners_nl`` defaults to the sum of
    the inwoners column.
    """
    if totaal < 0:
        raise UsageError("--totaal moet 0 of groter zijn")
    inwoners = [int(v) for v in bevolking["inwoners"]]
    nl = int(inwoners_nl if inwoners_nl is not None else sum(inwoners))
    if nl <= 0:
        raise WoonzorgError("het aantal inwoners van Nederland is 0")
    result = bevolking.copy()
    result["taakstelling"] = pd.array([-((-int(totaal) * v) // nl) for v in inwoners], dtype="Int64")
    return result


def parse_halfjaar(halfjaar: str) -> Halfjaar:
    """Return the half-year written as JJJJ-I or JJJJ-II; UsageError otherwise."""
    try:
        return parse(halfjaar)
    except ValueError as error:
        raise UsageError(str(error)) from None


def halfjaar_bevolking(
    connection: duckdb.DuckDBPyConnection, defs: Definitions, halfjaar: str
) -> pd.DataFrame:
    """Return the inhabitants that count for a half-year's taakstelling, per gemeente.

    One row per gemeente in force on the first day of the half-year, with the inhabitants per
    CBS on 1 January of the year before, mapped onto that indeling (herindelingen merged; a
    split shared out by address share with the largest remainder). Raises WoonzorgError when
    that population is not in the warehouse.
    """
    periode = parse_halfjaar(halfjaar)
    jaar, start, peildatum = periode.jaar, periode.begin, periode.peildatum_inwoners
    rows = connection.execute(
        "select gemeente_code, inwoners from stg_cbs__bevolking where peildatum = ? order by gemeente_code",
        [peildatum],
    ).fetchall()
    if not rows:
        beschikbaar = [
            f"{r[0].year + 1}-I/II"
            for r in connection.execute(
                "select distinct peildatum from stg_cbs__bevolking order by 1"
            ).fetchall()
        ]
        raise WoonzorgError(
            f"geen inwoners per 1 januari {jaar - 1} in het warehouse, nodig voor halfjaar {halfjaar} "
            f"(beschikbaar: {', '.join(beschikbaar) or 'geen'})"
        )
    indeling = defs.gemeenten_op(start)
    if not indeling:
        raise DefinitionError(f"geen gemeentelijke indeling voor {jaar} in definitions/regios/gemeenten.csv")
    totals: dict[str, int] = {}
    for code, inwoners in rows:
        mapping = successors(code, defs, start)
        for (new_code, _), part in zip(
            mapping,
            largest_remainder(int(inwoners), [s for _, s in mapping], [c for c, _ in mapping]),
            strict=True,
        ):
            totals[new_code] = totals.get(new_code, 0) + part
    missing = sorted(indeling - set(totals))
    if missing:
        raise WoonzorgError(f"geen inwoners voor {', '.join(missing)} op 1 januari {jaar - 1}")
    names = defs.gemeenten[defs.gemeenten["indeling_jaar"] == jaar].set_index("gemeente_code")[
        "gemeente_naam"
    ]
    codes = sorted(totals)
    return pd.DataFrame(
        {
            "gemeente_code": codes,
            "gemeente_naam": [names.get(code, code) for code in codes],
            "inwoners": pd.array([totals[c] for c in codes], dtype="Int64"),
        }
    )


def landelijke_taakstelling(connection: duckdb.DuckDBPyConnection, halfjaar: str) -> int | None:
    """Return the national total of a half-year from stg_rijk__taakstelling, or None."""
    row = connection.execute(
        "select totaal from stg_rijk__taakstelling where halfjaar = ?", [halfjaar]
    ).fetchone()
    return int(row[0]) if row else None


def taakstelling_halfjaar(
    connection: duckdb.DuckDBPyConnection, defs: Definitions, halfjaar: str, totaal: int | None = None
) -> pd.DataFrame:
    """Return the taakstelling of every gemeente for ``halfjaar`` (columns TAAKSTELLING_COLUMNS).

    One row per gemeente of the half-year's indeling. Without ``totaal`` the national total of
    stg_rijk__taakstelling is used; a half-year without one is a UsageError.
    """
    parse_halfjaar(halfjaar)
    if totaal is None:
        totaal = landelijke_taakstelling(connection, halfjaar)
        if totaal is None:
            raise UsageError(f"geen landelijke taakstelling bekend voor {halfjaar}; geef --totaal")
    bevolking = halfjaar_bevolking(connection, defs, halfjaar)
    return taakstelling(bevolking, totaal)[TAAKSTELLING_COLUMNS]
