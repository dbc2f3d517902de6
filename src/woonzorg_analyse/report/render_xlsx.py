"""Write every table of a report to one workbook: a sheet per table, numbers stored as numbers.

Each sheet starts with "fictief voorbeeld" (when it applies), the title, unit, source and
peildatum, then the Dutch headers and the rows. Masked cells ("< 10", "x") are text, like in
the PDF. The file is byte-for-byte deterministic: fixed document dates and zip entry times
(openpyxl's own ``save`` stamps the current time into docProps and every zip entry).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from woonzorg_analyse.report.formatting import publish
from woonzorg_analyse.report.model import Rapport, Tabel

FIXED = datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=12)
WARN = Font(bold=True, color="B34700")
GREY = Font(color="555555", size=9)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
TOTAL_FILL = PatternFill("solid", fgColor="EBEBEB")


def _cell(ws, value, font=None, fill=None, number_format=None, align=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    if align is not None:
        cell.alignment = align
    return cell


def _value(c):
    return None if c.waarde in ("", None) else c.waarde


def _preamble(ws, rapport: Rapport, lines: list[tuple[str, Font]]) -> None:
    if rapport.fictief:
        ws.append([_cell(ws, rapport.teksten.get("fictief", "fictief voorbeeld"), WARN)])
    for text, font in lines:
        ws.append([_cell(ws, text, font)])
    ws.append([])


def _sheet(wb: Workbook, rapport: Rapport, tabel: Tabel) -> None:
    ws = wb.create_sheet(tabel.blad)
    cells = publish(tabel, rapport.drempel)
    widths = [len(k.label) for k in tabel.kolommen]
    for row in cells:
        for j, c in enumerate(row):
            widths[j] = max(widths[j], min(len(c.tekst), 60))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(8, width + 2)
    lines = [
        (tabel.titel, TITLE),
        (f"Eenheid: {tabel.eenheid}", GREY),
        (tabel.bron, GREY),
        (f"Peildatum: {tabel.peildatum}", GREY),
    ]
    if tabel.noot:
        lines.append((tabel.noot, GREY))
    _preamble(ws, rapport, lines)
    if tabel.kopgroepen:
        row = []
        for label, span in tabel.kopgroepen:
            row.append(_cell(ws, label or None, BOLD, HEADER_FILL))
            row += [_cell(ws, None, None, HEADER_FILL) for _ in range(span - 1)]
        ws.append(row)
    wrap = Alignment(wrap_text=True, vertical="bottom")
    ws.append([_cell(ws, k.label, BOLD, HEADER_FILL, align=wrap) for k in tabel.kolommen])
    right = Alignment(horizontal="right")
    for i, row in enumerate(cells):
        if tabel.totaal is not None and i == len(cells) - 1:
            ws.append([_cell(ws, _value(c), BOLD, TOTAL_FILL, c.nummerformaat) for c in row])
            continue
        values: list = []
        for c in row:
            if isinstance(c.waarde, int | float) and c.nummerformaat:
                values.append(_cell(ws, c.waarde, number_format=c.nummerformaat))
            elif c.rechts and isinstance(c.waarde, str) and c.waarde:
                values.append(_cell(ws, c.waarde, align=right))
            else:
                values.append(_value(c))
        ws.append(values)


def _contents(wb: Workbook, rapport: Rapport) -> None:
    ws = wb.create_sheet("Inhoud")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    _preamble(
        ws,
        rapport,
        [
            (
                f"{rapport.titel} {rapport.regio_naam} "
                f"({rapport.regio_type_naam.lower()} {rapport.regio_code})",
                TITLE,
            ),
            (
                f"Gegevens tot en met {rapport.peildatum}; definitieversie {rapport.definitieversie}; "
                f"woonzorg-analyse {rapport.softwareversie}",
                GREY,
            ),
            (rapport.teksten.get("onthullingsregel", ""), GREY),
        ],
    )
    ws.append([_cell(ws, "Blad", BOLD, HEADER_FILL), _cell(ws, "Tabel", BOLD, HEADER_FILL)])
    for tabel in rapport.tabellen():
        ws.append([tabel.blad, tabel.titel])


class _FixedTimeZip(zipfile.ZipFile):
    """A zip file whose entries all carry the same date and permissions (deterministic bytes)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = (
            zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        )
        entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        super().writestr(entry, data, compresslevel=compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read())


def render_xlsx(rapport: Rapport) -> bytes:
    """Return the workbook of every table of ``rapport`` as xlsx bytes."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "woonzorg-analyse"
    wb.properties.title = f"{rapport.titel} {rapport.regio_naam}"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    _contents(wb, rapport)
    for tabel in rapport.tabellen():
        _sheet(wb, rapport, tabel)
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as archive:
        ExcelWriter(wb, archive).save()  # not wb.save(): that stamps the current time
    return buffer.getvalue()
