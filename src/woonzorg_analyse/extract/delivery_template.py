"""The delivery template that gemeenten fill in: an Excel workbook made from the definitions.

Sheets: ``toelichting`` (who, what, how; the definitions version; every aandachtsgroep with
code, name, unit, maat, lagen and definition; the woonvormen), ``aandachtsgroepen`` and
``aanbod`` with exactly the columns of :data:`woonzorg_analyse.extract.sources.levering.COLUMNS`
below a few lines of instruction (the loader finds the header as the first row whose first
cell is ``gemeente_code``), and a hidden ``lijsten`` sheet that feeds the drop-down lists.
Number, year and date checks are Excel data validations. The workbook bytes depend only on
the definitions and the options: timestamps are fixed.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from woonzorg_analyse.definitions import LAGEN, Definitions
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.extract.parsing import normalise_gemeente_code
from woonzorg_analyse.extract.sources.levering import COLUMNS, REQUIRED
from woonzorg_analyse.load.files import atomic_write_bytes

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
INPUT_ROWS = 2000
FIXED_TIMESTAMP = datetime(2026, 1, 1)
SHEET_INFO = "toelichting"
SHEET_LISTS = "lijsten"
PLANSTATUS = ("bestaand", "gepland")

EXPLAIN = {
    "aandachtsgroepen": {
        "gemeente_code": "GM en vier cijfers, bijv. GM0855",
        "gemeente_naam": "naam (ter controle)",
        "peildatum": "stand: 1-1-JJJJ; instroom: 31-12-JJJJ",
        "aandachtsgroep": "code uit de lijst",
        "laag": "populatie of urgente_vraag",
        "eenheid": "eenheid van de groep (zie toelichting)",
        "aantal": "geheel getal >= 0, of . als onbekend",
        "toelichting": "vrije tekst (bron, bijzonderheden)",
    },
    "aanbod": {
        "gemeente_code": "GM en vier cijfers, bijv. GM0855",
        "gemeente_naam": "naam (ter controle)",
        "aandachtsgroep": "code uit de lijst",
        "woonvorm": "code uit de lijst",
        "jaar": "kalenderjaar",
        "status": "bestaand of gepland",
        "capaciteit": "woonruimten of plaatsen, geheel getal >= 0",
        "toelichting": "vrije tekst (project, aanbieder)",
    },
}
TITLES = {
    "aandachtsgroepen": "Levering aandachtsgroepen",
    "aanbod": "Levering aanbod per woonvorm (bestaand en gepland)",
}


def gemeente_naam(defs: Definitions, code: str) -> tuple[str, str]:
    """Return (normalised code, name) of a gemeente in the reference year's indeling.

    Raises UsageError for a code that is malformed or not a gemeente on 1 January of the
    reference year.
    """
    try:
        code = normalise_gemeente_code(code)
    except ValueError as exc:
        raise UsageError(f"--gemeente: {exc}") from None
    indeling = defs.indeling(defs.referentiejaar)
    match = indeling.loc[indeling["gemeente_code"] == code, "gemeente_naam"]
    if match.empty:
        raise UsageError(f"--gemeente: {code} is geen gemeente op 1 januari {defs.referentiejaar}")
    return code, str(match.iloc[0])


def make_template(defs: Definitions, gemeente: str | None = None, ronde: int | None = None) -> bytes:
    """Return the bytes of the delivery workbook for ``defs``.

    With ``gemeente`` the aandachtsgroepen sheet gets one row per aandachtsgroep and laag with
    code, name and eenheid filled in (peildatum too when ``ronde`` is given); the gemeente
    fills in ``aantal`` or removes the row. The aanbod sheet stays empty: a half-filled row
    there would be an error when a gemeente delivers no supply.
    """
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    prefill = gemeente_naam(defs, gemeente) if gemeente else None
    groepen = list(defs.aandachtsgroepen.values())
    woonvormen = list(defs.woonvormen.items())
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")

    workbook = Workbook()
    info = workbook.active
    info.title = SHEET_INFO
    _write_info(info, defs, groepen, woonvormen, bold, wrap)

    lists = workbook.create_sheet(SHEET_LISTS)
    lists.append(["aandachtsgroep", "woonvorm"])
    for number in range(max(len(groepen), len(woonvormen))):
        lists.append(
            [
                groepen[number].code if number < len(groepen) else None,
                woonvormen[number][0] if number < len(woonvormen) else None,
            ]
        )
    lists.sheet_state = "hidden"
    groep_list = f"{SHEET_LISTS}!$A$2:$A${len(groepen) + 1}"
    woonvorm_list = f"{SHEET_LISTS}!$B$2:$B${len(woonvormen) + 1}"
    last = FIRST_ROW + INPUT_ROWS - 1

    for topic in ("aandachtsgroepen", "aanbod"):
        sheet = workbook.create_sheet(topic)
        columns = COLUMNS[topic]
        sheet.cell(1, 1, f"{TITLES[topic]} — woonzorg-analyse, definitieversie {defs.version}").font = Font(
            bold=True, size=13
        )
        sheet.cell(
            2,
            1,
            "Vul in vanaf rij 5, één rij per regel; laat de kopregel (rij 4) ongewijzigd. "
            f"Verplicht: {', '.join(REQUIRED[topic])}. Uitleg: tabblad 'toelichting'.",
        )
        for number, column in enumerate(columns, start=1):
            sheet.cell(3, number, EXPLAIN[topic][column]).alignment = wrap
            cell = sheet.cell(HEADER_ROW, number, column)
            cell.font, cell.fill = bold, header_fill
            sheet.column_dimensions[get_column_letter(number)].width = 16 if column != "toelichting" else 40
        sheet.row_dimensions[3].height = 45
        sheet.freeze_panes = sheet.cell(FIRST_ROW, 1)
        letter = {column: get_column_letter(n) for n, column in enumerate(columns, start=1)}

        def rows(column: str) -> str:
            return f"{letter[column]}{FIRST_ROW}:{letter[column]}{last}"  # noqa: B023

        for column in ("gemeente_code", "gemeente_naam"):
            for row in range(FIRST_ROW, last + 1):
                sheet[f"{letter[column]}{row}"].number_format = "@"
        validations = [
            _list(groep_list, "aandachtsgroep", rows("aandachtsgroep"), DataValidation),
        ]
        if topic == "aandachtsgroepen":
            validations += [
                _list(f'"{",".join(LAGEN)}"', "laag", rows("laag"), DataValidation),
                _list(
                    f'"{",".join(sorted({g.eenheid for g in groepen}))}"',
                    "eenheid",
                    rows("eenheid"),
                    DataValidation,
                ),
            ]
            cell = f"{letter['aantal']}{FIRST_ROW}"
            aantal = DataValidation(
                type="custom",
                formula1=f'OR({cell}=".",AND(ISNUMBER({cell}),{cell}>=0,{cell}=INT({cell})))',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="aantal",
                error="Vul een geheel getal van 0 of meer in, of een punt (.) als het aantal onbekend is.",
            )
            aantal.add(rows("aantal"))
            peildatum = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(2000,1,1)",
                formula2="DATE(2060,12,31)",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="peildatum",
                error="Vul een datum in (dd-mm-jjjj): 1-1 voor een stand, 31-12 voor een instroom.",
            )
            peildatum.add(rows("peildatum"))
            validations += [aantal, peildatum]
            for row in range(FIRST_ROW, last + 1):
                sheet[f"{letter['peildatum']}{row}"].number_format = "DD-MM-YYYY"
        else:
            validations += [
                _list(woonvorm_list, "woonvorm", rows("woonvorm"), DataValidation),
                _list(f'"{",".join(PLANSTATUS)}"', "status", rows("status"), DataValidation),
            ]
            jaar = defs.fields["jaar"]
            year = DataValidation(
                type="whole",
                operator="between",
                formula1=str(int(jaar.min or 2000)),
                formula2=str(int(jaar.max or 2060)),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="jaar",
                error=f"Vul een jaartal in ({int(jaar.min or 2000)}-{int(jaar.max or 2060)}).",
            )
            year.add(rows("jaar"))
            capaciteit = DataValidation(
                type="whole",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="capaciteit",
                error="Vul een geheel getal van 0 of meer in.",
            )
            capaciteit.add(rows("capaciteit"))
            validations += [year, capaciteit]
        for validation in validations:
            sheet.add_data_validation(validation)

        if prefill and topic == "aandachtsgroepen":
            row = FIRST_ROW
            for groep in groepen:
                for laag in groep.lagen:
                    values = {
                        "gemeente_code": prefill[0],
                        "gemeente_naam": prefill[1],
                        "peildatum": datetime.combine(groep.peildatum_ronde(ronde), datetime.min.time())
                        if ronde
                        else None,
                        "aandachtsgroep": groep.code,
                        "laag": laag,
                        "eenheid": groep.eenheid,
                    }
                    for column, value in values.items():
                        if value is not None:
                            sheet[f"{letter[column]}{row}"] = value
                    row += 1

    properties = workbook.properties
    properties.title = "Leveringssjabloon woonzorg-analyse"
    properties.subject = "Levering aandachtsgroepen en aanbod"
    properties.creator = "woonzorg-analyse"
    properties.lastModifiedBy = "woonzorg-analyse"
    properties.version = defs.version
    properties.keywords = f"definitieversie {defs.version}"
    properties.created = FIXED_TIMESTAMP
    properties.modified = FIXED_TIMESTAMP
    workbook.custom_doc_props.append(StringProperty(name="definitieversie", value=defs.version))
    if prefill:
        workbook.custom_doc_props.append(StringProperty(name="gemeente_code", value=prefill[0]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_timestamps(buffer.getvalue())


def _list(source: str, name: str, cells: str, factory):
    validation = factory(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=name,
        error=f"Kies een {name} uit de lijst.",
    )
    validation.add(cells)
    return validation


def _write_info(sheet, defs: Definitions, groepen, woonvormen, bold, wrap) -> None:
    from openpyxl.styles import Font

    lines: list[list[object]] = [
        ["Leveringssjabloon woonzorg-analyse"],
        ["definitieversie", defs.version],
        ["referentiejaar (gemeentelijke indeling)", defs.referentiejaar],
        [],
        [
            "Wie",
            "De gemeente (of centrumgemeente, corporatie, zorgaanbieder) die cijfers levert "
            "voor de woonzorganalyse van de regio.",
        ],
        [
            "Wat",
            "Tabblad 'aandachtsgroepen': aantallen per aandachtsgroep en laag op een peildatum. "
            "Tabblad 'aanbod': capaciteit per woonvorm, bestaand en gepland per jaar.",
        ],
        [
            "Hoe",
            "Vul vanaf rij 5 in, één regel per rij. Laat kopregel 4 en de kolomnamen ongewijzigd. "
            "Verwijder regels die u niet levert. Controleer met: woonzorg validate <bestand>.",
        ],
        [
            "Peildatum",
            "Stand (maat 'stand'): 1 januari. Instroom (maat 'instroom'): 31 december van het jaar "
            "waarover de instroom gaat.",
        ],
        [
            "Onbekend",
            "Een punt (.) in 'aantal' betekent onbekend of geheim; het wordt nooit als 0 gelezen. "
            "Vul 0 alleen in als het er echt nul zijn.",
        ],
        ["Gemeentecode", "GM en vier cijfers (GM0855); 855 of 0855 wordt ook herkend."],
        [],
        ["Aandachtsgroepen"],
        ["code", "naam", "eenheid", "maat", "lagen", "valt onder", "definitie"],
    ]
    for groep in groepen:
        lines.append(
            [
                groep.code,
                groep.naam,
                groep.eenheid,
                groep.maat,
                ", ".join(groep.lagen),
                groep.ouder or "",
                groep.omschrijving,
            ]
        )
    lines += [[], ["Woonvormen"], ["code", "naam", "omschrijving"]]
    for code, spec in woonvormen:
        lines.append([code, spec.naam, spec.omschrijving])
    for line in lines:
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=13)
    for row in sheet.iter_rows():
        first = row[0].value
        if first in ("code", "Aandachtsgroepen", "Woonvormen", "definitieversie"):
            for cell in row:
                cell.font = bold
        for cell in row:
            cell.alignment = wrap
    for column, width in zip("ABCDEFG", (24, 40, 14, 10, 24, 22, 80), strict=True):
        sheet.column_dimensions[column].width = width


_DOC_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_timestamps(data: bytes) -> bytes:
    """Return the workbook zip rewritten with fixed member and document timestamps, so that the
    same content always gives the same bytes."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _DOC_TIME.sub(rb"\g<1>" + stamp + rb"\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return target_buffer.getvalue()


def write_template(
    path: Path, defs: Definitions, gemeente: str | None = None, ronde: int | None = None
) -> Path:
    """Write the template to ``path`` (an .xlsx file, written atomically) and return the path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"--out moet op .xlsx eindigen: {path}")
    atomic_write_bytes(path, make_template(defs, gemeente, ronde))
    return path
