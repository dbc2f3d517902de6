"""Municipal deliveries: rows marked 'niet geleverd', the overview of what was not delivered,
an empty aantal, unknown figures in a sum, unread sheets; and the guide's messages."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT
from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.sources import levering
from woonzorg_analyse.validate.files import validate_paths

HEADER = "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"
AANBOD = "gemeente_code;gemeente_naam;aandachtsgroep;woonvorm;jaar;status;capaciteit;toelichting\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "raw" / "gemeenten" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_marked_niet_geleverd_are_left_out_and_named(tmp_path, defs):
    path = write(
        tmp_path,
        "levering.csv",
        HEADER + "GM0855;Tilburg;31-12-2024;urgenten;urgente_vraag;huishoudens;60;\n"
        ";;;studenten;populatie;;niet geleverd;CBS levert dit\n"  # only group and laag are needed
        "GM0855;Tilburg;;studenten;urgente_vraag;;  Niet  Geleverd ;\n",
    )
    frame = levering.load_aandachtsgroepen(path, defs)
    assert frame["aandachtsgroep"].tolist() == ["urgenten"] and frame["aantal"].tolist() == [60]
    (line,) = frame.attrs["overzicht"]
    assert line.startswith("niet geleverd voor GM0855: statushouders (populatie, urgente_vraag), ")
    assert "urgenten" not in line and "studenten (populatie, urgente_vraag)" in line
    assert line.endswith("beperking (populatie, urgente_vraag)")


def test_an_empty_aantal_is_still_an_error_that_names_the_marker(tmp_path, defs):
    path = write(
        tmp_path,
        "levering.csv",
        HEADER + "GM0855;Tilburg;31-12-2024;urgenten;urgente_vraag;huishoudens;;\n"
        "GM0855;Tilburg;31-12-2024;uitstroom_bw;populatie;personen;4;\n",
    )
    with pytest.raises(DataError) as error:
        levering.load_aandachtsgroepen(path, defs)
    (problem,) = error.value.problems
    assert problem.message() == (
        "gemeenten/levering.csv, regel 2, kolom 'aantal': verplichte waarde ontbreekt; vul een geheel getal in, "
        "een punt (.) als het aantal onbekend is, of 'niet geleverd' als u deze groep en laag niet levert"
    )
    # the forgotten cell counts as attempted, not as 'niet geleverd'; the good row travels on
    assert error.value.partial["aandachtsgroep"].tolist() == ["uitstroom_bw"]
    assert "urgenten" not in error.value.partial.attrs["overzicht"][0]


def test_a_marker_on_an_unknown_group_or_laag_is_an_error(tmp_path, defs):
    path = write(
        tmp_path,
        "levering.csv",
        HEADER + "GM0855;Tilburg;;studentn;populatie;;niet geleverd;\n"
        "GM0855;Tilburg;;urgenten;populatie;;niet geleverd;\n",
    )
    with pytest.raises(DataError) as error:
        levering.load_aandachtsgroepen(path, defs)
    assert [(p.plaats, p.kolom, p.regel) for p in error.value.problems] == [
        ("regel 2", "aandachtsgroep", "onbekende aandachtsgroep op een regel 'niet geleverd'"),
        ("regel 3", "laag", "laag niet toegestaan voor urgenten (toegestaan: urgente_vraag)"),
    ]


def test_gemeenten_that_miss_the_same_groups_share_a_line(defs):
    everything = {(g, groep.code, laag) for g in ("GM0001",) for groep in defs.aandachtsgroepen.values()
                  for laag in groep.lagen}  # fmt: skip
    geleverd = everything | {("GM0002", "urgenten", "urgente_vraag"), ("GM0003", "urgenten", "urgente_vraag")}
    lines = levering.niet_geleverd(geleverd, {("GM0004", "ouderen", "populatie")}, defs)
    assert len(lines) == 2  # GM0001 delivered everything
    assert lines[0].startswith("niet geleverd voor 2 gemeenten (GM0002, GM0003): statushouders (")
    assert lines[1].startswith("niet geleverd voor GM0004: statushouders (")
    assert "urgenten (urgente_vraag)" in lines[1] and "urgenten" not in lines[0]


def test_validate_names_what_was_not_delivered_apart_from_the_errors(tmp_path, defs):
    good = write(
        tmp_path, "goed.csv", HEADER + "GM0855;Tilburg;31-12-2024;urgenten;urgente_vraag;huishoudens;60;\n"
    )
    bad = write(
        tmp_path,
        "fout.csv",
        HEADER + "GM0785;Goirle;31-12-2024;urgenten;urgente_vraag;huishoudens;-3;\n"
        "GM0785;Goirle;;ouderen;populatie;;niet geleverd;\n",
    )
    problems, lines = validate_paths([good, bad], defs)
    assert [p.bestand for p in problems] == ["gemeenten/fout.csv"]  # the marked row is no problem
    assert lines[0] == "gemeenten/goed.csv: in orde (1 rij, levering aandachtsgroepen)"
    assert lines[1].startswith("gemeenten/goed.csv: niet geleverd voor GM0855: statushouders")
    assert lines[2].startswith("gemeenten/fout.csv: niet geleverd voor GM0785: statushouders")
    assert "ouderen (populatie, urgente_vraag)" in lines[2] and len(lines) == 3


def test_unknown_subgroup_leaves_the_sum_open_upwards(tmp_path, defs):
    children = ["uitstroom_bw", "uitstroom_mo", "uitstroom_vrouwenopvang", "uitstroom_ggz_wlz",
                "uitstroom_jeugdzorg", "uitstroom_detentie"]  # fmt: skip

    def delivery(total: int, last: str) -> Path:
        rows = [f"GM0855;Tilburg;31-12-2024;uitstroom_intramuraal;populatie;personen;{total};"]
        rows += [f"GM0855;Tilburg;31-12-2024;{c};populatie;personen;10;" for c in children[:-1]]
        rows += [f"GM0855;Tilburg;31-12-2024;{children[-1]};populatie;personen;{last};"]
        return write(tmp_path, f"som_{total}_{last}.csv", HEADER + "\n".join(rows) + "\n")

    def messages(path: Path) -> list[str]:
        return [p.regel for p in validate_paths([path], defs)[0]]

    assert messages(delivery(58, ".")) == []  # 50 known, one unknown: at least 50
    assert messages(delivery(40, ".")) == ["totaal wijkt af van de som van de subgroepen (minstens 50)"]
    assert messages(delivery(58, "5")) == ["totaal wijkt af van de som van de subgroepen (55)"]
    assert messages(delivery(55, "5")) == []


def test_a_sheet_that_is_not_read_is_named(tmp_path, defs):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Blad1"
    sheet = workbook.create_sheet("aanbod")
    sheet.append(levering.COLUMNS["aanbod"])
    sheet.append(["GM0855", "Tilburg", "ouderen", "geclusterd", 2025, "bestaand", 300, None])
    workbook.create_sheet("toelichting")
    path = tmp_path / "raw" / "gemeenten" / "levering.xlsx"
    path.parent.mkdir(parents=True)
    workbook.save(path)
    problems, lines = validate_paths([path], defs)
    assert problems == []
    assert lines == [
        "gemeenten/levering.xlsx: in orde (1 rij, levering aanbod)",
        "gemeenten/levering.xlsx: tabblad 'Blad1' is niet gelezen: alleen 'aandachtsgroepen' en 'aanbod' "
        "bevatten cijfers (is een tabblad hernoemd?)",
    ]


def test_every_message_in_the_guide_is_one_validate_gives(tmp_path, defs):
    """The guide's table of messages quotes what `woonzorg validate` really prints."""
    groepen = [
        "Tilburg;Tilburg;01-01-2025;ouderen;populatie;personen;1;",
        "GM0855;Tilburg;31-12-2024;urgenten;urgente_vraag;huishoudens;;",
        "GM0855;Tilburg;01-01-2025;beperking;populatie;personen;12,5;",
        "GM0856;X;01-01-2025;beperking;populatie;personen;3;",
        "GM0855;Tilburg;1 januari;ouderen;populatie;personen;3;",
        "GM0855;Tilburg;01-01-2025;statushouders;populatie;personen;3;",
        "GM0855;Tilburg;31-12-2024;urgenten;populatie;huishoudens;3;",
        "GM0855;Tilburg;01-01-2025;dakloze_gezinnen;urgente_vraag;personen;3;",
        "GM0855;Tilburg;01-01-2025;dak_thuisloos;populatie;personen;10;",
        "GM0855;Tilburg;01-01-2025;dak_thuisloos;urgente_vraag;personen;20;",
        "GM0855;Tilburg;31-12-2024;uitstroom_intramuraal;populatie;personen;5;",
        "GM0855;Tilburg;31-12-2024;uitstroom_bw;populatie;personen;8;",
        "GM0855;Tilburg;31-12-2024;uitstroom_intramuraal;urgente_vraag;personen;9;",
        *(f"GM0855;Tilburg;31-12-2024;uitstroom_{c};urgente_vraag;personen;1;"
          for c in ("bw", "mo", "vrouwenopvang", "ggz_wlz", "jeugdzorg", "detentie")),
        "GM0855;Tilburg;01-01-2025;woonwagenbewoners;populatie;huishoudens;3;",
        "GM0855;Tilburg;01-01-2025;woonwagenbewoners;populatie;huishoudens;3;",
        "GM0855;Tilburg;;studentn;populatie;;niet geleverd;",
    ]  # fmt: skip
    files = [
        write(tmp_path, "groepen.csv", HEADER + "\n".join(groepen) + "\n"),
        write(tmp_path, "aanbod.csv", AANBOD + "GM0855;Tilburg;dak_thuisloos;intramuraal;2025;bestaand;3;\n"),
        write(
            tmp_path,
            "kolom.csv",
            HEADER.replace(";eenheid", "") + "GM0855;T;01-01-2025;ouderen;populatie;3;\n",
        ),
    ]
    workbook = openpyxl.Workbook()
    workbook.active.title = "aandachtsgroepen"
    workbook.active.append(["Levering", "zonder kopregel"])
    files.append(tmp_path / "raw" / "gemeenten" / "kop.xlsx")
    workbook.save(files[-1])
    renamed = openpyxl.Workbook()
    renamed.active.title = "Blad1"
    files.append(tmp_path / "raw" / "gemeenten" / "hernoemd.xlsx")
    renamed.save(files[-1])
    problems, _ = validate_paths(files, defs)
    printed = [p.message() for p in problems]

    guide = (ROOT / "docs" / "handleiding-levering.md").read_text(encoding="utf-8")
    table = guide.split("## 8. Veelvoorkomende meldingen")[1]
    quoted = re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE)
    assert len(quoted) >= 15
    missing = [q for q in quoted if not any(q in message for message in printed)]
    assert missing == [], "\n".join(printed)


def test_a_workbook_row_without_a_gemeente_code_names_no_gemeente_in_the_overview(tmp_path, defs):
    """An empty cell of a workbook is None, also where the other cells are text: the overview of
    what was not delivered must not list it as a gemeente called 'nan'."""
    path = tmp_path / "raw" / "gemeenten" / "levering.xlsx"
    path.parent.mkdir(parents=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "aandachtsgroepen"
    sheet.append(HEADER.strip().split(";"))
    sheet.append(["GM0855", "Tilburg", "31-12-2024", "urgenten", "urgente_vraag", "huishoudens", 60, None])
    sheet.append([None, "Tilburg", "31-12-2024", "urgenten", "urgente_vraag", "huishoudens", 5, None])
    book.save(path)
    with pytest.raises(DataError) as error:
        levering.load_aandachtsgroepen(path, defs)
    assert [(p.plaats, p.kolom) for p in error.value.problems] == [
        ("blad aandachtsgroepen, rij 3", "gemeente_code")
    ]
    overzicht = error.value.partial.attrs["overzicht"]
    assert overzicht and all(line.startswith("niet geleverd voor GM0855:") for line in overzicht)
