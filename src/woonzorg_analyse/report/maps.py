"""Maps of the bouwstenennotitie: pure functions that return a :class:`Figuur` or an SVG text.

Two maps:

- :func:`regiokaart`: a choropleth of a region's gemeenten (its neighbours in light grey for
  orientation) returned as a :class:`Figuur` like the charts of :mod:`charts`: ``figuur`` holds a
  plain, JSON-serialisable map spec (``"soort": "kaart"``) that ``templates/kaarten.typ`` draws
  with Typst primitives, as vectors in the PDF and as SVG for the HTML (the same compile as the
  charts; :func:`kaart_pngs` renders maps on their own as PNG).
- :func:`landkaart_svg`: the woondealregio's of the Netherlands for ``reports/index.html``, as
  inline SVG in which every region is an ``<a>`` link to its report (works in a browser without
  scripts), coloured by a headline figure with its value as text.

Nothing here reads files, the warehouse or the network: the boundaries arrive as rows of
``stg_cbs__gemeentegrens`` (:func:`vormen`), the values as plain dicts. Same input, same bytes.

Drawing choices. The boundaries are a coverage (neighbours share exactly the same edges), so a
region's outline is the set of edges used once by its gemeenten: no geometry library is needed.
The projection is equirectangular around the middle latitude of the map (x = lengte x
cos(breedte), good to a few per mille over a region). Classes are fixed bounds
(:func:`klassen`), so maps of different regions compare; sequential palettes are ColorBrewer
YlGnBu, whose lightness rises monotonically (readable in grey print, colour-blind safe);
diverging palettes are ColorBrewer PuOr (colour-blind safe) and print their values on the map by
default, because the two arms of a diverging palette look alike in grey. A gemeente without a
figure is dotted, a gemeente whose count is masked is hatched: neither gets a class colour, and
the legend explains both. Under every map: the source of the figures and "Bron: CBS, Kadaster".
"""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from woonzorg_analyse.formatting import NBSP, getal, is_missing
from woonzorg_analyse.report.model import Figuur
from woonzorg_analyse.report.publish import gemaskeerd as gemaskeerd_tekst

KAARTBRON = "Bron: CBS, Kadaster"  # the attribution of the boundaries (CC BY 4.0)
TEMPLATES = Path(__file__).parent / "templates"
KAART_PNG_TEMPLATE = TEMPLATES / "kaarten_png.typ"
EENHEID = 1000.0  # the map frame is EENHEID units wide; Typst scales it to the page
DUNNING = 0.5  # map units (under a pixel at 150 ppi): closer points are dropped when drawing
DUNNING_LABEL = 3.0  # map units: the coarser rings on which label points are searched

# ColorBrewer (Cynthia Brewer, Penn State), colour-blind safe. YlGnBu: lightness falls
# monotonically from the first to the last class, so the classes stay apart in grey print.
SEQUENTIEEL = {
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
# PuOr: orange for below the middle class, purple for above it.
DIVERGEREND = {
    3: ("#f1a340", "#f7f7f7", "#998ec3"),
    4: ("#e66101", "#fdb863", "#b2abd2", "#5e3c99"),
    5: ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"),
    6: ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"),
    7: ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"),
}
BUUR = "#e4e4e4"  # neighbouring gemeenten, for orientation only
GEEN_CIJFER = "punt"  # hatch of a gemeente without a figure
MASKER = "schuin"  # hatch of a gemeente whose count is masked
# its legend: a masked count is below the threshold ("< 10") or masked to protect one that is ("x")
MASKER_LABEL = "afgeschermd (kleine aantallen)"

Punt = tuple[float, float]
Ring = tuple[Punt, ...]
Vlak = tuple[Ring, ...]  # exterior ring first, then holes


# --- boundaries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vorm:
    """The boundary of one gemeente: polygons of rings of (lengte, breedte) points."""

    gemeente_code: str
    vlakken: tuple[Vlak, ...]

    @property
    def kader(self) -> tuple[float, float, float, float]:
        """Return (min lengte, min breedte, max lengte, max breedte)."""
        xs = [p[0] for vlak in self.vlakken for p in vlak[0]]
        ys = [p[1] for vlak in self.vlakken for p in vlak[0]]
        return min(xs), min(ys), max(xs), max(ys)


def vormen(grenzen: Any) -> dict[str, Vorm]:
    """Return the boundaries of the rows of ``stg_cbs__gemeentegrens`` (a DataFrame or a list of
    dicts with ``gemeente_code`` and ``geometrie``), by gemeente code.

    One entry per gemeente.
    """
    rows = grenzen.to_dict("records") if hasattr(grenzen, "to_dict") else list(grenzen)
    result = {}
    for row in rows:
        geometry = json.loads(row["geometrie"])
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        vlakken = tuple(
            tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in polygon) for polygon in polygons
        )
        result[row["gemeente_code"]] = Vorm(row["gemeente_code"], vlakken)
    return dict(sorted(result.items()))


def buitenrand(vormen_: list[Vorm]) -> list[tuple[Punt, ...]]:
    """Return the outline of gemeenten together as lines of points: the edges that only one of them
    uses (the boundaries are a coverage, so an edge between two of them is used twice).

    One line per stretch of outline, closed lines ending where they start; deterministic order.
    """
    count: dict[tuple[Punt, Punt], int] = defaultdict(int)
    for vorm in vormen_:
        for vlak in vorm.vlakken:
            for ring in vlak:
                for a, b in itertools.pairwise(ring):
                    if a != b:
                        count[(a, b) if a <= b else (b, a)] += 1
    edges = sorted(edge for edge, n in count.items() if n == 1)
    neighbours: dict[Punt, list[Punt]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    for point in neighbours:
        neighbours[point].sort()
    used: set[tuple[Punt, Punt]] = set()
    lines = []
    for a, b in edges:
        if (a, b) in used:
            continue
        used.add((a, b))
        line = [a, b]
        while True:
            here = line[-1]
            step = next(
                (n for n in neighbours[here] if ((here, n) if here <= n else (n, here)) not in used), None
            )
            if step is None:
                break
            used.add((here, step) if here <= step else (step, here))
            line.append(step)
            if step == line[0]:
                break
        lines.append(tuple(line))
    return lines


# --- classes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Klassen:
    """Classes of a choropleth: ``grenzen`` are the k - 1 inner bounds of k classes (a value equal
    to a bound goes in the higher class), ``labels`` and ``kleuren`` one per class."""

    grenzen: tuple[float, ...]
    labels: tuple[str, ...]
    kleuren: tuple[str, ...]
    titel: str = ""
    opmaak: str = "getal"  # how a value prints on the map: "pct" (a fraction as %) or "getal"
    decimalen: int = 0

    def klasse(self, waarde: float) -> int:
        """Return the index of the class of ``waarde``."""
        return sum(waarde >= grens for grens in self.grenzen)

    def tekst(self, waarde: float) -> str:
        """Return ``waarde`` as the map prints it, in the format of the legend (12 %, 1.234)."""
        return _label(float(waarde), self.opmaak, self.decimalen)


def _label(value: float, opmaak: str, decimalen: int) -> str:
    if opmaak == "pct":
        return f"{getal(value * 100, decimalen)}{NBSP}%"
    return getal(value, decimalen)


def klassen(
    grenzen: list[float] | tuple[float, ...],
    *,
    palet: str = "sequentieel",
    opmaak: str = "getal",
    decimalen: int = 0,
    titel: str = "",
) -> Klassen:
    """Return classes with Dutch legend labels for the inner bounds ``grenzen`` (ascending).

    ``palet``: "sequentieel" (YlGnBu) or "divergerend" (PuOr, the middle class around the
    neutral value); ``opmaak``: "pct" for fractions shown as percentages, "getal" for numbers.
    Labels read "tot 20 %", "20 tot 30 %", "30 % en meer".
    """
    bounds = tuple(float(g) for g in grenzen)
    if list(bounds) != sorted(set(bounds)):
        raise ValueError("klassegrenzen moeten oplopen en verschillen")
    n = len(bounds) + 1
    paletten = {"sequentieel": SEQUENTIEEL, "divergerend": DIVERGEREND}
    if palet not in paletten:
        raise ValueError(f"onbekend palet {palet!r}")
    if n not in paletten[palet]:
        raise ValueError(f"{n} klassen: kies 3 tot 7")
    shown = [_label(b, opmaak, decimalen) for b in bounds]
    labels = [f"tot {shown[0]}"]
    labels += [f"{shown[i - 1]} tot {shown[i]}" for i in range(1, len(shown))]
    labels.append(f"{shown[-1]} en meer")
    return Klassen(bounds, tuple(labels), paletten[palet][n], titel, opmaak, decimalen)


def mooie_grenzen(waarden: list[float], aantal: int = 5) -> tuple[float, ...]:
    """Return ``aantal`` - 1 round inner bounds (1, 2, 2.5 or 5 x 10^k steps from 0) that spread
    ``waarden`` over at most ``aantal`` classes: for counts without a fixed scale (woningen per
    jaar). Deterministic; fewer bounds when the values span too little."""
    values = sorted(float(v) for v in waarden if not is_missing(v))
    if not values or values[-1] <= 0:
        return (1.0, 2.0)
    raw = values[-1] / aantal
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    bounds = tuple(round(step * i, 9) for i in range(1, aantal))
    return bounds if len(bounds) >= 2 else (step, 2 * step)


def _luminance(kleur: str) -> float:
    r, g, b = (int(kleur[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def tekstkleur(kleur: str) -> str:
    """Return black or white, whichever reads better on ``kleur``."""
    return "#ffffff" if _luminance(kleur) < 0.45 else "#1a1a1a"


# --- projection and labels --------------------------------------------------------------------


@dataclass(frozen=True)
class Projectie:
    """Equirectangular projection of a frame in degrees onto EENHEID x hoogte map units."""

    links: float
    boven: float
    schaal: float  # map units per degree of lengte
    coslat: float
    hoogte: float

    @classmethod
    def voor(cls, kader: tuple[float, float, float, float], marge: float = 0.06) -> Projectie:
        """Return the projection of ``kader`` (lengte/breedte bounds) widened by ``marge``."""
        x0, y0, x1, y1 = kader
        coslat = math.cos(math.radians((y0 + y1) / 2))
        width, height = (x1 - x0) * coslat, y1 - y0
        pad = marge * max(width, height, 1e-6)
        width, height = width + 2 * pad, height + 2 * pad
        schaal = EENHEID / width
        return cls(x0 - pad / coslat, y1 + pad, schaal * coslat, coslat, round(height * schaal, 1))

    def punt(self, p: Punt) -> tuple[float, float]:
        """Return ``p`` in map units (y down), rounded to 0.1 unit."""
        return (
            round((p[0] - self.links) * self.schaal, 1),
            round((self.boven - p[1]) * self.schaal / self.coslat, 1),
        )

    def ring(self, ring: Ring, tolerantie: float = DUNNING) -> list[list[float]]:
        """Return a ring (or line) in map units without the points closer than ``tolerantie`` to
        the previous kept point (detailed boundaries draw as fast as simple ones; the last point
        is always kept, so a closed ring stays closed)."""
        out: list[list[float]] = []
        last = len(ring) - 1
        for number, p in enumerate(ring):
            q = list(self.punt(p))
            if out and (q == out[-1] or (number < last and math.dist(q, out[-1]) < tolerantie)):
                continue
            out.append(q)
        return out

    def zichtbaar(self, kader: tuple[float, float, float, float]) -> bool:
        """Whether a box in degrees overlaps the frame."""
        x0, y0, x1, y1 = kader
        right = self.links + EENHEID / self.schaal
        bottom = self.boven - self.hoogte * self.coslat / self.schaal
        return x1 >= self.links and x0 <= right and y1 >= bottom and y0 <= self.boven


def _inside(x: float, y: float, rings: list[list[list[float]]]) -> bool:
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def _edge_distance(x: float, y: float, rings: list[list[list[float]]]) -> float:
    best = math.inf
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = x2 - x1, y2 - y1
            t = (
                0.0
                if dx == dy == 0
                else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
            )
            best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def labelpunt(rings: list[list[list[float]]]) -> tuple[float, float]:
    """Return a point well inside a polygon (exterior and holes, map units) for its label: the
    best of a grid search refined twice (an approximate pole of inaccessibility). Each grid of
    81 points is measured against every edge at once (numpy); the first best point wins."""
    import numpy as np

    starts = np.concatenate([np.asarray(ring, dtype=float) for ring in rings])
    ends = np.concatenate([np.roll(np.asarray(ring, dtype=float), -1, axis=0) for ring in rings])
    x1, y1 = starts[:, 0], starts[:, 1]
    dx, dy = ends[:, 0] - x1, ends[:, 1] - y1
    length2 = dx * dx + dy * dy
    crosses_dy = np.where(dy == 0, 1.0, dy)

    def depth(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Distance to the nearest edge of each point (x, y), -inf outside the polygon."""
        x, y = x[:, None], y[:, None]
        straddles = (y1 > y) != (y1 + dy > y)
        inside = (straddles & (x < dx * (y - y1) / crosses_dy + x1)).sum(axis=1) % 2 == 1
        t = np.clip(((x - x1) * dx + (y - y1) * dy) / np.where(length2 == 0, 1.0, length2), 0.0, 1.0)
        t = np.where(length2 == 0, 0.0, t)
        distance = np.hypot(x - x1 - t * dx, y - y1 - t * dy).min(axis=1)
        return np.where(inside, distance, -np.inf)

    xs = [p[0] for p in rings[0]]
    ys = [p[1] for p in rings[0]]
    left, right, low, high = min(xs), max(xs), min(ys), max(ys)
    best = ((left + right) / 2, (low + high) / 2)
    best_d = max(float(depth(np.array([best[0]]), np.array([best[1]]))[0]), -1.0)
    span_x, span_y = right - left, high - low
    steps = (np.arange(9) + 0.5) / 9
    for _ in range(3):
        cx, cy = best
        gx = np.repeat(cx - span_x / 2 + span_x * steps, 9)  # i outer, j inner, as read
        gy = np.tile(cy - span_y / 2 + span_y * steps, 9)
        d = depth(gx, gy)
        k = int(np.argmax(d))
        if d[k] > best_d:
            best, best_d = (float(gx[k]), float(gy[k])), float(d[k])
        span_x, span_y = span_x / 3, span_y / 3
    return round(best[0], 1), round(best[1], 1)


def _largest(vorm: Vorm, projectie: Projectie) -> list[list[list[float]]]:
    def area(ring: list[list[float]]) -> float:
        return abs(
            sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        )

    projected = [[projectie.ring(r, DUNNING_LABEL) for r in vlak] for vlak in vorm.vlakken]
    projected = [rings for rings in projected if len(rings[0]) >= 4] or [
        [projectie.ring(r, 0.0) for r in vlak] for vlak in vorm.vlakken
    ]
    return max(projected, key=lambda rings: area(rings[0]))


# --- the regional map -------------------------------------------------------------------------


@dataclass(frozen=True)
class Gebied:
    """A gemeente of the map's region: its code, name, value (None: no figure) and whether its
    count is masked (below the disclosure threshold: hatched, never coloured)."""

    gemeente_code: str
    naam: str
    waarde: float | None
    gemaskeerd: bool = False
    tekst: str = ""  # the value as printed on the map ("" = from the class format)


@dataclass(frozen=True)
class Kaartstijl:
    """How much a regional map prints: names (None = when the region has at most ``max_namen``
    gemeenten) and values (None = for a diverging palette)."""

    namen: bool | None = None
    waarden: bool | None = None
    max_namen: int = 25
    breedte_cm: float = 16.0
    max_hoogte_cm: float = 15.0


def _waarde_tekst(gebied: Gebied, klassen_: Klassen) -> str:
    if gebied.tekst:
        return gebied.tekst
    if gebied.waarde is None or is_missing(gebied.waarde):
        return ""
    return klassen_.tekst(gebied.waarde)


@dataclass(frozen=True)
class Kaartbasis:
    """What every map of one region shares, computed once: the projection, the region's
    gemeenten in map units with their label points, the neighbours in the frame and the outline.
    Make it with :func:`kaartbasis` and pass it to :func:`regiokaart` for each map of the region."""

    codes: tuple[str, ...]
    hoogte: float
    ringen: dict[str, list[list[list[list[float]]]]]  # code -> polygons -> rings -> points
    labels: dict[str, tuple[float, float]]
    buren: list[list[list[list[float]]]]  # polygons -> rings -> points
    rand: list[list[list[float]]]


def kaartbasis(grenzen: dict[str, Vorm], codes: list[str] | tuple[str, ...]) -> Kaartbasis:
    """Return the shared base of the maps of a region with gemeenten ``codes``.

    ``grenzen`` holds every gemeente (:func:`vormen`); a code without a boundary is a ValueError.
    """
    codes = tuple(sorted(set(codes)))
    missing = [c for c in codes if c not in grenzen]
    if missing:
        raise ValueError(f"geen grens voor {', '.join(missing)}")
    if not codes:
        raise ValueError("een kaart zonder gemeenten")
    eigen = [grenzen[c] for c in codes]
    kaders = [v.kader for v in eigen]
    kader = (
        min(k[0] for k in kaders),
        min(k[1] for k in kaders),
        max(k[2] for k in kaders),
        max(k[3] for k in kaders),
    )
    projectie = Projectie.voor(kader)
    buren = [
        [projectie.ring(r) for r in vlak]
        for code, vorm in grenzen.items()
        if code not in codes and projectie.zichtbaar(vorm.kader)
        for vlak in vorm.vlakken
    ]
    ringen = {c: [[projectie.ring(r) for r in vlak] for vlak in grenzen[c].vlakken] for c in codes}
    labels = {c: labelpunt(_largest(grenzen[c], projectie)) for c in codes}
    rand = [projectie.ring(line) for line in buitenrand(eigen)]
    return Kaartbasis(codes, projectie.hoogte, ringen, labels, buren, rand)


PT_PER_CM = 72 / 2.54
LABEL_PT = 6.0  # the size of a map's names and values (kaarten.typ)
REGEL_PT = 6.8  # one line of a label: LABEL_PT and its leading


def _schaal_pt(basis: Kaartbasis, stijl: Kaartstijl) -> float:
    """Return the points per map unit as kaarten.typ scales the map: within the width beside the
    legend and the maximum height, keeping the aspect ratio."""
    breedte = stijl.breedte_cm
    legenda = min(5.2, breedte * 0.34)
    return min((breedte - legenda - 0.4) / EENHEID, stijl.max_hoogte_cm / basis.hoogte) * PT_PER_CM


def _oppervlak(ringen: list[list[list[list[float]]]]) -> float:
    """Return the area of a gemeente's polygons (their outer rings), in map units."""
    total = 0.0
    for vlak in ringen:
        ring = vlak[0]
        punten = itertools.pairwise([*ring, ring[0]])
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in punten)) / 2
    return total


def _zonder_botsing(vlakken: list[dict[str, Any]], basis: Kaartbasis, stijl: Kaartstijl) -> None:
    """Leave out the names and values that would overlap one already placed, larger gemeenten
    first (in dense parts of a large region, such as Zuid-Limburg, they printed over each other);
    the table beside the map and its text alternative keep every value."""
    schaal = _schaal_pt(basis, stijl)
    geplaatst: list[tuple[float, float, float, float]] = []
    for v in sorted(vlakken, key=lambda v: (-_oppervlak(v["ringen"]), v["code"])):
        regels = [t for t in (v["naam"], v["waarde"]) if t]
        if not regels:
            continue
        # the box as kaarten.typ sets it: centred on the label point, DejaVu at LABEL_PT (0,7 em a
        # character: more than a value needs, "104 %" is 3,2 em, and than most names; a rare
        # name of wide letters may touch a neighbour's), one REGEL_PT a line, 1 pt apart
        breedte = max(len(t) for t in regels) * 0.7 * LABEL_PT + 1.0
        hoogte = len(regels) * REGEL_PT + 1.0
        x, y = v["lx"] * schaal - breedte / 2, v["ly"] * schaal - len(regels) * 3.4
        box = (x, y, x + breedte, y + hoogte)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in geplaatst):
            v["naam"], v["waarde"] = "", ""
            continue
        geplaatst.append(box)


def regiokaart(
    sleutel: str,
    titel: str,
    gebieden: list[Gebied],
    grenzen: dict[str, Vorm] | Kaartbasis,
    klassen_: Klassen,
    *,
    bron: str,
    peildatum: str,
    eenheid: str,
    drempel: int = 10,
    stijl: Kaartstijl | None = None,
) -> Figuur:
    """Return a choropleth of a region's gemeenten as a :class:`Figuur` (``figuur["soort"] == "kaart"``).

    ``gebieden`` are the region's gemeenten with their value. ``grenzen`` is every gemeente's
    boundary (:func:`vormen`) or, for several maps of one region, their :func:`kaartbasis`; the
    other gemeenten in the frame are drawn light grey for orientation. A gebied with
    ``gemaskeerd`` is hatched and one without a value dotted, both explained in the legend, never
    coloured. ``bron`` and ``peildatum`` are those of the figures; "Bron: CBS, Kadaster" is added
    for the boundaries. Classes: :func:`klassen`.
    """
    stijl = stijl or Kaartstijl()
    codes = sorted(g.gemeente_code for g in gebieden)
    basis = grenzen if isinstance(grenzen, Kaartbasis) else kaartbasis(grenzen, codes)
    if tuple(codes) != basis.codes:
        raise ValueError("de gemeenten van de kaart en van de kaartbasis verschillen")
    namen = stijl.namen if stijl.namen is not None else len(gebieden) <= stijl.max_namen
    divergerend = klassen_.kleuren == DIVERGEREND.get(len(klassen_.kleuren))
    waarden = stijl.waarden if stijl.waarden is not None else divergerend
    vlakken, used = [], set()
    for gebied in sorted(gebieden, key=lambda g: g.gemeente_code):
        if gebied.gemaskeerd:
            kleur, arcering, waarde = "#ffffff", MASKER, ""
            used.add("masker")
        elif gebied.waarde is None or is_missing(gebied.waarde):
            kleur, arcering, waarde = "#ffffff", GEEN_CIJFER, ""
            used.add("leeg")
        else:
            kleur, arcering = klassen_.kleuren[klassen_.klasse(float(gebied.waarde))], ""
            waarde = _waarde_tekst(gebied, klassen_) if waarden else ""
        lx, ly = basis.labels[gebied.gemeente_code]
        vlakken.append(
            {
                "code": gebied.gemeente_code,
                "ringen": basis.ringen[gebied.gemeente_code],
                "kleur": kleur,
                "arcering": arcering,
                "tekstkleur": tekstkleur(kleur),
                "naam": gebied.naam if namen else "",
                "waarde": waarde,
                "lx": lx,
                "ly": ly,
            }
        )
    _zonder_botsing(vlakken, basis, stijl)
    legenda = [
        {"label": label, "kleur": kleur, "arcering": ""}
        for label, kleur in zip(klassen_.labels, klassen_.kleuren, strict=True)
    ]
    if "leeg" in used:
        legenda.append({"label": "geen cijfer", "kleur": "#ffffff", "arcering": GEEN_CIJFER})
    if "masker" in used:
        legenda.append({"label": MASKER_LABEL, "kleur": "#ffffff", "arcering": MASKER})
    legenda.append({"label": "buurgemeente", "kleur": BUUR, "arcering": ""})
    spec = {
        "soort": "kaart",
        "titel": titel,
        "legenda_titel": klassen_.titel or eenheid,
        "legenda": legenda,
        "b": EENHEID,
        "h": basis.hoogte,
        "max_hoogte_cm": stijl.max_hoogte_cm,
        "buren": basis.buren,
        "buurkleur": BUUR,
        "vlakken": vlakken,
        "rand": basis.rand,
        "voet": f"{bron} \u2013 peildatum {peildatum} \u2013 eenheid: {eenheid}",
        "kaartbron": f"{KAARTBRON} (gemeentegrenzen, CC BY 4.0)",
    }
    beschrijving = "; ".join(
        f"{g.naam}: "
        + (
            gemaskeerd_tekst(drempel)
            if g.gemaskeerd
            else ("geen cijfer" if g.waarde is None else _waarde_tekst(g, klassen_))
        )
        for g in sorted(gebieden, key=lambda g: g.naam)
    )
    return Figuur(
        sleutel=sleutel,
        titel=titel,
        eenheid=eenheid,
        bron=f"{bron}; {KAARTBRON}",
        peildatum=peildatum,
        figuur=spec,
        alt=f"Kaart: {titel}. {beschrijving}",
        breedte_cm=stijl.breedte_cm,
    )


def kaart_pngs(figuren: list[Figuur], ppi: int = 150) -> list[bytes]:
    """Return a PNG per map (same order), from one Typst compile of ``templates/kaarten_png.typ``.

    The maps must share one width. Deterministic: same specs, same bytes. (The report's HTML has its
    figures as SVG from the writer's compile of all of them; this renders maps on their own.)
    """
    from woonzorg_analyse.report.render.pdf import PNG_MARGE_CM, _compile

    figuren = [f for f in figuren if f.figuur]
    if not figuren:
        return []
    widths = {f.breedte_cm for f in figuren}
    if len(widths) != 1:
        raise ValueError(f"kaarten van verschillende breedte: {sorted(widths)}")
    data = {"breedte": widths.pop(), "marge": PNG_MARGE_CM, "grafieken": [f.figuur for f in figuren]}
    pages = _compile(KAART_PNG_TEMPLATE, data, format="png", ppi=float(ppi))
    return [pages] if isinstance(pages, bytes) else list(pages)


def kaart_pdf(figuren: list[Figuur]) -> bytes:
    """Return a PDF with one map per page, drawn as vectors (for checks and previews)."""
    from woonzorg_analyse.report.render.pdf import PNG_MARGE_CM, _compile

    figuren = [f for f in figuren if f.figuur]
    widths = {f.breedte_cm for f in figuren}
    if len(widths) != 1:
        raise ValueError(f"kaarten van verschillende breedte: {sorted(widths)}")
    data = {"breedte": widths.pop(), "marge": PNG_MARGE_CM, "grafieken": [f.figuur for f in figuren]}
    return _compile(KAART_PNG_TEMPLATE, data)


# --- the national map -------------------------------------------------------------------------


@dataclass(frozen=True)
class KaartRegio:
    """A region on the national map: code, name, headline value (None: none), the link to its
    report (relative to index.html), whether the value is masked, and the value as printed."""

    regio_code: str
    naam: str
    waarde: float | None
    href: str
    gemaskeerd: bool = False
    tekst: str = ""


def hoofdregio_indeling(lidmaatschap: Any, regio_type: str, indeling_jaar: int) -> dict[str, str]:
    """Return gemeente code -> the region of ``regio_type`` it reports under (its hoofdregio),
    from ``ref_regio_lidmaatschap`` rows (DataFrame or dicts) of ``indeling_jaar``.

    One entry per gemeente that belongs to a region of the type.
    """
    rows = lidmaatschap.to_dict("records") if hasattr(lidmaatschap, "to_dict") else list(lidmaatschap)

    def hoofd(value: Any) -> bool:  # a boolean (ref_regio_lidmaatschap) or ja/nee (lidmaatschap.csv)
        return value is True or str(value).strip().lower() in ("ja", "true", "1") or is_missing(value)

    result: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: (not hoofd(r["hoofdregio"]), r["regio_code"])):
        if row["regio_type"] == regio_type and int(row["indeling_jaar"]) == indeling_jaar:
            result.setdefault(row["gemeente_code"], row["regio_code"])
    return dict(sorted(result.items()))


def _path(rings: list[list[list[float]]], scale: float, closed: bool = True) -> str:
    parts = []
    for ring in rings:
        points = [f"{getal_svg(x * scale)} {getal_svg(y * scale)}" for x, y in ring]
        parts.append("M" + " L".join(points) + (" Z" if closed else ""))
    return " ".join(parts)


def getal_svg(value: float) -> str:
    """Return a coordinate for SVG: one decimal, no trailing zeros, "." as decimal point."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def landkaart_svg(
    regios: list[KaartRegio],
    indeling: dict[str, str],
    grenzen: dict[str, Vorm],
    klassen_: Klassen,
    *,
    titel: str,
    bron: str,
    peildatum: str,
    drempel: int = 10,
    breedte_px: int = 560,
    id_prefix: str = "kaart",
) -> str:
    """Return an inline SVG map of the regions in ``regios`` for an HTML page.

    ``indeling`` maps each gemeente to its region (:func:`hoofdregio_indeling`); gemeenten of no
    listed region are light grey. Every region is an ``<a href>`` around its shape (coloured by
    class, hatched when masked, dotted without a value) with a ``<title>`` tooltip, and its value
    is printed on it; a legend, the source of the figures and "Bron: CBS, Kadaster" sit below.
    Needs no script; deterministic.
    """
    kader = (
        min(v.kader[0] for v in grenzen.values()),
        min(v.kader[1] for v in grenzen.values()),
        max(v.kader[2] for v in grenzen.values()),
        max(v.kader[3] for v in grenzen.values()),
    )
    projectie = Projectie.voor(kader, marge=0.02)
    scale = breedte_px / EENHEID
    map_h = projectie.hoogte * scale
    listed = {r.regio_code for r in regios}
    per_regio: dict[str, list[Vorm]] = defaultdict(list)
    overig = []
    for code, vorm in grenzen.items():
        regio = indeling.get(code)
        (per_regio[regio] if regio in listed else overig).append(vorm)
    legend_rows = len(klassen_.labels) + 2
    legend_h = 18 + 16 * legend_rows
    height = round(map_h + legend_h + 36)
    p = id_prefix
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{p}" viewBox="0 0 {breedte_px} {height}" '
        f'width="{breedte_px}" height="{height}" role="img" aria-labelledby="{p}-titel" '
        'font-family="DejaVu Sans, Segoe UI, Arial, sans-serif">',
        f'<title id="{p}-titel">{escape(titel)}</title>',
        "<defs>",
        f'<pattern id="{p}-schuin" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/><path d="M0 6 L6 0 M-1 1 L1 -1 M5 7 L7 5" '
        'stroke="#333333" stroke-width="0.8"/></pattern>',
        f'<pattern id="{p}-punt" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#ffffff"/>'
        '<circle cx="2.5" cy="2.5" r="0.8" fill="#333333"/></pattern>',
        "</defs>",
        f'<g class="{p}-overig" fill="{BUUR}" stroke="#ffffff" stroke-width="0.4">',
    ]
    for vorm in overig:
        rings = [projectie.ring(r) for vlak in vorm.vlakken for r in vlak]
        out.append(f'<path fill-rule="evenodd" d="{_path(rings, scale)}"/>')
    out.append("</g>")
    labels = []
    for regio in sorted(regios, key=lambda r: r.regio_code):
        members = per_regio.get(regio.regio_code, [])
        if not members:
            continue
        if regio.gemaskeerd:
            fill, shown = f"url(#{p}-schuin)", gemaskeerd_tekst(drempel)
        elif regio.waarde is None or is_missing(regio.waarde):
            fill, shown = f"url(#{p}-punt)", "geen cijfer"
        else:
            fill = klassen_.kleuren[klassen_.klasse(float(regio.waarde))]
            shown = regio.tekst or klassen_.tekst(regio.waarde)
        rings = [projectie.ring(r) for vorm in members for vlak in vorm.vlakken for r in vlak]
        outline = [[list(projectie.punt(q)) for q in line] for line in buitenrand(members)]
        tooltip = f"{regio.naam} ({regio.regio_code}): {shown}"
        out.append(
            f'<a href="{escape(regio.href)}" id="{p}-{escape(regio.regio_code)}" '
            f'aria-label="{escape(tooltip)}"><title>{escape(tooltip)}</title>'
            f'<path class="{p}-vlak" fill="{fill}" fill-rule="evenodd" stroke="none" '
            f'd="{_path(rings, scale)}"/>'
            f'<path fill="none" stroke="#333333" stroke-width="0.9" stroke-linejoin="round" '
            f'd="{_path(outline, scale, closed=False)}"/></a>'
        )
        largest = max(members, key=lambda v: (v.kader[2] - v.kader[0]) * (v.kader[3] - v.kader[1]))
        lx, ly = labelpunt(_largest(largest, projectie))
        if not (regio.waarde is None and not regio.gemaskeerd):
            labels.append((lx * scale, ly * scale, shown))
    out.append(
        f'<g class="{p}-waarden" font-size="9" text-anchor="middle" fill="#1a1a1a" stroke="#ffffff" '
        'stroke-width="2.4" paint-order="stroke" pointer-events="none">'
    )
    for x, y, text in labels:
        out.append(f'<text x="{getal_svg(x)}" y="{getal_svg(y + 3)}">{escape(text)}</text>')
    out.append("</g>")
    y = map_h + 14
    out.append(f'<g class="{p}-legenda" font-size="10" fill="#1a1a1a">')
    out.append(f'<text x="4" y="{getal_svg(y)}" font-weight="bold">{escape(klassen_.titel)}</text>')
    items = [(label, kleur) for label, kleur in zip(klassen_.labels, klassen_.kleuren, strict=True)]
    items += [
        (MASKER_LABEL, f"url(#{p}-schuin)"),
        ("geen cijfer", f"url(#{p}-punt)"),
    ]
    for number, (label, kleur) in enumerate(items):
        top = y + 6 + 16 * number
        out.append(
            f'<rect x="4" y="{getal_svg(top)}" width="16" height="11" fill="{kleur}" stroke="#555555" '
            f'stroke-width="0.5"/><text x="26" y="{getal_svg(top + 9.5)}">{escape(label)}</text>'
        )
    out.append("</g>")
    foot = y + 6 + 16 * len(items) + 10
    out.append(
        f'<text x="4" y="{getal_svg(foot)}" font-size="8.5" fill="#555555">'
        f"{escape(bron)} \u2013 peildatum {escape(peildatum)} \u2013 {escape(KAARTBRON)}</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
