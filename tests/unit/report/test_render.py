"""The renderers on a tiny inline report: column widths, a deterministic workbook, safe HTML,
and the charts drawn natively by Typst (vector in the PDF, PNG from one compile)."""

from __future__ import annotations

import io
import itertools
import json
import shutil
import struct
import subprocess
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import openpyxl
import pytest

from woonzorg_analyse.report import charts
from woonzorg_analyse.report.model import Alinea, Hoofdstuk, Kolom, Kop, Rapport, Tabel
from woonzorg_analyse.report.render.html import render_html
from woonzorg_analyse.report.render.pdf import (
    LANDSCAPE_WIDTH_PT,
    TEXT_WIDTH_PT,
    blocks_json,
    column_widths,
    one_line,
    png_width,
    render_pdf,
    render_pngs,
    table_json,
)
from woonzorg_analyse.report.render.xlsx import render_xlsx


def tabel(n_rows: int = 3) -> Tabel:
    return Tabel(
        sleutel="t1",
        titel="Statushouders <per> gemeente",
        eenheid="personen",
        bron="Bron: CBS, 85980NED",
        peildatum="31-12-2024",
        kolommen=[
            Kolom("gemeente", "Gemeente", breed=True),
            Kolom("aantal", "Aantal", "aantal", personen=True),
            Kolom("aandeel", "Aandeel in regio", "pct", afgeleid_van=("aantal",)),
            Kolom("toelichting", "Toelichting", breed=True),
        ],
        rijen=[
            (f"Gemeente met een lange naam {i}", 1234.4 + i, 0.25, "een zeer lange toelichting " * 6)
            for i in range(n_rows)
        ]
        + [("Klein", 4, 0.01, "")],
        totaal=("Totaal", 3710.2, 1.0, ""),
        blad="1 Statushouders",
    )


def rapport(fictief: bool = True) -> Rapport:
    return Rapport(
        regio_type="koploperregio",
        regio_type_naam="Koploperregio",
        regio_code="KL99",
        regio_naam="Testregio & co",
        titel="Bouwstenennotitie",
        ondertitel="Test",
        peildatum="31-12-2024",
        softwareversie="0.1.0",
        definitieversie="2026.1",
        vingerafdruk="ab" * 32,
        fictief=fictief,
        drempel=10,
        teksten={"fictief": "Fictief voorbeeld: niet gebruiken.", "fictief_kort": "fictief voorbeeld"},
        hoofdstukken=[Hoofdstuk("1", "Samenvatting", [Alinea("Tekst <b>niet vet</b>"), tabel()])],
    )


def test_column_widths_fit_the_page_and_numbers_get_their_full_width():
    t = tabel()
    rows = [["Gemeente met een lange naam 1", "1.234", "25,0 %", "een zeer lange toelichting " * 6]] * 3
    size, widths, fits = column_widths(t, rows)
    assert fits and sum(widths) <= TEXT_WIDTH_PT + 0.5
    assert widths[1] >= 5 * 0.64 * size  # "1.234" never wraps
    assert widths[3] > widths[0]  # the longest text column gets most of the rest


def test_a_text_column_is_as_wide_as_its_widest_text_is_set_plus_the_cell_inset():
    """A word of wide letters ("Woonwagenbewoners": 11,0 em in DejaVu Sans, 9,9 em at an average
    advance) keeps the cell inset between it and the next column."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    kolommen = [Kolom("groep", "Aandachtsgroep"), Kolom("eenheid", "Eenheid"), Kolom("nu", "Nu", "aantal")]
    t = Tabel("g", "Groepen", "personen", "Bron: x", "2024", kolommen, [])
    rows = [["Woonwagenbewoners", "huishoudens", "116"], ["Studenten", "personen", "13.770"]]
    size, widths, fits = column_widths(t, rows)
    assert fits
    for row in rows:
        for j in (0, 1):
            drawn = TextPath((0, 0), row[j], size=size, prop=FontProperties(family="DejaVu Sans"))
            # the ink of the text, measured by matplotlib independently of the advance table
            assert widths[j] >= drawn.get_extents().x1 + 7.0, (row[j], widths[j])
    # the total row is set in bold: its name column as wide as the bold text
    kort = [Kolom("groep", "G"), *kolommen[1:]]  # a short label: the texts set the width
    totaal = Tabel("g", "Groepen", "personen", "Bron: x", "2024", kort, [], totaal=("Totaal regio", "", "1"))
    size, widths, _ = column_widths(totaal, [["Eemsdelta", "", "1"], ["Totaal regio", "", "1"]])
    bold = FontProperties(family="DejaVu Sans", weight="bold")
    assert widths[0] >= TextPath((0, 0), "Totaal regio", size=size, prop=bold).get_extents().x1 + 7.0


def test_a_table_too_wide_for_portrait_goes_to_a_landscape_page_and_open_ranges_wrap():
    kolommen = [Kolom("gemeente", "Gemeente", breed=True)] + [
        Kolom(f"k{i}", f"Kolom {i}", "aantal") for i in range(12)
    ]
    wide = Tabel("w", "Breed", "personen", "Bron: x", "2024", kolommen, [("Aa", *range(12))])
    cells = [["Aa", *["1.234.567"] * 12]]
    assert column_widths(wide, cells)[2] is False
    assert column_widths(wide, cells, LANDSCAPE_WIDTH_PT)[2] is True
    assert table_json(Tabel("w", "Breed", "p", "Bron: x", "2024", kolommen, [("Aa", *[123456789] * 12)]), 10)[
        "liggend"
    ]
    # "≥ 4.791, onvolledig" and "geen gegevens" may wrap between their words; a number never
    narrow = Tabel("n", "Smal", "p", "Bron: x", "2024", kolommen[:2], [])
    _, open_range, _ = column_widths(narrow, [["Aa", "\u2265\u00a04.791, onvolledig"]])
    _, number, _ = column_widths(narrow, [["Aa", "12.345.678.901"]])
    assert open_range[1] < number[1]


def breed(naam: str) -> Tabel:
    kolommen = [Kolom("gemeente", "Gemeente", breed=True)] + [
        Kolom(f"k{i}", f"Kolom {i}", "aantal") for i in range(12)
    ]
    return Tabel(naam, f"Breed {naam}", "personen", "Bron: x", "2024", kolommen, [("Aa", *[123456789] * 12)])


def wide_chapters() -> list[list]:
    return [
        [
            Alinea("Inleiding"),
            Kop("Groep A"),
            breed("a"),
            Kop("Groep B"),
            Alinea("Over B"),
            breed("b"),
            Alinea("Na de tabellen"),
            tabel(),
        ],
        [Alinea("Wat de velden betekenen"), breed("c")],
    ]


def test_wide_tables_share_landscape_pages_with_the_headings_that_introduce_them():
    first, second = (blocks_json(blokken, 10) for blokken in wide_chapters())
    assert [b["t"] for b in first] == ["alinea", "liggend", "alinea", "tabel"]
    assert [b["t"] for b in first[1]["blokken"]] == ["kop", "tabel", "kop", "alinea", "tabel"]
    assert [b.get("tekst") for b in first[1]["blokken"]][::2] == ["Groep A", "Groep B", None]
    # a chapter that opens with its wide table: its text goes along (the template adds the title)
    assert [b["t"] for b in second] == ["liggend"]
    assert [b["t"] for b in second[0]["blokken"]] == ["alinea", "tabel"]


def pdf_with_wide_tables() -> bytes:
    r = rapport(fictief=False)
    r.hoofdstukken = [
        Hoofdstuk("1", "Eerste", wide_chapters()[0]),
        Hoofdstuk("2", "Tweede", wide_chapters()[1]),
    ]
    return render_pdf(r)


def test_no_heading_is_left_alone_on_a_portrait_page_before_a_landscape_table(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(in_child(pdf_with_wide_tables))
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, check=True)
    sizes = [
        line.split()[3:6:2]
        for line in info.stdout.decode().splitlines()
        if line.startswith("Page ") and " size:" in line
    ]
    landscape = [float(w) > float(h) for w, h in sizes]

    def page_of(text: str) -> int:  # the last page with ``text`` (a chapter's title is in the contents too)
        for page in range(len(sizes), 0, -1):
            out = subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                capture_output=True,
                check=True,
            ).stdout.decode()
            if text in out:
                return page
        raise AssertionError(text)

    # both groups and their tables on one landscape page; the text after them back on portrait
    assert page_of("Groep A") == page_of("Breed a") == page_of("Groep B") == page_of("Breed b")
    assert landscape[page_of("Groep A") - 1]
    assert not landscape[page_of("Na de tabellen") - 1]
    # the second chapter opens on its landscape page: title, text and table together
    assert page_of("Tweede") == page_of("Wat de velden betekenen") == page_of("Breed c")
    assert landscape[page_of("Tweede") - 1]


def test_workbook_has_one_header_row_at_a_fixed_place_dates_as_dates_and_frozen_panes():
    import datetime

    import pandas as pd

    from woonzorg_analyse.report.render.xlsx import HEADER_ROW

    t = tabel()
    t.kolommen = [*t.kolommen, Kolom("peildatum", "Peildatum", "datum")]
    t.rijen = [(*row, datetime.date(2024, 12, 31)) for row in t.rijen]
    t.totaal = (*t.totaal, None)
    t.kopgroepen = [("", 1), ("Groep", 2), ("", 2)]
    r = rapport(fictief=False)
    r.hoofdstukken[0].blokken = [t]
    data = render_xlsx(r)
    frame = pd.read_excel(
        io.BytesIO(data), sheet_name="1 Statushouders", header=HEADER_ROW, engine="calamine"
    )
    assert list(frame.columns) == [
        "Gemeente",
        "Groep: Aantal",
        "Groep: Aandeel in regio",
        "Toelichting",
        "Peildatum",
    ]
    assert frame["Peildatum"].iloc[0] == pd.Timestamp(2024, 12, 31)
    ws = openpyxl.load_workbook(io.BytesIO(data))["1 Statushouders"]
    assert ws.freeze_panes == f"B{HEADER_ROW + 2}"
    assert ws.cell(row=HEADER_ROW + 2, column=5).number_format == "dd-mm-yyyy"


def test_workbook_is_deterministic_with_numbers_as_numbers_and_masked_text():
    first, second = render_xlsx(rapport()), render_xlsx(rapport())
    assert first == second
    wb = openpyxl.load_workbook(io.BytesIO(first))
    assert wb.sheetnames == ["Inhoud", "1 Statushouders"]
    rows = list(wb["1 Statushouders"].iter_rows(values_only=True))
    assert rows[0][0] == "Fictief voorbeeld: niet gebruiken."
    assert rows[1][0] == "Statushouders <per> gemeente"
    header = rows.index(("Gemeente", "Aantal", "Aandeel in regio", "Toelichting"))
    body = rows[header + 1 :]
    assert body[0][1] == 1234 and isinstance(body[0][1], int)
    assert body[0][2] == 0.25
    assert body[3][:3] == ("Klein", "< 10", "x")
    assert body[-1][1] == 3710
    cell = wb["1 Statushouders"].cell(row=header + 2, column=2)
    assert cell.number_format == "#,##0"


def test_html_escapes_text_and_marks_fictief_only_when_needed():
    html = render_html(rapport())
    assert "Testregio &amp; co" in html and "&lt;b&gt;niet vet&lt;/b&gt;" in html
    assert 'class="fictief"' in html
    assert 'class="fictief"' not in render_html(rapport(fictief=False))
    assert "<script" not in html and "http" not in html


def in_child(function, *args):
    """Run a Typst render in a spawned process: Typst's thread pool must not exist in this
    process when later tests fork report workers (a forked child would wait for it forever)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def pngs_of_figures(ppi: int) -> list[bytes]:
    return render_pngs(figuren(), ppi=ppi)


def pdf_with_figures() -> bytes:
    r = rapport()
    r.hoofdstukken[0].blokken += figuren()
    return render_pdf(r)


STIJL = {"kleuren": charts.OKABE_ITO, "arcering": charts.ARCERING}
GEMEENTEN = ["Súdwest-Fryslân", "Gilze en Rijen", "Valkenburg aan de Geul"] + [
    f"Gemeente {i}" for i in range(28)
]


def figuren() -> list:
    n = len(GEMEENTEN)
    return [
        charts.aandeel_figuur(
            "h5_test_grafiek",
            "Statushouders: aandeel in de groep en in de inwoners per gemeente",
            GEMEENTEN,
            {"Aandeel in de groep": [0.0] + [1 / (n - 1)] * (n - 1), "Aandeel in de inwoners": [1 / n] * n},
            "Bron: CBS",
            "31-12-2024",
            STIJL,
            gemaskeerd={"Aandeel in de groep": [True] + [False] * (n - 1)},
        ),
        charts.bandbreedte_figuur(
            "h6_grafiek",
            "Groei van de vraag",
            ["Ouderen", "Studenten"],
            [-0.1, 0.05],
            [0.1, 0.1],
            [0.3, 0.2],
            ("Laag", "Midden", "Hoog"),
            "Bron: PBL",
            "2030",
            STIJL,
        ),
        charts.vraag_aanbod_figuur(
            "h8_grafiek",
            "Vraag en aanbod",
            ["Ouderen", "Woonwagenbewoners"],
            [1200.0, 4.0],
            [1000.0, 3.0],
            [1500.0, 6.0],
            [900.0, 2.0],
            "Bron: gemeenten",
            "2030",
            STIJL,
        ),
    ]


def test_charts_are_plain_data_with_dutch_ticks_masks_and_hatching():
    aandeel, bandbreedte, vraag = figuren()
    spec = aandeel.figuur
    assert json.loads(json.dumps(spec)) == spec  # plain JSON, no drawing objects
    assert [m["tekst"] for m in spec["markeringen"] if m["soort"] == "tekst"] == ["<\u00a010"]
    assert not any(m["soort"] == "balk" and m["rij"] == 0 and m["slot"] == 0 for m in spec["markeringen"])
    assert [item["arcering"] for item in spec["legenda"]] == ["", "schuin"]
    assert [item["kleur"] for item in spec["legenda"]] == ["#0072B2", "#E69F00"]
    assert all(label.endswith("\u00a0%") for _, label in spec["as"]["ticks"])
    assert next(label for _, label in bandbreedte.figuur["as"]["ticks"]).startswith("\u2212")  # minus sign
    assert bandbreedte.figuur["as"]["min"] < 0 and bandbreedte.figuur["nullijn"]
    assert [t[1] for t in vraag.figuur["as"]["ticks"]][-1].count(".") == 1  # 1.500: thousands dot
    assert any(m["soort"] == "fout" for m in vraag.figuur["markeringen"])
    assert any(m["soort"] == "tekst" and m["rij"] == 1 for m in vraag.figuur["markeringen"])
    assert charts.nice_ticks(0, 0.054) == [0.0, 0.01, 0.02, 0.03, 0.04, 0.05]
    assert charts._pct_axis(0, 0.03, "")["ticks"][1][1] == "0,5\u00a0%"


def test_every_chart_becomes_a_png_of_the_page_width_from_one_compile_deterministically():
    pngs = in_child(pngs_of_figures, 100)
    assert len(pngs) == len(figuren())
    for png in pngs:
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
        width, height = struct.unpack(">II", png[16:24])
        assert width == png_width(16.0, 100)
        assert 100 < height < 16 / 2.54 * 100 * 2
    assert in_child(pngs_of_figures, 100) == pngs


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext ontbreekt")
def test_pdf_draws_the_charts_as_vectors_with_extractable_text(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(in_child(pdf_with_figures))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    text = text.replace("\u00a0", " ")
    for expected in (
        "aandeel in het regionale totaal (%)",
        "Aandeel in de inwoners",
        "< 10",
        "Súdwest-Fryslân",
        "Valkenburg aan de Geul",
        "groei ten opzichte van nu (%)",
        "Bandbreedte scenario's",
        "1.000",
        "Bron: CBS",
    ):
        assert expected in text, expected
    if shutil.which("pdfimages"):  # vector charts: no raster images in the PDF
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, check=True).stdout
        assert len(listing.decode().strip().splitlines()) == 2  # only the two header lines


# Cells against Typst's own line breaking: (text, column width in pt, font size, bold).
ONE_LINE_CASES = [
    ("1.234.567", 20.0, 8.0, False),  # a number never breaks, even when wider than its column
    ("<\u00a010", 20.0, 8.0, False),
    ("\u2265\u00a01.874", 20.0, 8.0, True),
    ("\u22121.234,5", 20.0, 8.0, False),
    ("31-12-2024", 20.0, 6.8, False),
    ("GM0855", 12.0, 8.0, False),
    ("Bergen op Zoom", 200.0, 8.0, False),
    ("Bergen op Zoom", 60.0, 8.0, False),  # wraps after "op"
    ("Bergen op Zoom", 66.0, 8.0, True),
    ("Noord-Brabant", 40.0, 7.4, False),  # may break after the hyphen
    ("12\u00a0\u2013\u00a018", 20.0, 8.0, False),  # may break after the dash
    ("1-a", 10.0, 8.0, False),
    ("a/b", 10.0, 8.0, False),
    ("geen gegevens", 80.0, 6.8, False),
    ("WWWW MMMM", 60.0, 8.0, True),
    ("caf\u00e9 \u2603", 200.0, 8.0, False),  # a snowman: not in DejaVu Sans? then never claimed
]


def measured_lines(cases: list[tuple[str, float, float, bool]]) -> list[float]:
    """Return the height of each case's cell text in lines, as Typst sets it in the template's
    font (the cell's text width is the column's minus its inset)."""
    import typst

    from woonzorg_analyse.report.render.pdf import PADDING_PT, fonts

    source = (
        '#set text(font: "DejaVu Sans", lang: "nl", hyphenate: false)\n'
        "#let cases = json(bytes(sys.inputs.cases))\n"
        "#context [#metadata(cases.map(((t, w, s, b)) => {\n"
        "  let body = if b { strong(t) } else { t }\n"
        '  let one = measure(text(size: s * 1pt, "0")).height\n'
        f"  measure(block(width: w * 1pt - {PADDING_PT}pt, text(size: s * 1pt, body))).height / one\n"
        "})) <lines>]\n"
    )
    found = typst.query(
        source.encode(),
        "<lines>",
        field="value",
        one=True,
        font_paths=fonts(),
        ignore_system_fonts=True,
        sys_inputs={"cases": json.dumps(cases)},
    )
    return json.loads(found)


def test_a_row_is_set_one_line_high_only_where_typst_keeps_every_cell_on_one_line():
    from woonzorg_analyse.report.render.pdf import PADDING_PT, _advance

    # just too narrow for the text by its advance widths (Typst wraps: no claim), and just wide enough
    close = []
    for text, size, bold in (
        ("Bergen op Zoom", 8.0, False),
        ("geen gegevens", 6.8, True),
        ("zie noot 3", 7.4, False),
    ):
        width = sum(_advance(c, False, bold) for c in text) * size + PADDING_PT
        close += [(text, width * 0.97, size, bold), (text, width + 2.0, size, bold)]
    cases = ONE_LINE_CASES + close
    lines = in_child(measured_lines, cases)
    claims = [one_line(t, w, s, bold=b) for t, w, s, b in cases]
    wrong = [case for case, claim, n in zip(cases, claims, lines, strict=True) if claim and n > 1.0001]
    assert not wrong, f"one_line zegt één regel, Typst zet meer regels: {wrong}"
    assert sum(claims) >= 9  # numbers, "< 10", dates, codes and short text are claimed
    assert any(n > 1.5 for n in lines)  # the cases include text that does wrap


def tables_in(blocks: list[dict]) -> list[dict]:
    """The table blocks of a chapter's blocks, those on landscape pages included."""
    return [
        t
        for b in blocks
        for t in (tables_in(b["blokken"]) if b["t"] == "liggend" else [b])
        if t["t"] == "tabel"
    ]


def pdf_text_boxes(fixed: bool) -> str:
    """The words and their boxes of a PDF of the test report, its rows one line high where
    table_json says so (``fixed``) or every row measured by Typst."""
    import tempfile

    from woonzorg_analyse.report.render.pdf import TEMPLATE, _compile, document_json

    r = rapport(fictief=False)
    r.hoofdstukken = [Hoofdstuk("1", "Tabellen", [tabel(30), breed("a"), tabel(2)])]
    data = document_json(r)
    for table in (t for h in data["hoofdstukken"] for t in tables_in(h["blokken"])):
        table["rijen_vast"] = [vast and fixed for vast in table["rijen_vast"]]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(_compile(TEMPLATE, data))
        pdf.flush()
        return subprocess.run(
            ["pdftotext", "-bbox", pdf.name, "-"], capture_output=True, check=True
        ).stdout.decode()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext ontbreekt")
def test_rows_set_one_line_high_stand_where_typst_would_measure_them():
    blocks = tables_in(blocks_json([tabel(30), breed("a")], 10))
    vast = [v for b in blocks for v in b["rijen_vast"]]
    assert any(vast) and not all(vast)  # the long toelichting wraps; the wide table's rows do not
    assert in_child(pdf_text_boxes, True) == in_child(pdf_text_boxes, False)


def table_drawing() -> tuple[list[tuple[float, float]], list[tuple[str, float]]]:
    """The horizontal lines Typst draws for a table with a spanning header and a total row, as
    (y, stroke width), and its shaded cells, as (colour, y), from the top of the table, in the
    order of y."""
    import re

    from woonzorg_analyse.report.render.pdf import TEMPLATE, _compile, document_json

    t = tabel(5)
    t.kopgroepen = [("", 1), ("Groep", 2), ("", 1)]
    r = rapport(fictief=False)
    r.hoofdstukken = [Hoofdstuk("1", "Tabellen", [t])]
    svg = _compile(TEMPLATE, document_json(r), format="svg")[-1].decode()
    lines = re.findall(r'stroke-width="([0-9.]+)"[^>]*translate\([-0-9.]+ ([0-9.]+)\)" d="M 0 0h 48', svg)
    fills = re.findall(
        r'<path fill="(#[0-9a-f]{6})" fill-rule="nonzero" transform="translate\([0-9.]+ ([0-9.]+)\)', svg
    )
    # the page header's line (0,4 pt) is not the table's
    return (
        sorted((float(y), float(width)) for width, y in lines if width != "0.4"),
        sorted((colour, float(y)) for colour, y in fills),
    )


def test_a_table_has_a_thin_line_under_every_row_a_thick_one_under_its_header_and_a_shaded_total():
    lines, fills = in_child(table_drawing)
    rows = len(tabel(5).rijen) + 1  # and the total row
    widths = [width for _, width in lines]
    # under the spanning header a thin line, under the labels a thick one, then one under each row
    assert widths == [0.2, 0.6] + [0.2] * rows, lines
    steps = [b[0] - a[0] for a, b in itertools.pairwise(lines[2:])]
    assert all(step > 5 for step in steps)  # each under its own row
    # only the total row is shaded: every one of its cells, between the last two row lines
    assert [colour for colour, _ in fills] == ["#ebebeb"] * 4, fills
    assert {y for _, y in fills} == {lines[-2][0]}, (fills, lines)
