"""Write a report as one self-contained HTML file: CSS inline, charts as inline SVG, no scripts.

It opens offline and prints well (A4, a chapter per page, table headers repeated, the
"fictief voorbeeld" banner fixed so that it appears on every printed page).
"""

from __future__ import annotations

from html import escape

from woonzorg_analyse.report.model import Alinea, Figuur, Kop, Opsomming, Rapport, Tabel
from woonzorg_analyse.report.publish import publish
from woonzorg_analyse.report.render.pdf import NUMERIC, kaft
from woonzorg_analyse.report.render.svg import Sprite

BESTANDEN = {
    "notitie": (
        ("bouwstenennotitie.pdf", "PDF"),
        ("tabellen.xlsx", "Alle tabellen (Excel)"),
        ("verantwoording.html", "Verantwoording"),
        ("verantwoording.pdf", "Verantwoording (PDF)"),
    ),
    "verantwoording": (
        ("bouwstenennotitie.html", "Bouwstenennotitie"),
        ("verantwoording.pdf", "PDF"),
        ("tabellen.xlsx", "Alle tabellen (Excel)"),
    ),
}

CSS = """
:root { --accent: #0b4f7c; --warn: #b34700; --rule: #d7d7d7; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt; line-height: 1.45;
       color: #1a1a1a; max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { color: var(--accent); font-size: 1.6rem; margin: 2.5rem 0 1rem; border-bottom: 2px solid var(--accent); }
h2 { color: var(--accent); font-size: 1.15rem; margin: 1.8rem 0 0.6rem; }
.kaft { padding: 3rem 0 2rem; border-bottom: 1px solid var(--rule); }
.kaft .type { color: #555; font-size: 1rem; }
.kaft .regio { font-size: 2.2rem; font-weight: bold; color: var(--accent); margin: 0.2rem 0; }
.kaft .titel { font-size: 1.4rem; }
.kaft .ondertitel { color: #555; }
.kaft dl { display: grid; grid-template-columns: 12rem 1fr; gap: 0.3rem 1rem; margin-top: 1.5rem; }
.kaft dt { color: #555; }
.kaft dd { margin: 0; }
.fictief { position: sticky; top: 0; z-index: 2; background: #fff1e6; color: var(--warn);
           border: 1px solid var(--warn); font-weight: bold; text-align: center; padding: 0.3rem;
           text-transform: uppercase; letter-spacing: 0.05em; }
.fictief-tekst { background: #fff1e6; border: 1px solid var(--warn); color: var(--warn); padding: 0.7rem; }
nav ol { columns: 2; list-style: none; padding-left: 0; }
figure { margin: 1rem 0 1.5rem; }
figure > svg { display: block; width: 100%; height: auto; }
svg.defs { position: absolute; }
.tabel { margin: 1.2rem 0 1.6rem; overflow-x: auto; }
.tabel .titel { font-weight: bold; margin-bottom: 0.3rem; }
table { border-collapse: collapse; font-size: 8.5pt; width: 100%; }
th, td { padding: 0.18rem 0.4rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { text-align: left; border-bottom: 1.5px solid #555; vertical-align: bottom; }
th.r, td.r { text-align: right; white-space: nowrap; }
th.groep { text-align: center; border-bottom: 1px solid #999; }
tbody tr:nth-child(even) { background: #f7f7f7; }
tr.totaal td { font-weight: bold; background: #ebebeb; }
td.code { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
.meta { font-size: 8pt; color: #555; margin-top: 0.3rem; }
.regel { font-size: 8.5pt; color: #444; }
.kern { background: #eef4f9; border-left: 4px solid var(--accent); padding: 0.6rem 1rem; margin: 1.5rem 0; }
.kern li { margin: 0.4rem 0; font-size: 10.5pt; }
.bestanden a { margin-right: 1rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  .fictief { position: fixed; top: 0; left: 0; right: 0; padding: 0.1rem; font-size: 7.5pt; }
  section.hoofdstuk { break-before: page; }
  h2.nieuw { break-before: page; }
  h1, h2, .tabel .titel { break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  .tabel { overflow: visible; }
  nav { break-after: page; }
}
"""


def _table(tabel: Tabel, drempel: int) -> str:
    cells = publish(tabel, drempel)
    numeric = [k.soort in NUMERIC for k in tabel.kolommen]
    head = ""
    if tabel.kopgroepen:
        head += (
            "<tr>"
            + "".join(
                f'<th colspan="{span}" class="groep">{escape(label)}</th>' for label, span in tabel.kopgroepen
            )
            + "</tr>"
        )
    head += (
        "<tr>"
        + "".join(
            f'<th{" class=r" if r else ""} scope="col">{escape(k.label)}</th>'
            for k, r in zip(tabel.kolommen, numeric, strict=True)
        )
        + "</tr>"
    )
    body = []
    for i, row in enumerate(cells):
        total = tabel.totaal is not None and i == len(cells) - 1
        tds = []
        for kolom, c in zip(tabel.kolommen, row, strict=True):
            cls = "r" if kolom.soort in NUMERIC else ("code" if kolom.soort == "code" else "")
            tds.append(f"<td{f' class={cls}' if cls else ''}>{escape(c.tekst)}</td>")
        body.append(f"<tr{' class=totaal' if total else ''}>{''.join(tds)}</tr>")
    meta = f"Eenheid: {tabel.eenheid}. {tabel.bron}. Peildatum: {tabel.peildatum}."
    if tabel.noot:
        meta += f" {tabel.noot}"
    return (
        f'<div class="tabel" id="{escape(tabel.sleutel)}"><div class="titel">{escape(_titel(tabel))}</div>'
        f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
        f'<div class="meta">{escape(meta)}</div></div>'
    )


def _titel(tabel: Tabel) -> str:
    return f"Tabel {tabel.nummer}. {tabel.titel}" if tabel.nummer else tabel.titel


def _figure(figuur: Figuur, sprite: Sprite) -> str:
    alt = f"{figuur.alt or figuur.titel}. {figuur.bron}. Peildatum: {figuur.peildatum}."
    return (
        f'<figure id="{escape(figuur.sleutel)}">{sprite.figure(figuur.svg, alt)}'
        f'<figcaption class="meta">{escape(figuur.titel)}. Eenheid: {escape(figuur.eenheid)}. '
        f"{escape(figuur.bron)}. Peildatum: {escape(figuur.peildatum)}.</figcaption></figure>"
    )


def render_html(rapport: Rapport, document: str = "notitie") -> str:
    """Return one document of the report (the notitie or its verantwoording) as HTML (UTF-8 text);
    the notitie starts with its key messages and links its PDF, workbook and verantwoording."""
    notitie = document == "notitie"
    titel = rapport.titel if notitie else rapport.titel_verantwoording
    ondertitel = rapport.ondertitel if notitie else rapport.ondertitel_verantwoording
    hoofdstukken = rapport.documenten()[document]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(titel)} {escape(rapport.regio_naam)}</title>",
        f"<style>{CSS}</style></head><body>",
    ]
    body, sprite = len(parts), Sprite()
    if rapport.fictief:
        parts.append(
            f'<div class="fictief" role="note">{escape(rapport.teksten.get("fictief_kort", ""))}</div>'
        )
    parts.append('<header class="kaft">')
    parts.append(f'<div class="type">{escape(rapport.regio_type_naam)} {escape(rapport.regio_code)}</div>')
    parts.append(f'<div class="regio">{escape(rapport.regio_naam)}</div>')
    parts.append(f'<div class="titel">{escape(titel)}</div>')
    parts.append(f'<div class="ondertitel">{escape(ondertitel)}</div>')
    if rapport.fictief:
        parts.append(f'<p class="fictief-tekst">{escape(rapport.teksten.get("fictief", ""))}</p>')
    parts.append(
        "<dl>"
        + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in kaft(rapport, document))
        + "</dl>"
    )
    parts.append(
        '<p class="bestanden">'
        + "".join(f'<a href="{name}">{escape(label)}</a>' for name, label in BESTANDEN[document])
        + "</p>"
    )
    parts.append(f'<p class="regel">{escape(rapport.teksten.get("kleine_aantallen", ""))}</p></header>')
    if notitie and rapport.kernboodschappen:
        parts.append('<section class="kern" id="kernboodschappen"><h2>Kernboodschappen</h2><ul>')
        parts += [f"<li>{escape(z)}</li>" for z in rapport.kernboodschappen]
        parts.append("</ul></section>")
    parts.append("<nav><h2>Inhoud</h2><ol>")
    parts += [
        f'<li><a href="#{h.anker}">{escape(h.nummer)}. {escape(h.titel)}</a></li>' for h in hoofdstukken
    ]
    parts.append("</ol></nav><main>")
    for h in hoofdstukken:
        parts.append(
            f'<section class="hoofdstuk" id="{h.anker}"><h1>{escape(h.nummer)}. {escape(h.titel)}</h1>'
        )
        for b in h.blokken:
            if isinstance(b, Alinea):
                parts.append(f"<p>{escape(b.tekst)}</p>")
            elif isinstance(b, Kop):
                parts.append(f"<h2{' class=nieuw' if b.nieuwe_pagina else ''}>{escape(b.tekst)}</h2>")
            elif isinstance(b, Opsomming):
                parts.append("<ul>" + "".join(f"<li>{escape(p)}</li>" for p in b.punten) + "</ul>")
            elif isinstance(b, Tabel):
                parts.append(_table(b, rapport.drempel))
            elif isinstance(b, Figuur) and b.svg:
                parts.append(_figure(b, sprite))
        parts.append("</section>")
    parts.insert(body, sprite.definitions())  # what the figures share (glyphs), once, hidden
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
