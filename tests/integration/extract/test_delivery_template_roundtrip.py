"""A filled delivery template, and a CSV with the same columns, go through validate and build."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from woonzorg_analyse.cli import run
from woonzorg_analyse.extract.delivery_template import FIRST_ROW, HEADER_ROW
from woonzorg_analyse.extract.sources.levering import COLUMNS
from woonzorg_analyse.load.store import read_table
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build


def amount(defs, code: str, laag: str) -> int:
    """A consistent figure: 10 (populatie) or 2 (urgente vraag) per group; a parent that is
    the sum of its subgroups gets that sum."""
    groep = defs.aandachtsgroepen[code]
    each = 10 if laag == "populatie" else 2
    if groep.som_van_subgroepen:
        children = [g for g in defs.aandachtsgroepen.values() if g.ouder == code and laag in g.lagen]
        return each * len(children)
    return each


def fill(path: Path, defs) -> int:
    """Fill every prefilled row of a template as a gemeente would; return the number of rows."""
    workbook = load_workbook(path)
    sheet = workbook["aandachtsgroepen"]
    header = [c.value for c in sheet[HEADER_ROW]]
    col = {name: header.index(name) + 1 for name in COLUMNS["aandachtsgroepen"]}
    rows = 0
    for row in range(FIRST_ROW, sheet.max_row + 1):
        code = sheet.cell(row, col["aandachtsgroep"]).value
        if not code:
            continue
        laag = sheet.cell(row, col["laag"]).value
        value = "." if (code, laag) == ("arbeidsmigranten", "urgente_vraag") else amount(defs, code, laag)
        sheet.cell(row, col["aantal"]).value = value
        rows += 1
    aanbod = workbook["aanbod"]
    header = [c.value for c in aanbod[HEADER_ROW]]
    for offset, values in enumerate(
        [
            {"gemeente_code": "GM0855", "gemeente_naam": "Tilburg", "aandachtsgroep": "studenten",
             "woonvorm": "onzelfstandig", "jaar": 2026, "status": "gepland", "capaciteit": 120},
            {"gemeente_code": "GM0855", "gemeente_naam": "Tilburg", "aandachtsgroep": "ouderen",
             "woonvorm": "geclusterd", "jaar": 2025, "status": "bestaand", "capaciteit": 300},
        ]
    ):  # fmt: skip
        for name, value in values.items():
            aanbod.cell(FIRST_ROW + offset, header.index(name) + 1).value = value
    workbook.save(path)
    return rows


def test_filled_template_and_csv_round_trip_through_validate_and_build(mini_project, defs, capsys, tmp_path):
    template = tmp_path / "levering_tilburg.xlsx"
    assert run(["template", "--out", str(template), "--gemeente", "855", "--ronde", "2025",
                "--root", str(mini_project)]) == 0  # fmt: skip
    # unfilled, the template is not a valid delivery: every aantal is still empty
    assert run(["validate", str(template), "--root", str(mini_project)]) == 1
    assert "kolom 'aantal': verplichte waarde ontbreekt" in capsys.readouterr().err
    rows = fill(template, defs)
    assert rows == sum(len(g.lagen) for g in defs.aandachtsgroepen.values())
    assert run(["validate", str(template), "--root", str(mini_project)]) == 0, capsys.readouterr().err
    assert f"in orde ({rows + 2} rijen" in capsys.readouterr().out

    # the same figures as a CSV with the same columns, for another gemeente of the region
    workbook = load_workbook(template, data_only=True)
    sheet = workbook["aandachtsgroepen"]
    csv_path = tmp_path / "levering_goirle.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS["aandachtsgroepen"])
        for values in sheet.iter_rows(min_row=FIRST_ROW, values_only=True):
            if values[0] is None:
                continue
            cells = ["GM0785", "Goirle", values[2].strftime("%d-%m-%Y"), *values[3:7], ""]
            writer.writerow(["" if v is None else v for v in cells])
    assert run(["validate", str(csv_path), "--root", str(mini_project)]) == 0, capsys.readouterr().err

    # both go into data/raw/gemeenten unchanged and are built with the example deliveries
    gemeenten = mini_project / "data" / "raw" / "gemeenten"
    (gemeenten / template.name).write_bytes(template.read_bytes())
    (gemeenten / csv_path.name).write_bytes(csv_path.read_bytes())
    paths = Paths.from_root(mini_project)
    build(paths)
    staged = read_table("stg_gemeente__aandachtsgroepen", paths.parquet)
    new = staged[staged["peildatum"] >= pd.Timestamp("2024-12-31")]
    assert set(new["gemeente_code"]) == {"GM0855", "GM0785"}
    tilburg = new[new["gemeente_code"] == "GM0855"]
    assert len(tilburg) == rows
    studenten = tilburg[(tilburg["aandachtsgroep"] == "studenten") & (tilburg["laag"] == "populatie")]
    assert studenten["aantal"].tolist() == [10] and studenten["peildatum"].iloc[0] == pd.Timestamp(
        "2025-01-01"
    )
    statushouders = tilburg[(tilburg["aandachtsgroep"] == "statushouders") & (tilburg["laag"] == "populatie")]
    assert statushouders["peildatum"].iloc[0] == pd.Timestamp("2024-12-31")
    unknown = tilburg[
        (tilburg["aandachtsgroep"] == "arbeidsmigranten") & (tilburg["laag"] == "urgente_vraag")
    ]
    assert unknown["aantal"].isna().all() and (unknown["status"] == "onderdrukt").all()
    aanbod = read_table("stg_gemeente__aanbod", paths.parquet)
    assert aanbod[(aanbod["gemeente_code"] == "GM0855") & (aanbod["jaar"] == 2026)]["capaciteit"].sum() >= 120
