"""Where a printed number comes from: ``woonzorg herkomst``.

A cell is named as a reader finds it in tabellen.xlsx: the sheet, the text in the first column
of its row, and the column header. The report of the region is built again (the same code that
wrote the workbook), the cell found, and its lineage printed, one fact per line:

- ``cel:`` the cell as published;
- ``tabel:`` the report mart (``rpt__``), the key of its row and the field the cell shows;
- ``sql:`` the SQL files up the chain, from the mart down to the staged tables (``python:`` the
  module of a Python model, the masking plan int__afscherming);
- ``staging:`` each staged table with the source module and loader that made it;
- ``definitie:`` the definitions used: the group, the field, the verdeelsleutel and scenario,
  the settings the SQL reads;
- ``bron:`` the raw files and rows (file, place in the file) the figure rests on.

A count that the report masks stays masked here: the line names the mart row, not the value.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.formatting import kaal
from woonzorg_analyse.report.chapters import SHEET_CHARS, build_report
from woonzorg_analyse.report.context import Context, make_context
from woonzorg_analyse.report.model import Kolom, Rapport, Tabel, Waarde
from woonzorg_analyse.report.publish import publish
from woonzorg_analyse.sql import PYTHON_MODELS, SQL_DIR, model_file, model_sql

MAX_RIJEN = 10  # raw rows printed per staged table; the rest is counted
SETTINGS = {
    "ref_analyse_instelling": ("referentiejaar", "doeljaar", "prognosejaren", "lidmaatschap_zekerheid"),
}


@dataclass(frozen=True)
class Cel:
    """A located cell: its table, row and column, and the published text."""

    tabel: Tabel
    rij: int
    kolom: int
    tekst: str
    gemaskeerd: bool

    @property
    def kolomdef(self) -> Kolom:
        """The column definition."""
        return self.tabel.kolommen[self.kolom]

    @property
    def waarde(self) -> Any:
        """The raw value of the cell in the report model."""
        rows = [*self.tabel.rijen, *([self.tabel.totaal] if self.tabel.totaal is not None else [])]
        return rows[self.rij][self.kolom]


def _norm(text: str) -> str:
    """Compare names loosely: case, spaces and a colon after a group label do not matter."""
    return " ".join(str(text).replace("\u00a0", " ").replace(":", " ").split()).casefold()


def find_sheet(rapport: Rapport, blad: str) -> Tabel:
    """Return the table on sheet ``blad`` (case and spacing ignored): its name as on the tab, the
    name before Excel cut it to 31 characters, or the table's number alone ("4.3", "Tabel 4.3").
    UsageError naming the closest sheets."""
    tables = rapport.tabellen()
    wanted = _norm(blad)
    for table in tables:
        if _norm(table.blad) == wanted:
            return table
    number = wanted.removeprefix("tabel ").rstrip(".")
    for table in tables:
        if table.nummer and _norm(table.nummer) == number:
            return table
    # a name typed in full ("4.3 Verdeling uitstroom_intramuraal") of a sheet Excel cut short
    cut = [t for t in tables if len(t.blad) == SHEET_CHARS and wanted.startswith(_norm(t.blad))]
    if len(cut) == 1:
        return cut[0]
    names = {_norm(t.blad): t.blad for t in tables}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.5)
    hint = f"bedoelt u {' of '.join(repr(names[c]) for c in close)}? " if close else ""
    raise UsageError(
        f"geen blad '{blad}' in tabellen.xlsx van {rapport.regio_code}; {hint}"
        f"het nummer van de tabel volstaat ook, bv. '{tables[0].nummer}'"
    )


def column_names(table: Tabel) -> list[str]:
    """Return every column as it can be named: its header in the workbook (with the group above it
    when there is one, "Naar rato inwoners: Doel")."""
    return table.koppen()


def find_cell(table: Tabel, rij: str, kolom: str, drempel: int) -> Cel:
    """Return the cell in the row whose first cell reads ``rij`` and the column ``kolom``."""
    cells = publish(table, drempel)
    matches = [i for i, row in enumerate(cells) if _norm(row[0].tekst) == _norm(rij)]
    if not matches:
        shown = ", ".join(f"'{row[0].tekst}'" for row in cells[:40])
        raise UsageError(f"geen rij '{rij}' op blad '{table.blad}' (wel: {shown})")
    if len(matches) > 1:
        raise UsageError(f"meer dan één rij '{rij}' op blad '{table.blad}'")
    names = column_names(table)
    found = [j for j, name in enumerate(names) if _norm(name) == _norm(kolom)]
    if not found:
        found = [j for j, k in enumerate(table.kolommen) if _norm(k.label) == _norm(kolom)]
    if len(found) != 1:
        options = ", ".join(f"'{n}'" for n in names)
        what = "geen kolom" if not found else "meer dan één kolom"
        raise UsageError(f"{what} '{kolom}' op blad '{table.blad}'; kies uit: {options}")
    i, j = matches[0], found[0]
    cell = cells[i][j]
    masked = cell.tekst.startswith("<") or cell.tekst == "x"
    return Cel(table, i, j, cell.tekst, masked)


@dataclass(frozen=True)
class Herkomst:
    """The lineage of one cell, as lines starting with tabel:, sql:, definitie:, bron:."""

    regels: list[str]

    def text(self) -> str:
        """Return the lines joined."""
        return "\n".join(self.regels)


def tables_in(sql: str, known: set[str]) -> list[str]:
    """Return the known tables a SQL text selects from, in order of appearance."""
    text = "\n".join(line.split("--")[0] for line in sql.splitlines())
    names = re.findall(r"\b(?:from|join)\s+\"?([a-z_][a-z0-9_]*)\"?", text, flags=re.IGNORECASE)
    return list(dict.fromkeys(n for n in names if n in known))


def sql_chain(table: str, defs: Definitions) -> list[str]:
    """Return the tables of the SQL tiers that ``table`` is made from, itself first, each once."""
    known = set(defs.tables) | {"meta_tabel"}
    order: list[str] = []
    todo = [table]
    while todo:
        name = todo.pop(0)
        if name in order:
            continue
        order.append(name)
        if name.startswith(("int__", "agg__", "rpt__")):
            todo += tables_in(model_sql(name), known)
    return order


@dataclass(frozen=True)
class MartCel:
    """Where a table cell comes from: a report mart, the key of its row and the field(s)."""

    mart: str
    sleutel: dict[str, Any]
    velden: tuple[str, ...]


def mart_cel(ctx: Context, table: Tabel, rij: int, kolom: int) -> MartCel | None:
    """Return the mart row and field of cell (``rij``, ``kolom``) of ``table`` (rows counted with
    the total row last), or None for a cell that is not a figure from a mart (a label, a text)."""
    rows = [*table.rijen, *([table.totaal] if table.totaal is not None else [])]
    value = rows[rij][kolom]
    spec = table.kolommen[kolom]
    veld = value.veld if isinstance(value, Waarde) and value.veld else spec.veld
    if table.mart is None or veld is None or rij >= len(table.sleutels):
        return None
    mart, field = veld.split(".", 1) if "." in veld else (table.mart, veld)
    key = {
        "regio_type": ctx.regio_type,
        "regio_code": ctx.regio_code,
        **table.sleutels[rij],
        **dict(spec.filter),
    }
    fields = (field,) + ((spec.veld_tot,) if spec.veld_tot and not isinstance(value, Waarde) else ())
    return MartCel(mart, key, fields)


def trace(ctx: Context, rapport: Rapport, blad: str, rij: str, kolom: str) -> Herkomst:
    """Return the lineage of the cell (``blad``, ``rij``, ``kolom``) of the region's report."""
    table = find_sheet(rapport, blad)
    cell = find_cell(table, rij, kolom, rapport.drempel)
    lines = [
        f"cel: blad '{table.blad}', rij '{rij}', kolom '{column_names(table)[cell.kolom]}': {cell.tekst}"
    ]
    value = cell.waarde
    veld = value.veld if isinstance(value, Waarde) and value.veld else cell.kolomdef.veld
    if table.mart is None or veld is None:
        lines.append(
            f"tabel: geen; '{table.titel}' is tekst uit de definities of de invoer, geen berekend cijfer"
        )
        lines.append(f"definitie: {table.bron.removeprefix('Bron: ')}")
        return Herkomst(lines)
    mart, field = veld.split(".", 1) if "." in veld else (table.mart, veld)
    key = {"regio_type": ctx.regio_type, "regio_code": ctx.regio_code, **table.sleutels[cell.rij]}
    key.update(dict(cell.kolomdef.filter))
    fields = [field] + (
        [cell.kolomdef.veld_tot] if cell.kolomdef.veld_tot and not isinstance(value, Waarde) else []
    )
    row = mart_row(ctx, mart, key)
    shown = ", ".join(f"{k}={kaal(v)}" for k, v in key.items())
    if row is None:
        lines.append(f"tabel: {mart} ({shown}): geen rij gevonden")
        return Herkomst(lines)
    if cell.gemaskeerd:
        values = "waarde afgeschermd (kleine aantallen); de exacte waarde staat alleen in het warehouse"
    else:
        values = ", ".join(f"{f} = {kaal(row.get(f))}" for f in fields)
    lines.append(f"tabel: {mart} ({shown}), veld {' en '.join(fields)}: {values}")
    chain = sql_chain(mart, ctx.defs)
    lines += [
        f"{'python' if t in PYTHON_MODELS else 'sql'}: {model_file(t).relative_to(SQL_DIR.parent).as_posix()}"
        for t in chain
        if t.startswith(("int__", "agg__", "rpt__"))
    ]
    lines += _staging_lines(chain)
    lines += _definition_lines(ctx, chain, row, fields)
    regionaal = any(ctx.defs.fields[f].regionaal for f in fields if f in ctx.defs.fields)
    lines += _source_lines(ctx, chain, row, regionaal)
    return Herkomst(lines)


def mart_row(ctx: Context, mart: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """Return the row of ``mart`` with ``key`` as a dict (missing values as None), or None."""
    conditions = " and ".join(f'"{k}" = ?' for k in key)
    frame = ctx.q(f'select * from "{mart}" where {conditions}', *key.values())
    if frame.empty:
        return None
    return {k: (None if _missing(v) else v) for k, v in frame.iloc[0].to_dict().items()}


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _staging_lines(chain: list[str]) -> list[str]:
    from woonzorg_analyse.extract.registry import sources

    lines = []
    for source in sources():
        for table in source.tabellen:
            if table in chain:
                lines.append(
                    f"staging: {table} uit bron {source.bron} ({source.naam}): {source.module}, "
                    "transform/staging.py"
                )
    return lines


def _definition_lines(ctx: Context, chain: list[str], row: dict[str, Any], fields: list[str]) -> list[str]:
    defs = ctx.defs
    lines = []
    for name in fields:
        spec = defs.fields.get(name)
        if spec is not None:
            lines.append(
                f"definitie: veld {name} ({spec.label}): {spec.omschrijving} [{_field_file(defs, name)}]"
            )
    groep = row.get("aandachtsgroep")
    if groep in defs.aandachtsgroepen:
        g = defs.aandachtsgroepen[groep]
        lines.append(
            f"definitie: aandachtsgroep {groep} ({g.naam}; {g.eenheid}, {g.maat}, hoofdlaag {g.hoofdlaag}): "
            f"{g.omschrijving} [definitions/aandachtsgroepen.yaml]"
        )
    sleutel = row.get("verdeelsleutel")
    if sleutel:
        spec = next((s for s in defs.verdeelsleutels if s.code == sleutel), None)
        if spec is not None:
            gewichten = ", ".join(f"{k} {kaal(v)}" for k, v in spec.gewichten.items())
            demping = f"; demping boven LQ {kaal(spec.demping.drempel)}" if spec.demping else ""
            lines.append(
                f"definitie: verdeelsleutel {sleutel} ({gewichten}{demping}) "
                "[definitions/verdeelsleutels.yaml]"
            )
    scenario = row.get("scenario")
    if scenario is None and any(t.startswith("agg__groeibehoefte") for t in chain):
        scenario = next((s.code for s in defs.scenarios.scenarios if s.centraal), None)
    if scenario and any(t.startswith(("agg__groeibehoefte", "agg__vraag_aanbod")) for t in chain):
        spec = next(s for s in defs.scenarios.scenarios if s.code == scenario)
        groei = defs.scenarios.groei.get(groep) if groep else None
        extra = (
            f"; {groep}: trendgewicht {kaal(groei.trend_gewicht[scenario])}, extra groei "
            f"{kaal(groei.extra_groei_pct[scenario])} % per jaar, drijver {groei.demografie}"
            if groei
            else ""
        )
        lines.append(
            f"definitie: scenario {scenario} ({spec.omschrijving}){extra} [definitions/scenarios.yaml]"
        )
    settings = defs.instellingen
    if "ref_analyse_instelling" in chain:
        lines.append(
            f"definitie: instellingen referentiejaar {settings.referentiejaar}, "
            f"doeljaar {settings.doeljaar}, "
            f"prognosejaren {', '.join(map(str, settings.prognosejaren))}, meetellende lidmaatschappen "
            f"{', '.join(settings.lidmaatschap_zekerheid)} [definitions/definitions.yaml]"
        )
    if "ref_regio_lidmaatschap" in chain:
        lines.append(
            f"definitie: regio {ctx.regio_type} {ctx.regio_code} ({ctx.regio_naam}), "
            f"{len(ctx.gemeenten)} gemeenten [definitions/regios/lidmaatschap.csv]"
        )
    if "ref_aandachtsgroep_woonvorm" in chain and groep in defs.aandachtsgroepen:
        aandelen = ", ".join(f"{w} {kaal(a)}" for w, a in defs.aandachtsgroepen[groep].woonvormen.items())
        lines.append(
            f"definitie: woonvormen van {groep} ({aandelen}), woningen per eenheid "
            f"{kaal(defs.aandachtsgroepen[groep].woningen_per_eenheid)} [definitions/aandachtsgroepen.yaml]"
        )
    return lines


def _field_file(defs: Definitions, name: str) -> str:
    from woonzorg_analyse.definitions.models import read_yaml

    for file in sorted(defs.path.glob("velden*.yaml")):
        if name in (read_yaml(file) or {}):
            return f"definitions/{file.name}"
    return "definitions/velden*.yaml"


def _source_lines(ctx: Context, chain: list[str], row: dict[str, Any], regionaal: bool) -> list[str]:
    """Return a line per raw row the cell rests on: every staged table of the chain, filtered on
    the gemeente of the mart row (all gemeenten of the region for a regional figure or the total
    row), its aandachtsgroep, peildatum and woonvorm."""
    gebied = row.get("gebied_code") or row.get("gemeente_code")
    if gebied and str(gebied).startswith("GM") and not regionaal:
        gemeenten = [str(gebied)]
    else:
        gemeenten = list(ctx.gemeenten["gemeente_code"])
    lines = []
    for table in [t for t in chain if t.startswith("stg_")]:
        columns = set(ctx.defs.tables[table].velden)
        conditions = ["list_contains(?, gemeente_code)"] if "gemeente_code" in columns else []
        params: list[Any] = [gemeenten] if conditions else []
        for name in ("aandachtsgroep", "woonvorm"):
            if name in columns and row.get(name):
                conditions.append(f"{name} = ?")
                params.append(row[name])
        groep = ctx.defs.aandachtsgroepen.get(row.get("aandachtsgroep") or "")
        if "laag" in columns and groep is not None:
            conditions.append("laag = ?")  # the analysis counts the group's hoofdlaag
            params.append(groep.hoofdlaag)
        if (
            {"aandachtsgroep", "peildatum"} <= columns
            and row.get("peildatum") is not None
            and "aandachtsgroep" in row
        ):
            conditions.append("peildatum = ?")
            params.append(row["peildatum"])
        if table == "stg_cbs__kerncijfers":
            # the inhabitants of the latest 1 January on or before the figure's peildatum
            op = row.get("peildatum")
            conditions.append(
                f"peildatum = (select max(peildatum) from {table}"
                + (" where peildatum <= ?)" if op is not None else ")")
            )
            params += [op] if op is not None else []
        if table == "stg_pbl__prognose" and row.get("jaar") is not None:
            conditions.append("jaar = ?")
            params.append(row["jaar"])
        where = " and ".join(conditions) or "true"
        frame = ctx.q(f'select * from "{table}" where {where} order by all', *params)
        for record in frame.head(MAX_RIJEN).to_dict("records"):
            lines.append(
                f"bron: {record.get('bestand')}, {record.get('plaats')} ({_describe(table, record)})"
            )
        if len(frame) > MAX_RIJEN:
            lines.append(
                f"bron: … en nog {len(frame) - MAX_RIJEN} rijen van {table} "
                f"(alle: select bestand, plaats from {table} where …, met dezelfde voorwaarden)"
            )
    return lines


def _describe(table: str, record: dict[str, Any]) -> str:
    parts = [table]
    for name in ("gemeente_code", "aandachtsgroep", "laag", "woonvorm", "planstatus", "jaar", "variabele"):
        if record.get(name) is not None and not _missing(record.get(name)):
            parts.append(f"{name} {kaal(record[name])}")
    if record.get("peildatum") is not None and not _missing(record.get("peildatum")):
        parts.append(f"peildatum {kaal(record['peildatum'])}")
    return ", ".join(parts)


def herkomst(
    con, defs: Definitions, regio_type: str, regio_code: str, blad: str, rij: str, kolom: str
) -> Herkomst:
    """Return the lineage of one cell of the report of a region."""
    ctx = make_context(con, defs, regio_type, regio_code)
    return trace(ctx, build_report(ctx), blad, rij, kolom)
