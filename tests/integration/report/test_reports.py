"""The bouwstenennotitie on the miniature dataset: every region with data, checked against the warehouse."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from woonzorg_analyse.cli import run
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.formatting import getal
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.report import HTML, KERNCIJFERS, PDF, XLSX, generate_all
from woonzorg_analyse.report.chapters import build_report
from woonzorg_analyse.report.context import make_context
from woonzorg_analyse.report.model import Figuur
from woonzorg_analyse.report.publish import publish
from woonzorg_analyse.report.render.pdf import PNG_MARGE_CM
from woonzorg_analyse.report.render.xlsx import HEADER_ROW
from woonzorg_analyse.report.writer import VERANTWOORDING_HTML, VERANTWOORDING_PDF

pytestmark = pytest.mark.integration
SVG_NS = "http://www.w3.org/2000/svg"
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is niet geïnstalleerd"
)


@pytest.fixture(scope="module")
def project(mini_reports):
    paths, result = mini_reports
    defs = load_definitions(paths.definitions)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        regions = [
            (t, c)
            for t, c in con.execute(
                """
                select distinct r.regio_type, r.regio_code from int__regio_gemeente r
                join agg__verdeling_gemeente v using (regio_type, regio_code, gemeente_code)
                where list_contains(?, r.regio_type) and v.aantal_schatting is not null order by 1, 2
                """,
                [list(defs.instellingen.rapport_regio_types)],
            ).fetchall()
        ]
    # WD24 (Breda-Tilburg) shares gemeenten with KL07 but has no figures for most members
    return paths, defs, regions, result


def pdf_text(path: Path) -> str:
    out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8").replace("\u00a0", " ")


def report_of(paths: Paths, defs, regio_type: str, regio_code: str):
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        ctx = make_context(con, defs, regio_type, regio_code)
        return build_report(ctx), ctx


def chapters(defs, document: str) -> list[str]:
    """Return the chapter titles of one document (notitie or verantwoording) in order."""
    return [h.titel for h in defs.rapport.hoofdstukken if h.document == document]


def test_every_region_with_data_gets_its_files_figures_and_the_index(project):
    paths, defs, regions, result = project
    assert ("koploperregio", "KL07") in regions
    assert {(r.regio_type, r.regio_code) for r in result["resultaten"]} == {
        *regions,
        ("woondealregio", "WD24"),
    }
    for regio_type, code in regions:
        folder = paths.reports / regio_type / code
        for name in (PDF, HTML, VERANTWOORDING_PDF, VERANTWOORDING_HTML, XLSX):
            assert (folder / name).stat().st_size > 10_000, name
        assert '"regio_code": "' + code in (folder / KERNCIJFERS).read_text(encoding="utf-8")
        # each chart once: inline SVG in the HTML (vector graphics in the PDF), no figuren/ beside it
        figures = re.findall(r'<figure id="[^"]+"><svg viewBox', (folder / HTML).read_text(encoding="utf-8"))
        assert len(figures) >= 3
        assert not (folder / "figuren").exists()
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    assert "Bron: CBS, Kerncijfers wijken en buurten" in index and "Peildatum: inwoners 1 januari" in index
    assert f"Definitieversie {defs.version}" in index
    for regio_type, code in regions:
        assert f'href="{regio_type}/{code}/bouwstenennotitie.pdf"' in index
        assert f'href="{regio_type}/{code}/tabellen.xlsx"' in index
        assert f'href="{regio_type}/{code}/verantwoording.pdf"' in index
    assert result["per_regio"] > 0 and all(r.seconden > 0 for r in result["resultaten"])
    assert all(not r.ontbrekende_tabellen for r in result["resultaten"])


@needs_pdftotext
def test_pdf_has_every_chapter_the_key_figures_and_fictief_on_every_page(project):
    paths, defs, _, _ = project
    folder = paths.reports / "koploperregio" / "KL07"
    text = pdf_text(folder / PDF)
    bijlage = pdf_text(folder / VERANTWOORDING_PDF)
    pages = [p for p in text.split("\f") if p.strip()]
    assert 10 < len(pages) <= 20  # the notitie itself is lean; details are in the verantwoording
    assert len([p for p in bijlage.split("\f") if p.strip()]) > len(pages)
    for titel in chapters(defs, "notitie"):
        assert titel in text and titel not in bijlage.split("Inhoud")[0]
    for titel in chapters(defs, "verantwoording"):
        assert titel in bijlage
    assert "Kernboodschappen" in text and "verantwoording.pdf" in text
    for page in [*pages, *bijlage.split("\f")[:-1]]:
        assert "FICTIEF VOORBEELD" in page
    assert re.search(r"pagina 1 van \d+", text)
    # no jargon for bestuurders in the notitie
    for word in (
        "Onthullingsbeheersing",
        "Vingerafdruk",
        "Korrel",
        "Drijver",
        "grootste-rest",
        "zou moeten verhuizen",
    ):
        assert word.lower() not in text.lower(), word
    html = (folder / HTML).read_text(encoding="utf-8")
    assert not re.search(r"\d%", html.split("</style>")[1])  # one % style: a space before it
    rapport, _ = report_of(paths, defs, "koploperregio", "KL07")
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        totals = dict(
            con.execute(
                "select aandachtsgroep, aantal_schatting from agg__verdeling_regio "
                "where regio_type = 'koploperregio' and regio_code = 'KL07' and actueel"
            ).fetchall()
        )
        inwoners = con.execute(
            "select sum(inwoners) from stg_cbs__kerncijfers where peildatum = "
            "(select max(peildatum) from stg_cbs__kerncijfers) and gemeente_code in "
            "(select gemeente_code from int__regio_gemeente where regio_code = 'KL07')"
        ).fetchone()[0]
        tilburg = con.execute(
            "select eerlijk_aandeel from agg__eerlijk_aandeel where regio_code = 'KL07' "
            "and aandachtsgroep = 'statushouders' and verdeelsleutel = 'inwoners' and gemeente_code = 'GM0855'"
        ).fetchone()[0]
    # every verdeling table of the notitie ends with "Totaal regio <the warehouse's total>"
    checked = 0
    for tabel in rapport.tabellen():
        if not tabel.sleutel.startswith("verdeling_") or tabel.sleutel.startswith("verdeling_detail"):
            continue
        groep = tabel.sleutel.removeprefix("verdeling_")
        if groep not in totals:
            continue
        segment = text.split(f"Tabel {tabel.nummer}. ", 1)[1]
        total = next(line.split() for line in segment.splitlines() if line.strip().startswith("Totaal regio"))
        expected = getal(totals[groep]) if totals[groep] >= defs.onthullingsdrempel else "<"
        assert total[2] == expected, (tabel.nummer, total)
        checked += 1
    assert checked >= 3
    assert getal(inwoners) in text
    assert re.search(rf"Tilburg\s+\d[\d.]*\s+{re.escape(getal(tilburg))}\s", text)


@needs_pdftotext
def test_pdf_of_a_region_with_missing_deliveries_still_has_all_chapters(project):
    paths, defs, _, _ = project
    folder = paths.reports / "woondealregio" / "WD24"
    text = pdf_text(folder / PDF)
    for titel in chapters(defs, "notitie"):
        assert titel in text
    bijlage = pdf_text(folder / VERANTWOORDING_PDF)
    for titel in chapters(defs, "verantwoording"):
        assert titel in bijlage
    assert "Breda" in text  # a member without figures is still listed
    assert "ontbreken de CBS-kerncijfers" in text and "onvolledig" in text  # the total is a minimum


def test_charts_are_inline_svg_of_the_page_width_whose_references_resolve_in_their_document(project):
    paths, defs, _, _ = project
    rapport, _ = report_of(paths, defs, "koploperregio", "KL07")
    folder = paths.reports / "koploperregio" / "KL07"
    seen = set()
    for name, document in ((HTML, "notitie"), (VERANTWOORDING_HTML, "verantwoording")):
        html = (folder / name).read_text(encoding="utf-8")
        figuren = [b for h in rapport.documenten()[document] for b in h.blokken if isinstance(b, Figuur)]
        embedded = dict(re.findall(r'<figure id="([^"]+)">(<svg viewBox.*?</svg>)<figcaption', html, re.S))
        assert set(embedded) == {f.sleutel for f in figuren}
        defined = re.findall(r' id="(_[^"]+)"', html)
        assert len(defined) == len(set(defined))  # each glyph, clip path, tiling defined once
        for figuur in figuren:
            svg = ET.fromstring(embedded[figuur.sleutel].replace("<svg ", f'<svg xmlns="{SVG_NS}" ', 1))
            width, height = (float(v) for v in svg.get("viewBox").split()[2:])
            assert width == pytest.approx((figuur.breedte_cm + 2 * PNG_MARGE_CM) / 2.54 * 72, abs=0.01)
            assert 72 < height < 29.7 / 2.54 * 72  # at least an inch, at most an A4 page
            label = svg.get("aria-label")
            assert svg.get("role") == "img" and figuur.bron in label and figuur.peildatum in label
            used = set(re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', embedded[figuur.sleutel]))
            assert {a or b for a, b in used} <= set(defined)
            seen.add(figuur.sleutel)
    assert seen == {f.sleutel for f in rapport.figuren()} and len(seen) >= 3


@needs_pdftotext
def test_pdf_charts_are_vector_graphics_with_their_text(project):
    paths, _, _, _ = project
    pdf = paths.reports / "koploperregio" / "KL07" / PDF
    text = pdf_text(pdf)
    for label in (
        "Bron: CBS, Kadaster",  # the maps
        "buurgemeente",
        "100 % = naar rato",
        "groei ten opzichte van nu (%)",
        "woningen / woonruimten",
        "Vraag (woningen)",
        "Aanbod (woonruimten)",
    ):
        assert label in text, label
    assert "afgeschermd (kleine aantallen)" in text  # a masked gemeente on a map, explained in its legend
    assert re.search(r"\b0 ?%\s+\d+ ?%\s+\d+ ?%", text)  # a percentage axis
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, check=True).stdout
        assert len(listing.decode().strip().splitlines()) == 2  # no raster images


def test_xlsx_has_a_sheet_per_table_with_header_source_and_numbers(project):
    paths, defs, _, _ = project
    rapport, _ = report_of(paths, defs, "koploperregio", "KL07")
    wb = openpyxl.load_workbook(paths.reports / "koploperregio" / "KL07" / XLSX)
    tables = rapport.tabellen()
    assert wb.sheetnames == ["Inhoud", *[t.blad for t in tables]]
    assert all(len(name) <= 31 for name in wb.sheetnames)
    for tabel in tables:
        rows = list(wb[tabel.blad].iter_rows(values_only=True))
        assert rows[0][0].lower().startswith("fictief voorbeeld")
        assert rows[1][0] == f"Tabel {tabel.nummer}. {tabel.titel}"
        assert tabel.blad.startswith(f"{tabel.nummer} ")
        assert rows[3][0] == tabel.bron
        assert rows[4][0] == f"Peildatum: {tabel.peildatum}"
        assert list(rows[HEADER_ROW][: len(tabel.kolommen)]) == tabel.koppen()  # one header row, fixed
        assert wb[tabel.blad].freeze_panes == f"B{HEADER_ROW + 2}"
        body = rows[HEADER_ROW + 1 :]
        cells = publish(tabel, rapport.drempel)
        assert len(body) == len(cells)
        for sheet_row, published in zip(body, cells, strict=True):
            for value, cel in zip(sheet_row, published, strict=False):
                if isinstance(cel.waarde, datetime.date):
                    assert value == datetime.datetime(cel.waarde.year, cel.waarde.month, cel.waarde.day)
                elif isinstance(cel.waarde, int | float):
                    assert isinstance(value, int | float) and value == pytest.approx(cel.waarde)
                elif cel.waarde not in ("", None):
                    assert value == cel.waarde
    dates = [t for t in tables if any(k.soort == "datum" for k in t.kolommen)]
    assert dates  # peildata are dates in the workbook
    frame = pd.read_excel(
        paths.reports / "koploperregio" / "KL07" / XLSX,
        sheet_name=dates[0].blad,
        header=HEADER_ROW,
        engine="calamine",
    )
    assert list(frame.columns) == dates[0].koppen()


def test_disclosure_control_masks_small_counts_but_the_warehouse_keeps_them(project):
    paths, defs, _, _ = project
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        small = con.execute(
            "select aandachtsgroep, gemeente_naam, aantal_schatting from agg__verdeling_gemeente "
            "where regio_code = 'KL07' and actueel and aantal_schatting < ? and aantal_schatting > 0 "
            "order by 1, 2 limit 1",
            [defs.onthullingsdrempel],
        ).fetchone()
    assert small is not None, "de minidata heeft een klein aantal nodig om de regel te testen"
    groep, gemeente, exact = small
    rapport, _ = report_of(paths, defs, "koploperregio", "KL07")
    tabel = next(t for t in rapport.tabellen() if t.sleutel == f"verdeling_detail_{groep}")
    sheet = openpyxl.load_workbook(paths.reports / "koploperregio" / "KL07" / XLSX)[tabel.blad]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == gemeente)
    assert row[1] == "< 10" and exact not in row
    assert "x" in row  # share, per 1.000 and LQ would reveal the count
    html = (paths.reports / "koploperregio" / "KL07" / VERANTWOORDING_HTML).read_text(encoding="utf-8")
    assert "&lt; 10" in html.replace("\u00a0", " ")
    assert 'als "&lt; 10"' in html.replace("\u00a0", " ").replace("&quot;", '"')


def test_html_is_self_contained(project):
    paths, defs, regions, _ = project
    for regio_type, code in regions:
        folder = paths.reports / regio_type / code
        for name, document in ((HTML, "notitie"), (VERANTWOORDING_HTML, "verantwoording")):
            html = (folder / name).read_text(encoding="utf-8")
            assert "<script" not in html and "<link" not in html and "@import" not in html
            assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
            assert not re.search(r"url\(\s*['\"]?(https?:|//)", html)
            for titel in chapters(defs, document):
                assert titel in html
            assert "fictief voorbeeld" in html.lower() and "@media print" in html
        html = (folder / HTML).read_text(encoding="utf-8")
        assert "<img" not in html and "<svg viewBox" in html  # the charts are inline SVG
        # the notitie links its PDF, its workbook and its verantwoording (relative, same folder)
        for target in (PDF, XLSX, VERANTWOORDING_HTML, VERANTWOORDING_PDF):
            assert f'href="{target}"' in html and (folder / target).is_file()
        assert 'id="kernboodschappen"' in html


def test_a_rebuild_gives_identical_html_xlsx_and_pdf_text(project, tmp_path):
    paths, _, _, _ = project
    again = Paths.from_root(paths.root, reports=tmp_path / "reports")
    generate_all(again, jobs=1, codes=["KL07"])
    first = paths.reports / "koploperregio" / "KL07"
    second = again.reports / "koploperregio" / "KL07"
    assert (first / HTML).read_bytes() == (second / HTML).read_bytes()
    assert (first / VERANTWOORDING_HTML).read_bytes() == (second / VERANTWOORDING_HTML).read_bytes()
    assert (first / XLSX).read_bytes() == (second / XLSX).read_bytes()
    with zipfile.ZipFile(second / XLSX) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    if PDFTOTEXT:
        assert pdf_text(first / PDF) == pdf_text(second / PDF)


def test_cli_report_writes_one_region_and_rejects_bad_use(project, tmp_path, capsys):
    paths, _, _, _ = project
    out = tmp_path / "uit"
    code = run(["report", "--regio", "KL07", "--root", str(paths.root), "--uit", str(out), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert (out / "koploperregio" / "KL07" / PDF).is_file()
    assert (out / "index.html").is_file()
    assert "Rapport geschreven" in captured.out
    assert run(["report", "--root", str(paths.root)]) == 2
    assert "geef --regio CODE of --all" in capsys.readouterr().err
    assert run(["report", "--regio", "XX99", "--root", str(paths.root)]) == 2
    assert "onbekende regio: XX99" in capsys.readouterr().err
    assert run(["report", "--all", "--regio-type", "gemeentje", "--root", str(paths.root)]) == 2
    assert "onbekend regiotype" in capsys.readouterr().err
    empty = tmp_path / "leeg"
    shutil.copytree(paths.definitions, empty / "definitions")
    assert run(["report", "--all", "--root", str(empty)]) == 1
    err = capsys.readouterr().err
    assert "warehouse ontbreekt" in err and "Traceback" not in err


def test_index_has_the_national_map_linking_each_woondealregio_to_its_notitie(project):
    paths, _, _, result = project
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    assert "Bron: CBS, Kadaster" in index
    # the map's title is visible above it, not only in the SVG's title for a screen reader
    assert (
        '<figure class="landkaart"><figcaption>Druk op de vrijkomende sociale huurwoningen nu, per '
        "woondealregio</figcaption><svg" in index
    )
    deals = [r for r in result["resultaten"] if r.regio_type == "woondealregio"]
    assert deals
    for r in deals:
        assert f'href="woondealregio/{r.regio_code}/bouwstenennotitie.html"' in index
