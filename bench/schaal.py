"""Make a scaled but valid copy of the project for the benchmark: ``factor`` times the delivery
rounds of the embedded example data.

The embedded data hold two delivery rounds per woondealregio (2023 and 2024: the stand on
1 January and the instroom of the year before). A project scaled ``factor`` times holds
``2 * factor`` rounds: the two real ones plus older rounds 2022, 2021, ... Each older round
repeats the figures of the 2023 round of its region, with every peildatum moved to that round
(stand 01-01-Y, instroom 31-12-(Y-1)). Repeating the figures of one round keeps every rule of
the definitions true within the round: subgroups against their parent, the urgente vraag
against the populatie, totals against their parts, and every count below the inhabitants.

A gemeente delivers a round only when its code is in force on the round's peildatum, as the
build demands. The real gemeente indeling in definitions/regios starts in 2019; for the older
synthetic rounds the scaled project's definitions get the indeling of 2019 for each earlier
year, and the year fields of velden*.yaml a lower bound of that first year (nothing else in
definitions/ changes); the CBS kerncijfers get the inhabitants of 2020 as an edition of that first
year, so that every older round has inhabitants (the latest 1 January on or before it). The
older rounds of a region go into one file, ``levering_aandachtsgroepen_<regio>_historie.csv``,
listed in provenance.yaml with its checksum, so the number of files stays that of the embedded
data and only the rows grow.

Deterministic: the same factor gives the same bytes.

    python bench/schaal.py --factor 100 --uit /tmp/schaal100
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import re
import shutil
import sys
from pathlib import Path

import yaml

from woonzorg_analyse.extract.parsing import normalise_gemeente_code, parse_date
from woonzorg_analyse.extract.sources.levering import COLUMNS, read_topic

ROOT = Path(__file__).resolve().parents[1]
BASE_ROUND = 2023
FIRST_INDELING = 2019
HEADER = COLUMNS["aandachtsgroepen"]


def rounds(factor: int) -> list[int]:
    """Return the years of the extra rounds of a project scaled ``factor`` times, newest first."""
    return [BASE_ROUND - 1 - i for i in range(2 * factor - 2)]


def in_force(gemeenten: list[dict[str, str]]) -> dict[int, dict[str, str]]:
    """Return per indeling year the codes in force with their einddatum ('' when none)."""
    result: dict[int, dict[str, str]] = {}
    for row in gemeenten:
        result.setdefault(int(row["indeling_jaar"]), {})[row["gemeente_code"]] = row["einddatum"]
    return result


def exists(indeling: dict[int, dict[str, str]], code: str, day: dt.date) -> bool:
    """Return whether ``code`` is in force on ``day`` (as definitions.Definitions.gemeenten_op)."""
    einde = indeling.get(day.year, {}).get(code)
    return einde is not None and (einde == "" or dt.date.fromisoformat(einde) > day)


def extend_indeling(definitions: Path, first_year: int) -> None:
    """Give the years ``first_year`` .. 2018 the indeling of 2019 in ``definitions/regios``, and
    lower the bounds of the year fields (2019 for indeling_jaar, 2000 for the others) to
    ``first_year`` so that the older rounds and their indeling pass the schemas."""
    for velden in sorted(definitions.glob("velden*.yaml")):
        text = velden.read_text(encoding="utf-8")
        lowered = re.sub(r"(?m)^(  min: )(2019|2000)$", rf"\g<1>{first_year}", text)
        if lowered != text:
            velden.write_text(lowered, encoding="utf-8")
    path = definitions / "regios" / "gemeenten.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    base = [r for r in rows if int(r["indeling_jaar"]) == FIRST_INDELING]
    extra = [{**r, "indeling_jaar": str(year)} for year in range(first_year, FIRST_INDELING) for r in base]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(extra + rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def add_inhabitants(folder: Path, year: int) -> None:
    """Give the older rounds inhabitants: the kerncijfers of 2020 (the first edition, on the
    indeling of 2019) as the edition of ``year``. A figure takes the inhabitants of the latest
    1 January on or before its peildatum, so one edition serves every older round."""
    source = folder / f"kwb-{FIRST_INDELING + 1}.csv"
    data = source.read_bytes()
    (folder / f"kwb-{year}.csv").write_bytes(data)
    provenance = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in provenance["bestanden"] if e["bestand"] == source.name)
    provenance["bestanden"].insert(
        0,
        {
            **entry,
            "bestand": f"kwb-{year}.csv",
            "sha256": hashlib.sha256(data).hexdigest(),
            "peildatum": f"01-01-{year}",
        },
    )
    (folder / "provenance.yaml").write_text(
        yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def history_rows(
    base: list[list[object]], years: list[int], indeling: dict[int, dict[str, str]]
) -> list[list[str]]:
    """Return the rows of the older rounds ``years`` made from the rows ``base`` of one region's
    2023 round (raw cells in delivery column order)."""
    out = []
    for year in years:
        shift = year - BASE_ROUND
        for cells in base:
            row = dict(zip(HEADER, cells, strict=True))
            code = normalise_gemeente_code(row["gemeente_code"])
            day = parse_date(row["peildatum"])
            moved = day.replace(year=day.year + shift)
            # an instroom (peildatum 31-12) needs the code in force on 1 January of that year
            check = moved if (moved.month, moved.day) == (1, 1) else moved.replace(month=1, day=1)
            if not exists(indeling, code, check):
                continue
            values = {**row, "gemeente_code": code, "peildatum": moved.strftime("%d-%m-%Y")}
            out.append(["" if values[c] is None else str(values[c]) for c in HEADER])
    return out


def make_scaled_project(target: Path, factor: int, root: Path = ROOT) -> Path:
    """Write a project scaled ``factor`` times to ``target`` (definitions/ and data/raw/) and
    return it. ``factor`` 1 is a plain copy of the embedded data."""
    if factor < 1:
        raise ValueError("factor moet 1 of groter zijn")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(root / "definitions", target / "definitions")
    shutil.copytree(root / "data" / "raw", target / "data" / "raw")
    (target / "data" / "processed").mkdir(parents=True)
    years = rounds(factor)
    if not years:
        return target
    first = min(years) - 1  # the instroom of the oldest round lies in the year before it
    if first < FIRST_INDELING:
        extend_indeling(target / "definitions", first)
        add_inhabitants(target / "data" / "raw" / "cbs_kwb", first)
    with (target / "definitions" / "regios" / "gemeenten.csv").open(encoding="utf-8") as handle:
        indeling = in_force(list(csv.DictReader(handle)))
    folder = target / "data" / "raw" / "gemeenten"
    provenance = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))
    for path in sorted(folder.glob(f"levering_aandachtsgroepen_*_{BASE_ROUND}.*")):
        regio = path.stem.split("_")[2]
        raw = read_topic(path, "aandachtsgroepen")
        base = raw[HEADER].astype(object).where(raw[HEADER].notna(), None).values.tolist()
        rows = history_rows(base, years, indeling)
        name = f"levering_aandachtsgroepen_{regio}_historie.csv"
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
        data = text.getvalue().encode("utf-8")
        (folder / name).write_bytes(data)
        provenance["bestanden"].append(
            {
                "bestand": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "peildatum": f"rondes {min(years)}-{max(years)} (herhaling van ronde {BASE_ROUND})",
                "rijen": len(rows),
                "bron": "gemeentelijke_levering",
            }
        )
    (folder / "provenance.yaml").write_text(
        yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target


def delivery_rows(project: Path) -> int:
    """Return the number of data rows of the aandachtsgroepen deliveries of ``project``."""
    provenance = yaml.safe_load(
        (project / "data" / "raw" / "gemeenten" / "provenance.yaml").read_text(encoding="utf-8")
    )
    return sum(
        int(e.get("rijen") or 0) for e in provenance["bestanden"] if e.get("bron") == "gemeentelijke_levering"
    )


def main(argv: list[str] | None = None) -> int:
    """Write a scaled project; print where and how many delivery rows it holds."""
    parser = argparse.ArgumentParser(description="Maak een geschaald project (meer leverrondes).")
    parser.add_argument("--factor", type=int, required=True, help="1, 10, 100: keer de leverrondes")
    parser.add_argument("--uit", type=Path, required=True, help="Map voor het geschaalde project")
    args = parser.parse_args(argv)
    project = make_scaled_project(args.uit, args.factor)
    print(f"{project}: {2 * args.factor} leverrondes, {delivery_rows(project)} rijen aandachtsgroepen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
