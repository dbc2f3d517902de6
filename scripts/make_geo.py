#!/usr/bin/env python3
"""Regenerate the embedded gemeente boundaries ``data/raw/geo/`` from a simplified public copy.

The embedded file holds the CBS/Kadaster gemeente boundaries (CBS gebiedsindelingen, CC BY 4.0)
of the indeling of one or more years, simplified, as one GeoJSON FeatureCollection with one
feature per line (properties ``gemeente_code`` and ``gemeente_naam``), coordinates in degrees
(EPSG:4289, as the source copy) rounded to 5 decimals. This script

1. reads the copy given on the command line (properties ``gemeenteCode``/``gemeenteNaam`` as in
   the reference copy, or ``statcode``/``statnaam`` as PDOK serves them);
2. repairs invalid geometries (a ring that touches or crosses itself after coordinate rounding)
   with ``make_valid(method="structure")``, keeps the polygonal parts and drops slivers that
   the repair itself creates (smaller than ``--splinter`` square degrees);
3. checks that the result is valid, that every feature is still a polygon of about the same
   area, and that the gemeenten still form a coverage (neighbours share exactly the same edges,
   which the maps rely on to draw region outlines without a geometry library);
4. writes ``gemeenten_<jaren>.geojson`` and ``provenance.yaml`` (source, licence, attribution,
   the copy it was read from, the repairs, sha256 and number of features).

It needs shapely, which the project itself does not: install it for this script only, e.g.
``python3 -m venv /tmp/geo && /tmp/geo/bin/pip install shapely``. Nothing at build or report time
reads the copy or needs shapely. Deterministic: the same input gives the same bytes.

Usage::

    /tmp/geo/bin/python scripts/make_geo.py ../shared/reference/geo/gemeenten_2023_2025.geojson \\
        --jaren 2023 2024 2025 \\
        --kopie "rubensan19/kaarten gemeenten.geojson (commit 41a76290)"
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import shapely
import yaml
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

REPO = Path(__file__).resolve().parents[1]
DECIMALS = 5
CODE_KEYS = ("gemeente_code", "gemeenteCode", "statcode")
NAME_KEYS = ("gemeente_naam", "gemeenteNaam", "statnaam")


def _prop(props: dict, keys: tuple[str, ...]) -> str:
    for key in keys:
        if props.get(key):
            return str(props[key]).strip()
    raise SystemExit(f"eigenschap {' of '.join(keys)} ontbreekt: {props}")


def _polygons(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in _polygons(part)]


def _rounded(geom):
    return shapely.transform(geom, lambda xy: xy.round(DECIMALS))


def repair(code: str, geom, splinter: float) -> tuple[MultiPolygon, str]:
    """Return the geometry as a valid MultiPolygon with rounded coordinates, and what was done."""
    geom = _rounded(geom)
    note = ""
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        parts = [p for p in _polygons(fixed) if p.area >= splinter]
        dropped = len(_polygons(fixed)) - len(parts)
        geom = _rounded(MultiPolygon(parts))
        note = f"{code}: {reason}; hersteld met make_valid (structure)" + (
            f", {dropped} splinter(s) < {splinter:g} graad² weggelaten" if dropped else ""
        )
    if not geom.is_valid:
        raise SystemExit(f"{code}: na herstel nog ongeldig ({shapely.is_valid_reason(geom)})")
    polygons = [shapely.orient_polygons(p) for p in _polygons(geom)]
    return MultiPolygon(sorted(polygons, key=lambda p: (-p.area, p.bounds))), note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bron", type=Path, help="vereenvoudigde GeoJSON-kopie (EPSG:4289 of CRS84)")
    parser.add_argument("--uit", type=Path, default=REPO / "data" / "raw" / "geo")
    parser.add_argument(
        "--jaren", type=int, nargs="+", required=True, help="indelingsjaren die de grenzen dekken"
    )
    parser.add_argument(
        "--kopie", required=True, help="de publieke kopie waaruit gelezen is (repo, pad, commit)"
    )
    parser.add_argument(
        "--splinter", type=float, default=1e-6, help="kleinste deel dat een herstel mag opleveren"
    )
    args = parser.parse_args(argv)

    source = json.loads(args.bron.read_text(encoding="utf-8"))
    crs = (source.get("crs") or {}).get("properties", {}).get("name", "urn:ogc:def:crs:EPSG::4289")
    features, notes = [], []
    areas_before, areas_after = {}, {}
    for feature in source["features"]:
        props = feature.get("properties") or {}
        code, naam = _prop(props, CODE_KEYS), _prop(props, NAME_KEYS)
        geom = shape(feature["geometry"])
        fixed, note = repair(code, geom, args.splinter)
        if note:
            notes.append(note)
        areas_before[code] = shapely.make_valid(geom).area
        areas_after[code] = fixed.area
        features.append((code, naam, fixed))
    codes = [c for c, _, _ in features]
    if len(set(codes)) != len(codes):
        raise SystemExit("een gemeentecode komt meer dan eens voor")
    for code in codes:
        if abs(areas_after[code] - areas_before[code]) > 0.01 * areas_before[code]:
            raise SystemExit(f"{code}: oppervlak veranderd door het herstel")
    if not shapely.coverage_is_valid([g for _, _, g in features]):
        raise SystemExit("de gemeenten vormen na herstel geen dekking (gedeelde randen wijken af)")

    features.sort()
    lines = [
        json.dumps(
            {
                "type": "FeatureCollection",
                "name": "gemeentegrenzen",
                "crs": {"type": "name", "properties": {"name": crs}},
                "indeling_jaren": args.jaren,
            },
            ensure_ascii=False,
        )[:-1]
        + ', "features": ['
    ]
    for number, (code, naam, geom) in enumerate(features):
        item = {
            "type": "Feature",
            "properties": {"gemeente_code": code, "gemeente_naam": naam},
            "geometry": json.loads(json.dumps(mapping(geom))),
        }
        comma = "," if number < len(features) - 1 else ""
        lines.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + comma)
    lines.append("]}")
    name = f"gemeenten_{min(args.jaren)}_{max(args.jaren)}.geojson"
    data = ("\n".join(lines) + "\n").encode("utf-8")
    args.uit.mkdir(parents=True, exist_ok=True)
    (args.uit / name).write_bytes(data)

    provenance = {
        "bron": "cbs_gebiedsindelingen",
        "producent": "CBS en Kadaster",
        "titel": "CBS gebiedsindelingen: gemeentegrenzen (gegeneraliseerd, vereenvoudigd)",
        "licentie": "CC BY 4.0",
        "vermelding": "Bron: CBS, Kadaster",
        "bron_url": "https://www.pdok.nl/introductie/-/article/cbs-gebiedsindelingen",
        "fictief": False,
        "crs": crs,
        "indeling_jaren": args.jaren,
        "kopie": args.kopie,
        "gemaakt_door": "scripts/make_geo.py",
        "toelichting": (
            "Echte grenzen (CBS/Kadaster, CC BY 4.0). Vereenvoudigde kopie van de CBS-gebiedsindeling "
            f"gemeenten, gelezen uit {args.kopie}; coördinaten afgerond op {DECIMALS} decimalen. "
            "Ongeldige geometrieën na afronding hersteld: " + ("; ".join(notes) if notes else "geen") + "."
        ),
        "bestanden": [
            {
                "bestand": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "peildatum": ", ".join(f"01-01-{j}" for j in args.jaren),
                "rijen": len(features),
            }
        ],
    }
    (args.uit / "provenance.yaml").write_text(
        yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )
    print(f"{len(features)} gemeenten geschreven naar {args.uit / name} ({len(data)} bytes)")
    for note in notes:
        print(f"  hersteld: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
