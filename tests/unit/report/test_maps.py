"""Maps on a tiny coverage: three unit squares in a row (the region) and one neighbour below.

+----+----+----+
| A  | B  | C  |     region: A, B, C (lengte 5.0-5.3, breedte 52.0-52.1)
+----+----+----+
|  N (neighbour) |
+----------------+
"""

from __future__ import annotations

import io
import itertools
import json
import math

import matplotlib.image
import pytest

from woonzorg_analyse.formatting import NBSP
from woonzorg_analyse.report import maps

A, B, C, N = "GM0001", "GM0002", "GM0003", "GM0004"


def square(x0: float, y0: float, x1: float, y1: float) -> dict:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def grenzen() -> dict[str, maps.Vorm]:
    rows = [
        {"gemeente_code": A, "geometrie": json.dumps(square(5.0, 52.0, 5.1, 52.1))},
        {"gemeente_code": B, "geometrie": json.dumps(square(5.1, 52.0, 5.2, 52.1))},
        {"gemeente_code": C, "geometrie": json.dumps(square(5.2, 52.0, 5.3, 52.1))},
        {"gemeente_code": N, "geometrie": json.dumps(square(5.0, 51.9, 5.3, 52.0))},
    ]
    return maps.vormen(rows)


KLASSEN = maps.klassen([0.2, 0.3, 0.5], opmaak="pct", titel="Druk")


def kaart(**changes) -> maps.Figuur:
    gebieden = changes.pop(
        "gebieden",
        [
            maps.Gebied(A, "Aa", 0.1234),
            maps.Gebied(B, "Bee", 0.4321, gemaskeerd=True),
            maps.Gebied(C, "Cee", None),
        ],
    )
    return maps.regiokaart(
        "kaart_druk",
        "Druk",
        gebieden,
        changes.pop("grenzen", grenzen()),
        changes.pop("klassen", KLASSEN),
        bron="Bron: CBS",
        peildatum="01-01-2025",
        eenheid="% van de vrijkomende woningen",
        stijl=maps.Kaartstijl(**changes),
    )


def test_classes_labels_bounds_and_palette():
    assert KLASSEN.labels == (
        f"tot 20{NBSP}%",
        f"20{NBSP}% tot 30{NBSP}%",
        f"30{NBSP}% tot 50{NBSP}%",
        f"50{NBSP}% en meer",
    )
    assert [KLASSEN.klasse(v) for v in (0.0, 0.1999, 0.2, 0.35, 0.5, 3.0)] == [0, 0, 1, 2, 3, 3]
    assert KLASSEN.kleuren == maps.SEQUENTIEEL[4]
    assert maps.klassen([1, 2, 3, 4], palet="divergerend").kleuren == maps.DIVERGEREND[5]
    assert maps.klassen([1000, 2500]).labels == ("tot 1.000", "1.000 tot 2.500", "2.500 en meer")
    with pytest.raises(ValueError, match="oplopen"):
        maps.klassen([0.3, 0.2])
    with pytest.raises(ValueError, match="3 tot 7"):
        maps.klassen([0.5])


def test_sequential_palettes_get_darker_class_by_class():
    # readable in grey print: every next class is darker than the one before
    for kleuren in maps.SEQUENTIEEL.values():
        lights = [maps._luminance(k) for k in kleuren]
        assert lights == sorted(lights, reverse=True) and len(set(lights)) == len(lights)


def test_round_bounds_for_counts():
    assert maps.mooie_grenzen([3, 40, 97]) == (20.0, 40.0, 60.0, 80.0)
    assert maps.mooie_grenzen([0.4, 1.1], aantal=3) == (0.5, 1.0)


def test_masked_gemeente_is_hatched_and_gives_nothing_away():
    spec = kaart().figuur
    vlak = {v["code"]: v for v in spec["vlakken"]}
    assert vlak[A]["kleur"] == KLASSEN.kleuren[0] and vlak[A]["arcering"] == ""
    assert vlak[B]["arcering"] == maps.MASKER and vlak[B]["kleur"] == "#ffffff" and vlak[B]["waarde"] == ""
    assert vlak[C]["arcering"] == maps.GEEN_CIJFER and vlak[C]["kleur"] == "#ffffff"
    drawn = json.dumps(spec["vlakken"], ensure_ascii=False)
    assert KLASSEN.kleuren[2] not in drawn  # B's class (43 %) is never drawn
    assert f"43{NBSP}%" not in json.dumps(spec, ensure_ascii=False)  # nor its value
    legenda = [item["label"] for item in spec["legenda"]]
    assert legenda == [*KLASSEN.labels, "geen cijfer", "afgeschermd (kleine aantallen)", "buurgemeente"]
    assert {item["arcering"] for item in spec["legenda"][-3:-1]} == {maps.GEEN_CIJFER, maps.MASKER}


def test_legend_lists_only_the_special_cases_that_occur():
    spec = kaart(
        gebieden=[maps.Gebied(A, "Aa", 0.1), maps.Gebied(B, "Bee", 0.6), maps.Gebied(C, "Cee", 0.25)]
    ).figuur
    assert [item["label"] for item in spec["legenda"]] == [*KLASSEN.labels, "buurgemeente"]


def test_source_lines_neighbours_outline_and_alt_text():
    figuur = kaart()
    spec = figuur.figuur
    assert spec["soort"] == "kaart"
    assert spec["voet"].startswith("Bron: CBS \u2013 peildatum 01-01-2025")
    assert "Bron: CBS, Kadaster" in spec["kaartbron"] and "Bron: CBS, Kadaster" in figuur.bron
    assert len(spec["buren"]) == 1  # N, for orientation
    # the region's outline: the rectangle around A, B, C, not the edges between them
    points = {tuple(p) for line in spec["rand"] for p in line}
    xs = sorted({p[0] for p in points})
    assert len(spec["rand"]) == 1 and spec["rand"][0][0] == spec["rand"][0][-1]
    assert len(xs) == 4  # corners and the two inner boundaries where they meet the outline
    assert spec["h"] < spec["b"]  # wider than high, as the region
    assert "Bee: <" in figuur.alt and "Cee: geen cijfer" in figuur.alt and "Aa: 12" in figuur.alt


def test_names_and_values_follow_the_style():
    spec = kaart(namen=True, waarden=True).figuur
    assert [v["naam"] for v in spec["vlakken"]] == ["Aa", "Bee", "Cee"]
    assert spec["vlakken"][0]["waarde"] == f"12{NBSP}%"
    assert [v["naam"] for v in kaart(max_namen=2).figuur["vlakken"]] == ["", "", ""]
    diverging = maps.klassen([0.8, 0.95, 1.05, 1.25], palet="divergerend", opmaak="pct")
    spec = kaart(klassen=diverging).figuur  # a diverging map prints its values by default
    assert spec["vlakken"][0]["waarde"] == f"12{NBSP}%"


def test_label_point_lies_inside_a_concave_shape():
    # an L: the middle of its box lies outside it
    ring = [[0, 0], [100, 0], [100, 20], [20, 20], [20, 100], [0, 100], [0, 0]]
    x, y = maps.labelpunt([ring])
    assert maps._inside(x, y, [ring]) and maps._edge_distance(x, y, [ring]) >= 8


def test_a_gemeente_without_boundary_is_an_error():
    with pytest.raises(ValueError, match="geen grens voor GM0009"):
        kaart(gebieden=[maps.Gebied("GM0009", "Negen", 0.1)])


def test_a_base_serves_several_maps_of_one_region():
    basis = maps.kaartbasis(grenzen(), [C, A, B])
    assert kaart(grenzen=basis).figuur == kaart().figuur
    with pytest.raises(ValueError, match="verschillen"):
        kaart(grenzen=maps.kaartbasis(grenzen(), [A, B]))


def _pixels(png: bytes):
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    return image[:, :, :3].reshape(-1, 3)


def _share(pixels, kleur: str) -> float:
    rgb = tuple(int(kleur[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return float((abs(pixels - rgb).max(axis=1) < 0.02).mean())


def test_map_is_deterministic_and_the_masked_gemeente_is_hatched_in_the_png():
    first = maps.kaart_pngs([kaart()], ppi=100)
    assert first == maps.kaart_pngs([kaart()], ppi=100) and first[0].startswith(b"\x89PNG")
    assert maps.kaart_pdf([kaart()]) == maps.kaart_pdf([kaart()])
    # one gemeente filling the map, once coloured (class 4) and once masked: the legend is the same
    alleen_b = {B: grenzen()[B]}
    coloured, masked = (
        _pixels(
            maps.kaart_pngs([kaart(gebieden=[maps.Gebied(B, "Bee", 0.6, gemaskeerd=m)], grenzen=alleen_b)])[0]
        )
        for m in (False, True)
    )
    klasse = KLASSEN.kleuren[3]
    assert _share(coloured, klasse) > 0.15  # the gemeente in its class colour
    assert _share(masked, klasse) < 0.01  # masked: only the legend swatch has that colour
    dark = lambda pixels: float((pixels.max(axis=1) < 0.5).mean())  # noqa: E731
    assert dark(masked) > dark(coloured) + 0.02  # the hatch lines


def national(**changes) -> str:
    regios = changes.pop(
        "regios",
        [
            maps.KaartRegio(
                "WD01", "Eerste", 0.35, "woondealregio/WD01/bouwstenennotitie.html", tekst="35 %"
            ),
            maps.KaartRegio(
                "WD02", "Tweede", 0.6, "woondealregio/WD02/bouwstenennotitie.html", gemaskeerd=True
            ),
        ],
    )
    return maps.landkaart_svg(
        regios,
        {A: "WD01", B: "WD01", C: "WD02"},
        grenzen(),
        KLASSEN,
        titel="Woondealregio's",
        bron="Bron: CBS",
        peildatum="01-01-2025",
    )


def test_national_map_links_every_region_and_hides_masked_values():
    svg = national()
    assert svg == national()  # deterministic
    assert svg.count("<a href=") == 2
    assert '<a href="woondealregio/WD01/bouwstenennotitie.html" id="kaart-WD01"' in svg
    assert "<title>Eerste (WD01): 35 %</title>" in svg
    wd02 = svg[svg.index('id="kaart-WD02"') : svg.index("</a>", svg.index('id="kaart-WD02"'))]
    assert 'fill="url(#kaart-schuin)"' in wd02 and "60" not in wd02 and KLASSEN.kleuren[3] not in wd02
    assert KLASSEN.kleuren[2] in svg  # WD01's class
    assert "Bron: CBS, Kadaster" in svg and "<script" not in svg
    assert svg.count(f'fill="{maps.BUUR}"') == 1  # N belongs to no region: grey, not a link


def test_hoofdregio_counts_a_gemeente_in_two_deals_once():
    rows = [
        {"indeling_jaar": 2025, "regio_type": "woondealregio", "regio_code": "WD01", "gemeente_code": A, "hoofdregio": "nee"},
        {"indeling_jaar": 2025, "regio_type": "woondealregio", "regio_code": "WD02", "gemeente_code": A, "hoofdregio": "ja"},
        {"indeling_jaar": 2025, "regio_type": "woondealregio", "regio_code": "WD01", "gemeente_code": B, "hoofdregio": True},
        {"indeling_jaar": 2025, "regio_type": "woondealregio", "regio_code": "WD03", "gemeente_code": B, "hoofdregio": False},
        {"indeling_jaar": 2024, "regio_type": "woondealregio", "regio_code": "WD03", "gemeente_code": C, "hoofdregio": True},
        {"indeling_jaar": 2025, "regio_type": "provincie", "regio_code": "PV01", "gemeente_code": C, "hoofdregio": True},
    ]  # fmt: skip
    assert maps.hoofdregio_indeling(rows, "woondealregio", 2025) == {A: "WD02", B: "WD01"}


def test_detailed_boundaries_are_thinned_below_a_pixel_but_stay_closed():
    projectie = maps.Projectie.voor((5.0, 52.0, 5.1, 52.1))
    # an edge of 2,000 points: 1 map unit is about 6 m here, the points 0,4 unit apart
    side = [(5.0 + i / 20000, 52.0) for i in range(2000)]
    ring = (*side, (5.1, 52.0), (5.1, 52.1), (5.0, 52.1), (5.0, 52.0))
    thinned = projectie.ring(ring)
    assert thinned[0] == thinned[-1] and 700 < len(thinned) < 1300
    assert all(math.dist(a, b) >= maps.DUNNING for a, b in itertools.pairwise(thinned[:-2]))
    assert len(projectie.ring(ring, 0.0)) == len(ring)


def test_labels_that_would_overlap_leave_the_smaller_gemeente_unlabelled():
    """In a dense part of a large region (Zuid-Limburg) the values printed over each other; a
    label that would overlap one already placed is left out, larger gemeenten first."""
    from woonzorg_analyse.report.maps import Kaartbasis, Kaartstijl, _zonder_botsing

    def vierkant(x, y, zijde):
        return [[[[x, y], [x + zijde, y], [x + zijde, y + zijde], [x, y + zijde]]]]

    def vlak(code, x, y, zijde):
        ringen = vierkant(x, y, zijde)
        return {
            "code": code,
            "ringen": ringen,
            "naam": "",
            "waarde": "104 %",
            "lx": x + zijde / 2,
            "ly": y + zijde / 2,
        }

    basis = Kaartbasis(("A", "B", "C"), 1000.0, {}, {}, [], [])
    groot, klein, ver = vlak("B", 100, 100, 40), vlak("A", 110, 110, 15), vlak("C", 700, 700, 10)
    _zonder_botsing([klein, groot, ver], basis, Kaartstijl())
    assert (groot["waarde"], klein["waarde"], ver["waarde"]) == ("104 %", "", "104 %")
