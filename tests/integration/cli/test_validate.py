"""`woonzorg validate`: one test per kind of bad input, with the exact Dutch message and exit code."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT
from woonzorg_analyse.cli import run

HEADER = "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"


def validate(capsys, *paths: Path) -> tuple[int, str, str]:
    code = run(["validate", "--root", str(ROOT), *map(str, paths)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def delivery(tmp_path: Path, body: str, name: str = "levering.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_clean_delivery_passes(tmp_path, capsys):
    path = delivery(tmp_path, "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;120;\n")
    code, out, err = validate(capsys, path)
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first == f"{path}: in orde (1 rij, levering aandachtsgroepen)"
    assert second.startswith(f"{path}: niet geleverd voor GM0855: statushouders (populatie, urgente_vraag), ")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;-3;\n",
            "regel 2, kolom 'aantal': moet 0 of groter zijn (waarde: '-3')",
        ),
        (
            "GM0855;Tilburg;01-01-2024;daklozen;populatie;personen;3;\n",
            "regel 2, kolom 'aandachtsgroep': onbekende waarde (toegestaan: statushouders, urgenten, "
            "uitstroom_intramuraal, uitstroom_bw, uitstroom_mo, uitstroom_vrouwenopvang, uitstroom_ggz_wlz, "
            "uitstroom_jeugdzorg, uitstroom_detentie, dak_thuisloos, dakloze_gezinnen, arbeidsmigranten, "
            "studenten, woonwagenbewoners, ouderen, beperking) (waarde: 'daklozen')",
        ),
        (
            "GM9999;Nergens;01-01-2024;dak_thuisloos;populatie;personen;3;\n",
            "regel 2, kolom 'gemeente_code': gemeentecode GM9999 bestaat niet op 01-01-2024 (waarde: 'GM9999'); "
            "controleer de code tegen de CBS-indeling van dat jaar",
        ),
        (
            "GM0501;Brielle;01-01-2024;dak_thuisloos;populatie;personen;3;\n",
            "regel 2, kolom 'gemeente_code': gemeentecode GM0501 bestaat niet op 01-01-2024 (waarde: 'GM0501'); "
            "controleer de code tegen de CBS-indeling van dat jaar",
        ),
        (
            "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;huishoudens;3;\n",
            "regel 2, kolom 'eenheid': eenheid past niet bij dak_thuisloos (verwacht personen) (waarde: 'huishoudens')",
        ),
        (
            "GM0855;Tilburg;31-12-2023;urgenten;populatie;huishoudens;3;\n",
            "regel 2, kolom 'laag': laag niet toegestaan voor urgenten (toegestaan: urgente_vraag) (waarde: 'populatie')",
        ),
        (
            "GM0855;Tilburg;01-01-2024;uitstroom_bw;populatie;personen;3;\n",
            "regel 2, kolom 'peildatum': uitstroom_bw is instroom per jaar: peildatum moet 31-12 van dat jaar zijn "
            "(waarde: '01-01-2024')",
        ),
        (
            "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;30;\n"
            "GM0855;Tilburg;01-01-2024;dak_thuisloos;urgente_vraag;personen;40;\n",
            "regel 3, kolom 'aantal': urgente vraag is groter dan de populatie (30, regel 2) (waarde: '40')",
        ),
        (
            "GM0855;Tilburg;31-12-2023;uitstroom_intramuraal;populatie;personen;10;\n"
            "GM0855;Tilburg;31-12-2023;uitstroom_bw;populatie;personen;12;\n",
            "regel 3, kolom 'aantal': subgroep is groter dan hoofdgroep uitstroom_intramuraal (10, regel 2) "
            "(waarde: '12')",
        ),
        (
            "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;30;\n"
            "855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;31;\n",
            "regel 3, kolom 'laag': dubbele rij: dezelfde sleutel staat ook op regel 2 "
            "(waarde: 'GM0855 / 01-01-2024 / dak_thuisloos / populatie')",
        ),
        (
            "GM0855;Tilburg;2024;dak_thuisloos;populatie;personen;30;\n",
            "regel 2, kolom 'peildatum': geen geldige datum (verwacht dd-mm-jjjj) (waarde: '2024')",
        ),
    ],
    ids=[
        "negatief",
        "onbekende-groep",
        "onbekende-gemeente",
        "opgeheven-gemeente",
        "eenheid",
        "laag",
        "instroom-peildatum",
        "urgent-boven-populatie",
        "subgroep-boven-hoofdgroep",
        "dubbel",
        "datum",
    ],
)
def test_each_kind_of_bad_row_is_named_with_file_row_column_rule_and_value(tmp_path, capsys, body, message):
    path = delivery(tmp_path, body)
    code, _out, err = validate(capsys, path)
    assert code == 1
    assert err.splitlines()[0] == f"FOUT  {path}, {message}"
    assert err.splitlines()[-1].startswith("1 probleem gevonden in 1 bestand.")
    assert "Traceback" not in err


def test_a_negative_count_is_one_problem_not_one_per_row_compared_with_it(tmp_path, capsys):
    """A negative parent or populatie is reported once, by its own rule; the subgroups and the
    urgente vraag compared with it (here 0 and 2, each fine) are not reported as larger."""
    body = (
        "GM0855;Tilburg;31-12-2023;uitstroom_intramuraal;populatie;personen;-3;\n"
        "GM0855;Tilburg;31-12-2023;uitstroom_bw;populatie;personen;0;\n"
        "GM0855;Tilburg;31-12-2023;uitstroom_mo;populatie;personen;2;\n"
        "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;-3;\n"
        "GM0855;Tilburg;01-01-2024;dak_thuisloos;urgente_vraag;personen;2;\n"
    )
    path = delivery(tmp_path, body)
    code, _out, err = validate(capsys, path)
    assert code == 1
    problems = [line for line in err.splitlines() if line.startswith("FOUT")]
    assert problems == [
        f"FOUT  {path}, regel 2, kolom 'aantal': moet 0 of groter zijn (waarde: '-3')",
        f"FOUT  {path}, regel 5, kolom 'aantal': moet 0 of groter zijn (waarde: '-3')",
    ]


def test_the_sum_of_subgroups_must_match_their_parent(tmp_path, capsys):
    subgroups = [
        "uitstroom_bw",
        "uitstroom_mo",
        "uitstroom_vrouwenopvang",
        "uitstroom_ggz_wlz",
        "uitstroom_jeugdzorg",
        "uitstroom_detentie",
    ]
    body = "GM0855;Tilburg;31-12-2023;uitstroom_intramuraal;populatie;personen;70;\n" + "".join(
        f"GM0855;Tilburg;31-12-2023;{code};populatie;personen;10;\n" for code in subgroups
    )
    code, _, err = validate(capsys, delivery(tmp_path, body))
    assert code == 1
    assert "regel 2, kolom 'aantal': totaal wijkt af van de som van de subgroepen (60) (waarde: '70')" in err


def test_all_problems_of_all_files_are_listed_at_once(tmp_path, capsys):
    first = delivery(tmp_path, "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;-3;\n", "a.csv")
    second = delivery(tmp_path, "GM9999;X;01-01-2024;dak_thuisloos;populatie;personen;3;\n", "b.csv")
    code, _, err = validate(capsys, first, second)
    assert code == 1
    assert err.count("FOUT") == 2
    assert err.splitlines()[-1] == "2 problemen gevonden in 2 bestanden. Los ze op en valideer opnieuw."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "bestand is leeg"),
        (b"\xef\xbb\xbf\r\n", "bestand is leeg"),
        (b"\x00\x01\x02binary\x00" * 10, "bestand is geen tekstbestand (binaire inhoud)"),
        (b"naam;leeftijd\nPiet;40\n", "regel 1: onbekende indeling: de kopregel past bij geen bekende bron"),
        (
            b"PK\x03\x04 not really a zip",
            "bestand is een beschadigd Excel- of zipbestand (geen geldig .xlsx)",
        ),
    ],
    ids=["leeg", "alleen-bom", "binair", "onbekende-indeling", "kapotte-zip"],
)
def test_unreadable_files_get_a_message_not_a_traceback(tmp_path, capsys, content, message):
    path = tmp_path / "bestand.csv"
    path.write_bytes(content)
    code, _, err = validate(capsys, path)
    assert code == 1
    assert err.startswith(f"FOUT  {path}")
    assert message in err
    assert "Traceback" not in err


def test_missing_required_column_is_named(tmp_path, capsys):
    path = tmp_path / "levering.csv"
    path.write_text(
        "gemeente_code;peildatum;aandachtsgroep;laag;eenheid\nGM0855;01-01-2024;x;y;z\n", encoding="utf-8"
    )
    code, _, err = validate(capsys, path)
    assert code == 1
    assert f"FOUT  {path}, kopregel, kolom 'aantal': verplichte kolom ontbreekt" in err


def test_workbook_without_the_sheet_and_without_a_header(tmp_path, capsys):
    workbook = openpyxl.Workbook()
    workbook.active.title = "aandachtsgroepen"
    workbook.active.append(["iets anders"])
    path = tmp_path / "levering.xlsx"
    workbook.save(path)
    code, _, err = validate(capsys, path)
    assert code == 1
    assert "kopregel niet gevonden op tabblad 'aandachtsgroepen' (eerste cel 'gemeente_code')" in err


def test_missing_file_and_usage_errors(tmp_path, capsys):
    code, _, err = validate(capsys, tmp_path / "bestaat-niet.csv")
    assert code == 1 and "bestand bestaat niet" in err
    assert run(["validate"]) == 2
    assert run(["build", "--onbekende-optie"]) == 2
    assert run(["--quiet", "--verbose", "build"]) == 2


def test_a_published_total_that_does_not_match_its_detail(tmp_path, capsys):
    from tests.unit.extract.cbs_files import TOTAAL, write_statline

    rows = [
        ("A048583 ", TOTAAL, "GM0855  ", "2023MM01", "1000", "", ""),
        ("A048583 ", TOTAAL, "GM0766  ", "2023MM01", ".", "", ""),
        ("A048583 ", TOTAAL, "PV30    ", "2023MM01", "2000", "", ""),
    ]
    regions = {"GM0855  ": "Tilburg", "GM0766  ": "Dongen", "PV30    ": "Noord-Brabant (PV)"}
    path = write_statline(tmp_path / "cbs", rows, regions=regions)
    code, _, err = validate(capsys, path)
    assert code == 1
    assert (
        f"FOUT  {path}, regel 4, kolom 'aantal': gepubliceerd totaal van PV30 wijkt af van de som van de "
        "gemeenten (1000-1004, marge 7,5) (waarde: '2000')"
    ) in err


def test_the_embedded_example_data_is_valid(capsys):
    raw = ROOT / "data" / "raw"
    files = sorted(raw.glob("gemeenten/*.csv"))[:4] + sorted(raw.glob("gemeenten/*.xlsx"))[:1]
    files += [
        raw / "cbs_aandachtsgroepen" / "85980NED_TypedDataSet.parquet",
        raw / "cbs_kwb" / "kwb-2024.csv",
    ]
    code, out, err = validate(capsys, *files)
    assert (code, err) == (0, "")
    assert out.count("in orde") == len(files)


def test_a_value_that_cannot_be_read_does_not_hide_the_other_problems(tmp_path, capsys):
    path = delivery(
        tmp_path,
        "GM7044;X;01-01-2024;dak_thuisloos;populatie;personen;3;\n"
        "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;-4;\n"
        "GM0855;Tilburg;31-12-2023;uitstroom_BW;populatie;personen;3;\n"
        "GM0855;Tilburg;31-12-2023;urgenten;urgente_vraag;huishoudens;3,5;\n",
    )
    code, _, err = validate(capsys, path)
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("FOUT")]
    assert [line.split(", ")[1] for line in lines] == ["regel 2", "regel 3", "regel 4", "regel 5"]
    assert "gemeentecode GM7044 bestaat niet" in lines[0]
    assert "moet 0 of groter zijn (waarde: '-4')" in lines[1]
    assert "onbekende waarde" in lines[2] and "'uitstroom_BW'" in lines[2]
    assert "moet een geheel getal zijn (waarde: '3,5')" in lines[3]


def test_a_cbs_dimension_list_is_recognised_as_a_companion_file(capsys):
    path = ROOT / "data" / "raw" / "cbs_aandachtsgroepen" / "85980NED_AandachtsgroepVolkshuisvesting.csv"
    code, out, err = validate(capsys, path)
    assert (code, err) == (0, "")
    assert out.strip().endswith("in orde (bijlage bij CBS 85980NED aandachtsgroepen)")


# --- the corpus of broken inputs of issue 11: each is exit 1 with a message naming file and row ---


def test_a_header_only_file_is_an_error_not_in_orde(tmp_path, capsys):
    path = delivery(tmp_path, "")
    code, out, err = validate(capsys, path)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"FOUT  {path}: bestand heeft geen gegevensrijen; verwacht minstens één rij voor levering "
        "aandachtsgroepen onder de kopregel"
    )


def test_a_count_above_the_gemeentes_inhabitants_is_refused(tmp_path, capsys):
    path = delivery(
        tmp_path, "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;1000000000000000000;\n"
    )
    code, _out, err = validate(capsys, path)
    assert code == 1
    # the inhabitants come from the project's data/raw/cbs_kwb (kwb-2024.csv: Tilburg 229.836)
    assert err.splitlines()[0] == (
        f"FOUT  {path}, regel 2, kolom 'aantal': aantal is groter dan het aantal inwoners van GM0855 op "
        "01-01-2024 (229.836) (waarde: '1000000000000000000'); een aantal per gemeente kan niet groter zijn "
        "dan de bevolking; controleer getal en eenheid"
    )


def test_a_stand_dated_31_december_names_the_rule(tmp_path, capsys):
    path = delivery(tmp_path, "GM0855;Tilburg;31-12-2023;dak_thuisloos;populatie;personen;120;\n")
    code, _out, err = validate(capsys, path)
    assert code == 1
    assert err.splitlines()[0] == (
        f"FOUT  {path}, regel 2, kolom 'peildatum': dak_thuisloos is een stand: peildatum moet 01-01 van het "
        "jaar zijn (de stand op 1 januari) (waarde: '31-12-2023')"
    )


def test_a_stray_quote_in_a_large_file_names_its_row(tmp_path, capsys):
    row = "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;120;toelichting\n"
    path = delivery(
        tmp_path, 'GM0855;Tilburg;01-01-2024;ouderen;populatie;personen;120;"zie notitie\n' + row * 3000
    )
    code, _out, err = validate(capsys, path)
    assert code == 1
    assert err.splitlines()[0] == (
        f'FOUT  {path}, regel 2: veld is langer dan 131.072 tekens: mogelijk een aanhalingsteken (") dat '
        "niet wordt gesloten"
    )


def test_a_workbook_with_broken_xml_is_named(tmp_path, capsys):
    import zipfile

    source = ROOT / "tests" / "integration" / "data" / "mini" / "raw" / "gemeenten"
    path = tmp_path / "levering.xlsx"
    with (
        zipfile.ZipFile(source / "levering_aandachtsgroepen_WD24_2024.xlsx") as original,
        zipfile.ZipFile(path, "w") as broken,
    ):
        for name in original.namelist():
            data = original.read(name)
            broken.writestr(name, data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data)
    code, _out, err = validate(capsys, path)
    assert code == 1
    assert err.splitlines()[0].startswith(f"FOUT  {path}, blad aandachtsgroepen, na rij ")
    assert ": Excelbestand is beschadigd: het tabblad kan niet worden gelezen" in err.splitlines()[0]


def test_a_pipe_does_not_hang_validate(tmp_path, capsys):
    import os

    fifo = tmp_path / "levering.csv"
    os.mkfifo(fifo)
    code, _out, err = validate(capsys, fifo)
    assert code == 1
    assert err.splitlines()[0] == (
        f"FOUT  {fifo}: is geen gewoon bestand maar een pijp (FIFO); alleen gewone bestanden worden gelezen"
    )


def test_a_link_to_dev_zero_is_refused_before_it_is_read(tmp_path, capsys):
    link = tmp_path / "kwb-2024.csv"
    link.symlink_to("/dev/zero")
    code, _out, err = validate(capsys, link)
    assert code == 1
    assert err.splitlines()[0] == (
        f"FOUT  {link}: is geen gewoon bestand maar een apparaat; alleen gewone bestanden worden gelezen "
        "(waarde: '/dev/zero')"
    )


def project_with(tmp_path: Path, replace: tuple[str, str, str]) -> Path:
    """A copy of the project's definitions with one text replaced in one file."""
    import shutil

    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    name, old, new = replace
    file = tmp_path / "definitions" / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_a_file_over_the_size_limit_of_the_definitions_is_named(tmp_path, capsys):
    root = project_with(
        tmp_path / "project", ("definitions.yaml", "max_bestand_mb: 200", "max_bestand_mb: 0.0001")
    )
    path = delivery(tmp_path, "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;120;\n" * 3)
    code = run(["validate", "--root", str(root), str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines()[0] == (
        f"FOUT  {path}: bestand is te groot: 0,3 kB, de grens is 0,1 kB (max_bestand_mb in "
        "definitions/definitions.yaml)"
    )


def test_a_key_typo_in_aandachtsgroepen_yaml_is_exit_1_naming_file_and_key(tmp_path, capsys):
    root = project_with(
        tmp_path, ("aandachtsgroepen.yaml", "    woningen_per_eenheid:", "    woningen_per_eenhied:")
    )
    code = run(["validate", "--root", str(root), str(delivery(tmp_path, ""))])
    err = capsys.readouterr().err
    assert code == 1
    assert (
        "aandachtsgroepen.yaml: aandachtsgroepen[0] (statushouders).woningen_per_eenheid: verplichte sleutel ontbreekt"
        in err
    )
    assert "aandachtsgroepen[0] (statushouders).woningen_per_eenhied: onbekende sleutel (tikfout?)" in err
    assert "Interne fout" not in err
