"""A full-size CBS 85980NED snapshot for the benchmark, and the measurement of loading it.

The real table holds 32,331,535 observations (issue 16): every category of "Aandachtsgroep
volkshuisvesting" by every kenmerk, region and period, with three measures. A user may fetch all
of it. :func:`generate_snapshot` writes a snapshot of that size in the shape ``woonzorg fetch
cbs`` writes (``85980NED_TypedDataSet.parquet``, DataProperties, the dimension lists and a
provenance.yaml), deterministically (a fixed seed), with:

- the categories, kenmerken and period words that ``definitions/bronnen.yaml`` maps, plus as
  many categories and kenmerken it does not map as the size needs (reported, not used, as with
  the real table);
- for every period (two moments a year, 2020 to 2024) the gemeenten in force that day, the
  provinces, Nederland, and 4 landsdelen and 40 COROP areas (not used by the analysis);
- counts that are consistent where the build checks them: the province and NL totals of
  kenmerk Totaal are the rounded sums of their gemeenten; a breakdown fills only personen.

:func:`make_project` copies the project's embedded inputs and definitions into a folder and adds
the snapshot; ``make bench`` (bench/run.py) runs ``woonzorg build --bron cbs`` on it and measures
the wall time and peak memory of loading the whole snapshot into the warehouse (with the rest of
the build).
"""

from __future__ import annotations

import hashlib
import math
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from woonzorg_analyse.definitions import Definitions, load_definitions

OBSERVATIONS = 32_331_535  # the real table (issue 16)
MEASURES = (
    ("TotaalPersonen_1", "personen"),
    ("TotaalHuishoudens_2", "huishoudens"),
    ("TotaalWoonruimten_3", "woonruimten"),
)
YEARS = (2020, 2021, 2022, 2023, 2024)
EXTRA_KENMERKEN = tuple(
    f"{soort}: {waarde}"
    for soort, waarden in (
        ("Migratieachtergrond", ("Nederland", "Europa (exclusief Nederland)", "buiten Europa")),
        ("Inkomen", ("laagste 40%", "middelste 20%", "hoogste 40%", "onbekend")),
        ("Woningbezit", ("eigen woning", "huurwoning corporatie", "huurwoning overig", "onbekend")),
        ("Positie in het huishouden", ("thuiswonend kind", "alleenstaande", "partner")),
    )
    for waarde in waarden
)
SEED = 20250301
DAY = date(2025, 3, 1)


def _pad(key: str) -> str:
    return key.ljust(8)


def _round5(values: np.ndarray) -> np.ndarray:
    """CBS rounding: a multiple of 5, and NaN (null, '.') for a true value below 5."""
    rounded = 5 * np.floor(values / 5 + 0.5)
    return np.where(values < 5, np.nan, rounded)


def _periods(defs: Definitions) -> list[tuple[str, str, date]]:
    """(key, title, day) of every moment: the words of bronnen.yaml's perioden, per year."""
    bron = defs.bronnen["cbs_aandachtsgroepen"]
    result = []
    for year in YEARS:
        for number, word in enumerate(bron.perioden or {}, start=1):
            result.append((f"{year}MM{number:02d}", f"{year} {word}", bron.moment(word, year)))
    return result


def generate_snapshot(folder: Path, defs: Definitions, observations: int = OBSERVATIONS) -> dict:
    """Write a snapshot of ``observations`` observations (rows x 3 measures) into ``folder``.

    Returns the numbers: rows, observations, categories, kenmerken, periods, regions and bytes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    bron = defs.bronnen["cbs_aandachtsgroepen"]
    rng = np.random.default_rng(SEED)
    periods = _periods(defs)
    provinces = sorted(defs.regios.loc[defs.regios["regio_type"] == "provincie", "regio_code"])
    others = [f"LD{n:02d}" for n in range(1, 5)] + [f"CR{n:02d}" for n in range(1, 41)]
    regions_per_period = []
    for _key, _title, day in periods:
        in_force = sorted(defs.gemeenten_op(day))
        indeling = defs.gemeenten[defs.gemeenten["indeling_jaar"] == day.year].set_index("gemeente_code")
        province_of = [provinces.index(indeling.loc[code, "provincie_code"]) for code in in_force]
        regions_per_period.append((in_force, np.array(province_of)))
    kenmerken = [*(bron.kenmerken or {}), *EXTRA_KENMERKEN]
    totaal = next(title for title, code in (bron.kenmerken or {}).items() if code == "totaal")
    household = {
        title
        for title, code in (bron.kenmerken or {}).items()
        if code in ("eenpersoons", "meerpersoons", "institutioneel")
    }
    rows_per_category = sum(
        (len(g) + len(provinces) + 1 + len(others)) * len(kenmerken) for g, _p in regions_per_period
    )
    target_rows = math.ceil(observations / len(MEASURES))
    mapped = list(bron.categorieen or {})
    n_categories = max(len(mapped), math.ceil(target_rows / rows_per_category))
    categories = mapped + [
        f"Aandachtsgroep {n:03d}: totaal" for n in range(len(mapped) + 1, n_categories + 1)
    ]

    schema = pa.schema(
        [
            pa.field("ID", pa.int64()),
            pa.field("AandachtsgroepVolkshuisvesting", pa.string()),
            pa.field("Kenmerken", pa.string()),
            pa.field("RegioS", pa.string()),
            pa.field("Perioden", pa.string()),
            *(pa.field(key, pa.float64()) for key, _unit in MEASURES),
        ]
    )
    data_path = folder / "85980NED_TypedDataSet.parquet"
    written = 0
    with pq.ParquetWriter(data_path, schema, compression="zstd") as writer:
        for c_index in range(len(categories)):
            if written >= target_rows:
                break
            columns: dict[str, list[np.ndarray]] = {name: [] for name in schema.names}
            scale = rng.uniform(5, 400)
            for (period_key, _title, _day), (gemeenten, province_of) in zip(
                periods, regions_per_period, strict=True
            ):
                base = rng.gamma(1.5, scale, size=len(gemeenten))
                for k_index, kenmerk in enumerate(kenmerken):
                    share = 1.0 if kenmerk == totaal else rng.uniform(0.02, 0.6)
                    personen = np.floor(base * share)
                    huishoudens = np.floor(personen / rng.uniform(1.1, 1.8))
                    woonruimten = np.floor(huishoudens * rng.uniform(0.85, 1.0))
                    values = np.stack([personen, huishoudens, woonruimten])
                    sums = np.stack(
                        [np.bincount(province_of, weights=v, minlength=len(provinces)) for v in values]
                    )
                    nl = values.sum(axis=1, keepdims=True)
                    other = np.tile(nl / len(others), (1, len(others)))
                    cells = _round5(np.concatenate([nl, sums, values, other], axis=1))
                    if kenmerk != totaal:  # a breakdown fills only personen (and households for those kinds)
                        cells[2] = np.nan
                        if kenmerk not in household:
                            cells[1] = np.nan
                    keys = ["NL01", *provinces, *gemeenten, *others]
                    n = len(keys)
                    columns["AandachtsgroepVolkshuisvesting"].append(
                        np.full(n, _pad(f"A{48583 + c_index:06d}"))
                    )
                    columns["Kenmerken"].append(np.full(n, _pad(f"K{k_index:05d}")))
                    columns["RegioS"].append(np.array([_pad(k) for k in keys]))
                    columns["Perioden"].append(np.full(n, period_key))
                    for (key, _unit), measure in zip(MEASURES, cells, strict=True):
                        columns[key].append(measure)
            chunk = {name: np.concatenate(parts) for name, parts in columns.items() if parts}
            size = min(len(chunk["Perioden"]), target_rows - written)
            arrays = [pa.array(np.arange(written, written + size, dtype=np.int64))]
            for name in schema.names[1:5]:
                arrays.append(pa.array(chunk[name][:size], pa.string()))
            for key, _unit in MEASURES:
                arrays.append(pa.array(chunk[key][:size], pa.float64(), from_pandas=True))
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            written += size

    def csv_file(name: str, header: list[str], rows: list[list[object]]) -> Path:
        path = folder / name
        lines = [";".join(header), *(";".join("" if c is None else str(c) for c in row) for row in rows)]
        path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
        return path

    titles = dict(zip(defs.regios["regio_code"], defs.regios["regio_naam"], strict=True))
    gemeente_names = dict(zip(defs.gemeenten["gemeente_code"], defs.gemeenten["gemeente_naam"], strict=True))
    all_regions = ["NL01", *provinces, *sorted({c for g, _p in regions_per_period for c in g}), *others]
    files = [
        csv_file(
            "85980NED_DataProperties.csv",
            ["Key", "Type", "Title", "Unit", "Decimals"],
            [
                [
                    "AandachtsgroepVolkshuisvesting",
                    "Dimension",
                    (bron.dimensies or {})["categorie"],
                    None,
                    None,
                ],
                ["Kenmerken", "Dimension", (bron.dimensies or {})["kenmerk"], None, None],
                ["RegioS", "GeoDimension", "Regio's", None, None],
                ["Perioden", "TimeDimension", "Perioden", None, None],
                *([key, "Topic", (bron.maten or {})[unit], "aantal", 0] for key, unit in MEASURES),
            ],
        ),
        csv_file(
            "85980NED_AandachtsgroepVolkshuisvesting.csv",
            ["Key", "Title"],
            [[_pad(f"A{48583 + i:06d}"), title] for i, title in enumerate(categories)],
        ),
        csv_file(
            "85980NED_Kenmerken.csv",
            ["Key", "Title"],
            [[_pad(f"K{i:05d}"), t] for i, t in enumerate(kenmerken)],
        ),
        csv_file(
            "85980NED_RegioS.csv",
            ["Key", "Title"],
            [[_pad(k), titles.get(k) or gemeente_names.get(k) or f"Regio {k}"] for k in all_regions],
        ),
        csv_file(
            "85980NED_Perioden.csv",
            ["Key", "Title", "Status"],
            [[k, t, "Definitief"] for k, t, _d in periods],
        ),
    ]
    entries = [
        {"bestand": path.name, "sha256": _sha256(path), "rijen": written if path == data_path else None}
        for path in [data_path, *files]
    ]
    provenance = {
        "bron": "cbs_aandachtsgroepen",
        "producent": "CBS (vorm); cijfers gegenereerd voor de benchmark",
        "tabel_id": "85980NED",
        "datum": DAY.isoformat(),
        "licentie": "CC BY 4.0",
        "fictief": True,
        "toelichting": f"Gegenereerd door bench_cbs: {written * len(MEASURES)} waarnemingen.",
        "bestanden": [{k: v for k, v in e.items() if v is not None} for e in entries],
    }
    (folder / "provenance.yaml").write_text(
        yaml.safe_dump(provenance, sort_keys=False, allow_unicode=True), "utf-8"
    )
    return {
        "rijen": written,
        "waarnemingen": written * len(MEASURES),
        "categorieen": len(categories),
        "categorieen_gebruikt": len(mapped),
        "kenmerken": len(kenmerken),
        "perioden": len(periods),
        "regios": len(all_regions),
        "parquet_mb": round(data_path.stat().st_size / 1e6, 1),
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_project(root: Path, folder: Path, observations: int = OBSERVATIONS) -> dict:
    """Copy the definitions and embedded inputs of the project at ``root`` into ``folder`` and add a
    generated snapshot of ``observations`` observations; return the snapshot's numbers.

    ``make bench`` (bench/run.py) then measures ``woonzorg build --bron cbs`` on ``folder``."""
    root = root.resolve()
    shutil.copytree(root / "definitions", folder / "definitions")
    shutil.copytree(root / "data" / "raw", folder / "data" / "raw")
    (folder / "data" / "processed").mkdir(parents=True)
    defs = load_definitions(folder / "definitions")
    snapshot = folder / "data" / "raw" / "cbs" / "85980NED" / DAY.isoformat()
    return generate_snapshot(snapshot, defs, observations)
