"""Every region of the embedded example data gets its report, checked against the warehouse.

The miniature tests (test_reports.py) check the details; this one renders all woondealregio's
and koploperregio's of the full embedded data (about a minute on two cores) and checks each
PDF's chapters, fictief marking and headline figures, each workbook's sheets and the index.
The build and the reports are made once per test session (the ``embedded`` fixture in
conftest.py), shared with the intruder test (test_intruder.py).
"""

from __future__ import annotations

import shutil
import subprocess

import duckdb
import openpyxl
import pytest

from woonzorg_analyse.formatting import getal
from woonzorg_analyse.report import HTML, PDF, XLSX
from woonzorg_analyse.report.writer import VERANTWOORDING_PDF

# one pytest-xdist worker runs every test on the embedded build (tests/conftest.py)
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.xdist_group("ingebed")]
PDFTOTEXT = shutil.which("pdftotext")


def test_every_reported_region_type_and_region_has_its_files(embedded):
    paths, defs, result = embedded
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        expected = set(
            con.execute(
                "select regio_type, regio_code from ref_regio where list_contains(?, regio_type)",
                [list(defs.instellingen.rapport_regio_types)],
            ).fetchall()
        )
    assert len(expected) == 42
    assert {(r.regio_type, r.regio_code) for r in result["resultaten"]} == expected
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    for regio_type, code in expected:
        folder = paths.reports / regio_type / code
        for name in (PDF, HTML, VERANTWOORDING_PDF, XLSX):
            assert (folder / name).is_file(), f"{regio_type}/{code}/{name}"
        assert f'href="{regio_type}/{code}/{PDF}"' in index


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is niet geïnstalleerd")
def test_every_pdf_has_all_chapters_the_fictief_mark_and_the_warehouse_figures(embedded):
    paths, defs, result = embedded
    titles = {
        document: [h.titel for h in defs.rapport.hoofdstukken if h.document == document]
        for document in ("notitie", "verantwoording")
    }

    def text_of(path) -> str:
        out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True).stdout
        return out.decode("utf-8").replace("\u00a0", " ")

    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        for item in result["resultaten"]:
            text = text_of(item.map / PDF)
            for title in titles["notitie"]:
                assert title in text, f"{item.regio_code}: hoofdstuk '{title}' ontbreekt"
            bijlage = text_of(item.map / VERANTWOORDING_PDF)
            for title in titles["verantwoording"]:
                assert title in bijlage, f"{item.regio_code}: hoofdstuk '{title}' ontbreekt"
            if item.regio_code == "KL07":  # nine gemeenten: the notitie itself stays within 20 pages
                assert text.count("\f") <= 20
            pages = text.count("\f")
            assert text.upper().count("FICTIEF VOORBEELD") >= pages, f"{item.regio_code}: niet elke pagina"
            inwoners = con.execute(
                """
                select sum(k.inwoners) from int__regio_gemeente r
                join stg_cbs__kerncijfers k using (gemeente_code)
                where r.regio_type = ? and r.regio_code = ?
                  and k.peildatum = (select max(peildatum) from stg_cbs__kerncijfers)
                """,
                [item.regio_type, item.regio_code],
            ).fetchone()[0]
            assert getal(inwoners) in text, f"{item.regio_code}: inwoners {inwoners} niet in de PDF"


def test_every_workbook_lists_its_sheets_on_the_contents_sheet(embedded):
    _, _, result = embedded
    for item in result["resultaten"]:
        workbook = openpyxl.load_workbook(item.map / XLSX, read_only=True)
        listed = [row[0] for row in workbook["Inhoud"].iter_rows(values_only=True) if row and row[0]]
        for sheet in workbook.sheetnames[1:]:
            assert sheet in listed, f"{item.regio_code}: blad {sheet} staat niet op Inhoud"
        workbook.close()
