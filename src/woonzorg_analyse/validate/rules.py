"""The rules of the shared definitions, applied to loaded inputs before they are staged.

Value rules (ranges, code lists, patterns) come from the generated schemas; the cross-row
and cross-table rules are here: a gemeente code must exist on its peildatum, a laag and unit
must fit the aandachtsgroep, keys are unique, a subgroup does not exceed its parent, the
urgente vraag does not exceed the populatie, and published totals match their detail within
the rounding tolerance. Every rule returns :class:`Problem` objects with file, place, column,
rule and value; nothing is raised here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.definitions.schemas import value_schema
from woonzorg_analyse.errors import Problem
from woonzorg_analyse.extract.readers import PLAATS
from woonzorg_analyse.formatting import getal, kaal

GROEP_KEY = ["gemeente_code", "peildatum", "aandachtsgroep", "laag"]
_CATEGORIES = ("gemeente_code", "aandachtsgroep", "laag", "bestand", "bron_code")
AANBOD_KEY = ["gemeente_code", "aandachtsgroep", "woonvorm", "jaar", "planstatus"]


def _problem(row: pd.Series | dict, column: str, rule: str, value: object = "", note: str = ""):
    return Problem(row["bestand"], row[PLAATS], column, rule, kaal(value), note)


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


def _rows(frame: pd.DataFrame) -> list[dict]:
    """Return the rows of a (small) frame as dicts; used only for rows that break a rule."""
    return frame.astype(object).to_dict("records")


def _rows_where(frame: pd.DataFrame, mask: pd.Series) -> list[dict]:
    """Return the rows of ``frame`` where ``mask`` (aligned with it) holds, as dicts; nothing is
    copied when no row breaks the rule (the usual case, with a million delivery rows)."""
    if not mask.any():
        return []
    return _rows(frame[mask])


def _per_value(column: pd.Series, mapping: dict[str, Any]) -> pd.Series:
    """Return ``mapping`` of every cell of ``column`` (NaN for a value it lacks, or a missing cell),
    looked up once per distinct value instead of once per row."""
    codes, distinct = pd.factorize(column)
    values = np.array([*(mapping.get(value, np.nan) for value in distinct), np.nan], dtype=object)
    return pd.Series(values[codes], index=column.index, dtype=object)


def check_gemeente_exists(frame: pd.DataFrame, defs: Definitions, date_column: str = "peildatum"):
    """Return a problem for every gemeente code that is not in force on the row's date.

    For an inflow over a year (maat instroom) the code must be in force on 1 January of
    that year: Weesp has figures for 2022 although it ended on 24 March 2022.
    """
    if frame.empty:
        return []
    when = frame[date_column]
    if "aandachtsgroep" in frame.columns:
        maat = {code: groep.maat for code, groep in defs.aandachtsgroepen.items()}
        instroom = _per_value(frame["aandachtsgroep"], maat).eq("instroom").fillna(False).astype(bool)
        # 1 January of each row's year, by truncating the datetimes (not by text: a million rows)
        year_start = pd.Series(when.to_numpy().astype("datetime64[Y]").astype(when.dtype), index=when.index)
        when = when.where(~instroom, year_start)
    known = frame["gemeente_code"].notna() & when.notna()
    first = int(defs.gemeenten["indeling_jaar"].min())
    early = known & (when.dt.year < first)  # before the register: no indeling, no inhabitants
    column = "peildatum" if "peildatum" in frame.columns else "jaar"
    problems = [
        _problem(
            row,
            column,
            f"peildatum ligt vóór 1 januari {first}, de eerste gemeentelijke indeling in "
            "definitions/regios/gemeenten.csv; zo'n cijfer kan niet worden ingedeeld of vergeleken",
            row[column] if column in row else kaal(pd.Timestamp(moment)),
            f"lever cijfers vanaf {first}",
        )
        for row, moment in zip(_rows_where(frame, early), when[early], strict=True)
    ]
    known &= ~early
    # one lookup per row in a table of (distinct date, distinct code): in force or not
    moments, moment_list = pd.factorize(when)
    codes, code_list = pd.factorize(frame["gemeente_code"])
    position = {code: number for number, code in enumerate(code_list)}
    in_force = np.zeros((len(moment_list), len(code_list)), dtype=bool)
    for number in np.unique(moments[known.to_numpy()]).tolist():
        found = [
            position[c] for c in defs.gemeenten_op(pd.Timestamp(moment_list[number]).date()) if c in position
        ]
        in_force[number, found] = True
    valid = in_force[moments, codes] if known.any() else np.zeros(len(frame), dtype=bool)
    bad = pd.Series(known.to_numpy() & ~valid, index=frame.index)
    for row, moment in zip(_rows_where(frame, bad), when[bad], strict=True):
        problems.append(
            _problem(
                row,
                "gemeente_code",
                f"gemeentecode {row['gemeente_code']} bestaat niet op {kaal(pd.Timestamp(moment))}",
                row.get("gemeente_code_geleverd", row["gemeente_code"]),
                "controleer de code tegen de CBS-indeling van dat jaar",
            )
        )
    return problems


def check_duplicates(frame: pd.DataFrame, key: list[str]) -> list[Problem]:
    """Return a problem for every row whose key repeats an earlier row (naming that row)."""
    if frame.empty:
        return []
    repeated = frame.duplicated(key, keep="first")
    if not repeated.any():
        return []
    firsts = {}
    involved = frame[frame.duplicated(key, keep=False)]
    for row in _rows(involved):
        values = tuple(kaal(row[k]) for k in key)
        firsts.setdefault(values, row)
    problems = []
    for row in _rows(frame[repeated]):
        values = tuple(kaal(row[k]) for k in key)
        earlier = firsts[values]
        where = earlier[PLAATS]
        if earlier["bestand"] != row["bestand"]:
            where = f"{earlier['bestand']}, {where}"
        problems.append(
            _problem(row, key[-1], "dubbele rij: dezelfde sleutel staat ook op " + where, " / ".join(values))
        )
    return problems


def check_aandachtsgroep_rows(
    frame: pd.DataFrame, defs: Definitions, stand_op_1_januari: bool = True
) -> list[Problem]:
    """Return problems where laag, eenheid or peildatum do not fit the row's aandachtsgroep.

    ``stand_op_1_januari``: a stand must be dated 1 January (a delivery); CBS also publishes the
    stand of 31 December (its ``momenten`` in bronnen.yaml), so its rows pass False."""
    groepen = defs.aandachtsgroepen
    known = frame["aandachtsgroep"].isin(list(groepen))
    allowed = pd.MultiIndex.from_tuples(
        [(code, laag) for code, groep in groepen.items() for laag in groep.lagen], names=["g", "l"]
    )
    fits = pd.MultiIndex.from_arrays([frame["aandachtsgroep"], frame["laag"]], names=["g", "l"]).isin(allowed)
    eenheid = _per_value(frame["aandachtsgroep"], {code: groep.eenheid for code, groep in groepen.items()})
    maat = _per_value(frame["aandachtsgroep"], {code: groep.maat for code, groep in groepen.items()})
    valid_laag = frame["laag"].isin(["populatie", "urgente_vraag"])
    bad_laag = known & valid_laag & ~pd.Series(fits, index=frame.index)
    valid_unit = frame["eenheid"].isin(["personen", "huishoudens", "woonruimten"])
    bad_unit = known & valid_unit & (frame["eenheid"] != eenheid)
    dates = frame["peildatum"]
    instroom = maat.eq("instroom").fillna(False).astype(bool)
    dated = known & dates.notna()
    bad_date = dated & instroom & ~((dates.dt.month == 12) & (dates.dt.day == 31))
    bad_stand = dated & ~instroom & ~((dates.dt.month == 1) & (dates.dt.day == 1)) & stand_op_1_januari
    problems = []
    for row in _rows_where(frame, bad_laag):
        allowed = ", ".join(groepen[row["aandachtsgroep"]].lagen)
        problems.append(
            _problem(
                row,
                "laag",
                f"laag niet toegestaan voor {row['aandachtsgroep']} (toegestaan: {allowed})",
                row["laag"],
            )
        )
    for row in _rows_where(frame, bad_unit):
        expected = groepen[row["aandachtsgroep"]].eenheid
        problems.append(
            _problem(
                row,
                "eenheid",
                f"eenheid past niet bij {row['aandachtsgroep']} (verwacht {expected})",
                row["eenheid"],
            )
        )
    for row in _rows_where(frame, bad_date):
        problems.append(
            _problem(
                row,
                "peildatum",
                f"{row['aandachtsgroep']} is instroom per jaar: peildatum moet 31-12 van dat jaar zijn",
                row["peildatum"],
            )
        )
    for row in _rows_where(frame, bad_stand):
        problems.append(
            _problem(
                row,
                "peildatum",
                f"{row['aandachtsgroep']} is een stand: peildatum moet 01-01 van het jaar zijn "
                "(de stand op 1 januari)",
                row["peildatum"],
            )
        )
    return problems


def check_plausible(frame: pd.DataFrame, inwoners: pd.DataFrame) -> list[Problem]:
    """Return a problem for every count per gemeente above the gemeente's inhabitants.

    The count is ``aantal`` (a group) or ``capaciteit`` (supply) of a row with a gemeente code
    and a date (``peildatum``) or year (``jaar``); the inhabitants are those of ``inwoners``
    (gemeente_code, peildatum, inwoners) on 1 January of the row's year, or of the nearest year
    present for that gemeente. No group, household count or supply can exceed the population;
    a figure that does is a typo or a wrong unit. Rows of a gemeente without inhabitants pass.
    """
    column = next((c for c in ("aantal", "capaciteit") if c in frame.columns), None)
    when = next((c for c in ("peildatum", "jaar") if c in frame.columns), None)
    if frame.empty or column is None or when is None or "gemeente_code" not in frame.columns:
        return []
    years = frame[when].dt.year if when == "peildatum" else frame[when]
    rows = pd.DataFrame(
        {
            "gemeente_code": frame["gemeente_code"].astype("object"),
            "_jaar": pd.to_numeric(years, errors="coerce"),
            "_waarde": pd.to_numeric(frame[column], errors="coerce"),
        },
        index=frame.index,
    ).dropna()
    reference = pd.DataFrame(
        {
            "gemeente_code": inwoners["gemeente_code"].astype("object"),
            "_jaar": pd.to_datetime(inwoners["peildatum"]).dt.year,
            "_inwoners": pd.to_numeric(inwoners["inwoners"], errors="coerce"),
        }
    ).dropna()
    if rows.empty or reference.empty:
        return []
    rows["_jaar"] = rows["_jaar"].astype("int64")
    reference["_jaar"] = reference["_jaar"].astype("int64")
    reference = reference.drop_duplicates(["gemeente_code", "_jaar"])
    # the inhabitants that bound a row depend only on its gemeente and year: matched once per
    # pair, with the pair's largest count (a million delivery rows have a few thousand pairs)
    largest = rows.groupby(["gemeente_code", "_jaar"], sort=False)["_waarde"].max().reset_index()
    largest["gemeente_code"] = largest["gemeente_code"].astype("object")
    bounds = pd.merge_asof(
        largest.sort_values("_jaar"),
        reference.sort_values("_jaar").rename(columns={"_jaar": "_inwoners_jaar"}),
        left_on="_jaar",
        right_on="_inwoners_jaar",
        by="gemeente_code",
        direction="nearest",
    )
    bounds = bounds[bounds["_inwoners"].notna() & (bounds["_waarde"] > bounds["_inwoners"])]
    if bounds.empty:
        return []
    candidates = rows[rows["gemeente_code"].isin(bounds["gemeente_code"].unique())].reset_index()
    joined = candidates.merge(bounds.drop(columns="_waarde"), on=["gemeente_code", "_jaar"], how="inner")
    over = joined[joined["_waarde"] > joined["_inwoners"]]
    problems = []
    for item in over.sort_values("index").to_dict("records"):
        row = frame.loc[item["index"]]
        problems.append(
            _problem(
                row,
                column,
                f"{column} is groter dan het aantal inwoners van {row['gemeente_code']} op "
                f"01-01-{int(item['_inwoners_jaar'])} ({getal(item['_inwoners'])})",
                row[column],
                "een aantal per gemeente kan niet groter zijn dan de bevolking; controleer getal en eenheid",
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
    if frame.empty:
        return []
    keys = ["gemeente_code", "peildatum", "laag"]
    # only the columns the rules and their messages read: the joins below copy every column they
    # carry, which with a million delivery rows is most of a build's peak memory
    used = [*GROEP_KEY, "aantal", "aantal_min", "aantal_max", "bestand", PLAATS, "bron_code"]
    frame = frame[[c for c in used if c in frame.columns]]
    # text as categories: the filters and joins below move integer codes, not a million strings
    # each (every join key has the same categories on both sides, taken from this frame)
    frame = frame.astype({c: "category" for c in _CATEGORIES if c in frame.columns}).drop_duplicates(
        GROEP_KEY
    )
    # a negative count is already a problem of its own (check_values): here it counts as unknown,
    # or one wrong cell would make every subgroup, urgente vraag and sum compared with it look wrong
    counts = [c for c in ("aantal", "aantal_min", "aantal_max") if c in frame.columns]
    negative = (frame[counts] < 0).any(axis=1)
    if negative.any():
        frame = frame.assign(**{c: frame[c].where(~negative) for c in counts})
    problems = []
    ouders = {g.code: g.ouder for g in defs.aandachtsgroepen.values() if g.ouder}
    children: dict[str, list[str]] = {}
    for child, parent in ouders.items():
        children.setdefault(parent, []).append(child)
    # every parent a category, also one without rows here: a subgroup's parent is always a code
    absent = sorted(set(ouders.values()) - set(frame["aandachtsgroep"].cat.categories))
    frame = frame.assign(aandachtsgroep=frame["aandachtsgroep"].cat.add_categories(absent))
    # each join takes only the rows that can match: a parent's rows, the lagen of one group
    parents = frame[frame["aandachtsgroep"].isin(set(ouders.values()))]
    parents = parents[
        ["gemeente_code", "peildatum", "laag", "aandachtsgroep", "aantal", "aantal_max", PLAATS]
    ]
    parents = parents.rename(
        columns={
            "aandachtsgroep": "_ouder",
            "aantal": "_o_aantal",
            "aantal_max": "_o_max",
            PLAATS: "_o_plaats",
        }
    )
    subs = frame[frame["aandachtsgroep"].isin(list(ouders))]
    subs = subs.assign(_ouder=subs["aandachtsgroep"].map(ouders).astype(frame["aandachtsgroep"].dtype))
    joined = subs.merge(parents, on=[*keys, "_ouder"], how="inner")
    del subs, parents
    over = joined[joined["aantal"].notna() & joined["_o_max"].notna() & (joined["aantal"] > joined["_o_max"])]
    del joined
    for row in _rows(over):
        problems.append(
            _problem(
                row,
                "aantal",
                f"subgroep is groter dan hoofdgroep {row['_ouder']} "
                f"({kaal(row['_o_aantal'])}, {row['_o_plaats']})",
                row["aantal"],
            )
        )
    urgent = frame[frame["laag"] == "urgente_vraag"]
    population = frame[
        (frame["laag"] == "populatie") & frame["aandachtsgroep"].isin(urgent["aandachtsgroep"].unique())
    ]
    population = population[
        ["gemeente_code", "peildatum", "aandachtsgroep", "aantal", "aantal_max", PLAATS]
    ].rename(columns={"aantal": "_p_aantal", "aantal_max": "_p_max", PLAATS: "_p_plaats"})
    joined = urgent.merge(population, on=["gemeente_code", "peildatum", "aandachtsgroep"], how="inner")
    del urgent, population
    over = joined[joined["aantal"].notna() & joined["_p_max"].notna() & (joined["aantal"] > joined["_p_max"])]
    del joined
    for row in _rows(over):
        problems.append(
            _problem(
                row,
                "aantal",
                f"urgente vraag is groter dan de populatie ({kaal(row['_p_aantal'])}, {row['_p_plaats']})",
                row["aantal"],
            )
        )
    for parent_code, child_codes in children.items():
        if not defs.aandachtsgroepen[parent_code].som_van_subgroepen:
            continue
        parts = frame[frame["aandachtsgroep"].isin(child_codes)]
        parts = parts.assign(
            _min=parts["aantal_min"].fillna(0).astype("float64"),
            _max=parts["aantal_max"].astype("float64"),
            _open=parts["aantal_max"].isna(),
        )
        sums = parts.groupby(keys, dropna=False, observed=True).agg(
            _n=("aandachtsgroep", "nunique"),
            _low=("_min", "sum"),
            _high=("_max", "sum"),
            _open=("_open", "any"),
        )
        # an unknown part (a delivered '.', no interval) leaves the sum open upwards
        sums["_high"] = sums["_high"].where(~sums.pop("_open"), float("inf"))
        sums = sums[sums["_n"] == len(child_codes)].reset_index()
        totals = frame[(frame["aandachtsgroep"] == parent_code) & frame["aantal"].notna()]
        joined = totals.merge(sums, on=keys, how="inner")
        tolerance = _tolerance(defs, frame, len(child_codes))
        off = joined[
            (joined["aantal"] < joined["_low"] - tolerance) | (joined["aantal"] > joined["_high"] + tolerance)
        ]
        for row in _rows(off):
            low, high = row["_low"], row["_high"]
            shown = kaal(low) if low == high else f"{kaal(low)}-{kaal(high)}"
            shown = f"minstens {kaal(low)}" if high == float("inf") else shown
            problems.append(
                _problem(
                    row, "aantal", f"totaal wijkt af van de som van de subgroepen ({shown})", row["aantal"]
                )
            )
    return problems


def check_published_totals(frame: pd.DataFrame, defs: Definitions, afronding: int) -> list[Problem]:
    """Return problems where a published NL01 or province total falls outside the interval
    that its gemeente rows allow, widened by the rounding of every cell."""
    keys = ["peildatum", "aandachtsgroep", "laag"]
    is_gm = frame["regio_code"].str.startswith("GM")
    details = frame[is_gm].assign(_jaar=lambda f: f["peildatum"].dt.year.astype("Int64"))
    provinces = defs.gemeenten[["indeling_jaar", "gemeente_code", "provincie_code"]].rename(
        columns={"indeling_jaar": "_jaar"}
    )
    details = details.merge(provinces, on=["_jaar", "gemeente_code"], how="left")
    per_region = []
    for column in (None, "provincie_code"):
        group = keys if column is None else [*keys, column]
        sums = details.groupby(group, dropna=False).agg(
            _low=("aantal_min", "sum"), _high=("aantal_max", "sum"), _n=("gemeente_code", "size")
        )
        sums = sums.reset_index()
        sums["regio_code"] = "NL01" if column is None else sums[column]
        per_region.append(sums[[*keys, "regio_code", "_low", "_high", "_n"]])
    expected = pd.concat(per_region, ignore_index=True)
    totals = frame[~is_gm & frame["aantal"].notna()]
    joined = totals.merge(expected, on=[*keys, "regio_code"], how="inner")
    tolerance = (afronding / 2 * (joined["_n"] + 1)) if afronding > 1 else joined["_n"] * 0.0
    off = joined[
        (joined["aantal"] < joined["_low"] - tolerance) | (joined["aantal"] > joined["_high"] + tolerance)
    ]
    problems = []
    for row, margin in zip(_rows(off), tolerance[off.index], strict=True):
        problems.append(
            _problem(
                row,
                "aantal",
                f"gepubliceerd totaal van {row['regio_code']} wijkt af van de som van de gemeenten "
                f"({kaal(float(row['_low']))}-{kaal(float(row['_high']))}, marge {kaal(float(margin))})",
                row["aantal"],
            )
        )
    return problems


def check_aanbod_rows(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return problems where supply is given for a woonvorm the group does not need."""
    groepen = defs.aandachtsgroepen
    needed = frame["aandachtsgroep"].map(lambda c: tuple(groepen[c].woonvormen) if c in groepen else None)
    bad = pd.Series(
        [
            allowed is not None and vorm in defs.woonvormen and vorm not in allowed
            for vorm, allowed in zip(frame["woonvorm"], needed, strict=True)
        ],
        index=frame.index,
    )
    problems = []
    for row in _rows_where(frame, bad):
        allowed = ", ".join(groepen[row["aandachtsgroep"]].woonvormen)
        problems.append(
            _problem(
                row,
                "woonvorm",
                f"woonvorm hoort niet bij {row['aandachtsgroep']} volgens de definities (wel: {allowed})",
                row["woonvorm"],
            )
        )
    return problems


def check_prognose_rows(frame: pd.DataFrame) -> list[Problem]:
    """Return problems where a prognosis lies outside its own interval."""
    bad = (frame["prognose"] < frame["ondergrens"]) | (frame["prognose"] > frame["bovengrens"])
    return [
        _problem(
            row,
            "prognose",
            f"prognose ligt buiten haar interval ({kaal(row['ondergrens'])}-{kaal(row['bovengrens'])})",
            row["prognose"],
        )
        for row in _rows_where(frame, bad.fillna(False))
    ]


def validate_aandachtsgroepen(
    frame: pd.DataFrame, defs: Definitions, stand_op_1_januari: bool = True
) -> list[Problem]:
    """Return every problem of aandachtsgroepen rows (one delivery, or all together);
    ``stand_op_1_januari`` as in :func:`check_aandachtsgroep_rows`."""
    gm = frame[frame["gemeente_code"].notna()]
    return (
        check_values(frame, ["aandachtsgroep", "laag", "eenheid", "aantal"], defs)
        + check_gemeente_exists(gm, defs)
        + check_aandachtsgroep_rows(frame, defs, stand_op_1_januari)
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


def _where(earlier, row) -> str:
    """Return the place of ``earlier`` as seen from ``row``: with its file when that differs."""
    if earlier["bestand"] != row["bestand"]:
        return f"{earlier['bestand']}, {earlier[PLAATS]}"
    return earlier[PLAATS]


def check_eigen_regios(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of the user's own regions (regios/regios.csv).

    A gemeente must be in the indeling of 1 January of the referentiejaar (a dissolved code names
    its successor); a region has one name; a region code is new: not one of the definitions'
    regions (any type) and not used by two types of the file. A region-wide problem is named
    once, at the region's first row.
    """
    if frame.empty:
        return []
    problems = []
    jaar = defs.referentiejaar
    in_force = defs.gemeenten_op(pd.Timestamp(f"{jaar}-01-01").date())
    successors = defs.herindelingen.groupby("oud_code")["nieuw_code"].apply(list).to_dict()
    names = dict(zip(defs.gemeenten["gemeente_code"], defs.gemeenten["gemeente_naam"], strict=True))
    for row in _rows_where(frame, frame["gemeente_code"].notna() & ~frame["gemeente_code"].isin(in_force)):
        code = row["gemeente_code"]
        if code in successors:
            opvolgers = ", ".join(f"{c} {names.get(c, '')}".strip() for c in successors[code])
            note = f"opgeheven; opvolger: {opvolgers}"
        else:
            note = f"controleer de code tegen de CBS-indeling van {jaar}"
        problems.append(
            _problem(
                row,
                "gemeente_code",
                f"gemeentecode {code} bestaat niet in de indeling van 01-01-{jaar} (referentiejaar)",
                row.get("gemeente_code_geleverd", code),
                note,
            )
        )
    keyed = frame[frame["regio_type"].notna() & frame["regio_code"].notna()]
    first = keyed.drop_duplicates(["regio_type", "regio_code"])
    naam = first.set_index(["regio_type", "regio_code"])
    for row in _rows(keyed):
        earlier = naam.loc[(row["regio_type"], row["regio_code"])]
        names = (row["regio_naam"], earlier["regio_naam"])
        if None not in names and names[0] != names[1]:
            problems.append(
                _problem(
                    row,
                    "regio_naam",
                    f"andere naam voor regio {row['regio_code']} dan op {_where(earlier, row)} "
                    f"('{earlier['regio_naam']}')",
                    row["regio_naam"],
                )
            )
    known = {
        code: f"{regio_type} {regio_naam}"
        for regio_type, code, regio_naam in zip(
            defs.regios["regio_type"], defs.regios["regio_code"], defs.regios["regio_naam"], strict=True
        )
    }
    seen: dict[str, dict] = {}
    for row in _rows(first):
        code = row["regio_code"]
        if code in known:
            problems.append(
                _problem(
                    row,
                    "regio_code",
                    f"regiocode {code} bestaat al in de definities ({known[code]})",
                    code,
                    "kies een code die nog niet bestaat (woonzorg regios toont de bestaande)",
                )
            )
        elif code in seen:
            other = seen[code]
            problems.append(
                _problem(
                    row,
                    "regio_code",
                    f"regiocode {code} staat ook bij regiotype {other['regio_type']} ({_where(other, row)})",
                    code,
                    "een regiocode hoort bij één regio",
                )
            )
        else:
            seen[code] = row
    return problems
