"""Maps on the embedded boundaries: the coverage they rely on, a deterministic regional map, and
the links of the national map clicked in a real (headless) Chromium.

The browser test drives Debian's Chromium (/usr/bin/chromium, or $WOONZORG_CHROMIUM) over the
Chrome DevTools protocol with the ``websockets`` package; it is skipped, saying why, when either
is missing. CI installs both: ``apt-get install chromium`` and the dev extra (websockets).
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.report.chromium import browser, chromium_page
from woonzorg_analyse.extract.provenance import read_provenance, sha256_of
from woonzorg_analyse.extract.sources import cbs_gebiedsindelingen
from woonzorg_analyse.report import maps
from woonzorg_analyse.transform import staging

GEO = ROOT / "data" / "raw" / "geo"


@pytest.fixture(scope="module")
def grenzen(defs) -> dict[str, maps.Vorm]:
    (path,) = GEO.glob("*.geojson")
    return maps.vormen(cbs_gebiedsindelingen.load(path, defs))


def test_embedded_boundaries_are_the_reference_indeling_with_provenance(defs):
    meta = read_provenance(GEO / "provenance.yaml")
    assert meta.bron == "cbs_gebiedsindelingen" and meta.model_extra["licentie"] == "CC BY 4.0"
    assert meta.model_extra["vermelding"] == "Bron: CBS, Kadaster"
    for entry in meta.bestanden:
        assert sha256_of(GEO / entry.bestand) == entry.sha256
        assert (GEO / entry.bestand).stat().st_size < 1_000_000
        frame = cbs_gebiedsindelingen.load(GEO / entry.bestand, defs)
        assert len(frame) == entry.rijen == 342
        assert cbs_gebiedsindelingen.check(frame, defs) == []  # includes the five repaired rings


def test_embedded_boundaries_are_a_coverage(grenzen):
    # every edge is used by one gemeente (coast, border) or by exactly two neighbours
    edges: Counter = Counter()
    for vorm in grenzen.values():
        for vlak in vorm.vlakken:
            for ring in vlak:
                for a, b in itertools.pairwise(ring):
                    edges[(a, b) if a <= b else (b, a)] += 1
    assert set(edges.values()) == {1, 2}
    outline = maps.buitenrand([grenzen[c] for c in ("GM0855", "GM0824")])  # Tilburg and Oisterwijk
    assert all(line[0] == line[-1] for line in outline)  # closed around both


def test_regional_map_of_kl07_is_deterministic(defs, grenzen):
    leden = defs.lidmaatschap.query("regio_code == 'KL07' and indeling_jaar == 2025")[
        "gemeente_code"
    ].tolist()
    names = defs.indeling(2025).set_index("gemeente_code")["gemeente_naam"]
    gebieden = [
        maps.Gebied(c, names[c], (i % 5) / 10, gemaskeerd=i == 3) for i, c in enumerate(sorted(leden))
    ]
    klassen = maps.klassen([0.1, 0.2, 0.3, 0.4], opmaak="pct", titel="Druk")

    def kaart() -> maps.Figuur:
        return maps.regiokaart(
            "kaart", "Druk", gebieden, grenzen, klassen, bron="Bron: CBS", peildatum="01-01-2025", eenheid="%"
        )

    first, second = kaart(), kaart()
    assert json.dumps(first.figuur, sort_keys=True) == json.dumps(second.figuur, sort_keys=True)
    assert maps.kaart_pngs([first]) == maps.kaart_pngs([second])
    assert len(first.figuur["vlakken"]) == 9 and len(first.figuur["buren"]) > 10


def national_page(target: Path, defs, grenzen) -> dict[str, str]:
    """Write an index.html with the national map below ``target`` and a report page per region;
    return region code -> href."""
    lidmaatschap = staging.ref_regio_lidmaatschap(defs)
    indeling = maps.hoofdregio_indeling(lidmaatschap, "woondealregio", defs.referentiejaar)
    regios = defs.regios.query("regio_type == 'woondealregio'").sort_values("regio_code")
    items, hrefs = [], {}
    for number, row in enumerate(regios.itertuples()):
        href = f"woondealregio/{row.regio_code}/bouwstenennotitie.html"
        hrefs[row.regio_code] = href
        page = target / href
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"<!DOCTYPE html><title>{row.regio_code}</title><h1>{row.regio_naam}</h1>", encoding="utf-8"
        )
        items.append(
            maps.KaartRegio(row.regio_code, row.regio_naam, (number % 7) / 10, href, gemaskeerd=number == 4)
        )
    svg = maps.landkaart_svg(
        items,
        indeling,
        grenzen,
        maps.klassen([0.2, 0.4], opmaak="pct", titel="Kerncijfer"),
        titel="Woondealregio's",
        bron="Bron: CBS",
        peildatum="01-01-2025",
    )
    (target / "index.html").write_text(
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Index</title></head>'
        f"<body><h1>Bouwstenennotities</h1>{svg}</body></html>",
        encoding="utf-8",
    )
    return hrefs


def test_national_map_links_open_the_region_reports_in_chromium(tmp_path, defs, grenzen):
    binary = browser()
    hrefs = national_page(tmp_path / "reports", defs, grenzen)
    index = (tmp_path / "reports" / "index.html").as_uri()
    with chromium_page(binary, tmp_path / "profiel") as page:
        page.call("Page.enable")
        for code in ("WD13", "WD05", "WD24"):  # Limburg, a masked (hatched) region, another
            page.call("Page.navigate", url=index)
            page.wait_for("Page.loadEventFired")
            if code == "WD13":
                shot = page.call("Page.captureScreenshot", format="png")["data"]
                (tmp_path / "index.png").write_bytes(base64.b64decode(shot))
                if os.environ.get("WOONZORG_SCREENSHOT"):  # to look at the map: a path to copy it to
                    shutil.copy(tmp_path / "index.png", os.environ["WOONZORG_SCREENSHOT"])
            # a point of the region's own shape that the browser hit-tests to its link
            point = page.evaluate(
                f"""(() => {{
                  const shape = document.querySelector('#kaart-{code} .kaart-vlak');
                  const box = shape.getBoundingClientRect();
                  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {{
                    const x = box.left + box.width * i / 20, y = box.top + box.height * j / 20;
                    const hit = document.elementFromPoint(x, y);
                    if (hit && hit.closest('a') && hit.closest('a').id === 'kaart-{code}') return [x, y];
                  }}
                  return null;
                }})()"""
            )
            assert point, f"{code}: geen klikbaar punt op de kaart"
            x, y = point
            for kind in ("mousePressed", "mouseReleased"):
                page.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
            page.wait_for("Page.loadEventFired")
            location = page.evaluate("location.href")
            assert location == (tmp_path / "reports" / hrefs[code]).as_uri(), code
            assert page.evaluate("document.title") == code
