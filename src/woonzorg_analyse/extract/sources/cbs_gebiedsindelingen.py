"""CBS/Kadaster gemeente boundaries (CBS gebiedsindelingen), simplified, for the maps.

A GeoJSON FeatureCollection with one feature per gemeente: the code in the property
``gemeente_code`` (or ``statcode`` as PDOK serves it, or ``gemeenteCode``), the boundary as a
Polygon or MultiPolygon in degrees (EPSG:4289, or CRS84/EPSG:4326/EPSG:4258 from PDOK: at map
scale the same). The embedded file is ``data/raw/geo/gemeenten_2023_2025.geojson`` (made by
``scripts/make_geo.py``); ``woonzorg fetch geo`` writes the same shape.

Herindeling-aware like every input: the boundaries must be those of the reference year's
indeling. A code that does not exist then is an error (a dissolved code names its successor and
the command that fetches the right year), and so is a gemeente of that indeling without a
boundary. Rings must be closed, lie in the Netherlands (degrees, not RD metres) and must not
cross themselves: the maps fill them as they are.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.extract.parsing import normalise_gemeente_code
from woonzorg_analyse.extract.problems import ProblemCollector
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import PLAATS, display_name, read_bytes_checked
from woonzorg_analyse.extract.registry import GEGEVENS, Kop, Source
from woonzorg_analyse.formatting import kaal
from woonzorg_analyse.transform import staging

BRON = "cbs_gebiedsindelingen"
CODE_KEYS = ("gemeente_code", "statcode", "gemeenteCode")
# geographic coordinate systems in degrees; at the scale of a map of gemeenten they coincide
CRS_GRADEN = ("4289", "4326", "4258", "CRS84")
LENGTE = (2.5, 8.0)  # degrees east that the Netherlands (with its sea) spans, with a margin
BREEDTE = (50.0, 54.5)


def recognise(kop: Kop) -> str | None:
    """Return GEGEVENS for a GeoJSON file: a ``.geojson`` name, or a ``.json`` whose first line
    starts a FeatureCollection."""
    if kop.xlsx:
        return None
    naam = kop.naam.lower()
    if naam.endswith(".geojson"):
        return GEGEVENS
    if naam.endswith(".json") and any("FeatureCollection" in cell for cell in kop.kolommen):
        return GEGEVENS
    return None


def _crossing(a, b, c, d) -> tuple[float, float] | None:
    """Return a point that segment ab and segment cd share (touching counts), or None."""

    def orient(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    def on(p, q, r) -> bool:
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    if ((o1 > 0 and o2 < 0) or (o1 < 0 and o2 > 0)) and ((o3 > 0 and o4 < 0) or (o3 < 0 and o4 > 0)):
        t = o3 / (o3 - o4)
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    for zero, p, q, r in ((o1, a, b, c), (o2, a, b, d), (o3, c, d, a), (o4, c, d, b)):
        if zero == 0 and on(p, q, r):
            return (r[0], r[1])
    return None


def self_intersection(ring: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Return a point where a closed ring touches or crosses itself, or None.

    Segments are swept in order of their smallest x, so only segments whose x-ranges overlap
    are compared; neighbouring segments (which share a vertex) are not a crossing.
    """
    n = len(ring) - 1
    segments = sorted((min(ring[i][0], ring[i + 1][0]), max(ring[i][0], ring[i + 1][0]), i) for i in range(n))
    for position, (_, right, i) in enumerate(segments):
        for left_j, _, j in segments[position + 1 :]:
            if left_j > right:
                break
            if abs(i - j) in (1, n - 1) or i == j:
                continue
            point = _crossing(ring[i], ring[i + 1], ring[j], ring[j + 1])
            if point is not None:
                return point
    return None


def _ring_problem(ring: Any) -> str:
    if not isinstance(ring, list) or len(ring) < 4:
        return "ring heeft minder dan 4 punten"
    for point in ring:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point[:2])
            or not all(math.isfinite(v) for v in point[:2])
        ):
            return "punt is geen paar getallen (lengte, breedte)"
        if not (LENGTE[0] <= point[0] <= LENGTE[1] and BREEDTE[0] <= point[1] <= BREEDTE[1]):
            return (
                f"punt ({kaal(point[0])}, {kaal(point[1])}) ligt niet in Nederland: verwacht lengte- en "
                "breedtegraden (EPSG:4289 of CRS84), geen RD-meters"
            )
    if ring[0][:2] != ring[-1][:2]:
        return "ring is niet gesloten (eerste en laatste punt verschillen)"
    crossing = self_intersection([(p[0], p[1]) for p in ring])
    if crossing is not None:
        return f"ring snijdt of raakt zichzelf bij ({kaal(crossing[0])}, {kaal(crossing[1])})"
    return ""


def geometry_problem(geometry: Any) -> str:
    """Return why ``geometry`` cannot be drawn as a gemeente, or "" when it can."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        return f"geometrie moet een Polygon of MultiPolygon zijn, niet {kind}"
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return "geometrie zonder coördinaten"
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "vlak zonder ringen"
        for ring in polygon:
            problem = _ring_problem(ring)
            if problem:
                return problem
    return ""


def _crs_problem(data: dict) -> str:
    name = str(((data.get("crs") or {}).get("properties") or {}).get("name") or "")
    if name and not any(code in name for code in CRS_GRADEN):
        return f"coördinatenstelsel {name} wordt niet ondersteund (verwacht EPSG:4289 of CRS84)"
    return ""


def load(path: Path, defs: Definitions) -> pd.DataFrame:
    """Return one row per feature: gemeente_code, geometrie (compact GeoJSON), bestand, _plaats.

    The place of a feature is its number in the file ("object 12"). Structure, codes and
    coordinates are checked here; codes against the indeling in :func:`check`.
    """
    shown = display_name(path)
    try:
        data = json.loads(read_bytes_checked(path).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError([Problem(shown, "", "", "geen geldige GeoJSON", str(error)[:80])]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError([Problem(shown, "", "type", "verwacht een GeoJSON FeatureCollection", "")])
    crs = _crs_problem(data)
    if crs:
        raise DataError([Problem(shown, "", "crs", crs, "")])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise DataError([Problem(shown, "", "features", "geen objecten (features) in het bestand", "")])
    problems = ProblemCollector(path)
    rows = []
    for number, feature in enumerate(features, start=1):
        plaats = f"object {number}"
        properties = (feature.get("properties") if isinstance(feature, dict) else None) or {}
        raw = next((properties[k] for k in CODE_KEYS if properties.get(k) not in (None, "")), None)
        if raw is None:
            problems.add(plaats, "gemeente_code", "verplichte waarde ontbreekt (gemeente_code of statcode)")
            continue
        try:
            code = normalise_gemeente_code(raw)
        except ValueError as error:
            problems.add(plaats, "gemeente_code", str(error), raw)
            continue
        geometry = feature.get("geometry")
        problem = geometry_problem(geometry)
        if problem:
            problems.add(plaats, "geometry", problem, code)
            continue
        compact = json.dumps(
            {"type": geometry["type"], "coordinates": geometry["coordinates"]}, separators=(",", ":")
        )
        rows.append({"gemeente_code": code, "geometrie": compact, "bestand": shown, PLAATS: plaats})
    result = pd.DataFrame(rows, columns=["gemeente_code", "geometrie", "bestand", PLAATS])
    problems.raise_if_any(result)
    return result


def check(frame: pd.DataFrame, defs: Definitions) -> list[Problem]:
    """Return the problems of the boundaries against the reference year's indeling: every code
    must exist then (a dissolved code names its successor), none may repeat, and every gemeente
    of the indeling needs a boundary."""
    peildatum = date(defs.referentiejaar, 1, 1)
    in_force = defs.gemeenten_op(peildatum)
    jaar = defs.referentiejaar
    fetch = f"haal de grenzen van de indeling {jaar} op met 'woonzorg fetch geo --jaar {jaar}'"
    opvolgers = defs.herindelingen.groupby("oud_code")["nieuw_code"].apply(lambda s: ", ".join(sorted(s)))
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for row in frame.to_dict("records"):
        code = row["gemeente_code"]
        if code not in in_force:
            if code in opvolgers.index:
                regel = f"gemeente {code} is opgeheven; op {kaal(peildatum)} geldt {opvolgers[code]}"
            else:
                regel = f"gemeentecode {code} bestaat niet op {kaal(peildatum)}"
            problems.append(Problem(row["bestand"], row[PLAATS], "gemeente_code", regel, code, fetch))
            continue
        if code in seen:
            problems.append(
                Problem(
                    row["bestand"], row[PLAATS], "gemeente_code", f"dubbele grens: ook op {seen[code]}", code
                )
            )
        seen.setdefault(code, f"{row['bestand']}, {row[PLAATS]}")
    bestanden = ", ".join(sorted(set(frame["bestand"])))
    names = defs.indeling(defs.referentiejaar).set_index("gemeente_code")["gemeente_naam"]
    for code in sorted(in_force - set(frame["gemeente_code"])):
        problems.append(
            Problem(
                bestanden,
                "",
                "gemeente_code",
                f"gemeente {code} ({names.get(code, '?')}) van de indeling {jaar} heeft geen grens",
                code,
                fetch,
            )
        )
    return problems


def stage(frame: pd.DataFrame, files: dict[str, InputFile], defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return stg_cbs__gemeentegrens."""
    return {"stg_cbs__gemeentegrens": staging.stg_cbs__gemeentegrens(frame)}


SOURCES = (
    Source(
        bron=BRON,
        naam="CBS gemeentegrenzen (GeoJSON)",
        recognise=recognise,
        load=load,
        check=check,
        stage=stage,
        tabellen=("stg_cbs__gemeentegrens",),
    ),
)
