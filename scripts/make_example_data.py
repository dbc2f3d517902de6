#!/usr/bin/env python3
"""Generate fictitious but plausible example data for woonzorg-analyse.

The figures per aandachtsgroep and gemeente are invented, but scaled on the real CBS
inhabitants and housing stock in ``data/raw/cbs_kwb/kwb-2020.csv`` .. ``kwb-2025.csv``.
The script writes the raw files in the exact formats the pipeline loads:

* ``cbs_aandachtsgroepen/``: CBS-shaped table 85980NED in its real shape (aandachtsgroep,
  Kenmerken, region and two moments a year; personen, huishoudens, woonruimten): the
  TypedDataSet (Parquet for all gemeenten, CSV for a subset) plus DataProperties and one list
  per dimension;
* ``gemeenten/``: municipal deliveries (aandachtsgroepen per woondealregio and round, CSV or
  XLSX) and supply deliveries (aanbod per woonvorm);
* ``pbl_cbs_prognose/``: a stand-in for the PBL/CBS regional prognosis;
* ``cbs_kwb/`` (only when a subset of gemeenten is selected): filtered copies of the real
  kwb files;

plus a ``provenance.yaml`` in every folder written.

Determinism: no random module. Every pseudo-random number comes from a SHA-256 hash of
its "address" (group, gemeente, year, ...), see :func:`u`. Everything is sorted, line ends
are fixed and XLSX files get fixed timestamps, so two runs give byte-identical files.

The script reads only files inside the repository (definitions/ and data/raw/cbs_kwb/).

Usage::

    python scripts/make_example_data.py                      # all gemeenten -> data/raw
    python scripts/make_example_data.py --regio-type koploperregio --regio KL07 \\
        --out tests/integration/data/mini/raw                # the mini set
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import math
import re
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import yaml

REPO = Path(__file__).resolve().parents[1]
SALT = "woonzorg-voorbeeld-v1"
GEMAAKT_DOOR = "scripts/make_example_data.py"
DEFAULT_VERSION = "2026.1"
FIXED_TIMESTAMP = dt.datetime(2026, 1, 1)

KWB_YEARS = (2020, 2021, 2022, 2023, 2024, 2025)
CBS_YEARS = (2022, 2023, 2024)  # periods of the CBS-shaped table
ROUNDS = (2023, 2024)  # delivery rounds of the gemeenten
PROGNOSE_YEARS = (2025, 2030, 2035, 2040)
PLAN_YEARS = tuple(range(2025, 2031))
CBS_CATEGORY_KEYS = ("A048583", "A048584", "A048585", "A048586")
WEESP = "GM0457"
G4 = ("GM0363", "GM0599", "GM0518", "GM0344")
N_XLSX_REGIONS = 6
STEP_BOUNDS = (0.90, 1.15)  # allowed change of a figure from one year to the next

CBS_CATEGORY_DESCRIPTIONS = {
    "studenten": "Uitwonende studenten in mbo, hbo en wo op 1 januari.",
    "ouderen": "Inwoners van 75 jaar of ouder op 1 januari.",
    "statushouders": "Vergunninghouders die in het jaar in de gemeente zijn gehuisvest (instroom).",
    "arbeidsmigranten": ("Arbeidsmigranten met werk volgens UWV, ingeschreven in BRP of RNI, op 1 januari."),
}

# Uitwonende studenten per 1,000 inhabitants in university and hbo cities (others: 2).
STUDENT_LEVELS = {
    "Groningen": 170,
    "Amsterdam": 65,
    "Utrecht": 120,
    "Leiden": 200,
    "Delft": 190,
    "Rotterdam": 45,
    "Nijmegen": 140,
    "Enschede": 95,
    "Tilburg": 65,
    "Eindhoven": 50,
    "Maastricht": 145,
    "Wageningen": 250,
    "'s-Gravenhage": 27,
    "Arnhem": 48,
    "Zwolle": 60,
    "Breda": 38,
    "'s-Hertogenbosch": 30,
    "Leeuwarden": 64,
    "Deventer": 35,
    "Haarlem": 18,
    "Amersfoort": 12,
    "Ede": 25,
}
# Concentration of arbeidsmigranten (multiplier on the base rate; others: 1).
ARBEIDSMIGRANT_LEVELS = {
    "Westland": 8,
    "Horst aan de Maas": 10,
    "Venlo": 5,
    "Venray": 5,
    "Zeewolde": 6,
    "Oss": 3,
    "Tilburg": 2.5,
    "Waalwijk": 5,
    "Rotterdam": 2,
    "Lansingerland": 5,
    "Peel en Maas": 5,
    "Moerdijk": 4,
    "Roosendaal": 3,
    "Zaltbommel": 3,
    "Gennep": 3,
}

TOELICHTINGEN_LEVERING = (
    "voorlopig cijfer",
    "schatting op basis van registratie zorgaanbieder",
    "telling uit registratiesysteem op peildatum",
    "inclusief regionale instelling in deze gemeente",
    "cijfer centrumgemeente, verdeeld naar herkomst",
)
TOELICHTINGEN_AANBOD = (
    "inclusief tijdelijke units",
    "flexwoningen (tijdelijk)",
    "transformatie kantoorpand",
    "plan in voorbereiding",
    "contingent in prestatieafspraken met corporatie",
)


# --------------------------------------------------------------------------- randomness


def u(*parts: object) -> float:
    """Return a pseudo-random number in [0, 1) derived from a hash of ``parts``."""
    text = "|".join(map(str, (SALT, *parts)))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") / 2**64


def normal(*parts: object) -> float:
    """Return a standard normal number (Box-Muller on two hashed uniforms)."""
    u1 = 1.0 - u(*parts, "z1")  # in (0, 1]: log is defined
    u2 = u(*parts, "z2")
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def lognormal(sigma: float, *parts: object) -> float:
    """Return lognormal noise with mean 1 and log-standard deviation ``sigma``."""
    return math.exp(sigma * normal(*parts) - sigma * sigma / 2.0)


def between(low: float, high: float, *parts: object) -> float:
    """Return a hashed uniform number in [low, high)."""
    return low + (high - low) * u(*parts)


def round_half_up(value: float) -> int:
    """Round to the nearest integer, halves upwards (unlike Python's banker's rounding)."""
    return math.floor(value + 0.5)


def clip(value: float, low: float, high: float) -> float:
    """Clamp ``value`` into [low, high]."""
    return max(low, min(high, value))


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Gemeente:
    """A gemeente in one year's indeling."""

    code: str
    naam: str
    provincie: str


@dataclass
class Inputs:
    """Everything the generator reads from the repository."""

    kwb: dict[int, dict[str, dict[str, str]]]
    kwb_raw: dict[int, tuple[bytes, dict[str, bytes]]]
    groups: list[dict]
    woonvormen: list[str]
    bronnen: dict[str, dict]
    indeling: dict[int, dict[str, Gemeente]]
    herindelingen: list[dict[str, str]]
    lidmaatschap: list[dict[str, str]]
    regio_namen: dict[tuple[str, str], str]
    definitions_version: str

    def group(self, code: str) -> dict:
        """Return the definition of aandachtsgroep ``code``."""
        return next(g for g in self.groups if g["code"] == code)

    def inw(self, year: int, code: str) -> int:
        """Inhabitants on 1 January of ``year`` (real CBS figure)."""
        return int(self.kwb[year][code]["a_inw"])

    def ste(self, year: int, code: str) -> int:
        """Stedelijkheid 1 (very urban) .. 5 (not urban); 3 when unknown."""
        value = self.kwb[year][code].get("ste_mvs", "")
        return int(value) if value.strip().isdigit() else 3


def read_csv_dicts(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    """Read a CSV file (BOM tolerated) into a list of dicts."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def read_kwb(repo: Path) -> tuple[dict, dict]:
    """Read the kwb files: parsed rows per year and code, and the raw lines for copies."""
    parsed: dict[int, dict[str, dict[str, str]]] = {}
    raw: dict[int, tuple[bytes, dict[str, bytes]]] = {}
    for year in KWB_YEARS:
        path = repo / "data" / "raw" / "cbs_kwb" / f"kwb-{year}.csv"
        rows = read_csv_dicts(path, delimiter=";")
        parsed[year] = {r["gwb_code_10"].strip(): r for r in rows if r["recs"].strip() == "Gemeente"}
        lines = path.read_bytes().splitlines(keepends=True)
        raw[year] = (
            lines[0],
            {line.split(b";", 1)[0].strip().decode(): line for line in lines[1:]},
        )
    return parsed, raw


def read_inputs(repo: Path) -> Inputs:
    """Read definitions and base figures from ``repo`` (never from outside it)."""
    definitions = repo / "definitions"
    groepen = yaml.safe_load((definitions / "aandachtsgroepen.yaml").read_text(encoding="utf-8"))
    bronnen = yaml.safe_load((definitions / "bronnen.yaml").read_text(encoding="utf-8"))
    version = DEFAULT_VERSION
    version_file = definitions / "definitions.yaml"
    if version_file.exists():
        meta = yaml.safe_load(version_file.read_text(encoding="utf-8")) or {}
        version = str(meta.get("version", DEFAULT_VERSION))
    indeling: dict[int, dict[str, Gemeente]] = defaultdict(dict)
    for row in read_csv_dicts(definitions / "regios" / "gemeenten.csv"):
        year = int(row["indeling_jaar"])
        indeling[year][row["gemeente_code"]] = Gemeente(
            row["gemeente_code"], row["gemeente_naam"], row["provincie_code"]
        )
    kwb, kwb_raw = read_kwb(repo)
    return Inputs(
        kwb=kwb,
        kwb_raw=kwb_raw,
        groups=groepen["aandachtsgroepen"],
        woonvormen=[w["code"] for w in groepen["woonvormen"]],
        bronnen={b["code"]: b for b in bronnen["bronnen"]},
        indeling=dict(indeling),
        herindelingen=read_csv_dicts(definitions / "regios" / "herindelingen.csv"),
        lidmaatschap=read_csv_dicts(definitions / "regios" / "lidmaatschap.csv"),
        regio_namen={
            (r["regio_type"], r["regio_code"]): r["regio_naam"]
            for r in read_csv_dicts(definitions / "regios" / "regios.csv")
        },
        definitions_version=version,
    )


def check_inputs(inputs: Inputs) -> None:
    """Fail early when the base figures do not cover an indeling the generator needs."""
    for year in (*CBS_YEARS, 2025):
        missing = sorted(set(inputs.indeling[year]) - set(inputs.kwb[year]))
        if missing:
            raise SystemExit(f"kwb-{year}.csv misses gemeenten of indeling {year}: {missing}")


# --------------------------------------------------------------------------- regions


def members(inputs: Inputs, regio_type: str, regio_code: str, only_hoofdregio: bool = False) -> list[str]:
    """Gemeente codes of a region in the latest indeling year listed for its type."""
    rows = [r for r in inputs.lidmaatschap if r["regio_type"] == regio_type]
    if not rows:
        raise SystemExit(f"unknown regio_type {regio_type!r}")
    latest = max(int(r["indeling_jaar"]) for r in rows)
    return sorted(
        r["gemeente_code"]
        for r in rows
        if int(r["indeling_jaar"]) == latest
        and r["regio_code"] == regio_code
        and (not only_hoofdregio or r["hoofdregio"] == "ja")
    )


def woondeal_of(inputs: Inputs) -> dict[str, str]:
    """Map gemeente -> the woondealregio in which it delivers (hoofdregio = ja)."""
    result: dict[str, str] = {}
    for row in inputs.lidmaatschap:
        if row["regio_type"] == "woondealregio" and row["hoofdregio"] == "ja":
            if row["gemeente_code"] in result:
                raise SystemExit(f"{row['gemeente_code']} has two hoofdregio's")
            result[row["gemeente_code"]] = row["regio_code"]
    return result


def centrumgemeenten(inputs: Inputs) -> set[str]:
    """G4, every gemeente with > 100,000 inhabitants and the largest of each woondealregio."""
    year = 2024
    result = set(G4)
    result |= {code for code in inputs.indeling[year] if inputs.inw(year, code) > 100_000}
    by_region: dict[str, list[str]] = defaultdict(list)
    for row in inputs.lidmaatschap:
        if row["regio_type"] == "woondealregio":
            by_region[row["regio_code"]].append(row["gemeente_code"])
    for codes in by_region.values():
        result.add(max(sorted(codes), key=lambda c: inputs.inw(year, c)))
    return result


def successors(inputs: Inputs, year: int) -> dict[str, list[tuple[str, float]]]:
    """Map each code of indeling ``year - 1`` to its codes (with shares) in indeling ``year``."""
    old, new = inputs.indeling[year - 1], inputs.indeling[year]
    result: dict[str, list[tuple[str, float]]] = {}
    for code in old:
        if code in new:
            result[code] = [(code, 1.0)]
            continue
        parts = [
            (r["nieuw_code"], float(r["aandeel_adressen"]))
            for r in inputs.herindelingen
            if r["oud_code"] == code and r["nieuw_code"] in new
        ]
        if not parts:
            raise SystemExit(f"{code} ended after {year - 1} but herindelingen.csv does not map it")
        result[code] = parts
    return result


def expand_selection(inputs: Inputs, selected: set[str]) -> set[str]:
    """Add dissolved gemeenten whose whole territory went to selected gemeenten."""
    result = set(selected)
    changed = True
    while changed:
        changed = False
        for code in {r["oud_code"] for r in inputs.herindelingen} - result:
            targets = {r["nieuw_code"] for r in inputs.herindelingen if r["oud_code"] == code}
            if targets <= result:
                result.add(code)
                changed = True
    return result


def region_province(inputs: Inputs, codes: list[str]) -> str:
    """The province most of a region's gemeenten lie in (ties: lowest code)."""
    counts: dict[str, int] = defaultdict(int)
    for code in codes:
        counts[inputs.indeling[2025][code].provincie] += 1
    return min(counts, key=lambda p: (-counts[p], p))


def xlsx_regions(inputs: Inputs) -> list[str]:
    """Six woondealregio's (of six different provinces) that deliver XLSX instead of CSV."""
    regions = sorted({r["regio_code"] for r in inputs.lidmaatschap if r["regio_type"] == "woondealregio"})
    chosen: list[str] = []
    provinces: set[str] = set()
    for region in sorted(regions, key=lambda r: u("xlsx", r)):
        province = region_province(inputs, members(inputs, "woondealregio", region, True))
        if province not in provinces:
            chosen.append(region)
            provinces.add(province)
        if len(chosen) == N_XLSX_REGIONS:
            break
    return sorted(chosen)


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class GroupModel:
    """How the fictitious figures of one aandachtsgroep are made.

    The base-year figure of a gemeente is ``inhabitants x level x centrum x urbanity x noise``,
    normalised to the national total (or, with ``own_rate``, inhabitants x its own rate). Later
    years follow by a yearly step: the change in inhabitants times a trend with noise,
    bounded by STEP_BOUNDS.
    """

    total: float = 0.0  # national total in the base year
    per_inw: float = 0.0  # ... or a national rate per inhabitant
    own_rate: bool = False  # ouderen: a rate per gemeente, not normalised
    levels: dict[str, float] = field(default_factory=dict)  # by gemeente naam
    base_level: float = 1.0
    centrum: float = 1.0  # multiplier for centrumgemeenten
    urban: float = 0.0  # exponent of the urbanity factor (6 - ste) / 3
    sigma: float = 0.3  # lognormal noise of the level ...
    uniform: float = 0.0  # ... or, when > 0, uniform noise of +-uniform (pro rata with noise)
    absent: float = 0.0  # chance that the group is absent (0) in a gemeente ...
    absent_below: int = 0  # ... with fewer inhabitants than this
    trend: float = 0.02  # mean yearly log change beyond population change
    trend_sd: float = 0.05
    urgent: tuple[float, float] | None = None  # urgente_vraag share of populatie
    persons_per_household: tuple[float, float] = (1.3, 1.9)


MODELS: dict[str, GroupModel] = {
    "studenten": GroupModel(
        total=350_000,
        levels=STUDENT_LEVELS,
        base_level=2,
        sigma=0.15,
        trend=0.01,
        trend_sd=0.03,
        persons_per_household=(1.3, 1.45),
    ),
    "ouderen": GroupModel(own_rate=True, trend=0.03, trend_sd=0.008, persons_per_household=(1.35, 1.55)),
    "statushouders": GroupModel(
        total=25_000, uniform=0.2, trend=0.03, trend_sd=0.05, persons_per_household=(1.7, 1.9)
    ),
    "arbeidsmigranten": GroupModel(
        total=400_000,
        levels=ARBEIDSMIGRANT_LEVELS,
        sigma=0.5,
        urban=-0.3,
        trend=0.03,
        trend_sd=0.05,
        persons_per_household=(1.5, 1.9),
    ),
    "urgenten": GroupModel(total=25_000, centrum=1.3, urban=0.3, sigma=0.3),
    "uitstroom_bw": GroupModel(total=6_000, centrum=3.0, urban=0.5, sigma=0.35, urgent=(0.40, 0.60)),
    "uitstroom_mo": GroupModel(total=8_000, centrum=4.0, urban=1.0, sigma=0.35, urgent=(0.45, 0.60)),
    "uitstroom_vrouwenopvang": GroupModel(
        total=3_000, centrum=2.5, urban=0.5, sigma=0.35, urgent=(0.40, 0.60)
    ),
    "uitstroom_ggz_wlz": GroupModel(total=4_000, centrum=1.5, urban=0.3, sigma=0.35, urgent=(0.30, 0.50)),
    "uitstroom_jeugdzorg": GroupModel(total=2_500, centrum=1.5, urban=0.3, sigma=0.35, urgent=(0.35, 0.55)),
    "uitstroom_detentie": GroupModel(total=5_000, centrum=2.0, urban=1.0, sigma=0.35, urgent=(0.25, 0.45)),
    "dak_thuisloos": GroupModel(total=12_000, centrum=4.0, urban=1.0, sigma=0.4, urgent=(0.35, 0.55)),
    "dakloze_gezinnen": GroupModel(total=1_500, centrum=2.0, urban=0.5, sigma=0.4),
    "woonwagenbewoners": GroupModel(
        total=8_800,
        sigma=0.8,
        absent=0.45,
        absent_below=50_000,
        trend=0.0,
        trend_sd=0.03,
        urgent=(0.15, 0.35),
    ),
    "beperking": GroupModel(
        per_inw=0.015 * 0.8,
        centrum=1.5,
        urban=0.2,
        sigma=0.25,
        trend=0.01,
        trend_sd=0.03,
        urgent=(0.15, 0.30),
    ),
}


def ouderen_rate(inputs: Inputs, year: int, code: str) -> float:
    """Share of inhabitants aged 75+: 8-13 %, higher in less urban gemeenten."""
    rate = 0.08 + 0.01 * (inputs.ste(year, code) - 1) + 0.008 * normal("ouderen", code, "aandeel")
    return clip(rate, 0.075, 0.14)


def base_weight(inputs: Inputs, group: str, year: int, code: str, centrum: set[str]) -> float:
    """Unnormalised size of ``group`` in gemeente ``code`` in the base year."""
    model = MODELS[group]
    if inputs.inw(year, code) < model.absent_below and u(group, code, "afwezig") < model.absent:
        return 0.0
    naam = inputs.indeling[year][code].naam
    weight = inputs.inw(year, code) * model.levels.get(naam, model.base_level)
    if code in centrum:
        weight *= model.centrum
    weight *= ((6 - inputs.ste(year, code)) / 3) ** model.urban
    if model.uniform:
        weight *= between(1 - model.uniform, 1 + model.uniform, group, code, "ruis")
    else:
        weight *= lognormal(model.sigma, group, code, "niveau")
    return weight


def base_values(inputs: Inputs, group: str, year: int, centrum: set[str]) -> dict[str, float]:
    """Unrounded figures of ``group`` for every gemeente of indeling ``year``."""
    model = MODELS[group]
    codes = sorted(inputs.indeling[year])
    if model.own_rate:
        return {c: inputs.inw(year, c) * ouderen_rate(inputs, year, c) for c in codes}
    weights = {c: base_weight(inputs, group, year, c, centrum) for c in codes}
    total = model.total or model.per_inw * sum(inputs.inw(year, c) for c in codes)
    scale = total / sum(weights.values())
    return {c: w * scale for c, w in weights.items()}


def step_ratio(inputs: Inputs, group: str, year: int, code: str, inw_before: float) -> float:
    """Change factor of a figure from ``year - 1`` to ``year``, bounded by STEP_BOUNDS."""
    model = MODELS[group]
    ratio = inputs.inw(year, code) / inw_before
    ratio *= math.exp(model.trend + model.trend_sd * normal(group, code, year, "stap"))
    return clip(ratio, *STEP_BOUNDS)


def chain_values(
    inputs: Inputs, group: str, years: tuple[int, ...], centrum: set[str]
) -> dict[int, dict[str, float]]:
    """Unrounded figures per year: a base year, then yearly steps across herindelingen."""
    values = {years[0]: base_values(inputs, group, years[0], centrum)}
    for year in years[1:]:
        before: dict[str, float] = defaultdict(float)
        inw_before: dict[str, float] = defaultdict(float)
        for old, parts in successors(inputs, year).items():
            for new, share in parts:
                before[new] += share * values[year - 1][old]
                inw_before[new] += share * inputs.inw(year - 1, old)
        values[year] = {
            code: before[code] * step_ratio(inputs, group, year, code, inw_before[code])
            for code in sorted(inputs.indeling[year])
        }
    return values


def urgent_share(group: str, code: str) -> float:
    """Share of the populatie that is urgente_vraag (15-60 % depending on the group).

    The share is fixed per gemeente, so the urgente_vraag changes between years like the populatie.
    """
    low, high = MODELS[group].urgent
    return between(low, high, group, code, "urgent")


@dataclass
class Figures:
    """All generated figures.

    ``cbs[group][year][code]`` holds (personen, huishoudens, woonruimten) as true integers;
    ``cbs_float`` the unrounded persons; ``levering[group][laag][index_year][code]`` the
    delivered integers, where index year 2023 means stand on 01-01-2023 or instroom in 2022.
    """

    cbs: dict[str, dict[int, dict[str, tuple[int, int, int]]]]
    cbs_float: dict[str, dict[int, dict[str, float]]]
    levering: dict[str, dict[str, dict[int, dict[str, int]]]]
    ouderen_2025: dict[str, float]
    centrum: set[str]


def cbs_groups(inputs: Inputs) -> dict[str, str]:
    """Map CBS category title -> aandachtsgroep, in the order of bronnen.yaml."""
    return dict(inputs.bronnen["cbs_aandachtsgroepen"]["categorieen"])


def cbs_measures(inputs: Inputs, group: str, code: str, persons: float) -> tuple[int, int, int]:
    """True integer personen, huishoudens and woonruimten for one CBS cell."""
    model = MODELS[group]
    personen = round_half_up(persons)
    per_household = between(*model.persons_per_household, group, code, "huishoudgrootte")
    huishoudens = round_half_up(personen / per_household)
    per_unit = inputs.group(group)["woningen_per_eenheid"] * between(0.95, 1.05, group, code, "woonruimte")
    shared = between(0.90, 0.98, group, code, "gedeeld")  # some households share a woonruimte
    woonruimten = round_half_up(min(huishoudens * shared, personen * per_unit))
    return personen, huishoudens, woonruimten


def delivered_groups(inputs: Inputs) -> list[str]:
    """Aandachtsgroepen in the municipal deliveries: all except the CBS categories."""
    in_cbs = set(cbs_groups(inputs).values())
    return [g["code"] for g in inputs.groups if g["code"] not in in_cbs]


def delivered_figures(inputs: Inputs, centrum: set[str]) -> dict[str, dict[str, dict[int, dict[str, int]]]]:
    """Integer figures per delivered group, laag, index year and gemeente (2023 indeling)."""
    years = ROUNDS
    result: dict[str, dict[str, dict[int, dict[str, int]]]] = {}
    parents = []
    for group in delivered_groups(inputs):
        definition = inputs.group(group)
        if definition.get("som_van_subgroepen"):
            parents.append(group)
            continue
        floats = chain_values(inputs, group, years, centrum)
        lagen = definition["lagen"]
        per_laag: dict[str, dict[int, dict[str, int]]] = {laag: {} for laag in lagen}
        for year in years:
            total = {c: round_half_up(v) for c, v in floats[year].items()}
            if lagen == ["urgente_vraag"]:
                per_laag["urgente_vraag"][year] = total
                continue
            per_laag["populatie"][year] = total
            if "urgente_vraag" in lagen:
                per_laag["urgente_vraag"][year] = {
                    c: min(total[c], round_half_up(floats[year][c] * urgent_share(group, c))) for c in total
                }
        result[group] = per_laag
    for parent in parents:
        children = [g["code"] for g in inputs.groups if g.get("ouder") == parent]
        result[parent] = {
            laag: {
                year: {
                    c: sum(result[child][laag][year][c] for child in children)
                    for c in result[children[0]][laag][year]
                }
                for year in years
            }
            for laag in inputs.group(parent)["lagen"]
        }
    return result


def make_figures(inputs: Inputs) -> Figures:
    """Generate every figure for all gemeenten (selection happens only when writing)."""
    centrum = centrumgemeenten(inputs)
    cbs: dict[str, dict[int, dict[str, tuple[int, int, int]]]] = {}
    cbs_float: dict[str, dict[int, dict[str, float]]] = {}
    ouderen_2025: dict[str, float] = {}
    for group in cbs_groups(inputs).values():
        years = (*CBS_YEARS, 2025) if group == "ouderen" else CBS_YEARS
        floats = chain_values(inputs, group, years, centrum)
        cbs_float[group] = {y: floats[y] for y in CBS_YEARS}
        cbs[group] = {
            y: {c: cbs_measures(inputs, group, c, v) for c, v in floats[y].items()} for y in CBS_YEARS
        }
        if group == "ouderen":
            # 2025 = the true 2024 figure grown by one year (same step as the chain).
            ratio = {c: floats[2025][c] / floats[2024][c] for c in floats[2025]}
            ouderen_2025 = {c: cbs[group][2024][c][0] * ratio[c] for c in floats[2025]}
    return Figures(cbs, cbs_float, delivered_figures(inputs, centrum), ouderen_2025, centrum)


# --------------------------------------------------------------------------- writing helpers


@dataclass
class Written:
    """A file written, for provenance.yaml."""

    path: Path
    rows: int
    peildatum: str
    bron: str | None = None


def write_csv(path: Path, header: list[str], rows: list[list[object]], bom: bool = True) -> Written:
    """Write a ``;`` separated CSV with CRLF line ends (and a BOM unless ``bom`` is False)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return Written(path, len(rows), "")


def normalise_xlsx(data: bytes) -> bytes:
    """Rewrite an XLSX zip with fixed timestamps so that identical content gives identical bytes."""
    fixed = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + fixed.encode() + m.group(3),
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return target_buffer.getvalue()


def write_xlsx(
    path: Path, sheet: str, preamble: list[str], header: list[str], rows: list[list[object]]
) -> Written:
    """Write an XLSX with free-text rows on top, then the header row and the data."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for line in preamble:
        worksheet.append([line])
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
        for cell in worksheet[worksheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"
    workbook.properties.creator = GEMAAKT_DOOR
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(normalise_xlsx(buffer.getvalue()))
    return Written(path, len(rows), "")


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_provenance(folder: Path, header: dict, files: list[Written]) -> None:
    """Write provenance.yaml with checksums and row counts of the files in ``folder``."""
    entries = []
    for item in sorted(files, key=lambda w: w.path.name):
        entry = {
            "bestand": item.path.name,
            "sha256": sha256(item.path),
            "peildatum": item.peildatum,
            "rijen": item.rows,
        }
        if item.bron:
            entry["bron"] = item.bron
        entries.append(entry)
    document = {**header, "gemaakt_door": GEMAAKT_DOOR, "bestanden": entries}
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    (folder / "provenance.yaml").write_bytes(text.encode("utf-8"))


def prepare_folder(folder: Path, patterns: tuple[str, ...]) -> None:
    """Create ``folder`` and remove earlier output of this script in it (only our patterns)."""
    folder.mkdir(parents=True, exist_ok=True)
    for pattern in patterns:
        for old in folder.glob(pattern):
            old.unlink()


def dutch_date(day: dt.date) -> str:
    """Date as dd-mm-jjjj."""
    return day.strftime("%d-%m-%Y")


def dutch_thousands(value: int) -> str:
    """Integer with a Dutch thousands separator: 1234 -> 1.234."""
    return f"{value:,}".replace(",", ".")


def dutch_decimal(value: float) -> str:
    """Number with one decimal and a decimal comma: 12.25 -> 12,3 (half up)."""
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}".replace(".", ",")


def pad(key: str) -> str:
    """CBS OData keys are padded with trailing spaces to 8 characters."""
    return key.ljust(8)


# --------------------------------------------------------------------------- selection


@dataclass
class Selection:
    """Which gemeenten to write (2025 codes), expanded with wholly absorbed predecessors."""

    codes: set[str] | None  # None: all gemeenten

    def has(self, code: str) -> bool:
        """True when ``code`` is in the selection."""
        return self.codes is None or code in self.codes

    @property
    def is_subset(self) -> bool:
        """True when only part of the gemeenten is written."""
        return self.codes is not None


def parse_selection(inputs: Inputs, args: argparse.Namespace) -> Selection:
    """Build the selection from --gemeenten and --regio-type/--regio (union of both)."""
    chosen: set[str] = set()
    if args.gemeenten:
        for item in args.gemeenten.split(","):
            item = item.strip().upper()
            code = f"GM{int(item):04d}" if item.isdigit() else item
            if not re.fullmatch(r"GM\d{4}", code) or code not in inputs.indeling[2025]:
                raise SystemExit(f"unknown gemeente {item!r} (expected a code of the 2025 indeling)")
            chosen.add(code)
    if args.regio or args.regio_type:
        if not (args.regio and args.regio_type):
            raise SystemExit("--regio and --regio-type go together")
        found = members(inputs, args.regio_type, args.regio)
        if not found:
            raise SystemExit(f"region {args.regio_type} {args.regio} has no members")
        chosen |= set(found)
    return Selection(expand_selection(inputs, chosen) if chosen else None)


# --------------------------------------------------------------------------- CBS 85980NED

CBS_DIMENSIONS = (  # Key, Type, Title: the real table's dimensions
    ("AandachtsgroepVolkshuisvesting", "Dimension", "Aandachtsgroep volkshuisvesting"),
    ("Kenmerken", "Dimension", "Kenmerken"),
    ("RegioS", "GeoDimension", "Regio's"),
    ("Perioden", "TimeDimension", "Perioden"),
)
CBS_MEASURES = (  # unit, TopicGroup title, Topic Key
    ("personen", "Personen", "TotaalPersonen_1"),
    ("huishoudens", "Huishoudens", "TotaalHuishoudens_2"),
    ("woonruimten", "Woonruimten", "TotaalWoonruimten_3"),
)
CBS_MOMENTS = (("januari", "MM01"), ("december", "MM12"))  # period title word, key suffix
# Fictitious keys of the kenmerken (codes of bronnen.yaml); the titles come from bronnen.yaml.
KENMERK_KEYS = {
    "totaal": "T001038",
    "geslacht_man": "3000",
    "geslacht_vrouw": "4000",
    "leeftijd_tot_18": "70100",
    "leeftijd_18_27": "70200",
    "leeftijd_27_65": "70300",
    "leeftijd_65_plus": "70400",
    "eenpersoons": "1050010",
    "meerpersoons": "1050015",
    "institutioneel": "1050020",
    "huishouden_onbekend": "1050099",
}
# Share of men and of each age group, per group (the ages add up to 1).
GESLACHT_MAN = {"studenten": 0.46, "ouderen": 0.42, "statushouders": 0.56, "arbeidsmigranten": 0.62}
LEEFTIJD = {
    "studenten": (0.01, 0.86, 0.13, 0.0),
    "ouderen": (0.0, 0.0, 0.0, 1.0),
    "statushouders": (0.34, 0.24, 0.40, 0.02),
    "arbeidsmigranten": (0.01, 0.31, 0.66, 0.02),
}
# Share of persons in a one-person, an institutional and an unknown household (the rest: multi-person).
HUISHOUDEN = {
    "studenten": (0.09, 0.03, 0.01),
    "ouderen": (0.38, 0.06, 0.0),
    "statushouders": (0.18, 0.02, 0.01),
    "arbeidsmigranten": (0.30, 0.05, 0.04),
}


def cbs_cell(value: int | None) -> str:
    """A published CBS count: rounded to a multiple of 5, '.' when the true value is below 5,
    empty when the cell cannot exist (None)."""
    if value is None:
        return ""
    return "." if value < 5 else str(5 * round_half_up(value / 5))


def region_title(inputs: Inputs, key: str) -> str:
    """Title of a RegioS key as CBS writes it."""
    if key == "NL01":
        return "Nederland"
    if key.startswith("PV"):
        return f"{inputs.regio_namen[('provincie', key)]} (PV)"
    year = max(y for y in inputs.indeling if key in inputs.indeling[y])
    naam = inputs.indeling[year][key].naam
    provinces = {n for (t, _), n in inputs.regio_namen.items() if t == "provincie"}
    return f"{naam} (gemeente)" if naam in provinces else naam


def cbs_periods() -> list[tuple[str, str, int, str]]:
    """(key, title, year, moment word) of every period of the table, in time order."""
    return [(f"{y}{suffix}", f"{y} {word}", y, word) for y in CBS_YEARS for word, suffix in CBS_MOMENTS]


def in_force(inputs: Inputs, year: int, word: str) -> list[Gemeente]:
    """The gemeenten of indeling ``year`` in force on the moment (Weesp ended on 24 March 2022)."""
    ended = {
        r["oud_code"]
        for r in inputs.herindelingen
        if r["datum"] <= f"{year}-12-31" and r["datum"] > f"{year}-01-01"
    }
    return [g for g in inputs.indeling[year].values() if word == "januari" or g.code not in ended]


def moment_figures(
    inputs: Inputs, figures: Figures, group: str, year: int, word: str
) -> dict[str, tuple[int, int, int]]:
    """True (personen, huishoudens, woonruimten) per gemeente on one moment.

    The moment that carries the group's count (1 January for a stand, 31 December for an
    instroom) holds the generated figure of that year; the other moment is that figure moved by
    a within-year step with noise.
    """
    anchor = "december" if inputs.group(group)["maat"] == "instroom" else "januari"
    base = figures.cbs[group][year]
    if word == anchor:
        codes = [g.code for g in inputs.indeling[year].values()]
        return {c: base[c] for c in codes}
    model = MODELS[group]
    result = {}
    for gemeente in in_force(inputs, year, word):
        step = clip(
            math.exp(model.trend / 2 + model.trend_sd * normal(group, gemeente.code, year, word)),
            *STEP_BOUNDS,
        )
        result[gemeente.code] = cbs_measures(
            inputs, group, gemeente.code, figures.cbs_float[group][year][gemeente.code] * step
        )
    return result


def largest_remainder(total: int, shares: tuple[float, ...]) -> list[int]:
    """Split ``total`` by ``shares`` (summing to 1) into whole numbers that add up to it."""
    exact = [total * s for s in shares]
    parts = [math.floor(x) for x in exact]
    rest = total - sum(parts)
    for index in sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))[:rest]:
        parts[index] += 1
    return parts


def breakdown(
    group: str, code: str, year: int, word: str, measures: tuple[int, int, int]
) -> dict[str, tuple]:
    """True (personen, huishoudens, woonruimten) per kenmerk code; None where the cell cannot
    exist (a breakdown fills only the personen, and the huishoudens of the household kinds)."""
    personen, huishoudens, woonruimten = measures
    man_share = clip(GESLACHT_MAN[group] + 0.03 * normal(group, code, year, word, "man"), 0.05, 0.95)
    man, vrouw = largest_remainder(personen, (man_share, 1 - man_share))
    ages = largest_remainder(personen, LEEFTIJD[group])
    one, institutional, unknown = HUISHOUDEN[group]
    noise = between(0.8, 1.2, group, code, "huishouden")
    p1, pi, pu, pm = largest_remainder(
        personen, (one * noise, institutional, unknown, 1 - one * noise - institutional - unknown)
    )
    h1 = min(p1, huishoudens)
    hi = min(huishoudens - h1, round_half_up(pi / 12))
    rows = {
        "totaal": (personen, huishoudens, woonruimten),
        "geslacht_man": (man, None, None),
        "geslacht_vrouw": (vrouw, None, None),
        "eenpersoons": (p1, h1, None),
        "meerpersoons": (pm, huishoudens - h1 - hi, None),
        "institutioneel": (pi, hi, None),
        "huishouden_onbekend": (pu, None, None),
    }
    for name, value in zip(
        ("leeftijd_tot_18", "leeftijd_18_27", "leeftijd_27_65", "leeftijd_65_plus"), ages, strict=True
    ):
        rows[name] = (value, None, None)
    return rows


def cbs_rows(inputs: Inputs, figures: Figures, selection: Selection) -> tuple[list[list[object]], set[str]]:
    """Rows of 85980NED_TypedDataSet (cells as StatLine writes them) and the region keys used."""
    categories = list(cbs_groups(inputs).items())
    kenmerken = list(inputs.bronnen["cbs_aandachtsgroepen"]["kenmerken"].values())
    cells: dict[tuple[str, str, str, str], list[str]] = {}
    for _title, group in categories:
        for key, _ptitle, year, word in cbs_periods():
            figures_now = moment_figures(inputs, figures, group, year, word)
            sums: dict[tuple[str, str], list[int | None]] = {}
            for code, measures in figures_now.items():
                if not selection.has(code):
                    continue
                province = inputs.indeling[year][code].provincie
                for kenmerk, values in breakdown(group, code, year, word, measures).items():
                    cells[(group, code, key, kenmerk)] = [cbs_cell(v) for v in values]
                    for region in ("NL01", province):
                        total = sums.setdefault((region, kenmerk), [None, None, None])
                        sums[(region, kenmerk)] = [
                            None if v is None else (t or 0) + v for t, v in zip(total, values, strict=True)
                        ]
            for (region, kenmerk), values in sums.items():
                cells[(group, region, key, kenmerk)] = [cbs_cell(v) for v in values]
            if selection.has(WEESP) and WEESP not in figures_now:
                for kenmerk in kenmerken:
                    shape = cells.get((group, "NL01", key, kenmerk), [".", ".", "."])
                    cells[(group, WEESP, key, kenmerk)] = ["" if v == "" else "." for v in shape]
    regions = {key for (_, key, _, _) in cells}
    order = sorted(regions, key=lambda k: ({"NL": 0, "PV": 1, "GM": 2}[k[:2]], k))
    rows: list[list[object]] = []
    for key_index, (_title, group) in enumerate(categories):
        for kenmerk in kenmerken:
            for region in order:
                for period, _ptitle, _year, _word in cbs_periods():
                    if (group, region, period, kenmerk) in cells:
                        rows.append(
                            [
                                len(rows),
                                pad(CBS_CATEGORY_KEYS[key_index]),
                                pad(KENMERK_KEYS[kenmerk]),
                                pad(region),
                                period,
                                *cells[(group, region, period, kenmerk)],
                            ]
                        )
    return rows, regions


def write_parquet(path: Path, header: list[str], rows: list[list[object]]) -> Written:
    """Write the rows as a TypedDataSet Parquet file, as ``woonzorg fetch cbs`` does: keys as text,
    measures as numbers with null for '.' and for an empty cell (the TypedDataSet has no symbols)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n_keys = 4
    columns = {"ID": pa.array([r[0] for r in rows], pa.int64())}
    for index, name in enumerate(header[1 : 1 + n_keys], start=1):
        columns[name] = pa.array([r[index] for r in rows], pa.string())
    for index, name in enumerate(header[1 + n_keys :], start=1 + n_keys):
        columns[name] = pa.array(
            [float(r[index]) if r[index] not in ("", ".") else None for r in rows], pa.float64()
        )
    pq.write_table(pa.table(columns), path, compression="zstd")
    return Written(path, len(rows), "")


def write_cbs(
    inputs: Inputs, figures: Figures, selection: Selection, out: Path, formaat: str
) -> list[Written]:
    """Write the CBS-shaped 85980NED files (data as Parquet or CSV) and their provenance."""
    folder = out / "cbs_aandachtsgroepen"
    prepare_folder(folder, ("85980NED_*.csv", "85980NED_*.parquet", "provenance.yaml"))
    bron = inputs.bronnen["cbs_aandachtsgroepen"]
    rows, regions = cbs_rows(inputs, figures, selection)
    periods = ", ".join(key for key, _title, _y, _w in cbs_periods())  # as fetch writes them
    header = ["ID", *(key for key, _t, _title in CBS_DIMENSIONS), *(key for _u, _g, key in CBS_MEASURES)]
    if formaat == "parquet":
        written = [write_parquet(folder / "85980NED_TypedDataSet.parquet", header, rows)]
    else:
        written = [write_csv(folder / "85980NED_TypedDataSet.csv", header, rows)]
    properties = []
    for position, (key, kind, title) in enumerate(CBS_DIMENSIONS):
        properties.append([key, kind, title, "", "", "", position, position, ""])
    for offset, (unit, group_title, key) in enumerate(CBS_MEASURES):
        group_id = len(properties)
        properties.append(["", "TopicGroup", group_title, "", "", "", group_id, "", ""])
        properties.append(
            [key, "Topic", bron["maten"][unit], "aantal", "0", "", group_id + 1, 4 + offset, group_id]
        )
    written.append(
        write_csv(
            folder / "85980NED_DataProperties.csv",
            ["Key", "Type", "Title", "Unit", "Decimals", "Description", "ID", "Position", "ParentID"],
            properties,
        )
    )
    categories = [
        [pad(CBS_CATEGORY_KEYS[i]), title, CBS_CATEGORY_DESCRIPTIONS[group]]
        for i, (title, group) in enumerate(cbs_groups(inputs).items())
    ]
    written.append(
        write_csv(
            folder / "85980NED_AandachtsgroepVolkshuisvesting.csv",
            ["Key", "Title", "Description"],
            categories,
        )
    )
    written.append(
        write_csv(
            folder / "85980NED_Kenmerken.csv",
            ["Key", "Title", "Description"],
            [[pad(KENMERK_KEYS[code]), title, ""] for title, code in bron["kenmerken"].items()],
        )
    )
    written.append(
        write_csv(
            folder / "85980NED_Perioden.csv",
            ["Key", "Title", "Status"],
            [[key, title, "Definitief"] for key, title, _y, _w in cbs_periods()],
        )
    )
    order = sorted(regions, key=lambda k: ({"NL": 0, "PV": 1, "GM": 2}[k[:2]], k))
    written.append(
        write_csv(
            folder / "85980NED_RegioS.csv",
            ["Key", "Title"],
            [[pad(k), region_title(inputs, k)] for k in order],
        )
    )
    for item in written:
        item.peildatum = periods
    toelichting = (
        "Fictief voorbeeld: vorm als CBS 85980NED (dimensies Aandachtsgroep volkshuisvesting, "
        "Kenmerken, Regio's en Perioden met 1 januari en 31 december; maten personen, huishoudens en "
        "woonruimten, een uitsplitsing naar kenmerk vult alleen personen en bij de huishoudsoorten "
        "huishoudens), cijfers verzonnen en geschaald op echte "
        f"CBS-inwoners (kwb-2020..2025); gemaakt door {GEMAAKT_DOOR}. Vergunninghouders: instroom in "
        "het jaar op 31 december (indeling van dat jaar); overige categorieen: stand op de dag. "
        "Afgerond op veelvouden van 5; ware waarde 0-4 is onderdrukt (.); een lege cel bestaat niet. "
        "Provincie- en NL01-rijen zijn de afgeronde som van de onafgeronde gemeentecijfers."
    )
    if formaat == "parquet":
        toelichting += (
            " De gegevens staan als Parquet, zoals 'woonzorg fetch cbs' ze schrijft: '.' en een lege "
            "cel zijn daarin allebei leeg (null)."
        )
    if selection.has(WEESP):
        toelichting += " Weesp (GM0457) staat na 24 maart 2022 met '.', zoals CBS opgeheven gemeenten toont."
    if selection.is_subset:
        toelichting += (
            " Uitsnede: provincie- en NL01-rijen zijn sommen over de geselecteerde gemeenten "
            "alleen, niet over heel Nederland."
        )
    header_doc = {
        "bron": "cbs_aandachtsgroepen",
        "producent": f"{bron['producent']} (vorm); cijfers fictief",
        "titel": bron["titel"],
        "tabel_id": bron["tabel_id"],
        "licentie": bron["licentie"],
        "fictief": True,
        "toelichting": toelichting,
    }
    header_doc.update(selection_note(selection))
    write_provenance(folder, header_doc, written)
    return written


def selection_note(selection: Selection) -> dict:
    """Provenance entry listing the selected gemeenten of a subset run."""
    return {"uitsnede_gemeenten": sorted(selection.codes)} if selection.is_subset else {}


# --------------------------------------------------------------------------- municipal deliveries


@dataclass
class DeliveryFile:
    """One municipal delivery file and how its supplier writes it."""

    region: str
    name: str
    xlsx: bool = False
    bom: bool = True
    bare_codes: bool = False
    thousands: bool = False


def choose_formats(files: list[DeliveryFile]) -> None:
    """Deterministically spread supplier habits over the CSV files.

    Half of the CSV files get a BOM, a quarter write gemeente codes as bare numbers and a
    fifth write thousands separators (each at least one file).
    """
    csv_files = [f for f in files if not f.xlsx]
    if not csv_files:
        return
    for attribute, share, flag in (
        ("bom", 0.5, True),
        ("bare_codes", 0.25, True),
        ("thousands", 0.2, True),
    ):
        ranked = sorted(csv_files, key=lambda f: u(attribute, f.name))
        count = max(1, math.ceil(share * len(ranked)))
        for index, item in enumerate(ranked):
            setattr(item, attribute, flag if index < count else not flag)


def format_code(code: str, bare: bool) -> str:
    """Gemeente code as a supplier writes it (bare number when Excel dropped 'GM' and zeros)."""
    return str(int(code[2:])) if bare else code


def format_count(value: int, thousands: bool) -> str:
    """Count as written in a CSV delivery."""
    return dutch_thousands(value) if thousands else str(value)


def peildatum_for(maat: str, ronde: int) -> dt.date:
    """Peildatum of a round: stand on 1 January of the round year, instroom over the year before."""
    return dt.date(ronde, 1, 1) if maat == "stand" else dt.date(ronde - 1, 12, 31)


def split_by_addresses(value: int, shares: list[tuple[str, float]]) -> dict[str, int]:
    """Split an integer over parts in proportion to ``shares`` (largest remainder)."""
    total = sum(s for _, s in shares)
    exact = [(code, value * s / total) for code, s in shares]
    result = {code: math.floor(x) for code, x in exact}
    rest = value - sum(result.values())
    for code, _ in sorted(exact, key=lambda item: (-(item[1] - math.floor(item[1])), item[0]))[:rest]:
        result[code] += 1
    return result


def premerger_parts(inputs: Inputs, new_code: str, ronde: int) -> list[tuple[str, float]]:
    """Old codes (with address counts) of a gemeente formed on 1 January of ``ronde``."""
    start = f"{ronde}-01-01"
    return sorted(
        (r["oud_code"], float(r["adressen_naar_nieuw"]))
        for r in inputs.herindelingen
        if r["nieuw_code"] == new_code and r["datum"] == start and r["oud_code"] not in inputs.indeling[ronde]
    )


def delivery_records(inputs: Inputs, figures: Figures, codes: list[str], ronde: int) -> list[dict]:
    """Rows of one region's aandachtsgroepen delivery for a round (not yet formatted)."""
    records = []
    groups = delivered_groups(inputs)
    for code in codes:
        parts = premerger_parts(inputs, code, ronde)
        for group in groups:
            definition = inputs.group(group)
            for laag in definition["lagen"]:
                value = figures.levering[group][laag][ronde][code]
                peildatum = peildatum_for(definition["maat"], ronde)
                if parts and definition["maat"] == "instroom":
                    continue  # delivered on the old codes below
                records.append(
                    {
                        "code": code,
                        "naam": inputs.indeling[ronde][code].naam,
                        "peildatum": peildatum,
                        "group": group,
                        "laag": laag,
                        "eenheid": definition["eenheid"],
                        "aantal": value,
                        "toelichting": levering_toelichting(code, group, laag, ronde),
                    }
                )
        if parts:
            records.extend(premerger_records(inputs, figures, code, ronde, parts))
    order = {g: i for i, g in enumerate(groups)}
    lagen = {"populatie": 0, "urgente_vraag": 1}
    records.sort(key=lambda r: (r["code"], order[r["group"]], lagen[r["laag"]]))
    return records


def premerger_records(
    inputs: Inputs, figures: Figures, code: str, ronde: int, parts: list[tuple[str, float]]
) -> list[dict]:
    """Instroom rows of the year before a merger, delivered on the old codes.

    The merged gemeente's figures are shared out by adressen_naar_nieuw; urgente_vraag is split
    first and the rest of the populatie after it, so no part gets urgente_vraag > populatie; a
    parent that is a sum of subgroups is summed from its split subgroups.
    """
    split: dict[tuple[str, str], dict[str, int]] = {}
    instroom = [g for g in delivered_groups(inputs) if inputs.group(g)["maat"] == "instroom"]
    for group in instroom:
        if inputs.group(group).get("som_van_subgroepen"):
            continue
        per_laag = figures.levering[group]
        urgent = per_laag.get("urgente_vraag", {}).get(ronde, {}).get(code)
        if "populatie" in per_laag:
            population = per_laag["populatie"][ronde][code]
            urgent_parts = split_by_addresses(urgent or 0, parts)
            rest = split_by_addresses(population - (urgent or 0), parts)
            split[(group, "populatie")] = {c: urgent_parts[c] + rest[c] for c in urgent_parts}
            if urgent is not None:
                split[(group, "urgente_vraag")] = urgent_parts
        else:
            split[(group, "urgente_vraag")] = split_by_addresses(urgent, parts)
    for group in instroom:
        if inputs.group(group).get("som_van_subgroepen"):
            children = [g["code"] for g in inputs.groups if g.get("ouder") == group]
            for laag in inputs.group(group)["lagen"]:
                split[(group, laag)] = {
                    c: sum(split[(child, laag)][c] for child in children) for c, _ in parts
                }
    records = []
    for (group, laag), values in split.items():
        for old, _ in parts:
            records.append(
                {
                    "code": old,
                    "naam": inputs.indeling[ronde - 1][old].naam,
                    "peildatum": peildatum_for("instroom", ronde),
                    "group": group,
                    "laag": laag,
                    "eenheid": inputs.group(group)["eenheid"],
                    "aantal": values[old],
                    "toelichting": f"instroom {ronde - 1} nog op de oude gemeente (voor de "
                    f"herindeling tot {inputs.indeling[ronde][code].naam})",
                }
            )
    return records


def levering_toelichting(code: str, group: str, laag: str, ronde: int) -> str:
    """Mostly empty free text, sometimes a remark as suppliers make them."""
    if u(code, group, laag, ronde, "toelichting") < 0.03:
        return TOELICHTINGEN_LEVERING[int(u(code, group, laag, ronde, "tekst") * len(TOELICHTINGEN_LEVERING))]
    return ""


LEVERING_HEADER = [
    "gemeente_code",
    "gemeente_naam",
    "peildatum",
    "aandachtsgroep",
    "laag",
    "eenheid",
    "aantal",
    "toelichting",
]
AANBOD_HEADER = [
    "gemeente_code",
    "gemeente_naam",
    "aandachtsgroep",
    "woonvorm",
    "jaar",
    "status",
    "capaciteit",
    "toelichting",
]


def write_delivery(inputs: Inputs, spec: DeliveryFile, records: list[dict], folder: Path) -> Written:
    """Write one aandachtsgroepen delivery as CSV or XLSX."""
    if spec.xlsx:
        preamble = [
            "Levering aandachtsgroepen",
            f"Woondealregio {spec.region} {inputs.regio_namen[('woondealregio', spec.region)]}",
            f"Definitieversie: {inputs.definitions_version}",
        ]
        rows = [
            [
                r["code"],
                r["naam"],
                r["peildatum"],
                r["group"],
                r["laag"],
                r["eenheid"],
                r["aantal"],
                r["toelichting"] or None,
            ]
            for r in records
        ]
        return write_xlsx(folder / spec.name, "aandachtsgroepen", preamble, LEVERING_HEADER, rows)
    rows = [
        [
            format_code(r["code"], spec.bare_codes),
            r["naam"],
            dutch_date(r["peildatum"]),
            r["group"],
            r["laag"],
            r["eenheid"],
            format_count(r["aantal"], spec.thousands),
            r["toelichting"],
        ]
        for r in records
    ]
    return write_csv(folder / spec.name, LEVERING_HEADER, rows, bom=spec.bom)


def supply_need(inputs: Inputs, figures: Figures, group: str, code: str) -> float:
    """Need in woonruimten: latest populatie (or the only laag) x woningen_per_eenheid."""
    definition = inputs.group(group)
    if group in figures.cbs:
        size = figures.cbs[group][2024][code][0]
    else:
        laag = "populatie" if "populatie" in definition["lagen"] else "urgente_vraag"
        size = figures.levering[group][laag][2024][code]
    return size * definition["woningen_per_eenheid"]


def supply_groups(inputs: Inputs) -> list[str]:
    """Groups that get earmarked supply: all except a parent that is the sum of its subgroups."""
    return [g["code"] for g in inputs.groups if not g.get("som_van_subgroepen")]


def supply_records(inputs: Inputs, figures: Figures, codes: list[str]) -> list[list[object]]:
    """Supply rows (bestaand 2024, gepland 2025-2030) per gemeente, group and woonvorm."""
    rows = []
    for code in codes:
        centrum = code in figures.centrum
        for group in supply_groups(inputs):
            need_total = supply_need(inputs, figures, group, code)
            for woonvorm in inputs.woonvormen:
                share = inputs.group(group)["woonvormen"].get(woonvorm)
                if not share:
                    continue
                need = need_total * share
                if need < 0.5:
                    continue
                low, high = (0.6, 1.1) if centrum else (0.2, 0.9)
                coverage = between(low, high, code, group, woonvorm, "dekking")
                rows.append(
                    [
                        code,
                        group,
                        woonvorm,
                        2024,
                        "bestaand",
                        round_half_up(need * coverage),
                        aanbod_toelichting(code, group, woonvorm, 2024),
                    ]
                )
                for year in PLAN_YEARS:
                    if u(code, group, woonvorm, year, "plan") < (0.45 if centrum else 0.2):
                        extra = round_half_up(
                            need * between(0.02, 0.12, code, group, woonvorm, year, "omvang")
                        )
                        if extra > 0:
                            rows.append(
                                [
                                    code,
                                    group,
                                    woonvorm,
                                    year,
                                    "gepland",
                                    extra,
                                    aanbod_toelichting(code, group, woonvorm, year),
                                ]
                            )
    return rows


def aanbod_toelichting(code: str, group: str, woonvorm: str, year: int) -> str:
    """Mostly empty free text for a supply row."""
    if u(code, group, woonvorm, year, "toelichting") < 0.05:
        return TOELICHTINGEN_AANBOD[int(u(code, group, woonvorm, year, "tekst") * len(TOELICHTINGEN_AANBOD))]
    return ""


def delivery_plan(inputs: Inputs, selection: Selection) -> tuple[dict[str, list[str]], list[DeliveryFile]]:
    """Regions with the selected gemeenten that deliver there, and the files to write."""
    regions: dict[str, list[str]] = defaultdict(list)
    for code, region in sorted(woondeal_of(inputs).items()):
        if selection.has(code):
            regions[region].append(code)
    as_xlsx = set(xlsx_regions(inputs))
    files = []
    for region in sorted(regions):
        for ronde in ROUNDS:
            xlsx = region in as_xlsx
            files.append(
                DeliveryFile(
                    region,
                    f"levering_aandachtsgroepen_{region}_{ronde}." + ("xlsx" if xlsx else "csv"),
                    xlsx=xlsx,
                )
            )
        files.append(DeliveryFile(region, f"levering_aanbod_{region}_2024.csv"))
    if selection.is_subset and not any(f.xlsx for f in files):
        # Keep one XLSX delivery in every subset: the latest round of the first region.
        first = next(
            f for f in files if f.name.endswith(f"_{ROUNDS[-1]}.csv") and "aandachtsgroepen" in f.name
        )
        first.xlsx = True
        first.name = first.name[:-4] + ".xlsx"
    choose_formats(files)
    return dict(regions), files


def write_gemeenten(inputs: Inputs, figures: Figures, selection: Selection, out: Path) -> list[Written]:
    """Write the municipal deliveries (aandachtsgroepen and aanbod) and their provenance."""
    folder = out / "gemeenten"
    prepare_folder(
        folder,
        (
            "levering_aandachtsgroepen_*.csv",
            "levering_aandachtsgroepen_*.xlsx",
            "levering_aanbod_*.csv",
            "provenance.yaml",
        ),
    )
    regions, files = delivery_plan(inputs, selection)
    written = []
    for spec in files:
        codes = regions[spec.region]
        if "aanbod" in spec.name:
            rows = supply_records(inputs, figures, codes)
            formatted = [
                [
                    format_code(r[0], spec.bare_codes),
                    inputs.indeling[2024][r[0]].naam,
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    format_count(r[5], spec.thousands),
                    r[6],
                ]
                for r in rows
            ]
            item = write_csv(folder / spec.name, AANBOD_HEADER, formatted, bom=spec.bom)
            item.peildatum, item.bron = (
                "2024 (bestaand), 2025-2030 (gepland)",
                "gemeentelijk_aanbod",
            )
        else:
            ronde = int(spec.name.rsplit("_", 1)[1].split(".")[0])
            item = write_delivery(inputs, spec, delivery_records(inputs, figures, codes, ronde), folder)
            item.peildatum, item.bron = (
                f"01-01-{ronde} / 31-12-{ronde - 1}",
                "gemeentelijke_levering",
            )
        written.append(item)
    xlsx = sorted(f.region for f in files if f.xlsx)
    toelichting = (
        "Fictief voorbeeld: leveringen in het leveringsformaat van woonzorg-analyse, cijfers "
        "verzonnen en geschaald op echte CBS-inwoners (kwb-2020..2025); gemaakt door "
        f"{GEMAAKT_DOOR}. Per woondealregio (alleen gemeenten met hoofdregio = ja) twee rondes: "
        "ronde 2023 (stand 01-01-2023, instroom 2022 met peildatum 31-12-2022) en ronde 2024 "
        "(stand 01-01-2024, instroom 2023). Voorne aan Zee (GM1992) levert de instroom 2022 op "
        "de oude codes GM0501, GM0530 en GM0614, verdeeld naar adressen_naar_nieuw. "
        f"XLSX-leveringen: {', '.join(sorted(set(xlsx)))}. Sommige CSV's hebben geen BOM, "
        "gemeentecodes als kaal getal of duizendtallen met punt. Aanbod: capaciteit in "
        "woonruimten per aandachtsgroep en woonvorm; bestaand 2024 dekt 60-110 % van de behoefte "
        "(populatie of enige laag x woningen_per_eenheid x aandeel woonvorm) in centrumgemeenten "
        "en 20-90 % elders; gepland 2025-2030 zijn toevoegingen per jaar (nulrijen weggelaten). "
        "Voor instroomgroepen is de capaciteit per jaar. XLSX: tijdstempels in zip en docProps "
        "vastgezet op 2026-01-01, zodat herhaling byte-gelijk is."
    )
    header_doc = {
        "bronnen": ["gemeentelijke_levering", "gemeentelijk_aanbod"],
        "producent": "Gemeenten, centrumgemeenten, corporaties en zorgaanbieders (fictief)",
        "titel": "Levering aandachtsgroepen en levering aanbod (sjabloon woonzorg-analyse)",
        "tabel_id": "levering-aandachtsgroepen, levering-aanbod",
        "licentie": inputs.bronnen["gemeentelijke_levering"]["licentie"],
        "fictief": True,
        "toelichting": toelichting,
        "definitieversie": inputs.definitions_version,
    }
    header_doc.update(selection_note(selection))
    write_provenance(folder, header_doc, written)
    return written


# --------------------------------------------------------------------------- prognose


def prognose_rows(inputs: Inputs, figures: Figures, selection: Selection) -> list[list[object]]:
    """Rows of the fictitious PBL/CBS prognosis for every selected 2025 gemeente."""
    rows = []
    for code in sorted(c for c in inputs.indeling[2025] if selection.has(c)):
        ste = inputs.ste(2025, code)
        growth_inw = -0.003 + 0.013 * (0.6 * u(code, "groei_inw") + 0.4 * (5 - ste) / 4)
        growth = {
            "inwoners": (float(inputs.inw(2025, code)), growth_inw, 0.02),
            "huishoudens": (
                float(inputs.kwb[2025][code]["a_hh"]),
                growth_inw + between(0.002, 0.005, code, "groei_hh"),
                0.025,
            ),
            "inwoners_75plus": (
                figures.ouderen_2025[code],
                between(0.02, 0.04, code, "groei_75plus"),
                0.04,
            ),
        }
        for year in PROGNOSE_YEARS:
            for variabele, (start, rate, width) in growth.items():
                value = start * (1 + rate) ** (year - 2025)
                half = width * (year - 2025) / 5
                rows.append(
                    [
                        code,
                        year,
                        variabele,
                        dutch_decimal(value),
                        dutch_decimal(value * (1 - half)),
                        dutch_decimal(value * (1 + half)),
                    ]
                )
    return rows


def write_prognose(inputs: Inputs, figures: Figures, selection: Selection, out: Path) -> list[Written]:
    """Write the prognosis file and its provenance."""
    folder = out / "pbl_cbs_prognose"
    prepare_folder(folder, ("prognose_gemeenten.csv", "provenance.yaml"))
    header = ["gemeente_code", "jaar", "variabele", "prognose", "ondergrens", "bovengrens"]
    item = write_csv(folder / "prognose_gemeenten.csv", header, prognose_rows(inputs, figures, selection))
    item.peildatum = ", ".join(map(str, PROGNOSE_YEARS))
    bron = inputs.bronnen["pbl_cbs_prognose"]
    toelichting = (
        "Fictief voorbeeld in plaats van de PBL/CBS regionale prognose; gemaakt door "
        f"{GEMAAKT_DOOR}. 2025: echte CBS-inwoners en -huishoudens (kwb-2025) en "
        "inwoners_75plus = ouderen 2024 uit het fictieve 85980NED-bestand (onafgerond) een jaar "
        "doorgegroeid; interval gelijk aan de waarde. Later: inwoners -0,3..+1,0 %/jaar, "
        "huishoudens 0,2-0,5 %-punt sneller, 75+ +2..+4 %/jaar; 67 %-interval +-2/4/6 % "
        "(inwoners), +-2,5/5/7,5 % (huishoudens), +-4/8/12 % (75+) in 2030/2035/2040. "
        "Decimale komma, een decimaal."
    )
    header_doc = {
        "bron": "pbl_cbs_prognose",
        "producent": f"{bron['producent']} (vorm); cijfers fictief",
        "titel": bron["titel"],
        "tabel_id": bron["tabel_id"],
        "licentie": bron["licentie"],
        "fictief": True,
        "toelichting": toelichting,
    }
    header_doc.update(selection_note(selection))
    write_provenance(folder, header_doc, [item])
    return [item]


# --------------------------------------------------------------------------- kwb copies


def write_kwb_copies(inputs: Inputs, selection: Selection, out: Path) -> list[Written]:
    """Write the real kwb files restricted to the selection (byte-exact lines) and provenance."""
    folder = out / "cbs_kwb"
    if folder.resolve() == (REPO / "data" / "raw" / "cbs_kwb").resolve():
        raise SystemExit("refusing to overwrite the real kwb files: give --out for a subset")
    prepare_folder(folder, ("kwb-*.csv", "provenance.yaml"))
    written = []
    for year in KWB_YEARS:
        header, lines = inputs.kwb_raw[year]
        kept = [lines[code] for code in sorted(lines) if selection.has(code)]
        path = folder / f"kwb-{year}.csv"
        path.write_bytes(header + b"".join(kept))
        written.append(Written(path, len(kept), f"01-01-{year}"))
    bron = inputs.bronnen["cbs_kwb"]
    header_doc = {
        "bron": "cbs_kwb",
        "producent": "CBS",
        "titel": bron["titel"],
        "tabel_id": bron["tabel_id"],
        "licentie": "CC BY 4.0",
        "fictief": False,
        "toelichting": "Echte CBS-cijfers, Kerncijfers wijken en buurten; uitsnede",
    }
    header_doc.update(selection_note(selection))
    write_provenance(folder, header_doc, written)
    return written


# --------------------------------------------------------------------------- summary and main


def summary(inputs: Inputs, figures: Figures) -> list[str]:
    """National totals per group and peildatum (all gemeenten), for the report."""
    lines = [f"centrumgemeenten: {len(figures.centrum)}"]
    for group in figures.cbs:
        for _key, title, year, word in cbs_periods():
            personen = sum(v[0] for v in moment_figures(inputs, figures, group, year, word).values())
            lines.append(f"cbs {group:<18} {title:<13} personen={personen}")
    for group, per_laag in figures.levering.items():
        maat = inputs.group(group)["maat"]
        for laag, per_year in per_laag.items():
            for year, cells in per_year.items():
                label = dutch_date(peildatum_for(maat, year))
                lines.append(
                    f"levering {group:<24} {laag:<13} {label} totaal={sum(cells.values())} "
                    f"nul={sum(1 for v in cells.values() if v == 0)} klein(1-4)="
                    f"{sum(1 for v in cells.values() if 0 < v < 5)}"
                )
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=REPO / "data" / "raw", help="output folder (default data/raw)"
    )
    parser.add_argument(
        "--gemeenten", help="comma-separated gemeente codes (2025 indeling), e.g. GM0855,GM0867"
    )
    parser.add_argument("--regio-type", help="select the members of a region: its type (e.g. koploperregio)")
    parser.add_argument("--regio", help="select the members of a region: its code (e.g. KL07)")
    parser.add_argument(
        "--summary", action="store_true", help="print national totals per group and peildatum"
    )
    parser.add_argument(
        "--cbs-formaat",
        choices=("parquet", "csv"),
        help="format of 85980NED_TypedDataSet (default: parquet for all gemeenten, as 'woonzorg fetch "
        "cbs' writes it; csv for a subset, readable in a text editor)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Generate all example files."""
    args = parse_args(argv)
    inputs = read_inputs(REPO)
    check_inputs(inputs)
    selection = parse_selection(inputs, args)
    out = args.out.resolve()
    if selection.is_subset and out == (REPO / "data" / "raw").resolve():
        raise SystemExit("a subset would overwrite the full example data: give --out")
    figures = make_figures(inputs)
    formaat = args.cbs_formaat or ("csv" if selection.is_subset else "parquet")
    written = write_cbs(inputs, figures, selection, out, formaat)
    written += write_gemeenten(inputs, figures, selection, out)
    written += write_prognose(inputs, figures, selection, out)
    if selection.is_subset:
        written += write_kwb_copies(inputs, selection, out)
    for item in sorted(written, key=lambda w: str(w.path)):
        print(f"{item.path.relative_to(out)}\t{item.rows} rijen")
    if args.summary:
        print("\n".join(summary(inputs, figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
