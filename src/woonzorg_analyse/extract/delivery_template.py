"""The delivery template that gemeenten fill in: an Excel workbook made from the definitions.

Sheets (:data:`SHEETS`): ``toelichting`` (who, what, how; the definitions version; every
aandachtsgroep with code, name, unit, maat, lagen, the woonvormen it may have supply in, and
its definition; the woonvormen), ``aandachtsgroepen`` and ``aanbod`` with exactly the columns
of :data:`woonzorg_analyse.extract.sources.levering.COLUMNS` below a few lines of instruction
(the loader finds the header as the first row whose first cell is ``gemeente_code``), and a
hidden ``lijsten`` sheet that feeds the drop-down lists.

What the template can prevent, it prevents where the value is typed:

- data validations per cell: codes from drop-down lists that depend on the row's group (only
  its lagen, its eenheid, the woonvormen the definitions give it), ``aantal`` a whole number,
  ``.`` or ``niet geleverd``, a peildatum on 31-12 for an instroom, year and capacity ranges;
- a ``controle`` column right of the input (no header in the header row, so the loader never
  reads it) whose formula names the first rule a row breaks, rules across rows included
  (urgente vraag above the populatie, a subgroup above its group, a total that is not the sum
  of its subgroups, a key twice); the row turns red. Data validation does not see pasted
  values; the controle column does.

The rules are those of :mod:`woonzorg_analyse.validate.rules`, so a row without a controle
message passes ``woonzorg validate`` (one limit: rules across rows compare gemeente codes as
typed, so ``855`` and ``GM0855`` in one file are not seen as the same gemeente; validate does).
A gemeente code must exist in the reference year's indeling.

The workbook bytes depend only on the definitions and the options: timestamps are fixed.
:func:`handleiding_bijwerken` writes the lists of docs/handleiding-levering.md from the same
definitions, so guide, template and definitions agree.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from woonzorg_analyse.definitions import EENHEDEN, LAGEN, Definitions
from woonzorg_analyse.errors import DefinitionError, UsageError
from woonzorg_analyse.extract.parsing import normalise_gemeente_code
from woonzorg_analyse.extract.sources.levering import BLADEN_ZONDER_CIJFERS, COLUMNS, NIET_GELEVERD, REQUIRED
from woonzorg_analyse.load.files import atomic_write_bytes

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
INPUT_ROWS = 2000
FIXED_TIMESTAMP = datetime(2026, 1, 1)
SHEET_INFO, SHEET_LISTS = BLADEN_ZONDER_CIJFERS
TOPICS = ("aandachtsgroepen", "aanbod")
PLANSTATUS = ("bestaand", "gepland")
ONBEKEND = "."
CONTROLE = "controle"

# Every sheet of the workbook, in order, with what it holds (toelichting sheet and the guide).
SHEETS = {
    SHEET_INFO: "uitleg, de definitieversie, alle aandachtsgroepen met code, eenheid, maat (stand of "
    "instroom), lagen, toegestane woonvormen en definitie, en de woonvormen",
    "aandachtsgroepen": "per aandachtsgroep en laag het aantal op een peildatum",
    "aanbod": "capaciteit per aandachtsgroep en woonvorm, bestaand en gepland per jaar",
    SHEET_LISTS: "verborgen: de keuzelijsten van het sjabloon; niet wijzigen",
}

EXPLAIN = {
    "aandachtsgroepen": {
        "gemeente_code": "GM en vier cijfers, bijv. GM0855 (855 wordt ook herkend)",
        "gemeente_naam": "naam (ter controle; de code telt)",
        "peildatum": "stand: 1-1-JJJJ; instroom: 31-12-JJJJ",
        "aandachtsgroep": "code uit de keuzelijst",
        "laag": "keuzelijst: de lagen van de groep",
        "eenheid": "keuzelijst: de eenheid van de groep",
        "aantal": f"geheel getal >= 0; een punt ({ONBEKEND}) als onbekend; "
        f"'{NIET_GELEVERD}' als u het niet levert",
        "toelichting": "vrije tekst (bron, bijzonderheden)",
    },
    "aanbod": {
        "gemeente_code": "GM en vier cijfers, bijv. GM0855 (855 wordt ook herkend)",
        "gemeente_naam": "naam (ter controle; de code telt)",
        "aandachtsgroep": "code uit de keuzelijst",
        "woonvorm": "keuzelijst: de woonvormen van de groep",
        "jaar": "kalenderjaar",
        "status": "bestaand (capaciteit in dat jaar) of gepland (toevoeging in dat jaar)",
        "capaciteit": "woonruimten of plaatsen, geheel getal >= 0",
        "toelichting": "vrije tekst (project, aanbieder)",
    },
}
TITLES = {
    "aandachtsgroepen": "Levering aandachtsgroepen",
    "aanbod": "Levering aanbod per woonvorm (bestaand en gepland)",
}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
AANTAL = f"een geheel getal van 0 of meer, {ONBEKEND} (onbekend) of {NIET_GELEVERD}"


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


def eenheden(defs: Definitions) -> list[str]:
    """Return the units the groups of the definitions use, in the order of EENHEDEN."""
    used = {g.eenheid for g in defs.aandachtsgroepen.values()}
    return [e for e in EENHEDEN if e in used]


def allowed_pairs(defs: Definitions) -> list[tuple[str, str]]:
    """Return every (aandachtsgroep, woonvorm) for which the definitions allow supply."""
    return [(g.code, vorm) for g in defs.aandachtsgroepen.values() for vorm in g.woonvormen]


# --- the hidden sheet with the lists -----------------------------------------------------------


class _Lists:
    """Writes the ``lijsten`` sheet and the workbook names that point into it.

    Columns: aandachtsgroep, maat, eenheid, ouder, som_van_subgroepen, then the lagen and the
    woonvormen of each group in a row (named ``lagen_<groep>``, ``woonvormen_<groep>``,
    ``eenheid_<groep>``), then the lists of all woonvormen, lagen and gemeenten, and the
    subgroups of every parent in a row (``kinderen_<groep>``).
    """

    def __init__(self, workbook, defs: Definitions):
        from openpyxl.utils import get_column_letter

        self.sheet = workbook.create_sheet(SHEET_LISTS)
        self.workbook = workbook
        self.letter = get_column_letter
        groepen = list(defs.aandachtsgroepen.values())
        for groep in groepen:
            if not _NAME.match(groep.code):
                raise DefinitionError(f"aandachtsgroep '{groep.code}' is geen geldige code voor het sjabloon")
        n_lagen = len(LAGEN)
        n_vormen = len(defs.woonvormen)
        first_laag = 6
        first_vorm = first_laag + n_lagen
        header = ["aandachtsgroep", "maat", "eenheid", "ouder", "som_van_subgroepen"]
        header += ["lagen"] + [None] * (n_lagen - 1) + ["woonvormen"] + [None] * (n_vormen - 1)
        for column, value in enumerate(header, start=1):
            self.sheet.cell(1, column, value)
        last = len(groepen) + 1
        for row, groep in enumerate(groepen, start=2):
            values = [groep.code, groep.maat, groep.eenheid, groep.ouder or "-"]
            values.append("ja" if groep.som_van_subgroepen else "nee")
            for column, value in enumerate(values, start=1):
                self.sheet.cell(row, column, value)
            for offset, laag in enumerate(groep.lagen):
                self.sheet.cell(row, first_laag + offset, laag)
            for offset, vorm in enumerate(groep.woonvormen):
                self.sheet.cell(row, first_vorm + offset, vorm)
            self.name(f"lagen_{groep.code}", row, first_laag, row, first_laag + len(groep.lagen) - 1)
            self.name(
                f"woonvormen_{groep.code}", row, first_vorm, row, first_vorm + len(groep.woonvormen) - 1
            )
            self.name(f"eenheid_{groep.code}", row, 3, row, 3)
        self.name("lijst_groepen", 2, 1, last, 1)
        self.name("lijst_groeptabel", 2, 1, last, 5)

        column = first_vorm + n_vormen + 1
        indeling = defs.indeling(defs.referentiejaar).sort_values("gemeente_code")
        gemeenten = indeling["gemeente_code"].tolist()
        for title, values, name in (
            ("alle woonvormen", list(defs.woonvormen), "lijst_woonvormen"),
            ("alle lagen", list(LAGEN), "lijst_lagen"),
            ("alle eenheden", eenheden(defs), "lijst_eenheden"),
            ("status", list(PLANSTATUS), "lijst_status"),
            (f"gemeenten op 1-1-{defs.referentiejaar}", gemeenten, "lijst_gemeenten"),
        ):
            self.sheet.cell(1, column, title)
            for row, value in enumerate(values, start=2):
                self.sheet.cell(row, column, value)
            self.name(name, 2, column, len(values) + 1, column)
            column += 1

        column += 1
        self.sheet.cell(1, column, "subgroepen van")
        parents = [g for g in groepen if any(c.ouder == g.code for c in groepen)]
        for row, parent in enumerate(parents, start=2):
            children = [c.code for c in groepen if c.ouder == parent.code]
            self.sheet.cell(row, column, parent.code)
            for offset, child in enumerate(children, start=1):
                self.sheet.cell(row, column + offset, child)
            self.name(f"kinderen_{parent.code}", row, column + 1, row, column + len(children))
        self.sheet.sheet_state = "hidden"

    def name(self, name: str, row1: int, col1: int, row2: int, col2: int) -> None:
        """Define a workbook name for a range of the lists sheet."""
        from openpyxl.workbook.defined_name import DefinedName

        ref = f"{SHEET_LISTS}!${self.letter(col1)}${row1}:${self.letter(col2)}${row2}"
        self.workbook.defined_names[name] = DefinedName(name, attr_text=ref)


# --- the formulas of the input sheets ----------------------------------------------------------


def _formulas(topic: str, letter: dict[str, str], defs: Definitions) -> dict[str, str]:
    """Return the formulas of one input sheet, written for row FIRST_ROW (relative rows).

    Keys: a data-validation formula per column that has one (``dv_<column>``) and the
    ``controle`` formula (without the leading ``=``). Names are those of :class:`_Lists`
    and the column ranges ``<prefix>_<column>`` of :func:`_column_names`.
    """
    r = FIRST_ROW

    def c(column: str) -> str:
        return f"${letter[column]}{r}"

    prefix = _prefix(topic)

    def rng(column: str) -> str:
        return f"{prefix}_{column}"

    groep = c("aandachtsgroep")
    known = f"COUNTIF(lijst_groepen,{groep})>0"
    code = c("gemeente_code")
    normalised = f'IF(ISNUMBER(--{code}),"GM"&TEXT(--{code},"0000"),UPPER(TRIM({code})))'
    gemeente = (
        f"COUNTIF(lijst_gemeenten,{normalised})=0",
        f'"gemeente_code: geen gemeente op 1-1-{defs.referentiejaar}; controleer de code"',
    )
    if topic == "aandachtsgroepen":
        gm, pd_, laag, eenheid, aantal = (
            c(x) for x in ("gemeente_code", "peildatum", "laag", "eenheid", "aantal")
        )
        marked = f'TRIM({aantal})="{NIET_GELEVERD}"'
        whole = f"AND({aantal}>=0,{aantal}=INT({aantal}))"
        valid_aantal = f'IF(ISNUMBER({aantal}),{whole},OR(TRIM({aantal})="{ONBEKEND}",{marked}))'
        controle_aantal = (
            f'IF(ISNUMBER({aantal}),{whole},OR(TRIM({aantal})="{ONBEKEND}",{marked},{_text_whole(aantal)}))'
        )
        instroom = f'IFERROR(VLOOKUP({groep},lijst_groeptabel,2,FALSE),"")="instroom"'
        in_range = "AND({d}>=DATE(2000,1,1),{d}<=DATE(2060,12,31))"
        # the controle column also reads a date pasted as text dd-mm-jjjj, as the loader does
        serial = (
            f"IF(ISNUMBER({pd_}),{pd_},IF(LEN({pd_})=10,"
            f"IFERROR(DATE(VALUE(RIGHT({pd_},4)),VALUE(MID({pd_},4,2)),VALUE(LEFT({pd_},2))),-1),-1))"
        )
        date_ok = in_range.format(d=serial)
        not_31_12 = f"AND({instroom},OR(MONTH({serial})<>12,DAY({serial})<>31))"
        dv_31_12 = f"OR(NOT({instroom}),AND(MONTH({pd_})=12,DAY({pd_})=31))"
        dv_date = f"AND(ISNUMBER({pd_}),{in_range.format(d=pd_)},{dv_31_12})"
        laag_ok = f'COUNTIF(INDIRECT("lagen_"&{groep}),{laag})>0'
        same = f"{rng('gemeente_code')},{gm},{rng('peildatum')},{pd_}"
        number = f'{rng("aantal")},"<"&{aantal}'
        bigger = f'{rng("aantal")},">"&{aantal}'
        other_laag = f'IF({laag}="populatie","urgente_vraag","populatie")'
        ouder = f"VLOOKUP({groep},lijst_groeptabel,4,FALSE)"
        kinderen = f'INDIRECT("kinderen_"&{groep})'
        parts = f"{same},{rng('aandachtsgroep')},{kinderen},{rng('laag')},{laag}"
        n_number = f'SUMPRODUCT(COUNTIFS({parts},{rng("aantal")},">=0"))'
        # a negative count is refused on its own row; compared with other rows it counts as
        # unknown, as validate does (rules.check_hierarchy), so one wrong cell is one message
        n_unknown = (
            f'SUMPRODUCT(COUNTIFS({parts},{rng("aantal")},"{ONBEKEND}"))'
            f'+SUMPRODUCT(COUNTIFS({parts},{rng("aantal")},"<0"))'
        )
        total = f'SUMPRODUCT(SUMIFS({rng("aantal")},{parts},{rng("aantal")},">=0"))'
        is_sum = f'VLOOKUP({groep},lijst_groeptabel,5,FALSE)="ja"'
        checks = [
            (f"{marked}", f'IF(NOT({known}),"kies een aandachtsgroep uit de lijst",'
             f'IF(NOT({laag_ok}),"laag hoort niet bij deze groep",""))'),
            (f'TRIM({aantal})=""', f'"vul aantal in: {AANTAL}"'),
            (f'TRIM({gm})=""', '"vul gemeente_code in"'),
            gemeente,
            (f"NOT({known})", '"kies een aandachtsgroep uit de lijst"'),
            (f"NOT({laag_ok})", '"laag hoort niet bij deze groep"'),
            (f'{eenheid}<>INDIRECT("eenheid_"&{groep})',
             f'"eenheid hoort niet bij deze groep (verwacht "&INDIRECT("eenheid_"&{groep})&")"'),
            (f"NOT({date_ok})", '"peildatum: vul een datum in (dd-mm-jjjj)"'),
            (not_31_12, '"instroom: de peildatum is 31-12 van het jaar"'),
            (f"NOT({controle_aantal})", f'"aantal: {AANTAL}"'),
            (f'COUNTIFS({same},{rng("aandachtsgroep")},{groep},{rng("laag")},{laag},{rng("aantal")},'
             f'"<>{NIET_GELEVERD}")>1', '"dubbel: deze gemeente, peildatum, groep en laag staan er vaker"'),
            (f'AND(ISNUMBER({aantal}),{laag}="urgente_vraag",COUNTIFS({same},{rng("aandachtsgroep")},{groep},'
             f'{rng("laag")},{other_laag},{number},{rng("aantal")},">=0")>0)',
             '"urgente vraag is groter dan de populatie"'),
            (f'AND(ISNUMBER({aantal}),{laag}="populatie",COUNTIFS({same},{rng("aandachtsgroep")},{groep},'
             f'{rng("laag")},{other_laag},{bigger})>0)', '"populatie is kleiner dan de urgente vraag"'),
            (f'AND(ISNUMBER({aantal}),{ouder}<>"-",COUNTIFS({same},{rng("aandachtsgroep")},{ouder},'
             f'{rng("laag")},{laag},{number},{rng("aantal")},">=0")>0)',
             f'"subgroep is groter dan hoofdgroep "&{ouder}'),
            (f"AND(ISNUMBER({aantal}),IFERROR(SUMPRODUCT(COUNTIFS({parts},{bigger})),0)>0)",
             '"hoofdgroep is kleiner dan een subgroep"'),
            (f"IF(AND(ISNUMBER({aantal}),{is_sum}),AND({n_number}+{n_unknown}=COLUMNS({kinderen}),"
             f"OR({total}>{aantal},AND({n_unknown}=0,{total}<>{aantal}))),FALSE)",
             f'"totaal wijkt af van de som van de subgroepen ("&{total}&")"'),
        ]  # fmt: skip
        empty = f"COUNTA(${letter['gemeente_code']}{r}:${letter['toelichting']}{r})=0"
        formulas = {
            "dv_aantal": valid_aantal,
            "dv_peildatum": dv_date,
            "dv_laag": f'IF({groep}="",lijst_lagen,INDIRECT("lagen_"&{groep}))',
            "dv_eenheid": f'IF({groep}="",lijst_eenheden,INDIRECT("eenheid_"&{groep}))',
        }
    else:
        gm, vorm, jaar, status, capaciteit = (
            c(x) for x in ("gemeente_code", "woonvorm", "jaar", "status", "capaciteit")
        )
        veld = defs.fields["jaar"]
        low, high = int(veld.min or 2000), int(veld.max or 2060)
        vorm_ok = f'COUNTIF(INDIRECT("woonvormen_"&{groep}),{vorm})>0'
        missing = ",".join(f'TRIM({c(x)})=""' for x in REQUIRED["aanbod"])
        checks = [
            (f"OR({missing})", f'"vul {", ".join(REQUIRED["aanbod"])} in"'),
            gemeente,
            (f"NOT({known})", '"kies een aandachtsgroep uit de lijst"'),
            (f"NOT({vorm_ok})", '"woonvorm hoort niet bij deze groep (zie tabblad toelichting)"'),
            (f"COUNTIF(lijst_status,{status})=0", f'"status: {" of ".join(PLANSTATUS)}"'),
            (f"NOT(IF(ISNUMBER({jaar}),AND({jaar}=INT({jaar}),{jaar}>={low},{jaar}<={high}),"
             f"AND({_text_whole(jaar)},VALUE({jaar})>={low},VALUE({jaar})<={high})))",
             f'"jaar: een jaartal van {low} tot en met {high}"'),
            (f"NOT(IF(ISNUMBER({capaciteit}),AND({capaciteit}>=0,{capaciteit}=INT({capaciteit})),"
             f"{_text_whole(capaciteit)}))", '"capaciteit: een geheel getal van 0 of meer"'),
            (f"COUNTIFS({rng('gemeente_code')},{gm},{rng('aandachtsgroep')},{groep},{rng('woonvorm')},{vorm},"
             f"{rng('jaar')},{jaar},{rng('status')},{status})>1",
             '"dubbel: deze gemeente, groep, woonvorm, jaar en status staan er vaker"'),
        ]  # fmt: skip
        empty = f"COUNTA(${letter['gemeente_code']}{r}:${letter['toelichting']}{r})=0"
        formulas = {"dv_woonvorm": f'IF({groep}="",lijst_woonvormen,INDIRECT("woonvormen_"&{groep}))'}
    controle = '""'
    for condition, message in reversed(checks):
        controle = f"IF({condition},{message},{controle})"
    formulas[CONTROLE] = f'IF({empty},"",{controle})'
    return formulas


def _text_whole(cell: str) -> str:
    """Return a formula: the text in ``cell`` is a whole number >= 0 as the loader reads text,
    digits with Dutch thousands dots (``1.234`` is 1234). A typed number never is text in
    Excel; a pasted one can be."""
    t = f"TRIM({cell})"
    digits = f'SUBSTITUTE({t},".","")'
    dots = f"(LEN({t})-LEN({digits}))"
    each = f'MID({digits},ROW(INDIRECT("1:"&LEN({digits}))),1)'
    only_digits = f'IFERROR(SUMPRODUCT(--ISNUMBER(FIND({each},"0123456789")))=LEN({digits}),FALSE)'
    grouped = f'IF({dots}=0,TRUE,AND(FIND(".",{t})>1,FIND(".",{t})<=4,LEN({t})-FIND(".",{t})=4*{dots}-1))'
    return f"AND({only_digits},{grouped})"


def _prefix(topic: str) -> str:
    return {"aandachtsgroepen": "ag", "aanbod": "ab"}[topic]


def _column_names(workbook, topic: str, letter: dict[str, str]) -> None:
    """Define ``<prefix>_<column>`` for every input column of a sheet (rows FIRST_ROW..)."""
    from openpyxl.workbook.defined_name import DefinedName

    last = FIRST_ROW + INPUT_ROWS - 1
    for column, col in letter.items():
        name = f"{_prefix(topic)}_{column}"
        workbook.defined_names[name] = DefinedName(
            name, attr_text=f"{topic}!${col}${FIRST_ROW}:${col}${last}"
        )


# --- the workbook ------------------------------------------------------------------------------


def make_template(defs: Definitions, gemeente: str | None = None, ronde: int | None = None) -> bytes:
    """Return the bytes of the delivery workbook for ``defs``.

    With ``gemeente`` the aandachtsgroepen sheet gets one row per aandachtsgroep and laag with
    code, name and eenheid filled in (peildatum too when ``ronde`` is given); the gemeente
    fills in ``aantal``, or ``niet geleverd`` for a group and laag it does not deliver. The
    aanbod sheet stays empty: a half-filled row there would be an error when a gemeente
    delivers no supply.
    """
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    prefill = gemeente_naam(defs, gemeente) if gemeente else None
    groepen = list(defs.aandachtsgroepen.values())
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    red = PatternFill("solid", fgColor="F8CBAD", bgColor="F8CBAD")
    wrap = Alignment(wrap_text=True, vertical="top")
    last = FIRST_ROW + INPUT_ROWS - 1

    workbook = Workbook()
    info = workbook.active
    info.title = SHEET_INFO
    _write_info(info, defs, groepen, bold, wrap)
    sheets = {topic: workbook.create_sheet(topic) for topic in TOPICS}
    _Lists(workbook, defs)
    workbook.calculation.fullCalcOnLoad = True

    for topic, sheet in sheets.items():
        columns = COLUMNS[topic]
        letter = {column: get_column_letter(n) for n, column in enumerate(columns, start=1)}
        check = get_column_letter(len(columns) + 1)
        _column_names(workbook, topic, letter)
        formulas = _formulas(topic, letter, defs)
        sheet.cell(1, 1, f"{TITLES[topic]} — woonzorg-analyse, definitieversie {defs.version}").font = Font(
            bold=True, size=13
        )
        sheet.cell(
            2,
            1,
            "Vul in vanaf rij 5, één rij per regel; laat de kopregel (rij 4) ongewijzigd. "
            f"Verplicht: {', '.join(REQUIRED[topic])}. Kolom '{CONTROLE}' noemt wat niet klopt "
            "(de rij kleurt rood). Uitleg: tabblad 'toelichting'.",
        )
        for number, column in enumerate(columns, start=1):
            sheet.cell(3, number, EXPLAIN[topic][column]).alignment = wrap
            cell = sheet.cell(HEADER_ROW, number, column)
            cell.font, cell.fill = bold, header_fill
            sheet.column_dimensions[get_column_letter(number)].width = 16 if column != "toelichting" else 40
        explain = sheet[f"{check}3"]
        explain.value = f"{CONTROLE}: wordt berekend, niet invullen"
        explain.alignment, explain.font = wrap, Font(italic=True)
        sheet.column_dimensions[check].width = 45
        sheet.row_dimensions[3].height = 45
        sheet.freeze_panes = sheet.cell(FIRST_ROW, 1)

        controle = _rows_of(formulas[CONTROLE])

        def rows(column: str) -> str:
            return f"{letter[column]}{FIRST_ROW}:{letter[column]}{last}"  # noqa: B023

        for row in range(FIRST_ROW, last + 1):
            for column in ("gemeente_code", "gemeente_naam"):
                sheet[f"{letter[column]}{row}"].number_format = "@"
            sheet[f"{check}{row}"] = controle.format(row=row)
        validations = [
            _list("lijst_groepen", "aandachtsgroep", rows("aandachtsgroep"), DataValidation),
            _list(
                "lijst_gemeenten",
                "gemeente_code",
                rows("gemeente_code"),
                DataValidation,
                warning=f"Deze code is geen gemeente op 1 januari {defs.referentiejaar}. Toch gebruiken?",
            ),
        ]
        if topic == "aandachtsgroepen":
            validations += [
                _list(formulas["dv_laag"], "laag", rows("laag"), DataValidation),
                _list(formulas["dv_eenheid"], "eenheid", rows("eenheid"), DataValidation),
                _custom(
                    formulas["dv_aantal"],
                    "aantal",
                    rows("aantal"),
                    f"Vul een geheel getal van 0 of meer in, een punt ({ONBEKEND}) als het aantal onbekend "
                    f"is, of '{NIET_GELEVERD}' als u deze groep en laag niet levert.",
                    DataValidation,
                ),
                _custom(
                    formulas["dv_peildatum"],
                    "peildatum",
                    rows("peildatum"),
                    "Vul een datum in (dd-mm-jjjj): 1-1 voor een stand, 31-12 voor een instroom "
                    "(zie tabblad toelichting, kolom maat).",
                    DataValidation,
                ),
            ]
            for row in range(FIRST_ROW, last + 1):
                sheet[f"{letter['peildatum']}{row}"].number_format = "DD-MM-YYYY"
        else:
            jaar = defs.fields["jaar"]
            low, high = int(jaar.min or 2000), int(jaar.max or 2060)
            validations += [
                _list(formulas["dv_woonvorm"], "woonvorm", rows("woonvorm"), DataValidation),
                _list("lijst_status", "status", rows("status"), DataValidation),
                _whole(
                    "jaar", rows("jaar"), f"Vul een jaartal in ({low}-{high}).", DataValidation, low, high
                ),
                _whole(
                    "capaciteit", rows("capaciteit"), "Vul een geheel getal van 0 of meer in.", DataValidation
                ),
            ]
        for validation in validations:
            sheet.add_data_validation(validation)
        sheet.conditional_formatting.add(
            f"A{FIRST_ROW}:{check}{last}", FormulaRule(formula=[f'${check}{FIRST_ROW}<>""'], fill=red)
        )

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


_CELL = re.compile(r"(\$[A-Z]{1,3})" + str(FIRST_ROW) + r"(?![0-9])")


def _rows_of(formula: str) -> str:
    """Return ``formula`` (written for row FIRST_ROW) as a template with ``{row}`` for the row
    of every cell reference: these formulas refer to cells only as ``$<column><row>``."""
    escaped = formula.replace("{", "{{").replace("}", "}}")
    return "=" + _CELL.sub(lambda match: match.group(1) + "{row}", escaped)


def _shift(formula: str, row: int) -> str:
    """Return a formula written for row FIRST_ROW as Excel would copy it down to ``row``."""
    return _rows_of(formula).format(row=row)


def _list(source: str, name: str, cells: str, factory, warning: str | None = None):
    validation = factory(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=name,
        error=warning or f"Kies een {name} uit de lijst.",
        errorStyle="warning" if warning else "stop",
    )
    validation.add(cells)
    return validation


def _custom(formula: str, name: str, cells: str, error: str, factory):
    validation = factory(
        type="custom", formula1=formula, allow_blank=True, showErrorMessage=True, errorTitle=name, error=error
    )
    validation.add(cells)
    return validation


def _whole(name: str, cells: str, error: str, factory, low: int = 0, high: int | None = None):
    validation = factory(
        type="whole",
        operator="between" if high is not None else "greaterThanOrEqual",
        formula1=str(low),
        formula2=str(high) if high is not None else None,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=name,
        error=error,
    )
    validation.add(cells)
    return validation


def info_lines(defs: Definitions) -> list[tuple[str, str]]:
    """Return the instructions of the toelichting sheet as (topic, text)."""
    return [
        (
            "Wie",
            "De gemeente (of centrumgemeente, corporatie, zorgaanbieder) die cijfers levert voor de "
            "woonzorganalyse van de regio.",
        ),
        (
            "Tabbladen",
            "; ".join(f"'{name}': {text}" for name, text in SHEETS.items()) + ".",
        ),
        (
            "Hoe",
            f"Vul vanaf rij {FIRST_ROW} in, één regel per rij. Laat kopregel {HEADER_ROW} en de kolomnamen "
            "ongewijzigd en voeg geen kolommen in. Controleer met: woonzorg validate <bestand>.",
        ),
        (
            "Niet geleverd",
            f"Levert u een groep of laag niet, vul dan '{NIET_GELEVERD}' in bij aantal (of verwijder de "
            "rij). Laat aantal niet leeg: een lege cel is een fout, zodat een vergeten cel niet "
            "ongemerkt als 'niet geleverd' telt. woonzorg validate noemt wat niet geleverd is.",
        ),
        (
            "Onbekend",
            f"Een punt ({ONBEKEND}) in aantal betekent onbekend of geheim; het wordt nooit als 0 gelezen. "
            "Vul 0 alleen in als het er echt nul zijn.",
        ),
        (
            "Getallen",
            "Alleen hele getallen. Een punt tussen cijfers is een duizendtalscheiding: 1.234 wordt "
            "gelezen als 1234 (niet als 1,234). Een komma is een decimaalteken: 12,5 is geen geheel getal.",
        ),
        (
            "Peildatum",
            "Stand (maat 'stand'): 1 januari. Instroom (maat 'instroom'): 31 december van het jaar "
            "waarover de instroom gaat.",
        ),
        ("Gemeentecode", "GM en vier cijfers (GM0855); 855 of 0855 wordt ook herkend."),
        (
            "Controle",
            f"Kolom '{CONTROLE}' rechts van de invoer noemt per rij de eerste regel die niet klopt en "
            "kleurt de rij rood: ook tussen rijen (urgente vraag groter dan de populatie, een subgroep "
            "groter dan zijn hoofdgroep, een totaal dat niet de som van zijn subgroepen is, een regel "
            "die dubbel staat). Een rij zonder melding doorstaat woonzorg validate.",
        ),
    ]


def _write_info(sheet, defs: Definitions, groepen, bold, wrap) -> None:
    from openpyxl.styles import Font

    lines: list[list[object]] = [
        ["Leveringssjabloon woonzorg-analyse"],
        ["definitieversie", defs.version],
        ["referentiejaar (gemeentelijke indeling)", defs.referentiejaar],
        [],
    ]
    lines += [[topic, text] for topic, text in info_lines(defs)]
    lines += [
        [],
        ["Aandachtsgroepen"],
        ["code", "naam", "eenheid", "maat", "lagen", "valt onder", "woonvormen (aanbod)", "definitie"],
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
                ", ".join(groep.woonvormen),
                groep.omschrijving,
            ]
        )
    lines += [[], ["Woonvormen"], ["code", "naam", "omschrijving"]]
    for code, spec in defs.woonvormen.items():
        lines.append([code, spec.naam, spec.omschrijving])
    widths = dict(zip("ABCDEFGH", (24, 40, 14, 10, 24, 22, 30, 80), strict=True))
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    info = {topic for topic, _ in info_lines(defs)}
    woonvorm_rows = False
    for number, line in enumerate(lines, start=1):
        sheet.append(line)
        if line[:1] == ["Woonvormen"]:
            woonvorm_rows = True
        # long text spans to column H; a row is as high as its longest text needs (Excel and
        # LibreOffice do not grow a row for wrapped text by themselves)
        span = None
        if line and line[0] in info:
            span = "B"
        elif woonvorm_rows and len(line) == 3:
            span = "C"
        if span:
            sheet.merge_cells(f"{span}{number}:H{number}")
        needed = 1
        for letter, value in zip(widths, line, strict=False):
            room = sum(w for c, w in widths.items() if c >= letter) if letter == span else widths[letter]
            needed = max(needed, -(-len(str(value or "")) // int(room * 1.1)))  # lines, rounded up
        if needed > 1:
            sheet.row_dimensions[number].height = 15 * needed
    sheet["A1"].font = Font(bold=True, size=13)
    for row in sheet.iter_rows():
        first = row[0].value
        if first in ("code", "Aandachtsgroepen", "Woonvormen", "definitieversie"):
            for cell in row:
                cell.font = bold
        for cell in row:
            cell.alignment = wrap


# --- the guide for data suppliers --------------------------------------------------------------


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def handleiding_blokken(defs: Definitions) -> dict[str, str]:
    """Return the generated parts of docs/handleiding-levering.md, by block name, as Markdown.

    The blocks hold what the template and the definitions decide: the sheets, the columns
    and what goes in them, the groups with unit, maat, lagen and allowed woonvormen, the
    woonvormen and the units in use.
    """
    blocks = {
        "tabbladen": _table(
            ["tabblad", "wat staat er"], [[f"`{name}`", text] for name, text in SHEETS.items()]
        ),
    }
    for topic in TOPICS:
        blocks[f"kolommen_{topic}"] = _table(
            ["kolom", "verplicht", "invullen"],
            [
                [f"`{column}`", "ja" if column in REQUIRED[topic] else "nee", EXPLAIN[topic][column]]
                for column in COLUMNS[topic]
            ],
        )
    blocks["aandachtsgroepen"] = _table(
        ["code", "naam", "eenheid", "maat", "peildatum", "lagen", "woonvormen (aanbod)"],
        [
            [
                f"`{g.code}`",
                g.naam,
                g.eenheid,
                g.maat,
                "31-12" if g.maat == "instroom" else "1-1",
                ", ".join(f"`{laag}`" for laag in g.lagen),
                ", ".join(f"`{vorm}`" for vorm in g.woonvormen),
            ]
            for g in defs.aandachtsgroepen.values()
        ],
    )
    blocks["woonvormen"] = _table(
        ["code", "naam", "omschrijving"],
        [[f"`{code}`", spec.naam, spec.omschrijving] for code, spec in defs.woonvormen.items()],
    )
    blocks["eenheden"] = "Eenheden in gebruik: " + ", ".join(f"`{e}`" for e in eenheden(defs)) + "."
    return blocks


_BLOCK = re.compile(
    r"(<!-- begin (?P<name>[a-z_]+): gegenereerd uit definitions/[^>]*-->\n)"
    r"(?P<body>.*?)(\n<!-- einde (?P=name) -->)",
    re.DOTALL,
)


def handleiding_bijwerken(text: str, defs: Definitions) -> str:
    """Return the guide ``text`` with every generated block replaced by its current content.

    A block sits between ``<!-- begin NAME: gegenereerd uit definitions/ ... -->`` and
    ``<!-- einde NAME -->``. Raises DefinitionError for a block name that does not exist.
    """
    blocks = handleiding_blokken(defs)

    def replace(match: re.Match) -> str:
        name = match.group("name")
        if name not in blocks:
            raise DefinitionError(f"onbekend blok '{name}' in de handleiding (bekend: {', '.join(blocks)})")
        return match.group(1) + blocks[name] + match.group(4)

    return _BLOCK.sub(replace, text)


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
