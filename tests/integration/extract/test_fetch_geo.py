"""`fetch geo` against a local OGC API Features server on 127.0.0.1 with paging and faults, and a
build that reads the snapshot instead of the embedded boundaries."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
import time
import urllib.parse
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from woonzorg_analyse.cli import run
from woonzorg_analyse.extract.fetch import cbs_odata, pdok_gebiedsindelingen
from woonzorg_analyse.extract.provenance import sha256_of
from woonzorg_analyse.extract.sources import cbs_gebiedsindelingen
from woonzorg_analyse.load.store import read_table
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build

EMBEDDED = ROOT / "data" / "raw" / "geo" / "gemeenten_2023_2025.geojson"
COLLECTION = "/cbs/gebiedsindelingen/ogc/v1/collections/gemeente_gegeneraliseerd/items"
PAGE = 100  # 342 gemeenten: four pages
DAY = date(2025, 6, 1)


def pdok_features() -> list[dict]:
    """The embedded boundaries as PDOK serves them: statcode, statnaam, jaarcode; 2025 and 2024."""
    embedded = json.loads(EMBEDDED.read_text(encoding="utf-8"))["features"]
    out = []
    for jaar in (2025, 2024):
        for feature in embedded:
            props = feature["properties"]
            out.append(
                {
                    "type": "Feature",
                    "id": f"{jaar}{props['gemeente_code']}",
                    "properties": {
                        "statcode": props["gemeente_code"],
                        "statnaam": props["gemeente_naam"],
                        "jaarcode": jaar,
                        "jrstatcode": f"{jaar}{props['gemeente_code']}",
                    },
                    "geometry": feature["geometry"],
                }
            )
    return out


class FakePdok:
    """A local OGC API Features service: pages linked by an absolute next link with a cursor;
    unknown query parameters are refused with 400 as PDOK does; ``faults`` maps a cursor to a list
    of faults served once each, in order."""

    def __init__(self):
        self.features = pdok_features()
        self.faults: dict[int, list[str]] = {}
        self.log: list[int] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cbs/gebiedsindelingen/ogc/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(request.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        if parsed.path != COLLECTION:
            request.send_error(404, "Not Found")
            return
        if set(query) - {"f", "limit", "jaarcode", "cursor"}:
            request.send_error(400, "Bad Request")
            return
        cursor = int(query.get("cursor", 0))
        self.log.append(cursor)
        fault = (self.faults.get(cursor) or [None]).pop(0) if cursor in self.faults else None
        if fault == "500":
            request.send_error(500, "Internal Server Error")
            return
        if fault == "timeout":
            time.sleep(1.0)  # the client's time-out in these tests is 0.3 s
        limit = min(int(query.get("limit", 10)), PAGE)
        selected = [f for f in self.features if str(f["properties"]["jaarcode"]) == query.get("jaarcode")]
        page = selected[cursor : cursor + limit]
        body = {
            "type": "FeatureCollection",
            "timeStamp": "2025-06-01T10:00:00Z",
            "numberReturned": len(page),
            "features": page,
            "links": [{"rel": "self", "type": "application/geo+json", "href": f"{self.url}{COLLECTION}"}],
        }
        if cursor + limit < len(selected):
            following = {**query, "cursor": str(cursor + limit)}
            body["links"].append(
                {
                    "rel": "next",
                    "type": "application/geo+json",
                    "href": f"http://{request.headers['Host']}{COLLECTION}?{urllib.parse.urlencode(following)}",
                }
            )
        data = json.dumps(body).encode("utf-8")
        shown = data[: len(data) // 2] if fault == "truncated" else data
        request.send_response(200)
        request.send_header("Content-Type", "application/geo+json")
        request.send_header("Content-Length", str(len(shown)))
        request.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            request.wfile.write(shown)

    def __enter__(self) -> FakePdok:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server():
    with FakePdok() as fake:
        yield fake


def config_for(project: Path, url: str) -> pdok_gebiedsindelingen.GeoConfig:
    return dataclasses.replace(
        pdok_gebiedsindelingen.load_config(project / "definitions", url), per_pagina=1000
    )


def fast_client(config, sleeps: list[float] | None = None):
    return pdok_gebiedsindelingen.client_for(
        dataclasses.replace(config, pogingen=4, wachttijd_s=1.0, max_wachttijd_s=8.0, time_out_s=0.3),
        sleep=(sleeps.append if sleeps is not None else (lambda _s: None)),
        rng=lambda: 0.5,
    )


def test_fetch_pages_through_faults_into_a_snapshot_the_source_accepts(mini_project, server, defs):
    config = config_for(mini_project, server.url)
    server.faults = {0: ["500"], PAGE: ["timeout", "truncated"], 3 * PAGE: ["truncated"]}
    sleeps: list[float] = []
    dest = mini_project / "data" / "raw" / "cbs"
    result = pdok_gebiedsindelingen.fetch(dest, 2025, config, datum=DAY, client=fast_client(config, sleeps))

    assert result.nieuw and result.gemeenten == 342
    assert result.folder == dest / "gebiedsindelingen" / "2025-06-01"
    assert not (dest / "gebiedsindelingen" / "2025-06-01.partial").exists()
    assert len(sleeps) == 4 and max(sleeps) > min(sleeps)  # four faults, each retried with backoff
    assert server.log.count(0) == 2 and server.log.count(PAGE) == 3  # the server capped pages at 100
    meta = yaml.safe_load((result.folder / "provenance.yaml").read_text(encoding="utf-8"))
    assert (
        meta["bron"] == "cbs_gebiedsindelingen" and meta["jaar"] == 2025 and meta["licentie"] == "CC BY 4.0"
    )
    assert meta["vermelding"] == "Bron: CBS, Kadaster" and meta["fictief"] is False
    assert (
        meta["url"]
        == f"{server.url}/collections/gemeente_gegeneraliseerd/items?f=json&limit=1000&jaarcode=2025"
    )
    (entry,) = meta["bestanden"]
    assert entry["bestand"] == "gemeenten_2025.geojson" and entry["rijen"] == 342
    assert sha256_of(result.folder / entry["bestand"]) == entry["sha256"]
    # the source reads the snapshot like the embedded file: same codes, same coordinates, no problems
    snap = cbs_gebiedsindelingen.load(result.folder / entry["bestand"], defs)
    emb = cbs_gebiedsindelingen.load(EMBEDDED, defs)
    assert cbs_gebiedsindelingen.check(snap, defs) == []
    assert snap["geometrie"].tolist() == emb["geometrie"].tolist()
    assert snap["gemeente_code"].tolist() == emb["gemeente_code"].tolist()


def test_interrupted_download_resumes_and_half_snapshots_never_count(mini_project, server):
    config = config_for(mini_project, server.url)
    dest = mini_project / "data" / "raw" / "cbs"
    server.faults = {2 * PAGE: ["500"] * 4}
    with pytest.raises(cbs_odata.FetchError, match="na 4 pogingen"):
        pdok_gebiedsindelingen.fetch(dest, 2025, config, datum=DAY, client=fast_client(config))
    partial = dest / "gebiedsindelingen" / "2025-06-01.partial"
    assert partial.is_dir() and cbs_odata.newest_snapshots(dest) == []
    server.log.clear()
    result = pdok_gebiedsindelingen.fetch(dest, 2025, config, datum=DAY, client=fast_client(config))
    assert result.nieuw and result.paginas_hervat == 2 and result.gemeenten == 342
    assert server.log == [2 * PAGE, 3 * PAGE]  # only the pages not yet on disk


def test_snapshots_are_never_overwritten_and_another_year_gets_its_own(mini_project, server):
    config = config_for(mini_project, server.url)
    dest = mini_project / "data" / "raw" / "cbs"
    first = pdok_gebiedsindelingen.fetch(dest, 2025, config, datum=DAY, client=fast_client(config))
    before = sha256_of(first.folder / "provenance.yaml")
    server.log.clear()
    again = pdok_gebiedsindelingen.fetch(dest, 2025, config, datum=DAY, client=fast_client(config))
    assert not again.nieuw and again.folder == first.folder and server.log == []
    assert sha256_of(first.folder / "provenance.yaml") == before
    other = pdok_gebiedsindelingen.fetch(dest, 2024, config, datum=DAY, client=fast_client(config))
    assert other.nieuw and other.folder.name == "2025-06-01-2"
    assert cbs_odata.newest_snapshots(dest) == [other.folder]  # the newest fetch is what a build reads


def test_a_year_the_service_does_not_have_is_an_error(mini_project, server):
    config = config_for(mini_project, server.url)
    with pytest.raises(cbs_odata.FetchError, match="geen gemeentegrenzen van 2031"):
        pdok_gebiedsindelingen.fetch(
            mini_project / "data" / "raw" / "cbs", 2031, config, datum=DAY, client=fast_client(config)
        )


def test_cli_fetch_geo_uses_the_basis_url_and_reports(mini_project, server, capsys, monkeypatch):
    monkeypatch.chdir(mini_project)
    monkeypatch.setenv("WOONZORG_ROOT", str(mini_project))
    assert run(["fetch", "geo", "--basis-url", server.url]) == 0
    out = capsys.readouterr().out
    assert "gemeentegrenzen 2025: snapshot cbs/gebiedsindelingen/" in out and "342 gemeenten" in out
    assert run(["fetch", "geo", "--jaar", "2025", "--basis-url", server.url]) == 0
    assert "bestaat al; niet overschreven" in capsys.readouterr().out
    assert run(["fetch", "geo", "--jaar", "1800", "--basis-url", server.url]) == 2
    # a wrong service address: 404 is not retried, exit 1 without a traceback
    assert run(["fetch", "geo", "--jaar", "2024", "--basis-url", server.url + "/verkeerd"]) == 1
    assert "HTTP 404" in capsys.readouterr().err


def test_build_from_the_geo_snapshot(mini_project, server):
    config = config_for(mini_project, server.url)
    raw = mini_project / "data" / "raw"
    result = pdok_gebiedsindelingen.fetch(raw / "cbs", 2025, config, datum=DAY, client=fast_client(config))
    assert result.folder in cbs_odata.input_folders(raw, "cbs")
    paths = Paths.from_root(mini_project)
    build(paths, bron="cbs")
    grenzen = read_table("stg_cbs__gemeentegrens", paths.parquet)
    assert len(grenzen) == 342 and grenzen["bestand"].str.endswith("gemeenten_2025.geojson").all()
