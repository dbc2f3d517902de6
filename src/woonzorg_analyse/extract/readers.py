"""Read delimited text and Excel sheets into string frames that remember where each row was.

Every frame returned here has a column ``_plaats`` with the place of the row as the user
sees it: ``regel 14`` in a text editor, ``blad aanbod, rij 9`` in Excel. Nothing is
interpreted yet; the loaders in :mod:`woonzorg_analyse.extract.sources` parse the values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.formatting import getal

PLAATS = "_plaats"


def display_name(path: Path) -> str:
    """Return the path as the user should see it in messages (relative to data/raw if inside)."""
    parts = Path(path).parts
    if "raw" in parts:
        index = len(parts) - 1 - parts[::-1].index("raw")
        return "/".join(parts[index + 1 :])
    return str(path)


def _file_problem(path: Path, rule: str, value: str = "") -> DataError:
    return DataError([Problem(display_name(path), "", "", rule, value)])


_KINDS = (
    (stat.S_ISFIFO, "een pijp (FIFO)"),
    (stat.S_ISCHR, "een apparaat"),
    (stat.S_ISBLK, "een apparaat"),
    (stat.S_ISSOCK, "een socket"),
)


def megabytes(size: float) -> str:
    """Return a size in bytes in Dutch notation: ``12,3 MB``, below 0,1 MB ``45,6 kB``."""
    if size < 100_000:
        return f"{getal(size / 1000, 1)} kB"
    return f"{getal(size / 1_000_000, 1)} MB"


def check_file(path: Path, max_bytes: int | None = None) -> int:
    """Return the size of ``path`` after checking, without opening it, that it can be read.

    A missing file, a folder, a broken link, and anything that is not a regular file (a pipe
    that would block, a device such as /dev/zero that never ends) is a DataError naming it;
    so is a file over ``max_bytes`` (the ``max_bestand_mb`` setting of definitions.yaml).
    """
    path = Path(path)
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if path.is_symlink():
            raise _file_problem(
                path, "verwijzing (symlink) naar een bestand dat niet bestaat", os.readlink(path)
            ) from None
        raise _file_problem(path, "bestand bestaat niet") from None
    except OSError as exc:
        raise _file_problem(path, f"bestand kan niet worden gelezen ({exc.strerror})") from None
    if stat.S_ISDIR(status.st_mode):
        raise _file_problem(path, "is een map, geen bestand")
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for test, name in _KINDS if test(status.st_mode)), "een bijzonder bestand")
        target = os.path.realpath(path) if path.is_symlink() else ""
        raise _file_problem(
            path, f"is geen gewoon bestand maar {kind}; alleen gewone bestanden worden gelezen", target
        )
    if max_bytes is not None and status.st_size > max_bytes:
        raise _file_problem(
            path,
            f"bestand is te groot: {megabytes(status.st_size)}, de grens is {megabytes(max_bytes)} "
            "(max_bestand_mb in definitions/definitions.yaml)",
        )
    return status.st_size


def read_bytes_checked(path: Path, max_bytes: int | None = None) -> bytes:
    """Return the bytes of ``path``; a missing, empty, special or too large file is a DataError.

    Reads at most the size the file had when checked (plus one byte, so that a file that grows
    while it is read is noticed), never an endless stream.
    """
    size = check_file(path, max_bytes)
    with Path(path).open("rb") as handle:
        data = handle.read(size + 1)
    if len(data) > size:
        raise _file_problem(path, "bestand veranderde terwijl het werd gelezen; probeer het opnieuw")
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise _file_problem(path, "bestand is leeg")
    return data


def is_xlsx(data: bytes) -> bool:
    """Return whether ``data`` looks like an Excel workbook (a zip with xl/workbook.xml)."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def is_parquet(path: Path) -> bool:
    """Return whether ``path`` is a Parquet file (starts and ends with the magic ``PAR1``).

    Only a regular file is opened (a FIFO or device is left to the other readers' checks).
    """
    if not Path(path).is_file():
        return False
    try:
        with Path(path).open("rb") as stream:
            if stream.read(4) != b"PAR1":
                return False
            stream.seek(-4, 2)
            return stream.read(4) == b"PAR1"
    except OSError:
        return False


def parquet_columns(path: Path) -> list[str]:
    """Return the column names of a Parquet file; DataError when its footer cannot be read."""
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise _file_problem(path, "Parquet-bestand kan niet worden gelezen", type(exc).__name__) from None


def decode_text(path: Path, data: bytes) -> str:
    """Return the text of a delimited file: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"PK\x03\x04"):
        raise _file_problem(path, "bestand is een beschadigd Excel- of zipbestand (geen geldig .xlsx)")
    if b"\x00" in data[:4096]:
        raise _file_problem(path, "bestand is geen tekstbestand (binaire inhoud)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise _file_problem(path, "tekencodering niet herkend (verwacht UTF-8)") from None


def read_header(path: Path, data: bytes | None = None) -> list[str]:
    """Return the column names of a delimited file (its first line)."""
    data = read_bytes_checked(path) if data is None else data
    text = decode_text(path, data[:65536])
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    return [cell.strip().strip('"') for cell in first.split(delimiter)]


# a character that is neither the delimiter nor one that Python's str.isspace calls blank (RE2)
_NOT_BLANK = (
    r"[^{delimiter}\x{{9}}-\x{{d}}\x{{1c}}-\x{{20}}\x{{85}}\x{{a0}}\x{{1680}}\x{{2000}}-\x{{200a}}"
    r"\x{{2028}}\x{{2029}}\x{{202f}}\x{{205f}}\x{{3000}}]"
)
UNCLOSED = 'mogelijk een aanhalingsteken (") dat niet wordt gesloten'


def _csv_rule(error: csv.Error, delimiter: str) -> str:
    """Return the Dutch rule for an error of the csv module (the row starts where it is named)."""
    text = str(error)
    if "field larger than field limit" in text:
        limit = getal(csv.field_size_limit())
        return f"veld is langer dan {limit} tekens: {UNCLOSED}"
    if "unexpected end of data" in text:
        return 'aanhalingsteken (") wordt niet gesloten: de rest van het bestand zou in één veld vallen'
    if "expected after" in text:
        return f"na een afsluitend aanhalingsteken (\") moet '{delimiter}' of het einde van de regel volgen"
    return f"rij is geen geldige CSV ({text})"


def read_delimited(path: Path, data: bytes | None = None) -> pd.DataFrame:
    """Return the rows of a `;`, `,` or tab separated file as strings with their line number.

    The header is line 1; a data row's ``_plaats`` is its line in a text editor.
    """
    data = read_bytes_checked(path) if data is None else data
    text = decode_text(path, data)
    newline = text.find("\n")
    head = (text if newline < 0 else text[: newline + 1]).splitlines()  # the first line only
    first = head[0] if head else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        raise _file_problem(path, "geen scheidingsteken gevonden in de kopregel (verwacht ';')", first[:60])
    plain = _read_plain(path, text, delimiter)
    return plain if plain is not None else _read_csv(path, text, delimiter)


def _read_csv(path: Path, text: str, delimiter: str) -> pd.DataFrame:
    """Return what :func:`read_delimited` returns, read row by row by the csv module; DataError
    naming the line of the first row it cannot read."""
    # strict: a quote that is never closed is an error instead of one field that swallows the
    # rest of the file; the place of a row is the line where it starts
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    header: list[str] | None = None
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataError(
                [Problem(display_name(path), f"regel {start}", "", _csv_rule(exc, delimiter), "")]
            ) from None
        line, start = start, reader.line_num + 1
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            spans = (
                f" (de rij loopt door tot regel {reader.line_num}: {UNCLOSED})"
                if reader.line_num > line
                else ""
            )
            raise DataError(
                [
                    Problem(
                        display_name(path),
                        f"regel {line}",
                        "",
                        f"rij heeft {len(row)} kolommen, de kopregel {len(header)}{spans}",
                        delimiter.join(row)[:80],
                    )
                ]
            )
        rows.append([*row, f"regel {line}"])
    assert header is not None
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise _file_problem(path, "kolomnaam komt meer dan eens voor", ", ".join(duplicates))
    # text columns held by Arrow, as the quick reading gives them (:func:`_read_plain`)
    return pd.DataFrame(rows, columns=[*header, PLAATS], dtype="str")


def _read_plain(path: Path, text: str, delimiter: str) -> pd.DataFrame | None:
    """Return what :func:`read_delimited` returns for a file without quotes, split by pyarrow; None
    when the csv module must read it (so that it names the problem): a quote, a NUL, a carriage
    return that ends no line, a cell over the csv module's size limit, a row whose number of cells
    differs from the header, a header that repeats a name.

    Without quotes a row is one line and its cells are the line split at the delimiter, so this is
    the csv module's reading, not a second dialect: the same header, rows, cells and places.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if '"' in text or "\x00" in text or text.count("\r") != text.count("\r\n"):
        return None
    # the lines as one Arrow array of text: no Python string per line or cell
    lines = pc.list_flatten(pc.split_pattern(pa.array([text.replace("\r\n", "\n")], pa.large_string()), "\n"))
    if len(lines) > 1 and lines[-1].as_py() == "":  # the line break that ends the last line
        lines = lines.slice(0, len(lines) - 1)
    if pc.max(pc.utf8_length(lines)).as_py() > csv.field_size_limit():
        return None
    header = [cell.strip() for cell in lines[0].as_py().split(delimiter)]
    if len(set(header)) != len(header) or PLAATS in header:
        return None
    # a row whose cells are all blank is skipped: the line holds only blanks (what Python's
    # str.strip removes) and delimiters; a line with any other character is a row
    body = lines.slice(1)
    kept = pc.match_substring_regex(body, _NOT_BLANK.format(delimiter=f"\\x{{{ord(delimiter):x}}}"))
    rows = body if pc.all(kept).as_py() else body.filter(kept)  # (usually no line is blank)
    cells = pc.split_pattern(rows, delimiter)
    if len(rows) and not pc.all(pc.equal(pc.list_value_length(cells), len(header))).as_py():
        return None
    # each column stays an Arrow array of text: the loaders parse each distinct text once
    # (:func:`problems.distinct_texts`), so no Python string is made per cell
    frame = {name: pd.Series(pc.list_element(cells, j), dtype="str") for j, name in enumerate(header)}
    numbers = pa.array(np.flatnonzero(kept.to_numpy(zero_copy_only=False)) + 2)  # line 1 is the header
    places = pc.binary_join_element_wise("regel ", pc.cast(numbers, pa.string()), "")
    frame[PLAATS] = pd.Series(places, dtype="str")
    return pd.DataFrame(frame, columns=[*header, PLAATS])


def xlsx_sheet_names(path: Path, data: bytes) -> list[str]:
    """Return the names of the sheets of a workbook; DataError when it cannot be read."""
    workbook = _calamine(data)
    if workbook is not None:
        return list(workbook.sheet_names)
    workbook = _openpyxl(path, data, data_only=False)  # it names the problem that calamine met
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_xlsx_sheet(
    path: Path, sheet: str, header_first_cell: str, data: bytes | None = None
) -> pd.DataFrame:
    """Return a sheet's rows below the header row (the first whose first cell is given).

    Rows above the header are free text (title, instructions). Cell values are kept as
    Python objects turned into strings, except dates and numbers which stay typed in the
    ``object`` columns so parsers can read them without locale guessing.

    The workbook is read by calamine (Rust, some 25 times as fast as openpyxl), its cells as
    openpyxl gives them (:func:`_as_openpyxl`); a workbook or sheet that calamine cannot read is
    read by openpyxl, whose error names the problem as before.
    """
    data = read_bytes_checked(path) if data is None else data
    workbook = _calamine(data)
    values = None
    if workbook is not None:
        if sheet not in workbook.sheet_names:
            raise _file_problem(path, f"tabblad '{sheet}' ontbreekt", ", ".join(workbook.sheet_names))
        try:
            values = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception:  # a broken sheet: openpyxl below names the row where it breaks
            values = None
    if values is not None:
        rows_in = ([_as_openpyxl(v) for v in row] for row in values)
        header, rows = _sheet_rows(path, rows_in, sheet, header_first_cell)
    else:
        header, rows = _openpyxl_rows(path, data, sheet, header_first_cell)
    if header is None:
        raise _file_problem(
            path, f"kopregel niet gevonden op tabblad '{sheet}' (eerste cel '{header_first_cell}')"
        )
    frame = pd.DataFrame(rows, columns=[*header, PLAATS], dtype="object")
    return frame


def _calamine(data: bytes):
    """Return the workbook ``data`` opened by calamine, or None when openpyxl must read it: when
    calamine cannot (openpyxl names the problem), or when a sheet holds an error cell such as
    #N/A, which calamine gives as an empty cell and openpyxl as its text (the message to the
    supplier then quotes "#N/A" instead of saying that a value is missing)."""
    from python_calamine import CalamineWorkbook

    if _error_cells(data):
        return None
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # openpyxl then reads it and names the problem
        return None


def _error_cells(data: bytes) -> bool:
    """Return whether a worksheet of the workbook ``data`` holds an error cell (``t="e"``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(
                b't="e"' in archive.read(name)
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return False  # calamine or openpyxl names what is wrong with the archive


def _as_openpyxl(value):
    """Return a cell value of calamine as openpyxl (read only, values only) gives it: an empty
    cell None (not ""), a whole number below 10^16 int (not 12.0: the XML holds "12"; from 10^16
    on the XML holds "1e+16", a float to both), a date a datetime at midnight; text, other
    numbers, datetimes, times and booleans as they are. One difference is left: a text of only
    blanks without xml:space="preserve" is empty to calamine (None here) and the blanks to
    openpyxl; the loaders read both as an empty cell. (A workbook with an error cell is read by
    openpyxl: :func:`_calamine`.)"""
    if isinstance(value, str):
        return None if value == "" else value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e16 else value
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _openpyxl_rows(
    path: Path, data: bytes, sheet: str, header_first_cell: str
) -> tuple[list[str] | None, list]:
    """Return :func:`_sheet_rows` of a sheet read by openpyxl; DataError naming what it cannot read."""
    workbook = _openpyxl(path, data, data_only=True)
    try:
        if sheet not in workbook.sheetnames:
            raise _file_problem(path, f"tabblad '{sheet}' ontbreekt", ", ".join(workbook.sheetnames))
        return _sheet_rows(path, workbook[sheet].iter_rows(values_only=True), sheet, header_first_cell)
    finally:
        workbook.close()


def _openpyxl(path: Path, data: bytes, data_only: bool):
    """Return the workbook ``data`` opened read-only by openpyxl; DataError when it cannot be read."""
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise _file_problem(path, "Excelbestand kan niet worden gelezen", type(exc).__name__) from None


def _sheet_rows(path: Path, values, sheet: str, header_first_cell: str) -> tuple[list[str] | None, list]:
    """Return the header and the rows below it of a sheet given as rows of cell values (from row
    1); DataError naming the sheet and row when its XML is broken (openpyxl parses a sheet while
    it is iterated)."""
    header: list[str] | None = None
    rows = []
    number = 0
    try:
        for number, row in enumerate(values, start=1):
            cells = list(row)
            if header is None:
                if cells and str(cells[0] or "").strip() == header_first_cell:
                    header = [str(c).strip() if c is not None else "" for c in cells]
                    while header and header[-1] == "":
                        header.pop()
                continue
            cells = (cells + [None] * len(header))[: len(header)]
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            rows.append([*cells, f"blad {sheet}, rij {number}"])
    except Exception as exc:  # a broken sheet raises XML, zip or value errors of many types
        raise DataError(
            [
                Problem(
                    display_name(path),
                    f"blad {sheet}, na rij {number}" if number else f"blad {sheet}",
                    "",
                    "Excelbestand is beschadigd: het tabblad kan niet worden gelezen",
                    type(exc).__name__,
                )
            ]
        ) from None
    return header, rows
