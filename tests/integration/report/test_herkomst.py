"""Every published number is traceable: a row of a report mart (rpt__) of its region, and from
there `woonzorg herkomst` names the SQL, the definitions and the raw rows."""

from __future__ import annotations

import json

import duckdb
import openpyxl
import pytest

from woonzorg_analyse.cli import run
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.report import KERNCIJFERS, XLSX
from woonzorg_analyse.report.chapters import build_report
from woonzorg_analyse.report.context import make_context
from woonzorg_analyse.report.herkomst import _missing, mart_cel, mart_row
from woonzorg_analyse.report.model import Waarde
from woonzorg_analyse.report.publish import publish

pytestmark = pytest.mark.integration
REGIONS = ["KL07", "WD24"]


@pytest.fixture(scope="module")
def project(mini_reports):
    paths, _ = mini_reports  # the reports of KL07 and WD24 (REGIONS), among others
    return paths.root, paths, load_definitions(paths.definitions)


def _regions(paths):
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(
            "select regio_type, regio_code from ref_regio where list_contains(?, regio_code)", [REGIONS]
        ).fetchall()


def _numbers(sheet) -> list[float]:
    return [
        float(v)
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if isinstance(v, int | float) and not isinstance(v, bool)
    ]


class MartRows:
    """The rows of the report marts of one region by key, each mart read once: ``mart_row`` per
    cell (a query each) is asked for the first number of every table and must agree."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.index: dict[tuple[str, tuple[str, ...]], dict[tuple, dict]] = {}

    def row(self, mart: str, key: dict) -> dict | None:
        fields = tuple(key)
        if (mart, fields) not in self.index:
            rows = self.ctx.q(
                f'select * from "{mart}" where regio_type = ? and regio_code = ?',
                self.ctx.regio_type,
                self.ctx.regio_code,
            ).to_dict("records")
            rows = [{k: (None if _missing(v) else v) for k, v in r.items()} for r in rows]
            self.index[(mart, fields)] = {tuple(r[f] for f in fields): r for r in rows}
        return self.index[(mart, fields)].get(tuple(key.values()))


def test_every_number_in_every_workbook_is_a_value_of_a_report_mart_of_its_region(project):
    _root, paths, defs = project
    checked = 0
    for regio_type, regio_code in _regions(paths):
        workbook = openpyxl.load_workbook(paths.reports / regio_type / regio_code / XLSX, read_only=True)
        with duckdb.connect(str(paths.warehouse), read_only=True) as con:
            ctx = make_context(con, defs, regio_type, regio_code)
            rapport = build_report(ctx)
            marts = MartRows(ctx)
            for table in rapport.tabellen():
                asked = False
                cells = publish(table, rapport.drempel)
                published = [c.waarde for row in cells for c in row]
                numbers = [
                    float(v) for v in published if isinstance(v, int | float) and not isinstance(v, bool)
                ]
                # the sheet holds exactly the published numbers of the table, in order
                assert _numbers(workbook[table.blad]) == pytest.approx(numbers, rel=1e-12), table.blad
                for i, row in enumerate(cells):
                    for j, cell in enumerate(row):
                        if not isinstance(cell.waarde, int | float) or isinstance(cell.waarde, bool):
                            continue
                        found = mart_cel(ctx, table, i, j)
                        assert found is not None, f"{regio_code} {table.blad} rij {i} kolom {j}: geen mart"
                        assert found.mart.startswith("rpt__") and found.sleutel["regio_code"] == regio_code
                        source = marts.row(found.mart, found.sleutel)
                        assert source is not None, (table.blad, found)
                        if not asked:  # woonzorg herkomst's own lookup finds the same row
                            assert mart_row(ctx, found.mart, found.sleutel) == source, (table.blad, found)
                            asked = True
                        expected = source[found.velden[0]]
                        raw = [*table.rijen, *([table.totaal] if table.totaal else [])][i][j]
                        if isinstance(raw, Waarde):  # a typed cell carries its own kind and decimals
                            soort = raw.soort
                            digits = raw.decimalen if raw.decimalen is not None else int(soort != "aantal")
                        else:
                            soort, digits = table.kolommen[j].soort, table.kolommen[j].cijfers
                        if soort == "pct":  # the workbook holds the share as printed (rounded)
                            half = 0.5 * 10 ** -(digits + 2) + 1e-9
                            assert abs(cell.waarde - expected) <= half, (table.blad, i, j)
                        else:
                            assert abs(cell.waarde - expected) <= 0.5 * 10 ** -(digits or 0) + 1e-9, (
                                table.blad,
                                i,
                                j,
                                cell.waarde,
                                expected,
                            )
                        checked += 1
    assert checked > 500


def test_the_headline_figures_come_from_the_marts(project):
    _root, paths, defs = project
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        for regio_type, regio_code in _regions(paths):
            figures = json.loads((paths.reports / regio_type / regio_code / KERNCIJFERS).read_text("utf-8"))
            regio = con.execute(
                "select aantal_gemeenten, inwoners from rpt__regio where regio_type = ? and regio_code = ?",
                [regio_type, regio_code],
            ).fetchone()
            kern = figures["kerncijfers"]
            assert (kern["gemeenten"], kern["inwoners"]) == (regio[0], regio[1])
            assert "tekort" not in kern  # no shortage over all groups: instroom and stand do not add up
            for kolom in defs.rapport.overzicht:
                if kolom.groep:
                    sql = (
                        "select aantal_schatting, onvolledig from rpt__samenvatting "
                        "where regio_type = ? and regio_code = ? and aandachtsgroep = ?"
                    )
                    key = [kolom.groep]
                else:
                    sql = (
                        "select tekort, onvolledig from rpt__kerncijfer_rol "
                        "where regio_type = ? and regio_code = ? and rol = ? and maat = ?"
                    )
                    key = [kolom.rol, kolom.maat]
                row = con.execute(sql, [regio_type, regio_code, *key]).fetchall()
                value = row[0][0] if row else None
                assert kern[kolom.sleutel]["waarde"] == (
                    pytest.approx(value, abs=1e-3) if value is not None else None
                ), kolom.sleutel
                assert kern[kolom.sleutel]["onvolledig"] == bool(row and row[0][1])


def sheet_of(paths, defs, sleutel: str, regio_code: str = "KL07") -> str:
    """Return the sheet name of the table with key ``sleutel`` in the region's workbook."""
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        regio_type = con.execute(
            "select regio_type from ref_regio where regio_code = ?", [regio_code]
        ).fetchall()
        rapport = build_report(make_context(con, defs, regio_type[0][0], regio_code))
    return next(t.blad for t in rapport.tabellen() if t.sleutel == sleutel)


def test_herkomst_traces_a_cell_to_mart_sql_definitions_and_the_raw_row(project, capsys):
    root, paths, defs = project
    blad = sheet_of(paths, defs, "verdeling_detail_uitstroom_bw")
    code = run(["herkomst", "--root", str(root), "--regio", "KL07", "--blad", blad, "--rij", "Tilburg",
                "--kolom", "Nu"])  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    prefixes = [line.split(":", 1)[0] for line in out]
    assert {"cel", "tabel", "sql", "staging", "definitie", "bron"} <= set(prefixes)
    assert any(
        line.startswith("tabel: rpt__verdeling_gemeente (") and "gebied_code=GM0855" in line for line in out
    )
    assert "sql: sql/rpt/rpt__verdeling_gemeente.sql" in out
    assert "sql: sql/agg/agg__verdeling_gemeente.sql" in out
    assert any(line.startswith("definitie: aandachtsgroep uitstroom_bw") for line in out)
    assert any(line.startswith("definitie: veld aantal_schatting") for line in out)
    # the raw row named is the delivered figure of Tilburg, in its file and line
    bron = next(line for line in out if line.startswith("bron: gemeenten/"))
    bestand, plaats = bron.removeprefix("bron: ").split(" (")[0].split(", ", 1)
    path = root / "data" / "raw" / bestand
    if path.suffix == ".xlsx":  # "blad aandachtsgroepen, rij 45"
        sheet, row = plaats.removeprefix("blad ").split(", rij ")
        cells = next(
            openpyxl.load_workbook(path)[sheet].iter_rows(
                min_row=int(row), max_row=int(row), values_only=True
            )
        )
        line = ";".join(str(c) for c in cells)
    else:  # "regel 14"
        line = path.read_text(encoding="utf-8-sig").splitlines()[int(plaats.split()[1]) - 1]
    assert "uitstroom_bw" in line and "855" in line.split(";")[0]


def test_herkomst_of_a_masked_count_does_not_print_it(project, capsys):
    root, paths, defs = project
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        name, value = con.execute(
            "select gebied_naam, aantal_schatting from rpt__verdeling_gemeente where regio_code = 'KL07' "
            "and aandachtsgroep = 'uitstroom_intramuraal' and not totaalrij and aantal_schatting < 10 limit 1"
        ).fetchone()
    blad = sheet_of(paths, defs, "verdeling_uitstroom_intramuraal")
    code = run(["herkomst", "--root", str(root), "--regio", "KL07", "--blad", blad,
                "--rij", name, "--kolom", "Nu"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "waarde afgeschermd" in out
    assert f"aantal_schatting = {int(value)}" not in out


def test_herkomst_names_what_it_cannot_find(project, capsys):
    root, paths, defs = project
    base = ["herkomst", "--root", str(root), "--regio", "KL07"]
    assert run([*base, "--blad", "99 niets", "--rij", "x", "--kolom", "y"]) == 2
    assert "geen blad '99 niets'" in capsys.readouterr().err
    # a misspelt sheet gets the closest names, not a list of every sheet
    assert run([*base, "--blad", "Verdeling urgentn", "--rij", "x", "--kolom", "y"]) == 2
    err = capsys.readouterr().err
    assert "bedoelt u " in err and "'4.2 Verdeling urgenten'" in err and "'C.2 Verdeling urgenten'" in err
    assert "Bouwsteen" not in err
    blad = sheet_of(paths, defs, "bouwsteen_uitstroom_intramuraal")
    assert run([*base, "--blad", blad, "--rij", "Tilburg", "--kolom", "Doel"]) == 2
    err = capsys.readouterr().err
    assert "meer dan één kolom 'Doel'" in err and "'Naar rato inwoners: Doel'" in err
    # the workbook's header, with or without the colon, names one column
    assert run([*base, "--blad", blad, "--rij", "Tilburg", "--kolom", "Naar rato inwoners Doel"]) == 0
    capsys.readouterr()
    assert (
        run(["herkomst", "--root", str(root), "--regio", "KL7", "--blad", "x", "--rij", "y", "--kolom", "z"])
        == 2
    )
    assert "bedoelt u KL07 Hart van Brabant?" in capsys.readouterr().err


def test_a_sheet_is_found_by_its_full_name_its_cut_name_or_its_number(project, capsys):
    """Excel cuts a sheet name to 31 characters: the reader may type the name as the tab shows
    it, the name in full (as in the README) or the table's number."""
    root, paths, defs = project
    blad = sheet_of(paths, defs, "verdeling_uitstroom_intramuraal")
    assert len(blad) == 31 and blad.startswith("4.3 ")  # cut by Excel's limit
    base = ["herkomst", "--root", str(root), "--regio", "KL07", "--rij", "Tilburg", "--kolom", "Nu"]
    outputs = []
    for name in (blad, "4.3 Verdeling uitstroom_intramuraal", "4.3", "Tabel 4.3"):
        assert run([*base, "--blad", name]) == 0, name
        outputs.append(capsys.readouterr().out)
    assert outputs[0].startswith(f"cel: blad '{blad}', rij 'Tilburg'")
    assert all(out == outputs[0] for out in outputs)
