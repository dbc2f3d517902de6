"""The rules of the shared definitions, applied to loaded inputs before they are staged.

Value rules (ranges, code lists, patterns) come from the generated schemas; the cross-row
and cross-table rules are here: a gemeente code must exist on its peildatum, a laag and unit
must fit the aandachtsgroep, keys are unique, a subgroup does not exceed its parent, the
urgente vraag does not exceed the populatie, and published totals match their detail within
the rounding tolerance. Every rule returns :class:`Problem` objects with file, place, column,
rule and value; nothing is raised here.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import Problem
from woonzorg_analyse.readers import PLAATS
from woonzorg_analyse.schemas import value_schema

GROEP_KEY = ["gemeente_code", "peildatum", "aandachtsgroep", "laag"]
AANBOD_KEY = ["gemeente_code", "aandachtsgroep", "woonvorm", "jaar", "planstatus"]


def _fmt(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None or value is pd.NA else str(value)


def _problem(row: pd.Series | dict, column: str, rule: str, value: object = "", note: str = ""):
    return Problem(row["bestand"], row[PLAATS], column, rule, _fmt(value), note)


def check_values(frame: pd.DataFrame, columns: list[str], defs: Definitions) -> list[Problem]:
    """Return a problem for every value that breaks its field's range, code list or pattern."""
    present = [c for c in columns if c in frame.columns]
    if frame.empty or not present:
        return []
    try:
        value_schema(present, defs).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.to_dict("records"):
            index = case["index"]
            if index is None or pd.isna(index):
                continue
            row = frame.loc[index]
            problems.append(_problem(row, case["column"], case["check"], case["failure_case"]))
        return problems
    return []


def check_gemeente_exists(frame: pd.DataFrame, defs: Definitions, date_column: str = "peildatum"):
    """Return a problem for every gemeente code that is not in force on the row's date.

    For an inflow over a year (maat instroom) the code must be in force on 1 January of
    that year: Weesp has figures for 2022 although it ended on 24 March 2022.
    """
    problems = []
    cache: dict[pd.Timestamp, set[str]] = {}
    for row in frame.to_dict("records"):
        code, when = row.get("gemeente_code"), row[date_column]
        if code is None or pd.isna(code) or pd.isna(when):
            continue
        groep = defs.aandachtsgroepen.get(row.get("aandachtsgroep", ""))
        if groep is not None and groep.maat == "instroom":
            # a yearly inflow is valid for every code in force at the start of that year
            when = pd.Timestamp(year=when.year, month=1, day=1)
        if when not in cache:
            cache[when] = defs.gemeenten_op(when.date())
        if code not in cache[when]:
            shown = row.get("gemeente_code_geleverd", code)
            problems.append(
                _problem(
                    row,
                    "gemeente_code",
                    f"gemeentecode {code} bestaat niet op {_fmt(when)}",
                    shown,
                    "controleer de code tegen de CBS-indeling van dat jaar",
                )
            )
    return problems


def check_duplicates(frame: pd.DataFrame, key: list[str]) -> list[Problem]:
    """Return a problem for every row whose key repeats an earlier row (naming that row)."""
    problems = []
    first: dict[tuple, dict] = {}
    for row in frame.to_dict("records"):
        values = tuple(_fmt(row[k]) for k in key)
        if values in first:
            earlier = first[values]
            where = earlier[PLAATS]
            if earlier["bestand"] != row["bestand"]:
                where = f"{earlier['bestand']}, {where}"
            problems.append(
                _problem(
                    row, key[-1], "dubbele rij: dezelfde sleutel staat ook op " + where, " / ".join(values)
                )
            )
        else:
            first[values] = row
    return problems


def check_aandachtsgroep_rows(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return problems where laag, eenheid or peildatum do not fit the row's aandachtsgroep."""
    problems = []
    for row in frame.to_dict("records"):
        groep = defs.aandachtsgroepen.get(row["aandachtsgroep"])
        if groep is None:
            continue  # reported by the value check
        if row["laag"] in ("populatie", "urgente_vraag") and row["laag"] not in groep.lagen:
            problems.append(
                _problem(
                    row,
                    "laag",
                    f"laag niet toegestaan voor {groep.code} (toegestaan: {', '.join(groep.lagen)})",
                    row["laag"],
                )
            )
        if row["eenheid"] in ("personen", "huishoudens", "woonruimten") and row["eenheid"] != groep.eenheid:
            problems.append(
                _problem(
                    row,
                    "eenheid",
                    f"eenheid past niet bij {groep.code} (verwacht {groep.eenheid})",
                    row["eenheid"],
                )
            )
        when = row["peildatum"]
        if groep.maat == "instroom" and not pd.isna(when) and (when.month, when.day) != (12, 31):
            problems.append(
                _problem(
                    row,
                    "peildatum",
                    f"{groep.code} is instroom per jaar: peildatum moet 31-12 van dat jaar zijn",
                    when,
                )
            )
    return problems


def _tolerance(defs: Definitions, frame: pd.DataFrame, parts: int) -> float:
    """Return the largest difference rounding can explain: half the rounding base per cell."""
    bases = [defs.bronnen[b].afronding for b in frame.get("bron_code", pd.Series(dtype=str)).unique()]
    base = max(bases) if bases else 1
    return 0.0 if base == 1 else base / 2 * (parts + 1)


def check_hierarchy(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return problems where a subgroup exceeds its parent, the detail does not add up to a
    parent that is by definition their sum, or the urgente vraag exceeds the populatie."""
    problems = []
    index = {
        (r["gemeente_code"], r["peildatum"], r["aandachtsgroep"], r["laag"]): r
        for r in frame.to_dict("records")
    }
    children: dict[str, list[str]] = {}
    for groep in defs.aandachtsgroepen.values():
        if groep.ouder:
            children.setdefault(groep.ouder, []).append(groep.code)
    for (gemeente, peildatum, code, laag), row in index.items():
        groep = defs.aandachtsgroepen.get(code)
        if groep is None or pd.isna(row["aantal"]):
            continue
        if groep.ouder:
            parent = index.get((gemeente, peildatum, groep.ouder, laag))
            if (
                parent is not None
                and not pd.isna(parent["aantal_max"])
                and row["aantal"] > parent["aantal_max"]
            ):
                problems.append(
                    _problem(
                        row,
                        "aantal",
                        f"subgroep is groter dan hoofdgroep {groep.ouder} "
                        f"({_fmt(parent['aantal'])}, {parent[PLAATS]})",
                        row["aantal"],
                    )
                )
        if laag == "urgente_vraag":
            population = index.get((gemeente, peildatum, code, "populatie"))
            if (
                population is not None
                and not pd.isna(population["aantal_max"])
                and row["aantal"] > population["aantal_max"]
            ):
                problems.append(
                    _problem(
                        row,
                        "aantal",
                        "urgente vraag is groter dan de populatie "
                        f"({_fmt(population['aantal'])}, {population[PLAATS]})",
                        row["aantal"],
                    )
                )
        if groep.som_van_subgroepen and code in children:
            parts = [index.get((gemeente, peildatum, c, laag)) for c in children[code]]
            if all(p is not None for p in parts):
                low = sum(float(p["aantal_min"]) for p in parts if not pd.isna(p["aantal_min"]))
                high = sum(float(p["aantal_max"]) for p in parts if not pd.isna(p["aantal_max"]))
                tolerance = _tolerance(defs, frame, len(parts))
                if not low - tolerance <= float(row["aantal"]) <= high + tolerance:
                    problems.append(
                        _problem(
                            row,
                            "aantal",
                            "totaal wijkt af van de som van de subgroepen "
                            f"({_fmt(low) if low == high else f'{_fmt(low)}-{_fmt(high)}'})",
                            row["aantal"],
                        )
                    )
    return problems


def check_published_totals(frame: pd.DataFrame, defs: Definitions, afronding: int) -> list[Problem]:
    """Return problems where a published NL01 or province total falls outside the interval
    that its gemeente rows allow, widened by the rounding of every cell."""
    problems = []
    details = frame[frame["regio_code"].str.startswith("GM")]
    totals = frame[~frame["regio_code"].str.startswith("GM")]
    for row in totals.to_dict("records"):
        if pd.isna(row["aantal"]):
            continue
        same = details[
            (details["peildatum"] == row["peildatum"])
            & (details["aandachtsgroep"] == row["aandachtsgroep"])
            & (details["laag"] == row["laag"])
        ]
        if row["regio_code"].startswith("PV"):
            members = defs.gemeenten[
                (defs.gemeenten["indeling_jaar"] == row["peildatum"].year)
                & (defs.gemeenten["provincie_code"] == row["regio_code"])
            ]["gemeente_code"]
            same = same[same["gemeente_code"].isin(set(members))]
        elif not row["regio_code"].startswith("NL"):
            continue
        if same.empty:
            continue
        low = float(same["aantal_min"].sum())
        high = float(same["aantal_max"].sum())
        tolerance = afronding / 2 * (len(same) + 1) if afronding > 1 else 0.0
        if not low - tolerance <= float(row["aantal"]) <= high + tolerance:
            problems.append(
                _problem(
                    row,
                    "aantal",
                    f"gepubliceerd totaal van {row['regio_code']} wijkt af van "
                    f"de som van de gemeenten ({_fmt(low)}-{_fmt(high)}, marge {_fmt(tolerance)})",
                    row["aantal"],
                )
            )
    return problems


def check_aanbod_rows(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return problems where supply is given for a woonvorm the group does not need."""
    problems = []
    for row in frame.to_dict("records"):
        groep = defs.aandachtsgroepen.get(row["aandachtsgroep"])
        if groep and row["woonvorm"] in defs.woonvormen and row["woonvorm"] not in groep.woonvormen:
            problems.append(
                _problem(
                    row,
                    "woonvorm",
                    f"woonvorm hoort niet bij {groep.code} volgens de "
                    f"definities (wel: {', '.join(groep.woonvormen)})",
                    row["woonvorm"],
                )
            )
    return problems


def check_prognose_rows(frame: pd.DataFrame) -> list[Problem]:
    """Return problems where a prognosis lies outside its own interval."""
    problems = []
    for row in frame.to_dict("records"):
        if not row["ondergrens"] <= row["prognose"] <= row["bovengrens"]:
            problems.append(
                _problem(
                    row,
                    "prognose",
                    "prognose ligt buiten haar interval "
                    f"({_fmt(row['ondergrens'])}-{_fmt(row['bovengrens'])})",
                    row["prognose"],
                )
            )
    return problems


def validate_aandachtsgroepen(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return every problem of aandachtsgroepen rows (one delivery, or all together)."""
    gm = frame[frame["gemeente_code"].notna()]
    return (
        check_values(frame, ["aandachtsgroep", "laag", "eenheid", "aantal"], defs)
        + check_gemeente_exists(gm, defs)
        + check_aandachtsgroep_rows(frame, defs)
        + check_duplicates(gm, GROEP_KEY)
        + check_hierarchy(gm, defs)
    )


def validate_aanbod(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return every problem of aanbod rows (one delivery, or all together)."""
    dated = frame.assign(
        _datum=pd.to_datetime(
            frame["jaar"].clip(upper=int(defs.gemeenten["indeling_jaar"].max())).astype("str") + "-01-01"
        ).astype("datetime64[us]")
    )
    return (
        check_values(frame, ["aandachtsgroep", "woonvorm", "jaar", "planstatus", "capaciteit"], defs)
        + check_gemeente_exists(dated, defs, "_datum")
        + check_aanbod_rows(frame, defs)
        + check_duplicates(frame, AANBOD_KEY)
    )
