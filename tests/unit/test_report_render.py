"""The renderers on a tiny inline report: column widths, a deterministic workbook, safe HTML."""

from __future__ import annotations

import io

import openpyxl

from woonzorg_analyse.report.model import Alinea, Hoofdstuk, Kolom, Rapport, Tabel
from woonzorg_analyse.report.render_html import render_html
from woonzorg_analyse.report.render_typst import TEXT_WIDTH_PT, column_widths
from woonzorg_analyse.report.render_xlsx import render_xlsx


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
        hoofdstukken=[Hoofdstuk(1, "Samenvatting", [Alinea("Tekst <b>niet vet</b>"), tabel()])],
    )


def test_column_widths_fit_the_page_and_numbers_get_their_full_width():
    t = tabel()
    rows = [["Gemeente met een lange naam 1", "1.234", "25,0 %", "een zeer lange toelichting " * 6]] * 3
    size, widths = column_widths(t, rows)
    assert sum(widths) <= TEXT_WIDTH_PT + 0.5
    assert widths[1] >= 5 * 0.64 * size  # "1.234" never wraps
    assert widths[3] > widths[0]  # the longest text column gets most of the rest


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
