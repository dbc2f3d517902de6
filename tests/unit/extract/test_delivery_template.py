"""Unit tests of the delivery template: sheets, headers, lists per group, validations, the
controle column, version, determinism; and the guide's lists against the definitions."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.extract.delivery_template import (
    CONTROLE,
    FIRST_ROW,
    HEADER_ROW,
    INPUT_ROWS,
    SHEETS,
    handleiding_bijwerken,
    handleiding_blokken,
    make_template,
)
from woonzorg_analyse.extract.sources.levering import COLUMNS, NIET_GELEVERD

GUIDE = ROOT / "docs" / "handleiding-levering.md"


@pytest.fixture(scope="module")
def template(defs) -> bytes:
    return make_template(defs, "855", 2025)


@pytest.fixture(scope="module")
def workbook(template):
    return load_workbook(io.BytesIO(template))


def named(workbook, name: str) -> list:
    """Return the values of the cells a workbook name points to, in order."""
    (sheet, ref), *_ = workbook.defined_names[name].destinations
    cells = workbook[sheet][ref.replace("$", "")]
    flat = [c for row in (cells if isinstance(cells, tuple) else ((cells,),)) for c in row]
    return [c.value for c in flat]


def validations(workbook, topic: str) -> dict:
    return {v.errorTitle: v for v in workbook[topic].data_validations.dataValidation}


def test_sheets_and_exact_loader_headers(workbook):
    assert workbook.sheetnames == list(SHEETS) == ["toelichting", "aandachtsgroepen", "aanbod", "lijsten"]
    assert workbook["lijsten"].sheet_state == "hidden"
    for topic, columns in COLUMNS.items():
        sheet = workbook[topic]
        header = [c.value for c in sheet[HEADER_ROW]]
        # exactly the loader's columns: the controle column right of them has no header
        assert [h for h in header if h is not None] == columns and header[: len(columns)] == columns
        # no row above the header starts with gemeente_code (the loader takes the first one)
        assert all(sheet.cell(r, 1).value != "gemeente_code" for r in range(1, HEADER_ROW))


def test_definitions_version_in_a_cell_and_the_properties(workbook, defs):
    info = workbook["toelichting"]
    assert [info["A2"].value, info["B2"].value] == ["definitieversie", defs.version]
    assert workbook.properties.version == defs.version
    assert workbook.custom_doc_props["definitieversie"].value == defs.version
    assert defs.version in workbook["aandachtsgroepen"]["A1"].value


def test_toelichting_lists_every_group_with_its_allowed_woonvormen(workbook, defs):
    rows = [[c.value for c in row] for row in workbook["toelichting"].iter_rows()]
    header = next(r for r in rows if r[0] == "code" and "woonvormen (aanbod)" in r)
    column = header.index("woonvormen (aanbod)")
    by_code = {r[0]: r for r in rows if r[0] in defs.aandachtsgroepen}
    assert set(by_code) == set(defs.aandachtsgroepen)
    for code, groep in defs.aandachtsgroepen.items():
        assert by_code[code][column] == ", ".join(groep.woonvormen)
        assert groep.omschrijving in by_code[code]
    cells = {c for r in rows for c in r}
    assert set(defs.woonvormen) <= cells
    text = " ".join(str(c) for c in cells if c)
    assert f"'{NIET_GELEVERD}'" in text and "1.234 wordt gelezen als 1234" in text


def test_lists_per_group_come_from_the_definitions(workbook, defs):
    assert named(workbook, "lijst_groepen") == list(defs.aandachtsgroepen)
    assert named(workbook, "lijst_woonvormen") == list(defs.woonvormen)
    assert named(workbook, "lijst_eenheden") == ["personen", "huishoudens"]  # woonruimten: no group uses it
    for code, groep in defs.aandachtsgroepen.items():
        assert named(workbook, f"woonvormen_{code}") == list(groep.woonvormen)
        assert named(workbook, f"lagen_{code}") == list(groep.lagen)
        assert named(workbook, f"eenheid_{code}") == [groep.eenheid]
    children = [g.code for g in defs.aandachtsgroepen.values() if g.ouder == "uitstroom_intramuraal"]
    assert named(workbook, "kinderen_uitstroom_intramuraal") == children
    gemeenten = named(workbook, "lijst_gemeenten")
    assert len(gemeenten) == len(defs.indeling(defs.referentiejaar)) and "GM0855" in gemeenten


def test_drop_downs_depend_on_the_group_of_the_row(workbook):
    aanbod = validations(workbook, "aanbod")
    # column C is aanbod's aandachtsgroep, column D its woonvorm
    assert aanbod["woonvorm"].formula1 == 'IF($C5="",lijst_woonvormen,INDIRECT("woonvormen_"&$C5))'
    assert str(aanbod["woonvorm"].sqref) == f"D{FIRST_ROW}:D{FIRST_ROW + INPUT_ROWS - 1}"
    groepen = validations(workbook, "aandachtsgroepen")
    assert groepen["laag"].formula1 == 'IF($D5="",lijst_lagen,INDIRECT("lagen_"&$D5))'
    assert groepen["eenheid"].formula1 == 'IF($D5="",lijst_eenheden,INDIRECT("eenheid_"&$D5))'
    assert groepen["aandachtsgroep"].formula1 == "lijst_groepen" == aanbod["aandachtsgroep"].formula1
    assert aanbod["status"].formula1 == "lijst_status"
    assert groepen["gemeente_code"].errorStyle == "warning"  # an older code may still be right


def test_validations_of_numbers_and_dates(workbook):
    groepen, aanbod = validations(workbook, "aandachtsgroepen"), validations(workbook, "aanbod")
    aantal = groepen["aantal"].formula1
    assert groepen["aantal"].type == "custom"
    # '.' (onbekend) and the marker are allowed; IF keeps INT() away from text (AND would error)
    assert aantal.startswith("IF(ISNUMBER($G5),") and '="."' in aantal and f'="{NIET_GELEVERD}"' in aantal
    assert groepen["peildatum"].type == "custom" and "MONTH($C5)=12" in groepen["peildatum"].formula1
    assert aanbod["capaciteit"].type == "whole" and aanbod["capaciteit"].formula1 == "0"
    assert (aanbod["jaar"].formula1, aanbod["jaar"].formula2) == ("2000", "2060")
    for rule in (*groepen.values(), *aanbod.values()):
        assert len(rule.formula1) <= 255, rule.errorTitle  # Excel's limit for a validation formula


def test_controle_column_on_every_input_row_and_red_rows(workbook):
    for topic, columns in COLUMNS.items():
        sheet = workbook[topic]
        column = len(columns) + 1
        assert sheet.cell(HEADER_ROW, column).value is None
        assert CONTROLE in sheet.cell(3, column).value
        first = sheet.cell(FIRST_ROW, column).value
        last = sheet.cell(FIRST_ROW + INPUT_ROWS - 1, column).value
        assert first.startswith("=IF(COUNTA($A5:$H5)=0,")
        assert last == re.sub(r"(\$[A-Z])5(?![0-9])", rf"\g<1>{FIRST_ROW + INPUT_ROWS - 1}", first)
        assert sheet.cell(FIRST_ROW + INPUT_ROWS, column).value is None
        (rule,) = [r for rules in sheet.conditional_formatting for r in rules.rules]
        assert rule.formula == ['$I5<>""']
    assert workbook.calculation.fullCalcOnLoad


def test_prefill_one_row_per_group_and_laag_with_peildatum_by_maat(workbook, defs):
    sheet = workbook["aandachtsgroepen"]
    rows = [[c.value for c in row][:8] for row in sheet.iter_rows(min_row=FIRST_ROW) if row[0].value]
    assert len(rows) == sum(len(g.lagen) for g in defs.aandachtsgroepen.values())
    assert {r[0] for r in rows} == {"GM0855"} and {r[1] for r in rows} == {"Tilburg"}
    by_group = {(r[3], r[4]): r for r in rows}
    assert by_group[("studenten", "populatie")][2] == datetime(2025, 1, 1)
    assert by_group[("statushouders", "urgente_vraag")][2] == datetime(2024, 12, 31)
    assert by_group[("urgenten", "urgente_vraag")][5] == "huishoudens"
    assert all(r[6] is None for r in rows)  # aantal is for the gemeente to fill in
    assert not any(row[0].value for row in workbook["aanbod"].iter_rows(min_row=FIRST_ROW))


def test_output_is_deterministic_and_fixed_in_time(defs, template, workbook):
    assert make_template(defs, "GM0855", 2025) == template
    assert make_template(defs) != template
    assert workbook.properties.modified == datetime(2026, 1, 1)


def test_unknown_gemeente_is_a_usage_error(defs):
    with pytest.raises(UsageError, match="GM9999 is geen gemeente"):
        make_template(defs, "9999")
    with pytest.raises(UsageError, match="geen geldige gemeentecode"):
        make_template(defs, "Tilburg")


def test_peildatum_rules(defs):
    assert defs.aandachtsgroepen["studenten"].peildatum_ronde(2025).isoformat() == "2025-01-01"
    assert defs.aandachtsgroepen["statushouders"].peildatum_ronde(2025).isoformat() == "2024-12-31"
    assert defs.aandachtsgroepen["statushouders"].peildatum(2025).isoformat() == "2025-12-31"


# --- the guide ---------------------------------------------------------------------------------


def test_guide_lists_are_those_of_the_definitions_and_the_template(defs):
    text = GUIDE.read_text(encoding="utf-8")
    blocks = handleiding_blokken(defs)
    for name in blocks:
        assert f"<!-- begin {name}: gegenereerd uit definitions/" in text, f"blok {name} ontbreekt"
    expected = handleiding_bijwerken(text, defs)
    assert text == expected, (
        "docs/handleiding-levering.md loopt achter op definitions/: vervang de gegenereerde blokken "
        "door handleiding_bijwerken(tekst, defs) uit woonzorg_analyse.extract.delivery_template"
    )


def test_guide_blocks_follow_a_change_in_the_definitions(defs):
    text = "<!-- begin eenheden: gegenereerd uit definitions/ -->\nEenheden: `woonruimten`.\n<!-- einde eenheden -->"
    assert handleiding_bijwerken(text, defs) == (
        "<!-- begin eenheden: gegenereerd uit definitions/ -->\n"
        "Eenheden in gebruik: `personen`, `huishoudens`.\n<!-- einde eenheden -->"
    )
    table = handleiding_blokken(defs)["aandachtsgroepen"]
    assert "| `dak_thuisloos` | Dak- en thuisloze mensen | personen | stand | 1-1 |" in table
    assert "`zelfstandig`, `geclusterd`, `onzelfstandig` |" in table.splitlines()[11]


def test_guide_prose_agrees_with_template_and_loader(defs):
    text = GUIDE.read_text(encoding="utf-8")
    words = {3: "drie", 4: "vier", 5: "vijf", 6: "zes"}
    assert f"{words[len(SHEETS)]} tabbladen" in text
    assert "`1.234` wordt gelezen als **1234**" in text
    assert f"`{NIET_GELEVERD}`" in text and "rij 5" in text and f"rij {HEADER_ROW}" in text
    assert "woonruimten" not in text.split("<!-- begin eenheden")[1].split("<!-- einde eenheden")[0]
