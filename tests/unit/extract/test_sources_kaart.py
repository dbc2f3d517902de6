"""The boundaries (cbs_gebiedsindelingen) and the delivered mutatiegraad: loaders and their rules."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.fetch import pdok_gebiedsindelingen
from woonzorg_analyse.extract.registry import read_kop, recognise
from woonzorg_analyse.extract.sources import cbs_gebiedsindelingen as geo
from woonzorg_analyse.extract.sources import gemeentelijke_mutatiegraad as mutatie


def square(x0: float, y0: float, d: float = 0.1) -> list:
    return [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]]


def feature(code: str, rings: list, kind: str = "Polygon", key: str = "gemeente_code") -> dict:
    return {"type": "Feature", "properties": {key: code}, "geometry": {"type": kind, "coordinates": rings}}


def write_geojson(path: Path, features: list, crs: str = "urn:ogc:def:crs:EPSG::4289") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": crs}},
        "features": features,
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def all_gemeenten(defs) -> list[dict]:
    codes = sorted(defs.gemeenten_op(pd.Timestamp(f"{defs.referentiejaar}-01-01").date()))
    return [
        feature(code, square(3.5 + (i % 30) * 0.12, 50.8 + (i // 30) * 0.12)) for i, code in enumerate(codes)
    ]


def test_geojson_is_recognised_by_name_and_content(tmp_path):
    path = write_geojson(tmp_path / "raw" / "geo" / "grenzen.geojson", [feature("GM0014", square(6.5, 53.2))])
    assert [s.bron for s, _ in recognise(read_kop(path))] == ["cbs_gebiedsindelingen"]
    plain = tmp_path / "raw" / "geo" / "grenzen.json"
    plain.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    assert [s.bron for s, _ in recognise(read_kop(plain))] == ["cbs_gebiedsindelingen"]


def test_boundaries_load_codes_from_either_property_and_keep_the_geometry(tmp_path, defs):
    path = write_geojson(
        tmp_path / "raw" / "geo" / "g.geojson",
        [
            feature("GM0014", square(6.5, 53.2)),
            feature("GM0034", [square(5.2, 52.3)], "MultiPolygon", "statcode"),
        ],
    )
    frame = geo.load(path, defs)
    assert frame["gemeente_code"].tolist() == ["GM0014", "GM0034"]
    assert frame["_plaats"].tolist() == ["object 1", "object 2"]
    assert json.loads(frame.loc[1, "geometrie"]) == {
        "type": "MultiPolygon",
        "coordinates": [square(5.2, 52.3)],
    }
    assert frame["bestand"].unique().tolist() == ["geo/g.geojson"]


def test_every_broken_geometry_is_named_with_its_object(tmp_path, defs):
    bowtie = [[[5.0, 52.0], [5.1, 52.1], [5.1, 52.0], [5.0, 52.1], [5.0, 52.0]]]
    open_ring = [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1]]]
    rd_metres = [[[155000, 463000], [156000, 463000], [156000, 464000], [155000, 463000]]]
    path = write_geojson(
        tmp_path / "raw" / "geo" / "g.geojson",
        [
            feature("GM0014", bowtie),
            feature("GM0034", open_ring),
            feature("GM0037", rd_metres),
            feature("13x", square(5, 52)),
            {
                "type": "Feature",
                "properties": {"gemeente_code": "GM0047"},
                "geometry": {"type": "Point", "coordinates": [5, 52]},
            },
        ],
    )
    with pytest.raises(DataError) as error:
        geo.load(path, defs)
    messages = [p.message() for p in error.value.problems]
    assert messages[0].startswith(
        "geo/g.geojson, object 1, kolom 'geometry': ring snijdt of raakt zichzelf bij"
    )
    assert "object 2, kolom 'geometry': ring is niet gesloten" in messages[1]
    assert "object 3, kolom 'geometry': punt (155000, 463000) ligt niet in Nederland" in messages[2]
    assert "object 4, kolom 'gemeente_code': geen geldige gemeentecode" in messages[3]
    assert (
        "object 5, kolom 'geometry': geometrie moet een Polygon of MultiPolygon zijn, niet Point"
        in messages[4]
    )


def test_a_projected_crs_and_a_non_geojson_file_are_refused(tmp_path, defs):
    path = write_geojson(
        tmp_path / "raw" / "geo" / "rd.geojson", [feature("GM0014", square(5, 52))], "EPSG:28992"
    )
    with pytest.raises(DataError) as error:
        geo.load(path, defs)
    assert "coördinatenstelsel EPSG:28992 wordt niet ondersteund" in error.value.problems[0].message()
    broken = tmp_path / "raw" / "geo" / "kapot.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(DataError) as error:
        geo.load(broken, defs)
    assert error.value.problems[0].message().startswith("geo/kapot.geojson: geen geldige GeoJSON")


def test_boundaries_must_cover_the_reference_indeling_exactly(tmp_path, defs):
    features = all_gemeenten(defs)
    path = write_geojson(tmp_path / "raw" / "geo" / "g.geojson", features)
    assert geo.check(geo.load(path, defs), defs) == []
    # drop one, repeat one, add a dissolved code (Weesp, merged into Amsterdam) and an unknown one
    broken = [f for f in features if f["properties"]["gemeente_code"] != "GM0855"]
    broken += [features[0], feature("GM0457", square(5, 52.3)), feature("GM9999", square(5, 52.4))]
    path = write_geojson(tmp_path / "raw" / "geo" / "g.geojson", broken)
    problems = [p.message() for p in geo.check(geo.load(path, defs), defs)]
    assert any("gemeente GM0457 is opgeheven; op 01-01-2025 geldt GM0363" in m for m in problems)
    assert any("gemeentecode GM9999 bestaat niet op 01-01-2025" in m for m in problems)
    assert any(
        f"dubbele grens: ook op geo/g.geojson, object 1 (waarde: '{features[0]['properties']['gemeente_code']}')"
        in m
        for m in problems
    )
    assert any("gemeente GM0855 (Tilburg) van de indeling 2025 heeft geen grens" in m for m in problems)
    assert all(
        "woonzorg fetch geo --jaar 2025" in m for m in problems if "opgeheven" in m or "geen grens" in m
    )


def test_self_intersection_finds_touching_rings_only():
    assert geo.self_intersection([(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]) is None
    touching = [(0, 0), (4, 0), (2, 2), (4, 4), (0, 4), (2, 2), (0, 0)]  # two triangles meeting in a point
    assert geo.self_intersection(touching) == (2, 2)


def test_pdok_page_reads_as_an_odata_page():
    page = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature"}],
        "links": [{"rel": "self", "href": "a"}, {"rel": "next", "href": "http://x/items?cursor=2"}],
        "numberReturned": 1,
    }
    odata = json.loads(pdok_gebiedsindelingen.ogc_page_as_odata(json.dumps(page).encode()))
    assert odata == {
        "value": [{"type": "Feature"}],
        "numberReturned": 1,
        "odata.nextLink": "http://x/items?cursor=2",
    }
    last = json.loads(pdok_gebiedsindelingen.ogc_page_as_odata(json.dumps({**page, "links": []}).encode()))
    assert "odata.nextLink" not in last
    assert pdok_gebiedsindelingen.ogc_page_as_odata(b'{"type": "Feat') == b'{"type": "Feat'  # left to retry


def write_csv(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_mutatiegraad_delivery_as_fraction_or_percentage(tmp_path, defs):
    path = write_csv(
        tmp_path / "raw" / "woningmarkt" / "mutatiegraad.csv",
        "gemeente_code;jaar;mutatiegraad;toelichting\n855;2024;0,068;jaarverslag corporaties\nGM0784;2024;7,5 %;\n",
    )
    assert [s.bron for s, _ in recognise(read_kop(path))] == ["gemeentelijke_mutatiegraad"]
    frame = mutatie.load(path, defs)
    assert frame["gemeente_code"].tolist() == ["GM0855", "GM0784"]
    assert frame["mutatiegraad"].tolist() == pytest.approx([0.068, 0.075])
    assert frame.loc[0, "toelichting"] == "jaarverslag corporaties" and pd.isna(frame.loc[1, "toelichting"])
    assert mutatie.check(frame, defs) == []


def test_mutatiegraad_problems_are_named_in_dutch(tmp_path, defs):
    path = write_csv(
        tmp_path / "raw" / "woningmarkt" / "mutatiegraad.csv",
        "gemeente_code;jaar;mutatiegraad\nGM0855;2024;7\nGM0855;2024;0,07\nGM0457;2024;0,06\nGM0784;2024;0,9\n",
    )
    with pytest.raises(DataError) as error:
        mutatie.load(path, defs)
    (bare,) = error.value.problems
    assert bare.message().startswith(
        "woningmarkt/mutatiegraad.csv, regel 2, kolom 'mutatiegraad': schrijf een fractie (0,07) of een percentage met %-teken (7 %)"
    )
    rows = error.value.partial
    messages = [p.message() for p in mutatie.check(rows, defs)]
    assert any(
        "regel 4, kolom 'gemeente_code': gemeentecode GM0457 bestaat niet op 01-01-2025" in m
        for m in messages
    )
    assert any("regel 5, kolom 'mutatiegraad'" in m and "0,9" in m for m in messages)  # above 0.5
    clean = rows[rows["_plaats"] != "regel 4"]
    doubled = pd.concat([clean, clean.iloc[[0]].assign(_plaats="regel 9")], ignore_index=True)
    assert any("dubbele rij" in p.message() for p in mutatie.check(doubled, defs))
