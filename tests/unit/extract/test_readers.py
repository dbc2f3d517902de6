"""Readers: files that are no regular files, too large, or broken CSV and Excel are DataErrors that
name the file and the row, never a hang, an endless read or an internal error."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.readers import check_file, read_bytes_checked, read_delimited, read_xlsx_sheet


def problem(error: pytest.ExceptionInfo[DataError]) -> tuple[str, str]:
    [found] = error.value.problems
    return found.plaats, found.regel


def test_a_pipe_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "levering.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError) as error:
        read_bytes_checked(fifo)  # opening a pipe without a writer would block forever
    assert problem(error) == (
        "",
        "is geen gewoon bestand maar een pijp (FIFO); alleen gewone bestanden worden gelezen",
    )


def test_a_link_to_a_device_is_refused_and_names_its_target(tmp_path):
    link = tmp_path / "kwb-2024.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(DataError) as error:
        read_bytes_checked(link)  # reading it would never end (MemoryError)
    [found] = error.value.problems
    assert found.regel.startswith("is geen gewoon bestand maar een apparaat")
    assert found.waarde == "/dev/zero"


def test_a_broken_link_and_a_folder_are_named(tmp_path):
    link = tmp_path / "weg.csv"
    link.symlink_to(tmp_path / "bestaat-niet.csv")
    with pytest.raises(DataError) as error:
        check_file(link)
    assert problem(error) == ("", "verwijzing (symlink) naar een bestand dat niet bestaat")
    with pytest.raises(DataError) as error:
        check_file(tmp_path)
    assert problem(error) == ("", "is een map, geen bestand")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "groot.csv"
    path.write_bytes(b"a;b\n" + b"1;2\n" * 500_000)
    assert check_file(path, 3_000_000) == 2_000_004
    with pytest.raises(DataError) as error:
        read_bytes_checked(path, 1_000_000)
    assert problem(error) == (
        "",
        "bestand is te groot: 2,0 MB, de grens is 1,0 MB (max_bestand_mb in definitions/definitions.yaml)",
    )


def test_a_field_over_the_csv_limit_names_the_row_where_it_starts(tmp_path):
    path = tmp_path / "levering.csv"
    rows = "".join(f"GM0855;{n};x\n" for n in range(20_000))
    path.write_text(f'a;b;c\nGM0855;1;"zie notitie\n{rows}', encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_delimited(path)
    assert problem(error) == (
        "regel 2",
        'veld is langer dan 131.072 tekens: mogelijk een aanhalingsteken (") dat niet wordt gesloten',
    )


def test_a_quote_that_is_never_closed_does_not_swallow_the_rest_of_the_file(tmp_path):
    path = tmp_path / "levering.csv"
    path.write_text('a;b;c\nGM0855;1;x\nGM0855;2;"zie\nGM0855;3;y\n', encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_delimited(path)
    assert problem(error) == (
        "regel 3",
        'aanhalingsteken (") wordt niet gesloten: de rest van het bestand zou in één veld vallen',
    )


def test_a_row_that_runs_over_several_lines_is_named_where_it_starts(tmp_path):
    path = tmp_path / "levering.csv"
    path.write_text('a;b;c\nGM0855;1;x\nGM0855;"2\n;3;y\nGM0855;4;"\n', encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_delimited(path)
    plaats, regel = problem(error)
    assert plaats == "regel 3"
    assert regel.startswith(
        "rij heeft 2 kolommen, de kopregel 3 (de rij loopt door tot regel 5: mogelijk een aanhalingsteken"
    )


def test_a_quoted_value_with_a_line_break_is_one_row_at_its_first_line(tmp_path):
    path = tmp_path / "levering.csv"
    path.write_text('a;b;c\nGM0855;1;"regel een\nregel twee"\nGM0855;2;z\n', encoding="utf-8")
    frame = read_delimited(path)
    assert frame["c"].tolist() == ["regel een\nregel twee", "z"]
    assert frame["_plaats"].tolist() == ["regel 2", "regel 4"]


def broken_workbook(tmp_path: Path, part: str) -> Path:
    """A valid delivery workbook whose ``part`` (an XML file in the zip) is cut in half."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "aandachtsgroepen"
    sheet.append(["gemeente_code", "aantal"])
    for n in range(50):
        sheet.append(["GM0855", n])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "levering.xlsx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name == part else data)
    return path


def test_a_workbook_whose_sheet_xml_is_broken_names_the_sheet(tmp_path):
    path = broken_workbook(tmp_path, "xl/worksheets/sheet1.xml")
    with pytest.raises(DataError) as error:
        read_xlsx_sheet(path, "aandachtsgroepen", "gemeente_code")
    [found] = error.value.problems
    assert found.plaats.startswith("blad aandachtsgroepen")
    assert found.regel == "Excelbestand is beschadigd: het tabblad kan niet worden gelezen"


def test_a_workbook_whose_workbook_xml_is_broken_is_named(tmp_path):
    path = broken_workbook(tmp_path, "xl/workbook.xml")
    with pytest.raises(DataError) as error:
        read_xlsx_sheet(path, "aandachtsgroepen", "gemeente_code")
    assert problem(error) == ("", "Excelbestand kan niet worden gelezen")


# Cells built from what matters to a reading: blanks (a space, a non-breaking space, a tab, and what
# else Python's str.strip removes: an information separator, a next-line, an ideographic space),
# another delimiter, a quote, letters; a row has the header's width, or one cell more or less.
_BLANKS = [" ", "\u00a0", "\t", "\x1c", "\x85", "\u3000"]
_CELL = st.text(alphabet=st.sampled_from([*_BLANKS, ",", '"', "a", "b"]), max_size=3)
_HEADER = st.lists(st.sampled_from(["a", "b", "c", " a", ""]), min_size=1, max_size=4)


@given(data=st.data(), header=_HEADER, ending=st.sampled_from(["\n", "\r\n"]), last=st.booleans())
def test_a_file_without_quotes_is_read_as_the_csv_module_reads_it(data, header, ending, last):
    """The quick reading of a file without quotes (pyarrow) gives the csv module's header, rows,
    cells and places; where it declines (a quote, a row of another width, a repeated name) the csv
    module reads and names the problem."""
    from woonzorg_analyse.extract.readers import _read_csv, _read_plain

    names = ["x", *header]
    widths = st.sampled_from([len(names)] * 4 + [len(names) - 1, len(names) + 1, 0])
    rows = data.draw(st.lists(widths.flatmap(lambda n: st.lists(_CELL, min_size=n, max_size=n)), max_size=6))
    text = ending.join([";".join(names), *(";".join(row) for row in rows)]) + (ending if last else "")
    path = Path("levering.csv")
    plain = _read_plain(path, text, ";")
    try:
        expected = _read_csv(path, text, ";")
    except DataError:
        assert plain is None
        return
    if plain is None:
        assert '"' in text or len({name.strip() for name in names}) < len(names)
        return
    pd.testing.assert_frame_equal(plain, expected)


def test_the_quick_reading_declines_what_only_the_csv_module_can_name(tmp_path):
    path = tmp_path / "levering.csv"
    path.write_text("a;b\n1;2\r3;4\n", encoding="utf-8")  # a lone carriage return ends a row
    assert read_delimited(path)["a"].tolist() == ["1", "3"]
    path.write_text("a;b\n1;2;3\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_delimited(path)
    assert problem(error) == ("regel 2", "rij heeft 3 kolommen, de kopregel 2")
    path.write_text("a;b\n\n ; \n1;2\n", encoding="utf-8")  # blank rows are skipped, places kept
    assert read_delimited(path)["_plaats"].tolist() == ["regel 4"]


def test_calamine_reads_a_delivery_sheet_with_the_cells_openpyxl_gives(tmp_path):
    """The workbook is read by calamine; every kind of cell a supplier types arrives as openpyxl
    (the reader before it, still the one that names a broken workbook) gives it: the same rows,
    places, values and types."""
    import datetime as dt

    from woonzorg_analyse.extract import readers

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "aandachtsgroepen"
    sheet["B1"] = "Levering aandachtsgroepen"  # a title above the header, not in column A
    sheet.append([])
    sheet.append(["gemeente_code", "peildatum", "aantal", "aandeel", "opmerking", "ja", None, ""])
    rows = [
        ["GM0855", dt.datetime(2024, 1, 1), 12, 0.25, "tekst", True],
        ["GM0856", dt.date(2023, 12, 31), 12.5, 1, "0363", False],
        ["GM0857", dt.datetime(2024, 1, 1, 13, 30), -3, 1e20, "  a ", None],
        ["GM0859", 1e15, 1e16, 12.0, " ", None],  # blanks only: empty to both readers' loaders
        [None, None, None, None, None, None],  # an empty row is skipped
        ["GM0858", "31-12-2023", 0, None, None, "nee"],
    ]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "levering.xlsx"
    workbook.save(path)
    data = path.read_bytes()

    frame = read_xlsx_sheet(path, "aandachtsgroepen", "gemeente_code")
    header, expected = readers._openpyxl_rows(path, data, "aandachtsgroepen", "gemeente_code")

    assert readers._calamine(data) is not None  # the fast path was taken
    assert frame.columns.tolist() == [*header, "_plaats"]
    got = [list(row) for row in frame.itertuples(index=False)]
    # the one difference (readers._as_openpyxl): a text of blanks only is None, not the blanks
    expected = [[None if isinstance(c, str) and not c.strip() else c for c in row] for row in expected]
    assert got == expected
    assert [[type(c) for c in row] for row in got] == [[type(c) for c in row] for row in expected]
    assert frame["_plaats"].tolist() == [f"blad aandachtsgroepen, rij {n}" for n in (4, 5, 6, 7, 9)]
    assert got[1][1] == dt.datetime(2023, 12, 31) and got[0][2] == 12 and got[1][2] == 12.5


def test_a_workbook_with_an_error_cell_is_read_by_openpyxl_which_keeps_its_text(tmp_path):
    """calamine gives an error cell (#N/A of a dragged lookup) as empty: the supplier would read
    "verplichte waarde ontbreekt" for a cell that shows #N/A. Such a workbook goes to openpyxl."""
    from woonzorg_analyse.extract import readers

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "aandachtsgroepen"
    sheet.append(["gemeente_code", "aantal"])
    sheet.append(["GM0855", "#N/A"])  # openpyxl stores a known error text as an error cell
    sheet.append(["GM0856", 12])
    path = tmp_path / "levering.xlsx"
    workbook.save(path)
    assert sheet["B2"].data_type == "e"

    frame = read_xlsx_sheet(path, "aandachtsgroepen", "gemeente_code")
    assert frame["aantal"].tolist() == ["#N/A", 12]
    assert readers._calamine(path.read_bytes()) is None
