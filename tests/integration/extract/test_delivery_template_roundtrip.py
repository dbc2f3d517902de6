"""A filled delivery template, and a CSV with the same columns, go through validate and build.

The template is filled as a gemeente would: figures, a '.' for an unknown figure and
'niet geleverd' for what it does not deliver. Where a spreadsheet program is installed
(LibreOffice), the template's own checks are computed by it and compared with validate.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from woonzorg_analyse.cli import run
from woonzorg_analyse.extract.delivery_template import FIRST_ROW, HEADER_ROW, _formulas, _shift, make_template
from woonzorg_analyse.extract.sources.levering import COLUMNS, NIET_GELEVERD
from woonzorg_analyse.load.store import read_table
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build
from woonzorg_analyse.validate.files import validate_paths

# what Tilburg does not deliver (CBS publishes these), and what it does not know
NOT_DELIVERED = {("studenten", "populatie"), ("studenten", "urgente_vraag"), ("ouderen", "populatie"),
                 ("ouderen", "urgente_vraag"), ("arbeidsmigranten", "urgente_vraag")}  # fmt: skip
UNKNOWN = {("arbeidsmigranten", "populatie"), ("uitstroom_detentie", "urgente_vraag")}


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
    """Fill every prefilled row of a template as a gemeente would; return the rows with a figure."""
    workbook = load_workbook(path)
    sheet = workbook["aandachtsgroepen"]
    header = [c.value for c in sheet[HEADER_ROW]]
    col = {name: header.index(name) + 1 for name in COLUMNS["aandachtsgroepen"]}
    rows = 0
    for row in range(FIRST_ROW, sheet.max_row + 1):
        code = sheet.cell(row, col["aandachtsgroep"]).value
        if not code:
            continue
        key = (code, sheet.cell(row, col["laag"]).value)
        if key in NOT_DELIVERED:
            sheet.cell(row, col["aantal"]).value = NIET_GELEVERD
            continue
        sheet.cell(row, col["aantal"]).value = "." if key in UNKNOWN else amount(defs, *key)
        rows += 1
    aanbod = workbook["aanbod"]
    header = [c.value for c in aanbod[HEADER_ROW]]
    for offset, values in enumerate(
        [
            {"gemeente_code": "GM0855", "gemeente_naam": "Tilburg", "aandachtsgroep": "studenten",
             "woonvorm": "onzelfstandig", "jaar": 2026, "status": "gepland", "capaciteit": 120},
            {"gemeente_code": "GM0855", "gemeente_naam": "Tilburg", "aandachtsgroep": "ouderen",
             "woonvorm": "geclusterd", "jaar": 2025, "status": "bestaand", "capaciteit": 300},
            {"gemeente_code": "GM0855", "gemeente_naam": "Tilburg", "aandachtsgroep": "woonwagenbewoners",
             "woonvorm": "standplaats", "jaar": 2025, "status": "bestaand", "capaciteit": 40},
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
    # unfilled, the template is not a valid delivery: an empty aantal is a forgotten cell
    assert run(["validate", str(template), "--root", str(mini_project)]) == 1
    assert "kolom 'aantal': verplichte waarde ontbreekt; vul een geheel getal in" in capsys.readouterr().err
    rows = fill(template, defs)
    assert rows == sum(len(g.lagen) for g in defs.aandachtsgroepen.values()) - len(NOT_DELIVERED)
    assert run(["validate", str(template), "--root", str(mini_project)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{template}: in orde ({rows + 3} rijen, levering aandachtsgroepen en levering aanbod)",
        f"{template}: niet geleverd voor GM0855: arbeidsmigranten (urgente_vraag), "
        "studenten (populatie, urgente_vraag), ouderen (populatie, urgente_vraag)",
    ]

    # the same figures as a CSV with the same columns, for another gemeente of the region;
    # a row it does not deliver needs no peildatum or eenheid
    workbook = load_workbook(template, data_only=True)
    sheet = workbook["aandachtsgroepen"]
    csv_path = tmp_path / "levering_goirle.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS["aandachtsgroepen"])
        for values in sheet.iter_rows(
            min_row=FIRST_ROW, max_col=len(COLUMNS["aandachtsgroepen"]), values_only=True
        ):
            if values[0] is None:
                continue
            if values[6] == NIET_GELEVERD:
                writer.writerow(["GM0785", "Goirle", "", values[3], values[4], "", NIET_GELEVERD, ""])
                continue
            cells = ["GM0785", "Goirle", values[2].strftime("%d-%m-%Y"), *values[3:7], ""]
            writer.writerow(["" if v is None else v for v in cells])
    assert run(["validate", str(csv_path), "--root", str(mini_project)]) == 0, capsys.readouterr().err
    assert "niet geleverd voor GM0785: arbeidsmigranten (urgente_vraag)" in capsys.readouterr().out

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
    assert len(tilburg) == rows and len(new) == 2 * rows
    assert not set(zip(tilburg["aandachtsgroep"], tilburg["laag"], strict=True)) & NOT_DELIVERED
    bw = tilburg[(tilburg["aandachtsgroep"] == "uitstroom_bw") & (tilburg["laag"] == "populatie")]
    assert bw["aantal"].tolist() == [10] and bw["peildatum"].iloc[0] == pd.Timestamp("2024-12-31")
    dak = tilburg[(tilburg["aandachtsgroep"] == "dak_thuisloos") & (tilburg["laag"] == "populatie")]
    assert dak["peildatum"].iloc[0] == pd.Timestamp("2025-01-01")
    unknown = tilburg[
        [key in UNKNOWN for key in zip(tilburg["aandachtsgroep"], tilburg["laag"], strict=True)]
    ]
    assert len(unknown) == 2 and unknown["aantal"].isna().all() and (unknown["status"] == "onderdrukt").all()
    aanbod = read_table("stg_gemeente__aanbod", paths.parquet)
    tilburg_aanbod = aanbod[aanbod["gemeente_code"] == "GM0855"]
    assert tilburg_aanbod[tilburg_aanbod["jaar"] == 2026]["capaciteit"].sum() >= 120
    assert 40 in tilburg_aanbod[tilburg_aanbod["woonvorm"] == "standplaats"]["capaciteit"].tolist()


# --- the template's own checks, computed by a spreadsheet program ------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# (aandachtsgroep, laag) -> aantal on the prefilled Tilburg rows; extra rows below them
FIGURES = {
    ("statushouders", "populatie"): 100, ("statushouders", "urgente_vraag"): 120,
    ("urgenten", "urgente_vraag"): NIET_GELEVERD,
    ("uitstroom_intramuraal", "populatie"): 50, ("uitstroom_bw", "populatie"): 10,
    ("uitstroom_mo", "populatie"): 10, ("uitstroom_vrouwenopvang", "populatie"): 10,
    ("uitstroom_ggz_wlz", "populatie"): 10, ("uitstroom_jeugdzorg", "populatie"): 5,
    ("uitstroom_detentie", "populatie"): ".",
    ("uitstroom_intramuraal", "urgente_vraag"): 20, ("uitstroom_bw", "urgente_vraag"): 5,
    ("uitstroom_mo", "urgente_vraag"): 5, ("uitstroom_vrouwenopvang", "urgente_vraag"): 5,
    ("uitstroom_ggz_wlz", "urgente_vraag"): 5, ("uitstroom_jeugdzorg", "urgente_vraag"): 5,
    ("uitstroom_detentie", "urgente_vraag"): 0,
    ("dak_thuisloos", "urgente_vraag"): 12.5, ("dakloze_gezinnen", "urgente_vraag"): 3,
    ("arbeidsmigranten", "populatie"): 30, ("arbeidsmigranten", "urgente_vraag"): ".",
    ("studenten", "populatie"): 200, ("studenten", "urgente_vraag"): "Niet  Geleverd",
    ("woonwagenbewoners", "populatie"): 10, ("woonwagenbewoners", "urgente_vraag"): 4,
    ("ouderen", "populatie"): 1000, ("ouderen", "urgente_vraag"): 100,
    ("beperking", "populatie"): 40, ("beperking", "urgente_vraag"): 40,
}  # fmt: skip
EXTRA = [
    ["GM0855", "Tilburg", datetime(2024, 12, 31), "urgenten", "populatie", "huishoudens", 5],
    ["GM0855", "Tilburg", datetime(2025, 1, 1), "ouderen", "populatie", "personen", 1000],
    ["GM0785", "Goirle", datetime(2025, 1, 1), "statushouders", "populatie", "personen", 7],
    ["GM0784", "Gilze en Rijen", datetime(2024, 12, 31), "uitstroom_intramuraal", "populatie", "personen", 5],
    ["GM0784", "Gilze en Rijen", datetime(2024, 12, 31), "uitstroom_bw", "populatie", "personen", 8],
    ["GM0784", "Gilze en Rijen", datetime(2025, 1, 1), "ouderen", "populatie", "personen", "1.234"],
    # a negative parent is its own message; its subgroup (0) is not "larger" than it
    ["GM0824", "Oisterwijk", datetime(2024, 12, 31), "uitstroom_intramuraal", "populatie", "personen", -3],
    ["GM0824", "Oisterwijk", datetime(2024, 12, 31), "uitstroom_bw", "populatie", "personen", 0],
    ["GM0784", "Gilze en Rijen", "01-01-2025", "ouderen", "urgente_vraag", "personen", "1.2345"],
    ["GM0856", "X", datetime(2025, 1, 1), "beperking", "populatie", "personen", 3],
]
AANBOD = [
    ["GM0855", "Tilburg", "studenten", "onzelfstandig", 2026, "gepland", 120],
    ["GM0855", "Tilburg", "dak_thuisloos", "intramuraal", 2025, "bestaand", 10],
    ["GM0855", "Tilburg", "ouderen", "geclusterd", 2025, "bestaand", 300],
    ["GM0855", "Tilburg", "ouderen", "geclusterd", 2025, "bestaand", 300],
    ["GM0855", "Tilburg", "ouderen", "zelfstandig", 1990, "bestaand", 5],
    ["GM0855", "Tilburg", "ouderen", "zelfstandig", 2025, "wel", 5],
    ["GM0855", "Tilburg", "ouderen", "zelfstandig", 2027, "gepland", -1],
    ["GM0855", "Tilburg", "ouderen", "zelfstandig", "2028", "gepland", "1.234"],
    ["GM0855"],
]
# the controle message of every row that has one (all other rows: none)
EXPECTED = {
    ("aandachtsgroepen", "statushouders", "populatie", 100): "populatie is kleiner dan de urgente vraag",
    ("aandachtsgroepen", "statushouders", "urgente_vraag", 120): "urgente vraag is groter dan de populatie",
    ("aandachtsgroepen", "uitstroom_intramuraal", "urgente_vraag", 20):
        "totaal wijkt af van de som van de subgroepen (25)",
    ("aandachtsgroepen", "dak_thuisloos", "populatie", None):
        "vul aantal in: een geheel getal van 0 of meer, . (onbekend) of niet geleverd",
    ("aandachtsgroepen", "dak_thuisloos", "urgente_vraag", 12.5):
        "aantal: een geheel getal van 0 of meer, . (onbekend) of niet geleverd",
    ("aandachtsgroepen", "dakloze_gezinnen", "urgente_vraag", 3):
        "eenheid hoort niet bij deze groep (verwacht huishoudens)",
    ("aandachtsgroepen", "ouderen", "populatie", 1000):
        "dubbel: deze gemeente, peildatum, groep en laag staan er vaker",
    ("aandachtsgroepen", "urgenten", "populatie", 5): "laag hoort niet bij deze groep",
    ("aandachtsgroepen", "statushouders", "populatie", 7): "instroom: de peildatum is 31-12 van het jaar",
    ("aandachtsgroepen", "uitstroom_intramuraal", "populatie", 5): "hoofdgroep is kleiner dan een subgroep",
    ("aandachtsgroepen", "uitstroom_bw", "populatie", 8): "subgroep is groter dan hoofdgroep uitstroom_intramuraal",
    ("aandachtsgroepen", "uitstroom_intramuraal", "populatie", -3):
        "aantal: een geheel getal van 0 of meer, . (onbekend) of niet geleverd",
    ("aandachtsgroepen", "ouderen", "urgente_vraag", "1.2345"):
        "aantal: een geheel getal van 0 of meer, . (onbekend) of niet geleverd",
    ("aandachtsgroepen", "beperking", "populatie", 3): "gemeente_code: geen gemeente op 1-1-2025; controleer de code",
    ("aanbod", "dak_thuisloos", "intramuraal", 10): "woonvorm hoort niet bij deze groep (zie tabblad toelichting)",
    ("aanbod", "ouderen", "geclusterd", 300): "dubbel: deze gemeente, groep, woonvorm, jaar en status staan er vaker",
    ("aanbod", "ouderen", "zelfstandig", 5): None,  # two rows: jaar 1990 and status 'wel'
    ("aanbod", "ouderen", "zelfstandig", -1): "capaciteit: een geheel getal van 0 of meer",
    ("aanbod", None, None, None): "vul gemeente_code, aandachtsgroep, woonvorm, jaar, status, capaciteit in",
}  # fmt: skip


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is niet geïnstalleerd")
def test_controle_column_computed_by_a_spreadsheet_agrees_with_validate(defs, tmp_path):
    path = tmp_path / "levering.xlsx"
    path.write_bytes(make_template(defs, "855", 2025))
    workbook = load_workbook(path)
    sheet = workbook["aandachtsgroepen"]
    col = {c: n for n, c in enumerate(COLUMNS["aandachtsgroepen"], start=1)}
    prefilled = {}
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, 4).value:
            prefilled[(sheet.cell(row, 4).value, sheet.cell(row, 5).value)] = row
    for key, value in FIGURES.items():
        sheet.cell(prefilled[key], col["aantal"]).value = value
    sheet.cell(prefilled[("dakloze_gezinnen", "urgente_vraag")], col["eenheid"]).value = "personen"
    sheet.cell(
        prefilled[("studenten", "populatie")], col["peildatum"]
    ).value = "01-01-2025"  # text, as pasted
    first_extra = max(prefilled.values()) + 1
    for offset, values in enumerate(EXTRA):
        for number, value in enumerate(values, start=1):
            sheet.cell(first_extra + offset, number).value = value
    for offset, values in enumerate(AANBOD):
        for number, value in enumerate(values, start=1):
            workbook["aanbod"].cell(FIRST_ROW + offset, number).value = value
    workbook.save(path)

    # the data validations, written into spare cells of a copy, computed for every row too
    probe = tmp_path / "proef.xlsx"
    workbook = load_workbook(path)
    letters = {c: chr(ord("A") + n) for n, c in enumerate(COLUMNS["aandachtsgroepen"])}
    formulas = _formulas("aandachtsgroepen", letters, defs)
    last = first_extra + len(EXTRA) - 1
    for row in range(FIRST_ROW, last + 1):
        sheet = workbook["aandachtsgroepen"]
        sheet[f"K{row}"] = _shift(formulas["dv_aantal"], row)
        sheet[f"L{row}"] = _shift(formulas["dv_peildatum"], row)
        sheet[f"M{row}"] = _shift(f"COUNTIF({formulas['dv_laag']},$E5)>0", row)
        sheet[f"N{row}"] = _shift(f"COUNTIF({formulas['dv_eenheid']},$F5)>0", row)
    workbook.save(probe)
    computed = tmp_path / "computed"
    subprocess.run(  # both workbooks in one start of LibreOffice (a start takes seconds)
        [SOFFICE, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(computed), str(path), str(probe)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    values = load_workbook(computed / path.name, data_only=True)

    problems, _ = validate_paths([path], defs)
    flagged = {p.plaats for p in problems}
    seen = {}
    for topic in COLUMNS:
        sheet = values[topic]
        for row in range(FIRST_ROW, sheet.max_row + 1):
            cells = [sheet.cell(row, n).value for n in range(1, 8)]
            if all(c is None for c in cells):
                continue
            message = sheet.cell(row, 9).value
            key = (
                topic,
                cells[2 if topic == "aanbod" else 3],
                cells[3 if topic == "aanbod" else 4],
                cells[6],
            )
            assert not (isinstance(message, str) and message.startswith(("#", "Err:"))), (row, message)
            if key in EXPECTED and EXPECTED[key] is not None:
                assert message == EXPECTED[key], (topic, row)
            elif key not in EXPECTED:
                assert message is None, (topic, row, message)
            else:
                assert message
            seen[key] = True
            # every row validate refuses has a controle message (the reverse: one side of a pair)
            if f"blad {topic}, rij {row}" in flagged:
                assert message, (topic, row, [p.message() for p in problems if p.plaats.endswith(f" {row}")])
    assert set(EXPECTED) <= set(seen)
    assert len(flagged) >= 15

    probed = load_workbook(computed / probe.name, data_only=True)["aandachtsgroepen"]
    verdicts = {row: [probed[f"{c}{row}"].value for c in "KLMN"] for row in range(FIRST_ROW, last + 1)}
    # aantal: numbers, '.', the marker (any case and spacing) pass; 12,5 and other text do not;
    # an empty cell neither (Excel's allow_blank lets it be typed, the controle column names it)
    bad_aantal = {prefilled[("dak_thuisloos", "urgente_vraag")], prefilled[("dak_thuisloos", "populatie")]}
    bad_aantal |= {
        last - 1,
        first_extra + 5,
        first_extra + 6,  # the negative parent
    }  # text '1.234': typed, Excel makes it 1234; pasted, controle reads it
    assert {r for r, v in verdicts.items() if v[0] is not True} == bad_aantal
    # peildatum: a statushouders figure on 1-1 and a text date are refused at entry (an error refuses too)
    assert {r for r, v in verdicts.items() if v[1] is not True} == {
        prefilled[("studenten", "populatie")],
        first_extra + 2,
        last - 1,
    }
    # laag and eenheid: only those of the row's group
    assert {r for r, v in verdicts.items() if v[2] is not True} == {first_extra}
    assert {r for r, v in verdicts.items() if v[3] is not True} == {
        prefilled[("dakloze_gezinnen", "urgente_vraag")]
    }
