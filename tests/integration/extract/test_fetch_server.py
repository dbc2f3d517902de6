"""`fetch cbs` against a local OData server on 127.0.0.1 with paging and faults, and a build
from the snapshot that equals the build from the embedded files of the same figures."""

from __future__ import annotations

import contextlib
import csv
import json
import threading
import time
import urllib.parse
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import MINI_RAW
from woonzorg_analyse.cli import run
from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.fetch import cbs_odata
from woonzorg_analyse.extract.provenance import sha256_of
from woonzorg_analyse.extract.sources import cbs_aandachtsgroepen
from woonzorg_analyse.load.store import read_table
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build

PAGE = 50  # the mini 85980NED has 132 rows: three pages
DAY = date(2025, 3, 1)
EMBEDDED = MINI_RAW / "cbs_aandachtsgroepen"


def read_statline(path: Path) -> list[dict]:
    """Return the rows of a StatLine CSV as OData JSON records: '.' -> null, numbers typed."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    out = []
    for row in rows:
        record = {}
        for key, value in row.items():
            if value == ".":
                record[key] = None
            elif value.lstrip("-").isdigit() and key not in ("Key", "Perioden"):
                record[key] = int(value)
            else:
                record[key] = value
        out.append(record)
    return out


def embedded_tables() -> dict[str, list[dict]]:
    """The embedded 85980NED figures as the OData service would serve them."""
    typed = read_statline(EMBEDDED / "85980NED_TypedDataSet.csv")
    return {
        "TableInfos": [
            {"ID": 1, "Identifier": "85980NED", "Title": "Aandachtsgroepen volkshuisvesting; regio"}
        ],
        "DataProperties": [
            {
                "ID": 0,
                "Position": 0,
                "Type": "Dimension",
                "Key": "Aandachtsgroepen",
                "Title": "Aandachtsgroepen",
            },
            {"ID": 1, "Position": 1, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
            {"ID": 2, "Position": 2, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
            {
                "ID": 3,
                "Position": 3,
                "Type": "Topic",
                "Key": "Personen_1",
                "Title": "Personen",
                "Unit": "aantal",
            },
            {"ID": 4, "Position": 4, "Type": "Topic", "Key": "Huishoudens_2", "Title": "Huishoudens"},
            {"ID": 5, "Position": 5, "Type": "Topic", "Key": "Woonruimten_3", "Title": "Woonruimten"},
        ],
        "Aandachtsgroepen": read_statline(EMBEDDED / "85980NED_Aandachtsgroepen.csv"),
        "RegioS": read_statline(EMBEDDED / "85980NED_RegioS.csv"),
        "Perioden": read_statline(EMBEDDED / "85980NED_Perioden.csv"),
        "TypedDataSet": typed,
    }


class FakeCbs:
    """A local OData v3 service: pages of PAGE records linked by an absolute odata.nextLink;
    ``faults`` maps (entity, skip) to a list of faults served once each, in order."""

    def __init__(self, tables: dict[str, dict[str, list[dict]]]):
        self.tables = tables
        self.faults: dict[tuple[str, int], list[str]] = {}
        self.log: list[str] = []
        self.filters: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ODataFeed/odata"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(request.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        parts = parsed.path.strip("/").split("/")
        tabel, entity = parts[-2], parts[-1]
        skip = int(query.get("$skip", 0))
        self.log.append(f"{entity}:{skip}")
        if "$filter" in query:
            self.filters.append(query["$filter"])
        fault = (self.faults.get((entity, skip)) or [None]).pop(0) if (entity, skip) in self.faults else None
        if fault == "500":
            request.send_error(500, "Internal Server Error")
            return
        if fault == "timeout":
            time.sleep(1.0)  # the client's time-out in these tests is 0.3 s
        records = self.tables.get(tabel, {}).get(entity)
        if records is None:
            request.send_error(404, "Not Found")
            return
        if entity == "TypedDataSet" and "$select" in query:
            keep = query["$select"].split(",")
            records = [{k: r[k] for k in keep if k in r} for r in records]
        page = records[skip : skip + PAGE]
        body = {"odata.metadata": f"{self.url}/{tabel}/$metadata#Cbs.OData.WebAPI.{entity}", "value": page}
        if skip + PAGE < len(records):
            next_query = {**query, "$skip": str(skip + PAGE)}
            body["odata.nextLink"] = f"{self.url}/{tabel}/{entity}?{urllib.parse.urlencode(next_query)}"
        data = json.dumps(body).encode("utf-8")
        shown = data[: len(data) // 2] if fault == "truncated" else data
        request.send_response(200)
        request.send_header("Content-Type", "application/json;charset=utf-8")
        request.send_header("Content-Length", str(len(shown)))
        request.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            request.wfile.write(shown)

    def __enter__(self) -> FakeCbs:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server():
    with FakeCbs({"85980NED": embedded_tables()}) as fake:
        yield fake


def config_for(project: Path, url: str) -> cbs_odata.CbsConfig:
    config = cbs_odata.load_config(project / "definitions", url)
    return config


def fast_client(config: cbs_odata.CbsConfig, sleeps: list[float] | None = None) -> cbs_odata.Client:
    return cbs_odata.Client(
        pogingen=4,
        wachttijd_s=1.0,
        max_wachttijd_s=8.0,
        time_out_s=0.3,
        sleep=(sleeps.append if sleeps is not None else (lambda _s: None)),
        rng=lambda: 0.5,
    )


def loader_output(path: Path, defs) -> pd.DataFrame:
    frame = cbs_aandachtsgroepen.load(path, defs)
    return frame.drop(columns=["bestand"]).reset_index(drop=True)


def test_fetch_pages_through_faults_and_loads_like_the_embedded_file(mini_project, server, defs):
    config = config_for(mini_project, server.url)
    spec = config.tabellen["85980NED"]
    n = len(server.tables["85980NED"]["TypedDataSet"])
    assert n > 2 * PAGE
    server.faults = {
        ("TypedDataSet", 0): ["500"],
        ("TypedDataSet", PAGE): ["timeout", "truncated"],
        ("RegioS", 0): ["truncated"],
    }
    sleeps: list[float] = []
    dest = mini_project / "data" / "raw" / "cbs"
    result = cbs_odata.fetch(dest, spec, config, datum=DAY, client=fast_client(config, sleeps))

    assert result.nieuw and result.rijen == n
    assert result.folder == dest / "85980NED" / "2025-03-01"
    assert not (dest / "85980NED" / "2025-03-01.partial").exists()
    # four faults, each retried once with a growing backoff (1, then 2 s halved-to-full jitter)
    assert len(sleeps) == 4 and max(sleeps) > min(sleeps)
    assert server.filters and "startswith(RegioS,'GM')" in server.filters[0]
    # the loader reads the snapshot exactly as it reads the embedded StatLine file
    snap = loader_output(result.folder / "85980NED_TypedDataSet.csv", defs)
    emb = loader_output(EMBEDDED / "85980NED_TypedDataSet.csv", defs)
    pd.testing.assert_frame_equal(snap, emb)
    text = (result.folder / "85980NED_TypedDataSet.csv").read_text(encoding="utf-8-sig")
    assert ";GM0867  ;2024JJ00;" in text  # padded keys kept as CBS sends them
    meta = yaml.safe_load((result.folder / "provenance.yaml").read_text(encoding="utf-8"))
    assert meta["tabel_id"] == "85980NED" and meta["licentie"] == "CC BY 4.0" and meta["fictief"] is False
    assert meta["url"] == f"{server.url}/85980NED" and meta["datum"] == "2025-03-01"
    for entry in meta["bestanden"]:
        assert sha256_of(result.folder / entry["bestand"]) == entry["sha256"]
    typed_entry = next(e for e in meta["bestanden"] if e["bestand"] == "85980NED_TypedDataSet.csv")
    assert typed_entry["rijen"] == n


def test_existing_snapshot_is_never_overwritten(mini_project, server):
    config = config_for(mini_project, server.url)
    dest = mini_project / "data" / "raw" / "cbs"
    first = cbs_odata.fetch(dest, config.tabellen["85980NED"], config, datum=DAY, client=fast_client(config))
    before = sha256_of(first.folder / "provenance.yaml")
    server.log.clear()
    again = cbs_odata.fetch(dest, config.tabellen["85980NED"], config, datum=DAY, client=fast_client(config))
    assert not again.nieuw and server.log == []
    assert sha256_of(first.folder / "provenance.yaml") == before


def test_interrupted_download_resumes_from_kept_pages(mini_project, server, defs):
    config = config_for(mini_project, server.url)
    typed = server.tables["85980NED"]["TypedDataSet"]
    suppressed = next(r for r in typed if r["RegioS"].startswith("GM"))
    suppressed.update({"Personen_1": None, "Huishoudens_2": None, "Woonruimten_3": None})
    dest = mini_project / "data" / "raw" / "cbs"
    # the third page keeps failing: the run stops with a FetchError and leaves a .partial
    server.faults = {("TypedDataSet", 2 * PAGE): ["500"] * 4}
    with pytest.raises(cbs_odata.FetchError, match="na 4 pogingen"):
        cbs_odata.fetch(dest, config.tabellen["85980NED"], config, datum=DAY, client=fast_client(config))
    partial = dest / "85980NED" / "2025-03-01.partial"
    assert partial.is_dir() and not (dest / "85980NED" / "2025-03-01").exists()
    assert cbs_odata.newest_snapshots(dest) == []  # a half-written snapshot never counts
    # a page file damaged on disk is fetched again; intact pages are not
    pages = sorted((partial / cbs_odata.PAGES).glob("TypedDataSet-*.json"))
    assert len(pages) == 2
    pages[1].write_bytes(b'{"value": [')
    server.log.clear()
    result = cbs_odata.fetch(dest, config.tabellen["85980NED"], config, datum=DAY, client=fast_client(config))
    assert result.nieuw and result.paginas_hervat > 0
    assert "TypedDataSet:0" not in server.log
    assert f"TypedDataSet:{PAGE}" in server.log and f"TypedDataSet:{2 * PAGE}" in server.log
    assert result.rijen == len(typed)
    # a null from the API is written as '.' and read as suppressed, never as 0
    path = result.folder / "85980NED_TypedDataSet.csv"
    line = f"{suppressed['ID']};{suppressed['Aandachtsgroepen']};{suppressed['RegioS']};{suppressed['Perioden']};.;.;."
    assert line in path.read_text(encoding="utf-8-sig")
    row = cbs_aandachtsgroepen.load(path, defs).iloc[suppressed["ID"]]
    assert pd.isna(row["aantal"]) and row["status"] == "onderdrukt" and row["aantal_max"] == 4


def test_cli_fetch_uses_the_basis_url_and_reports(mini_project, server, capsys, monkeypatch):
    monkeypatch.chdir(mini_project)
    code = run(
        ["fetch", "cbs", "--tabel", "85980NED", "--basis-url", server.url, "--root", str(mini_project)]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "85980NED: snapshot cbs/85980NED/" in out and "geschreven" in out
    assert run(["fetch", "cbs", "--tabel", "85980NED", "--basis-url", server.url]) == 0
    assert "bestaat al; niet overschreven" in capsys.readouterr().out
    assert run(["fetch", "cbs", "--tabel", "99999NED", "--basis-url", server.url]) == 2
    # a table the server does not know: 404 is not retried, exit 1 without a traceback
    assert run(["fetch", "cbs", "--tabel", "85171NED", "--basis-url", server.url]) == 1
    assert "HTTP 404" in capsys.readouterr().err


def _comparable(paths: Paths, name: str) -> pd.DataFrame:
    frame = read_table(name, paths.parquet)
    frame = frame.drop(columns=[c for c in ("bestand", "fictief") if c in frame.columns])
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_build_from_snapshot_equals_build_from_embedded_files(mini_project, server, tmp_path):
    # build A: the embedded files
    embedded = Paths.from_root(mini_project)
    build(embedded)
    # build B: the same project, with the CBS snapshot chosen by input_folders instead
    config = config_for(mini_project, server.url)
    raw = mini_project / "data" / "raw"
    result = cbs_odata.fetch(
        raw / "cbs", config.tabellen["85980NED"], config, datum=DAY, client=fast_client(config)
    )
    chosen = cbs_odata.input_folders(raw, "cbs")
    assert result.folder in chosen and raw / "cbs_aandachtsgroepen" not in chosen
    snapshot = Paths.from_root(mini_project, processed=tmp_path / "processed_cbs")
    build(snapshot, bron="cbs")
    for name in ("stg_cbs__aandachtsgroepen", "int__aandachtsgroep_gemeente", "agg__verdeling_gemeente"):
        pd.testing.assert_frame_equal(_comparable(snapshot, name), _comparable(embedded, name))
    a = _comparable(snapshot, "stg_cbs__aandachtsgroepen")
    assert len(a) > 0
    # the snapshot's figures are real (fictief: false); the embedded example's were not
    assert not read_table("stg_cbs__aandachtsgroepen", snapshot.parquet)["fictief"].any()
    assert read_table("stg_cbs__aandachtsgroepen", embedded.parquet)["fictief"].all()


def test_build_fails_when_a_snapshot_file_was_edited(mini_project, server, tmp_path):
    config = config_for(mini_project, server.url)
    raw = mini_project / "data" / "raw"
    result = cbs_odata.fetch(
        raw / "cbs", config.tabellen["85980NED"], config, datum=DAY, client=fast_client(config)
    )
    typed = result.folder / "85980NED_TypedDataSet.csv"
    typed.write_bytes(typed.read_bytes() + b"\r\n")  # any edit, even an empty line
    with pytest.raises(DataError) as error:
        build(Paths.from_root(mini_project), bron="cbs")
    assert any("controlegetal wijkt af" in p.regel for p in error.value.problems)
