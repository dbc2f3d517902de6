"""Write ``reports/index.html``: every region with its headline figures and links to its files."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from woonzorg_analyse.formatting import getal, is_missing
from woonzorg_analyse.load.files import atomic_write_bytes
from woonzorg_analyse.report.afscherming import PRIMAIR
from woonzorg_analyse.report.publish import gemaskeerd

CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt; margin: 1.5rem auto;
       max-width: 75rem; padding: 0 1rem; color: #1a1a1a; }
h1 { color: #0b4f7c; } h2 { color: #0b4f7c; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { padding: 0.25rem 0.45rem; border-bottom: 1px solid #d7d7d7; text-align: left; }
th { border-bottom: 1.5px solid #555; vertical-align: bottom; }
td.r, th.r { text-align: right; } td.r { white-space: nowrap; }
tbody tr:nth-child(even) { background: #f7f7f7; }
.fictief { background: #fff1e6; color: #b34700; border: 1px solid #b34700; padding: 0.4rem;
           font-weight: bold; }
.meta { color: #555; font-size: 8.5pt; }
figure.landkaart { margin: 1rem 0; } figure.landkaart svg { max-width: 100%; height: auto; }
figure.landkaart figcaption { font-weight: bold; color: #0b4f7c; margin-bottom: 0.4rem; }
"""

KAART_TITEL = "Druk op de vrijkomende sociale huurwoningen nu, per woondealregio"


def kolommen(defs) -> list[tuple[str, str, bool]]:
    """Return the index columns (key in kerncijfers.json, header, masked below the threshold):
    gemeenten, inhabitants, and the columns rapport.yaml lists under ``overzicht`` (a group's size
    now, or the shortage of the main groups of one role and measure: never instroom and stand
    added up)."""
    return [
        ("gemeenten", "Gemeenten", False),
        ("inwoners", "Inwoners", False),
        *[(kolom.sleutel, kolom.kop, True) for kolom in defs.rapport.overzicht],
    ]


def _number(value, personen: bool, drempel: int) -> str:
    onvolledig = False
    if isinstance(value, dict):
        if value.get("gemaskeerd"):
            return gemaskeerd(drempel) if value["gemaskeerd"] == PRIMAIR else "x"
        value, onvolledig = value.get("waarde"), value.get("onvolledig", False)
    if is_missing(value):
        return "\u2013"
    if onvolledig:
        return "onvolledig" if abs(float(value)) < drempel else f"\u2265\u00a0{getal(value)}, onvolledig"
    if personen and abs(float(value)) < drempel:
        return gemaskeerd(drempel)
    return getal(value)


def _figure(value):
    if isinstance(value, dict):
        return {k: _figure(v) for k, v in sorted(value.items())}
    if isinstance(value, bool | str):
        return value
    return None if is_missing(value) else round(float(value), 3)


def summary_json(rapport) -> str:
    """Return the headline figures of a report as JSON (kerncijfers.json in the region folder)."""
    figures = {key: _figure(value) for key, value in sorted(rapport.kerncijfers.items())}
    return json.dumps(
        {
            "regio_type": rapport.regio_type,
            "regio_type_naam": rapport.regio_type_naam,
            "regio_code": rapport.regio_code,
            "regio_naam": rapport.regio_naam,
            "fictief": rapport.fictief,
            "peildatum": rapport.peildatum,
            "definitieversie": rapport.definitieversie,
            "drempel": rapport.drempel,
            "bronnen": rapport.bronnen,
            "kerncijfers": figures,
        },
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    )


def read_summaries(reports: Path, order: list[str]) -> list[dict]:
    """Return the summaries of every report under ``reports``, by region type (``order`` first), code."""
    items = []
    for file in sorted(Path(reports).glob("*/*/kerncijfers.json")):
        try:
            items.append(json.loads(file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    rank = {t: i for i, t in enumerate(order)}
    return sorted(
        items, key=lambda x: (rank.get(x["regio_type"], len(rank)), x["regio_type"], x["regio_code"])
    )


def render_index(
    items: list[dict],
    columns: list[tuple[str, str, bool]],
    drempel: int = 10,
    herkomst: str = "",
    kaart: str = "",
) -> str:
    """Return the index page of the report summaries ``items`` as HTML; ``herkomst`` is the
    line with sources, peildata and definitions version under the introduction, ``kaart`` the
    national map (inline SVG) above the tables."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8"><title>Bouwstenennotities per regio</title>',
        f"<style>{CSS}</style></head><body><h1>Bouwstenennotities aandachtsgroepen</h1>",
    ]
    if any(x["fictief"] for x in items):
        parts.append(
            '<p class="fictief">FICTIEF VOORBEELD: de cijfers komen (deels) uit fictieve '
            "voorbeeldgegevens.</p>"
        )
    parts.append(
        '<p class="meta">Per regio de notitie (PDF en HTML), alle tabellen (Excel) en kerncijfers. '
        f"Aantallen onder {drempel} staan als {escape(gemaskeerd(drempel))}; x: afgeschermd omdat een "
        "klein aantal anders terug te rekenen is; \u2013: geen cijfer. "
        "Tekort: de vraag in het doeljaar die het aanbod niet dekt, opgeteld over de gemeenten en de "
        "hoofdgroepen van één soort; instroom (woningen per jaar) en stand (woningen) staan apart. "
        "Een cijfer dat op een deel van de gemeenten rust, staat als minimum (\u2265 ..., onvolledig).</p>"
    )
    if herkomst:
        parts.append(f'<p class="meta">{escape(herkomst)}</p>')
    if kaart:
        parts.append(
            f'<figure class="landkaart"><figcaption>{escape(KAART_TITEL)}</figcaption>{kaart}</figure>'
        )
    current = None
    for x in items:
        if x["regio_type"] != current:
            if current is not None:
                parts.append("</tbody></table>")
            current = x["regio_type"]
            parts.append(f"<h2>{escape(x['regio_type_naam'])}</h2><table><thead><tr>")
            parts.append("<th>Code</th><th>Regio</th>")
            parts += [f'<th class="r">{escape(label)}</th>' for _, label, _ in columns]
            parts.append("<th>Bestanden</th></tr></thead><tbody>")
        base = f"{x['regio_type']}/{x['regio_code']}"
        links = " · ".join(
            f'<a href="{escape(base)}/{name}">{label}</a>'
            for name, label in (
                ("bouwstenennotitie.pdf", "PDF"),
                ("bouwstenennotitie.html", "HTML"),
                ("tabellen.xlsx", "Excel"),
                ("verantwoording.pdf", "Verantwoording"),
            )
        )
        limit = x.get("drempel", drempel)
        cells = "".join(
            f'<td class="r">{escape(_number(x["kerncijfers"].get(key), personen, limit))}</td>'
            for key, _, personen in columns
        )
        parts.append(
            f"<tr><td>{escape(x['regio_code'])}</td><td>{escape(x['regio_naam'])}</td>{cells}<td>{links}</td></tr>"
        )
    if current is not None:
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def herkomst(items: list[dict], defs) -> str:
    """Return the sources, peildata and definitions version of the index's figures."""
    # the sources the reports used, in the order of the definitions (never one without input)
    used = {b for x in items for b in x.get("bronnen", [])}
    bronnen = "; ".join(
        text
        for code in defs.bronnen
        if (text := defs.bronnen[code].vermelding.removeprefix("Bron: ").strip()) in used or not used
    )
    peildata = sorted(
        {x["peildatum"] for x in items if x.get("peildatum")}, key=lambda d: d[-4:] + d[3:5] + d[:2]
    )
    versies = ", ".join(sorted({x["definitieversie"] for x in items})) or defs.version
    tot = f" (gegevens tot en met {peildata[-1]})" if peildata else ""
    return (
        f"Bron: {bronnen}. Peildatum: inwoners 1 januari {defs.referentiejaar}; aandachtsgroepen de "
        f"laatste peildatum per groep{tot}; tekort in het doeljaar {defs.doeljaar}. "
        f"Definitieversie {versies}."
    )


KAART_TYPE = "woondealregio"  # the regions of the national map


def load_grenzen(warehouse: Path) -> dict | None:
    """Return every gemeente's boundary from the warehouse (report.maps.vormen), or None when the
    warehouse has none."""
    import duckdb

    from woonzorg_analyse.report import maps

    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        if "stg_cbs__gemeentegrens" not in tables:
            return None
        frame = con.execute("select gemeente_code, geometrie from stg_cbs__gemeentegrens").df()
    return maps.vormen(frame) if len(frame) else None


def landkaart(items: list[dict], defs, grenzen: dict | None) -> str:
    """Return the national map of the woondealregio's as inline SVG: each region coloured by the
    pressure now on its vrijkomende sociale huurwoningen and linked to its notitie; '' without
    boundaries or reports of that type."""
    from woonzorg_analyse.formatting import procent
    from woonzorg_analyse.report import maps

    regios = [x for x in items if x["regio_type"] == KAART_TYPE]
    if not grenzen or not regios:
        return ""
    indeling = maps.hoofdregio_indeling(defs.lidmaatschap, KAART_TYPE, defs.referentiejaar)
    kaartregios = []
    for x in regios:
        figure = x["kerncijfers"].get("druk") or {}
        waarde = figure.get("waarde") if isinstance(figure, dict) else None
        onvolledig = isinstance(figure, dict) and figure.get("onvolledig")
        tekst = "" if waarde is None else procent(waarde, 0) + (" (onvolledig)" if onvolledig else "")
        kaartregios.append(
            maps.KaartRegio(
                x["regio_code"],
                x["regio_naam"],
                waarde,
                f"{x['regio_type']}/{x['regio_code']}/bouwstenennotitie.html",
                tekst=tekst,
            )
        )
    gemeenten = set(defs.gemeenten["gemeente_code"])
    return maps.landkaart_svg(
        kaartregios,
        indeling,
        {code: vorm for code, vorm in grenzen.items() if code in gemeenten},
        maps.klassen([0.1, 0.2, 0.3, 0.4, 0.5], opmaak="pct", titel="Deel van de vrijkomende woningen"),
        titel=KAART_TITEL,
        bron="Bron: CBS; gemeentelijke levering; mutatiegraad uit de gedeelde definities",
        peildatum=f"vrijkomend in {defs.referentiejaar}; vraag nu",
        drempel=defs.onthullingsdrempel,
    )


def write_index(reports: Path, defs, grenzen: dict | None = None) -> Path:
    """Write ``reports/index.html`` listing every report present under ``reports``, with the
    national map when ``grenzen`` (the gemeente boundaries) are given; return its path."""
    path = Path(reports) / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    items = read_summaries(reports, list(defs.instellingen.rapport_regio_types))
    kaart = landkaart(items, defs, grenzen)
    atomic_write_bytes(
        path,
        render_index(items, kolommen(defs), defs.onthullingsdrempel, herkomst(items, defs), kaart).encode(
            "utf-8"
        ),
    )
    return path
