"""Write a report as an A4 PDF with Typst (the ``typst`` PyPI package: no LaTeX, no browser).

The layout lives in ``templates/bouwstenennotitie.typ``; the content goes in as one JSON
document, so no text is ever spliced into Typst markup (and nothing needs escaping). Charts are
drawn natively by ``templates/grafieken.typ`` from the chart specs of :mod:`charts`: as vector
graphics in the PDF, and (:func:`render_svgs`) as SVG for the HTML from one small document per
region that holds every chart on its own page (:func:`render_pngs` makes PNGs of it), so the PDF
and the HTML share one drawing implementation. Fonts are DejaVu (shipped with matplotlib) plus
Typst's embedded fonts; system fonts are ignored, so every machine typesets the same PDF.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import matplotlib
import typst

from woonzorg_analyse.report.model import Alinea, Figuur, Kop, Opsomming, Rapport, Tabel
from woonzorg_analyse.report.publish import publish
from woonzorg_analyse.report.render import pdf_streams

TEMPLATES = Path(__file__).parents[1] / "templates"
TEMPLATE = TEMPLATES / "bouwstenennotitie.typ"
PNG_TEMPLATE = TEMPLATES / "grafieken_png.typ"
PNG_MARGE_CM = 0.25  # white margin around a chart in its PNG
NUMERIC = ("aantal", "getal", "pct", "bereik", "cel")


@cache
def fonts() -> typst.Fonts:
    """Return the fonts of every compile, read once per process (reading them took 10 ms a
    compile): DejaVu from matplotlib's folder and Typst's embedded fonts, never the system's."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(folder)])


VERANTWOORDING = "verantwoording.pdf"


def kaft(rapport: Rapport, document: str) -> list[tuple[str, str]]:
    """Return the key-value lines of the cover page."""
    lines = [
        ("Regio", f"{rapport.regio_naam} ({rapport.regio_type_naam.lower()} {rapport.regio_code})"),
        ("Gegevens tot en met", rapport.peildatum),
        ("Softwareversie", f"woonzorg-analyse {rapport.softwareversie}"),
        ("Definitieversie", rapport.definitieversie),
        ("Versie van de berekening", rapport.vingerafdruk[:16]),
    ]
    if document == "notitie":
        lines.append(("Verantwoording", f"{VERANTWOORDING} (in dezelfde map)"))
    else:
        lines.append(("Bij", f"{rapport.titel} (bouwstenennotitie.pdf)"))
    return lines


TEXT_WIDTH_PT = 481.9  # A4 (595.3 pt) minus 2 x 2 cm margins
LANDSCAPE_WIDTH_PT = 728.5  # A4 landscape (841.9 pt) minus 2 x 2 cm margins
PADDING_PT = 7.0  # inset left + right of a cell
EM_TEXT = 0.58  # average advance of DejaVu Sans, in em
EM_DIGIT = 0.64  # digits of DejaVu Sans
EM_BOLD = 0.72  # bold header text
SIZES = (8.0, 7.4, 6.8)


def _cell_chars(text: str) -> int:
    """Return the width in characters a cell of a number column needs: a number never wraps; a
    cell with words ("geen gegevens", "≥ 1.874, onvolledig") may wrap between them."""
    if any(ch.isalpha() for ch in text):
        return _longest_word(text)
    return len(text)


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split(" ")), default=0)


# A cell stays on one line when its text has no place to break (digits, Latin letters, . , % : _ #
# < > ≤ ≥ and the non-breaking space, a minus or hyphen only before a digit: a number, "< 10", a
# date, a code, one word; each checked with Typst's line breaking) or is narrower than its column
# by the advance widths of its characters in DejaVu (bold in a total row), with a margin for
# kerning. Such a row gets its height without Typst measuring its cells first (``rijen_vast`` in
# the template); every other row is measured as before.
_UNBREAKABLE = re.compile(
    r"(?:[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff.,%:_#<>\u2264\u2265\u00a0]|[-\u2212](?=[0-9]))*"
)
_FACES = {
    False: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    True: ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}
CODE_SIZE_PT = 6.0  # the size of a code column's text (the template's monospaced cells)


@cache
def _face(name: str):
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name))
    return font, font.get_charmap()


@cache
def _advance(char: str, mono: bool, bold: bool) -> float | None:
    """Return the advance of ``char`` in em in a DejaVu face; None when the face lacks it (Typst
    would take another font)."""
    from matplotlib.ft2font import LoadFlags

    font, charmap = _face(_FACES[mono][bold])
    if ord(char) not in charmap:
        return None
    return font.load_char(ord(char), flags=LoadFlags.NO_SCALE).horiAdvance / font.units_per_EM


def one_line(text: str, width: float, size: float, mono: bool = False, bold: bool = False) -> bool:
    """Return whether a cell of ``text`` surely stays on one line in a column ``width`` pt wide at
    font size ``size`` (``mono``: the monospaced face of a code column; ``bold``: a total row)."""
    if _UNBREAKABLE.fullmatch(text):
        return True
    if len(text.splitlines()) > 1 or "\u2028" in text or "\u2029" in text:
        return False
    advances = [_advance(char, mono, bold) for char in text]
    if None in advances:
        return False
    return sum(advances) * size * 1.05 + 1.0 + PADDING_PT <= width


@lru_cache(maxsize=1 << 16)
def _text_em(text: str, bold: bool = False) -> float:
    """Return the width of ``text`` in em as DejaVu Sans (``bold``: its bold face, a total row) sets
    it: the advances of its characters, EM_TEXT for one the face lacks, with a margin for kerning."""
    return sum(EM_TEXT if (a := _advance(c, False, bold)) is None else a for c in text) * 1.03


def column_widths(
    tabel: Tabel, rows: list[list[str]], width: float = TEXT_WIDTH_PT
) -> tuple[float, list[float], bool]:
    """Return the font size (pt), the width of every column (pt) so that the table fits a page of
    text width ``width``, and whether it fits.

    Numbers never wrap (their column is as wide as the widest number, or the longest word of
    the header); text columns share the rest in proportion to their longest cell, but never
    narrower than their longest word.
    """
    n = len(tabel.kolommen)
    # the width of every column in em, the same at every font size: measured once
    fixed_em: dict[int, float] = {}
    natural_em: dict[int, float] = {}
    minimum_em: dict[int, float] = {}
    weight: dict[int, float] = {}
    for j, kolom in enumerate(tabel.kolommen):
        texts = {row[j] for row in rows}  # each distinct text once
        label = kolom.label
        if kolom.soort in NUMERIC:
            # an open range "≥ 1.874, onvolledig" may wrap after its comma; numbers never wrap
            chars = max([_cell_chars(t) for t in texts] + [1])
            head = max(_longest_word(label), min(len(label), 9)) * EM_BOLD
            fixed_em[j] = max(chars * EM_DIGIT, head)
        elif kolom.soort == "code":
            natural_em[j] = max([len(t) * 0.62 for t in texts] + [len(label) * EM_BOLD])
            minimum_em[j] = max([_longest_word(t) * 0.62 for t in texts] + [_longest_word(label) * EM_BOLD])
        else:
            # text as wide as DejaVu sets it: an average per character let a word of wide letters
            # ("Woonwagenbewoners", 11,0 em against 9,9) run into the next column
            # the total row is set in bold (the template), in a table without a code column
            codes = any(k.soort == "code" for k in tabel.kolommen)
            bold = {row[j] for row in rows[-1:]} if tabel.totaal is not None and not codes else set()
            em = {t: _text_em(t) for t in texts} | {t: _text_em(t, bold=True) for t in bold}
            natural_em[j] = max([*em.values(), len(label) * EM_BOLD])
            words = [_text_em(w, t in bold) for t in texts for w in t.split(" ")]
            minimum_em[j] = max([*words, _longest_word(label) * EM_BOLD])
        if kolom.soort not in NUMERIC:
            weight[j] = 3.0 if kolom.breed else 1.0
    for size in SIZES:
        fixed = {j: v * size + PADDING_PT for j, v in fixed_em.items()}
        natural = {j: v * size + PADDING_PT for j, v in natural_em.items()}
        minimum = {j: v * size + PADDING_PT for j, v in minimum_em.items()}
        rest = width - sum(fixed.values())
        if sum(natural.values()) <= rest:
            widths = {**fixed, **natural}
            return size, [widths[j] for j in range(n)], True
        if sum(minimum.values()) <= rest or size == SIZES[-1]:
            break
    # share the rest over the text columns: start at their minimum, then fill in proportion to need
    widths = dict(fixed)
    spare = max(0.0, rest - sum(minimum.values()))
    need = {j: (natural[j] - minimum[j]) * weight[j] for j in natural}
    total_need = sum(need.values()) or 1.0
    for j in natural:
        widths[j] = minimum[j] + spare * need[j] / total_need
    return size, [widths[j] for j in range(n)], sum(minimum.values()) <= rest


def _one_line_row(row: list[str], widths: list[float], size: float, tabel: Tabel, last: bool) -> bool:
    """Return whether every cell of a table row stays on one line as the template sets it (a code
    column monospaced at CODE_SIZE_PT; the total row bold, in a table without a code column)."""
    codes = any(k.soort == "code" for k in tabel.kolommen)
    bold = last and tabel.totaal is not None and not codes
    return all(
        one_line(c, w, CODE_SIZE_PT, mono=True) if k.soort == "code" else one_line(c, w, size, bold=bold)
        for c, w, k in zip(row, widths, tabel.kolommen, strict=True)
    )


def table_json(tabel: Tabel, drempel: int) -> dict[str, Any]:
    """Return a table as the JSON the template renders: column specs and published cell texts."""
    cells = publish(tabel, drempel)
    texts = [[c.tekst for c in row] for row in cells]
    size, widths, fits = column_widths(tabel, texts)
    liggend = not fits
    if liggend:  # too wide for a portrait page: a landscape page of its own
        size, widths, _ = column_widths(tabel, texts, LANDSCAPE_WIDTH_PT)
    widths = [round(w, 1) for w in widths]
    return {
        "grootte": size,
        "breedtes": widths,
        "rijen_vast": [
            _one_line_row(row, widths, size, tabel, n == len(texts) - 1) for n, row in enumerate(texts)
        ],
        "liggend": liggend,
        "t": "tabel",
        "titel": f"Tabel {tabel.nummer}. {tabel.titel}" if tabel.nummer else tabel.titel,
        "eenheid": tabel.eenheid,
        "bron": tabel.bron,
        "peildatum": tabel.peildatum,
        "noot": tabel.noot,
        "kol": [
            {"label": k.label, "rechts": k.soort in NUMERIC, "breed": k.breed, "code": k.soort == "code"}
            for k in tabel.kolommen
        ],
        "kop": [[label, span] for label, span in tabel.kopgroepen],
        "rijen": texts,
        "totaal": tabel.totaal is not None,
    }


def blocks_json(blokken: list, drempel: int) -> list[dict[str, Any]]:
    """Return the blocks of a chapter as the JSON the template renders.

    Tables too wide for a portrait page go to landscape pages together with the headings and
    text that introduce them (a ``liggend`` block): consecutive wide tables share their landscape
    pages, and a heading never stays behind alone on a portrait page.
    """
    blocks: list[dict[str, Any]] = []
    for b in blokken:
        if isinstance(b, Alinea):
            blocks.append({"t": "alinea", "tekst": b.tekst})
        elif isinstance(b, Kop):
            blocks.append({"t": "kop", "tekst": b.tekst, "nieuw": b.nieuwe_pagina})
        elif isinstance(b, Opsomming):
            blocks.append({"t": "lijst", "punten": list(b.punten)})
        elif isinstance(b, Tabel):
            table = table_json(b, drempel)
            if table["liggend"]:
                _to_landscape(blocks, table)
            else:
                blocks.append(table)
        elif isinstance(b, Figuur) and b.figuur:
            blocks.append(
                {"t": "figuur", "grafiek": b.figuur, "breedte": b.breedte_cm, "alt": b.alt or b.titel}
            )
    return blocks


def _to_landscape(blocks: list[dict[str, Any]], table: dict[str, Any]) -> None:
    """Put a wide ``table`` in a landscape run at the end of ``blocks``, with the heading and the
    text after it that introduce the table (moved from the portrait page into the run). When only
    text precedes it in the chapter, that text moves too (and the template puts the chapter's
    title on the landscape page)."""
    intro = len(blocks)
    while intro > 0 and blocks[intro - 1]["t"] in ("alinea", "lijst"):
        intro -= 1
    if intro > 0 and blocks[intro - 1]["t"] == "kop":
        intro -= 1
    elif intro > 0:
        intro = len(blocks)  # text after a table or figure stays with it
    moved = blocks[intro:]
    del blocks[intro:]
    if blocks and blocks[-1]["t"] == "liggend":
        blocks[-1]["blokken"] += [*moved, table]
    else:
        blocks.append({"t": "liggend", "blokken": [*moved, table]})


def document_json(rapport: Rapport, document: str = "notitie") -> dict[str, Any]:
    """Return one document of the report (the notitie or its verantwoording) as the JSON document
    of the Typst template."""
    notitie = document == "notitie"
    return {
        "titel": rapport.titel if notitie else rapport.titel_verantwoording,
        "ondertitel": rapport.ondertitel if notitie else rapport.ondertitel_verantwoording,
        "regio_naam": rapport.regio_naam,
        "regio_code": rapport.regio_code,
        "regio_type_naam": rapport.regio_type_naam,
        "definitieversie": rapport.definitieversie,
        "fictief": rapport.fictief,
        "fictief_kort": rapport.teksten.get("fictief_kort", "fictief voorbeeld"),
        "fictief_tekst": rapport.teksten.get("fictief", ""),
        "kleine_aantallen": rapport.teksten.get("kleine_aantallen", ""),
        "kaft": [list(item) for item in kaft(rapport, document)],
        "kernboodschappen": list(rapport.kernboodschappen) if notitie else [],
        "nummering": "1." if notitie else "A.",
        "hoofdstukken": [
            {"titel": h.titel, "blokken": blocks_json(h.blokken, rapport.drempel)}
            for h in rapport.documenten()[document]
        ],
    }


def _compile(template: Path, data: dict[str, Any], **options: Any) -> Any:
    return typst.compile(
        str(template),
        root=str(template.parent),
        font_paths=fonts(),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, sort_keys=True)},
        **options,
    )


def render_pdf(rapport: Rapport, document: str = "notitie") -> bytes:
    """Return the PDF of one document of ``rapport`` (the notitie or its verantwoording), its charts
    drawn as vector graphics."""
    return compact_pdf(_compile(TEMPLATE, document_json(rapport, document)))


def compact_pdf(pdf: bytes) -> bytes:
    """Return the compiled PDF with its objects in compressed object streams: the same objects,
    tags and pages, about a quarter of the bytes (:mod:`.pdf_streams`)."""
    return pdf_streams.compact(pdf)


def png_width(breedte_cm: float, ppi: int) -> int:
    """Return the width in pixels of the PNG of a chart ``breedte_cm`` wide (with its margins)."""
    return round((breedte_cm + 2 * PNG_MARGE_CM) / 2.54 * ppi)


def render_svgs(figuren: list[Figuur]) -> list[str]:
    """Return an SVG per figure (same order), all from one Typst compile (one chart per page),
    for the HTML (:mod:`.svg` puts them in a document). The figures must share one width.
    Deterministic: same specs, same text."""
    return [svg.decode("utf-8") for svg in _figure_pages(figuren, format="svg")]


def render_pngs(figuren: list[Figuur], ppi: int = 150) -> list[bytes]:
    """Return a PNG per figure (same order), all from one Typst compile (one chart per page).

    The figures must share one width (``breedte_cm``). Deterministic: same specs, same bytes.
    """
    return _figure_pages(figuren, format="png", ppi=float(ppi))


def _figure_pages(figuren: list[Figuur], **options: Any) -> list[bytes]:
    figuren = [f for f in figuren if f.figuur]
    if not figuren:
        return []
    widths = {f.breedte_cm for f in figuren}
    if len(widths) != 1:
        raise ValueError(f"grafieken van verschillende breedte: {sorted(widths)}")
    data = {"breedte": widths.pop(), "marge": PNG_MARGE_CM, "grafieken": [f.figuur for f in figuren]}
    pages = _compile(PNG_TEMPLATE, data, **options)
    if isinstance(pages, bytes):
        pages = [pages]
    if len(pages) != len(figuren):
        raise RuntimeError(f"{len(pages)} pagina's voor {len(figuren)} grafieken")
    return list(pages)
