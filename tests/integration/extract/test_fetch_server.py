"""`fetch cbs` against a local OData server on 127.0.0.1 that serves 85980NED in its real shape
(DataProperties with measures under TopicGroups, a Kenmerken dimension, two moments a year),
with pages, parts fetched in parallel, faults, a body that trickles and one that never ends; and
builds from the snapshots it writes."""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import re
import shutil
import threading
import time
import urllib.parse
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import MINI_RAW, ROOT
from tests.unit.extract.cbs_files import HEERENVEEN, STUDENT, TOTAAL, odata_tables
from woonzorg_analyse.cli import run
from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.fetch import cbs_odata
from woonzorg_analyse.extract.provenance import sha256_of
from woonzorg_analyse.extract.sources import cbs_aandachtsgroepen
from woonzorg_analyse.load.store import read_table
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build

PAGE = 50  # the mini 85980NED has 484 rows per period: ten pages per part
DAY = date(2025, 3, 1)
EMBEDDED = MINI_RAW / "cbs_aandachtsgroepen"


def read_statline(path: Path) -> list[dict]:
    """Return the rows of a StatLine CSV as OData JSON records: '.' and '' -> null, numbers typed."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    out = []
    for row in rows:
        record = {}
        for key, value in row.items():
            if value in (".", ""):
                record[key] = None
            elif value.lstrip("-").isdigit() and key not in ("Key", "Perioden"):
                record[key] = int(value)
            else:
                record[key] = value
        out.append(record)
    return out


def embedded_tables() -> dict[str, list[dict]]:
    """The embedded (miniature) 85980NED as the OData service would serve it."""
    tables = {
        "TableInfos": [
            {
                "ID": 1,
                "Identifier": "85980NED",
                "Title": "Aandachtsgroepen volkshuisvesting; regio, 1 januari en 31 december",
            }
        ],
    }
    for path in sorted(EMBEDDED.glob("85980NED_*.csv")):
        tables[path.stem.removeprefix("85980NED_")] = read_statline(path)
    for record in tables["DataProperties"]:
        record["Key"] = record["Key"] or ""
    return tables


_STARTSWITH = re.compile(r"startswith\((\w+),'([^']*)'\)")
_EQ = re.compile(r"(\w+) eq '((?:[^']|'')*)'")


@functools.cache
def matches(odata_filter: str | None):
    """A predicate for the $filter forms fetch sends: startswith, eq, and, or, parentheses."""
    if not odata_filter:
        return lambda _record: True
    expression = _STARTSWITH.sub(
        lambda m: f"str(r.get({m.group(1)!r}, '')).startswith({m.group(2)!r})", odata_filter
    )
    expression = _EQ.sub(
        lambda m: f"(str(r.get({m.group(1)!r}, '')) == {m.group(2).replace(chr(39) * 2, chr(39))!r})",
        expression,
    )
    code = compile(expression, "<$filter>", "eval")
    return lambda r: eval(code, {"str": str}, {"r": r})  # test server only


class FakeCbs:
    """A local OData v3 service: pages of PAGE records linked by an absolute odata.nextLink.

    ``faults`` maps (entity, skip) or (entity, skip, period key) to faults served once each:
    500, timeout (1 s before answering), truncated, trickle (a byte every 20 ms, never complete),
    endless (a chunked body that never ends). ``delay`` slows every TypedDataSet page, so that
    parallel requests overlap; ``max_active`` is the most that were ever served at once.
    """

    def __init__(self, tables: dict[str, dict[str, list[dict]]], delay: float = 0.0):
        self.tables = tables
        self.faults: dict[tuple, list[str]] = {}
        self.log: list[str] = []
        self.parts: list[tuple[int, str | None]] = []  # (skip, period) of every TypedDataSet request
        self.filters: list[str] = []
        self.delay = delay
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ODataFeed/odata"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def period_of(odata_filter: str | None) -> str | None:
        found = re.search(r"Perioden eq '([^']*)'", odata_filter or "")
        return found.group(1) if found else None

    def fault_for(self, entity: str, skip: int, odata_filter: str) -> str | None:
        for key in ((entity, skip, self.period_of(odata_filter)), (entity, skip)):
            with self.lock:
                if self.faults.get(key):
                    return self.faults[key].pop(0)
        return None

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(request.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        parts = parsed.path.strip("/").split("/")
        tabel, entity = parts[-2], parts[-1]
        skip = int(query.get("$skip", 0))
        odata_filter = query.get("$filter")
        fault = self.fault_for(entity, skip, odata_filter)
        # a faulty answer is not counted as active: the client may have given up on it already
        counted = entity == "TypedDataSet" and fault is None
        with self.lock:
            self.log.append(f"{entity}:{skip}")
            if odata_filter:
                self.filters.append(odata_filter)
            if entity == "TypedDataSet":
                self.parts.append((skip, self.period_of(odata_filter)))
            if counted:
                self.active += 1
                self.max_active = max(self.max_active, self.active)
        self.serve(request, tabel, entity, skip, query, fault, counted)

    def serve(self, request, tabel, entity, skip, query, fault, counted: bool = False) -> None:
        if entity == "TypedDataSet" and self.delay:
            time.sleep(self.delay)
        if fault == "500":
            request.send_error(500, "Internal Server Error")
            return
        if fault == "timeout":
            time.sleep(1.0)  # the client's time-out in these tests is 0.3 s
        if fault in ("trickle", "endless"):
            self.never_ending(request, fault)
            return
        records = self.tables.get(tabel, {}).get(entity)
        if records is None:
            if counted:
                with self.lock:
                    self.active -= 1
            request.send_error(404, "Not Found")
            return
        if entity == "TypedDataSet":
            keep = matches(query.get("$filter"))
            records = [r for r in records if keep(r)]
            if "$select" in query:
                columns = query["$select"].split(",")
                records = [{k: r[k] for k in columns if k in r} for r in records]
        page = records[skip : skip + PAGE]
        body = {"odata.metadata": f"{self.url}/{tabel}/$metadata#Cbs.OData.WebAPI.{entity}", "value": page}
        if skip + PAGE < len(records):
            next_query = {**query, "$skip": str(skip + PAGE)}
            body["odata.nextLink"] = f"{self.url}/{tabel}/{entity}?{urllib.parse.urlencode(next_query)}"
        if counted:  # no longer active once the answer goes out: the client may ask the next page
            with self.lock:
                self.active -= 1
        data = json.dumps(body).encode("utf-8")
        shown = data[: len(data) // 2] if fault == "truncated" else data
        request.send_response(200)
        request.send_header("Content-Type", "application/json;charset=utf-8")
        request.send_header("Content-Length", str(len(shown)))
        if fault == "truncated":
            request.send_header("Connection", "close")
            request.close_connection = True
        request.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            request.wfile.write(shown)

    @staticmethod
    def never_ending(request, fault: str) -> None:
        """A body that trickles (a byte every 20 ms) or that never ends (64 KB chunks), until the
        client hangs up (or 30 s)."""
        request.close_connection = True
        request.send_response(200)
        request.send_header("Content-Type", "application/json;charset=utf-8")
        if fault == "trickle":
            request.send_header("Content-Length", "50000")  # would take 1000 s at this pace
        else:
            request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        chunk = b" " * 65536
        stop = time.monotonic() + 30
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, OSError):
            start = b'{"value": ['
            request.wfile.write(
                start if fault == "trickle" else f"{len(start):x}\r\n".encode() + start + b"\r\n"
            )
            while time.monotonic() < stop:
                if fault == "trickle":
                    request.wfile.write(b" ")
                    request.wfile.flush()
                    time.sleep(0.02)
                else:
                    request.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")

    def __enter__(self) -> FakeCbs:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server():
    with FakeCbs({"85980NED": embedded_tables()}, delay=0.01) as fake:
        yield fake


def config_for(project: Path, url: str, **changes) -> cbs_odata.CbsConfig:
    from dataclasses import replace

    return replace(cbs_odata.load_config(project / "definitions", url), **changes)


def fast_client(config: cbs_odata.CbsConfig, sleeps: list[float] | None = None, **limits) -> cbs_odata.Client:
    return cbs_odata.Client(
        pogingen=limits.pop("pogingen", 4),
        wachttijd_s=1.0,
        max_wachttijd_s=8.0,
        time_out_s=0.3,
        sleep=(sleeps.append if sleeps is not None else (lambda _s: None)),
        rng=lambda: 0.5,
        **limits,
    )


def counts_of(path: Path, defs) -> pd.DataFrame:
    frame = cbs_aandachtsgroepen.counts(cbs_aandachtsgroepen.load(path, defs), defs)
    frame = frame.drop(columns=["bestand", "_plaats"])
    return frame.sort_values(["regio_code", "aandachtsgroep", "peildatum"]).reset_index(drop=True)


def test_fetch_pages_parts_in_parallel_through_faults_and_loads_like_the_embedded_file(
    mini_project, server, defs
):
    config = config_for(mini_project, server.url, parallel=3)
    spec = config.tabellen["85980NED"]
    n = len(server.tables["85980NED"]["TypedDataSet"])
    server.faults = {
        ("TypedDataSet", 0, "2023MM01"): ["500"],
        ("TypedDataSet", PAGE, "2024MM12"): ["timeout", "truncated"],
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
    # one part per period (found as the TimeDimension), at most `parallel` at a time, each paged
    assert 1 < server.max_active <= 3
    parts = {f for f in server.filters if "Perioden eq" in f}
    assert len(parts) == 6 and all("startswith(RegioS,'GM')" in f for f in parts)
    assert server.log.count("TypedDataSet:0") == 6 + 1  # + the retried 500
    # the snapshot is Parquet and the loader reads it as it reads the embedded StatLine file
    typed = result.folder / "85980NED_TypedDataSet.parquet"
    pd.testing.assert_frame_equal(
        counts_of(typed, defs), counts_of(EMBEDDED / "85980NED_TypedDataSet.csv", defs)
    )
    assert "2025-03-01" not in {p.name for p in result.folder.glob("*.json")}
    meta = yaml.safe_load((result.folder / "provenance.yaml").read_text(encoding="utf-8"))
    assert meta["tabel_id"] == "85980NED" and meta["licentie"] == "CC BY 4.0" and meta["fictief"] is False
    assert meta["url"] == f"{server.url}/85980NED" and meta["datum"] == "2025-03-01"
    assert meta["maten"] == ["TotaalHuishoudens_2", "TotaalPersonen_1", "TotaalWoonruimten_3"]
    for entry in meta["bestanden"]:
        assert sha256_of(result.folder / entry["bestand"]) == entry["sha256"]
    typed_entry = next(e for e in meta["bestanden"] if e["bestand"] == "85980NED_TypedDataSet.parquet")
    assert typed_entry["rijen"] == n
    assert typed_entry["peildatum"] == "2022MM01, 2022MM12, 2023MM01, 2023MM12, 2024MM01, 2024MM12"


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
    config = config_for(mini_project, server.url, parallel=2)
    typed = server.tables["85980NED"]["TypedDataSet"]
    suppressed = next(r for r in typed if r["RegioS"].startswith("GM") and r["Perioden"] == "2023MM12")
    suppressed.update({"TotaalPersonen_1": None, "TotaalHuishoudens_2": None, "TotaalWoonruimten_3": None})
    dest = mini_project / "data" / "raw" / "cbs"
    # the third page of one part keeps failing: the run stops with a FetchError and leaves a .partial
    server.faults = {("TypedDataSet", 2 * PAGE, "2023MM12"): ["500"] * 4}
    with pytest.raises(cbs_odata.FetchError, match="na 4 pogingen"):
        cbs_odata.fetch(dest, config.tabellen["85980NED"], config, datum=DAY, client=fast_client(config))
    partial = dest / "85980NED" / "2025-03-01.partial"
    assert partial.is_dir() and not (dest / "85980NED" / "2025-03-01").exists()
    assert cbs_odata.newest_snapshots(dest) == []  # a half-written snapshot never counts
    # a page file damaged on disk is fetched again; intact pages are not
    state = json.loads((partial / cbs_odata.STATE).read_text(encoding="utf-8"))
    period = {n: FakeCbs.period_of(urllib.parse.unquote(e["begin"])) for n, e in state["entiteiten"].items()}
    failed = next(n for n in state["entiteiten"] if period[n] == "2023MM12")
    finished = {period[n] for n, e in state["entiteiten"].items() if e["klaar"]}
    pages = sorted((partial / cbs_odata.PAGES).glob(f"{failed}-*.json"))
    assert len(pages) == 2
    pages[1].write_bytes(b'{"value": [')
    server.parts.clear()
    result = cbs_odata.fetch(dest, config.tabellen["85980NED"], config, datum=DAY, client=fast_client(config))
    assert result.nieuw and result.paginas_hervat > 0
    asked = set(server.parts)
    assert (0, "2023MM12") not in asked  # its first page was kept
    assert {(PAGE, "2023MM12"), (2 * PAGE, "2023MM12")} <= asked  # the damaged one and the rest
    assert finished and not {p for _skip, p in asked} & finished  # finished parts are not asked again
    assert result.rijen == len(typed)
    # a null from the API stays missing in the Parquet file and is read as suppressed, never as 0
    frame = cbs_aandachtsgroepen.counts(
        cbs_aandachtsgroepen.load(result.folder / "85980NED_TypedDataSet.parquet", defs), defs
    )
    code = suppressed["RegioS"].strip()
    row = frame[(frame["gemeente_code"] == code) & (frame["peildatum"] == pd.Timestamp("2023-12-31"))]
    row = row[row["aandachtsgroep"] == "studenten"].iloc[0]
    assert pd.isna(row["aantal"]) and row["status"] == "onderdrukt" and row["aantal_max"] == 4


def test_a_body_that_trickles_stops_at_the_deadline(mini_project, server):
    config = config_for(mini_project, server.url)
    server.faults = {("TableInfos", 0): ["trickle", "trickle"]}
    client = fast_client(config, pogingen=2, deadline_s=0.5)
    started = time.monotonic()
    with pytest.raises(cbs_odata.FetchError, match=r"na 2 pogingen: antwoord niet binnen 0,5 s compleet"):
        cbs_odata.fetch(mini_project / "cbs", config.tabellen["85980NED"], config, datum=DAY, client=client)
    assert time.monotonic() - started < 5  # never hangs: two attempts of half a second


def test_a_body_that_never_ends_stops_at_the_size_cap(mini_project, server):
    config = config_for(mini_project, server.url)
    server.faults = {("TableInfos", 0): ["endless"]}
    client = fast_client(config, max_mb=0.5, deadline_s=20)
    started = time.monotonic()
    with pytest.raises(cbs_odata.FetchError, match=r"CBS-antwoord groter dan 0,5 MB; gestopt met lezen"):
        cbs_odata.fetch(mini_project / "cbs", config.tabellen["85980NED"], config, datum=DAY, client=client)
    assert time.monotonic() - started < 5
    assert server.log.count("TableInfos:0") == 1  # not retried: it would not end the next time either


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
    frame = frame.drop(columns=[c for c in ("bestand", "fictief", "plaats") if c in frame.columns])
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
    for name in (
        "stg_cbs__aandachtsgroepen",
        "int__aandachtsgroep_gemeente",
        "agg__verdeling_gemeente",
        "int__woningen_per_eenheid",
        "agg__groeibehoefte",
    ):
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
    kenmerken = result.folder / "85980NED_Kenmerken.csv"
    kenmerken.write_bytes(kenmerken.read_bytes() + b"\r\n")  # any edit, even an empty line
    with pytest.raises(DataError) as error:
        build(Paths.from_root(mini_project), bron="cbs")
    assert any("controlegetal wijkt af" in p.regel for p in error.value.problems)


def heerenveen_project(target: Path) -> Path:
    """Definitions and the real kwb (Heerenveen is not in the miniature set), with the fictitious
    prognosis for the growth; the CBS figures come from the snapshot."""
    shutil.copytree(ROOT / "definitions", target / "definitions")
    for folder in ("cbs_kwb", "pbl_cbs_prognose"):
        shutil.copytree(ROOT / "data" / "raw" / folder, target / "data" / "raw" / folder)
    (target / "data" / "processed").mkdir(parents=True)
    return target


def test_real_heerenveen_rows_flow_from_fetch_through_build(tmp_path, capsys):
    project = heerenveen_project(tmp_path / "heerenveen")
    with FakeCbs({"85980NED": odata_tables(HEERENVEEN)}) as fake:
        code = run(["fetch", "cbs", "--tabel", "85980NED", "--basis-url", fake.url, "--root", str(project)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "let op" not in out  # every category, kenmerk and period of these rows is mapped
    assert run(["build", "--bron", "cbs", "--root", str(project)]) == 0
    paths = Paths.from_root(project)
    counts = read_table("stg_cbs__aandachtsgroepen", paths.parquet).set_index(["gemeente_code", "peildatum"])
    assert counts.loc[("GM0074", pd.Timestamp("2023-01-01")), "aantal"] == 2645
    assert counts.loc[("GM0074", pd.Timestamp("2023-12-31")), "aantal"] == 2435
    assert len(counts) == 2 and set(counts["aandachtsgroep"]) == {"studenten"}
    breakdown = read_table("stg_cbs__aandachtsgroepen_kenmerken", paths.parquet).set_index(
        ["peildatum", "kenmerk", "eenheid"]
    )
    jan = pd.Timestamp("2023-01-01")
    assert breakdown.loc[(jan, "eenpersoons", "huishoudens"), "aantal"] == 195
    assert breakdown.loc[(jan, "meerpersoons", "personen"), "aantal"] == 2450
    assert breakdown.loc[(jan, "leeftijd_18_27", "personen"), "aantal"] == 2015
    assert breakdown.loc[(jan, "institutioneel", "personen"), "status"] == "onderdrukt"
    # the real ratio of woonruimten per student replaces the constant 0.85 of definitions/
    ratio = read_table("int__woningen_per_eenheid", paths.parquet).set_index(
        ["gemeente_code", "aandachtsgroep"]
    )
    heerenveen = ratio.loc[("GM0074", "studenten")]
    assert heerenveen["woningen_per_eenheid_bron"] == "cbs"
    assert heerenveen["verhouding_peildatum"] == pd.Timestamp("2023-12-31")
    assert heerenveen["woningen_per_eenheid"] == pytest.approx(2060 / 2435)
    assert heerenveen["woningen_per_eenheid_definitie"] == 0.85
    other = ratio.loc[("GM0014", "studenten")]  # Groningen: no CBS figure here, the constant
    assert (other["woningen_per_eenheid_bron"], other["woningen_per_eenheid"]) == ("definitie", 0.85)
    groei = read_table("agg__groeibehoefte", paths.parquet).set_index(
        ["gemeente_code", "aandachtsgroep", "scenario", "jaar"]
    )
    row = groei.loc[("GM0074", "studenten", "midden", 2025)]
    assert row["basis_peildatum"] == pd.Timestamp("2023-12-31") and row["basis"] == 2435
    assert row["vraag_woningen"] == pytest.approx(row["vraag"] * 2060 / 2435)


def test_unmapped_categories_kenmerken_and_periods_are_reported_by_fetch_and_build(tmp_path, capsys):
    project = heerenveen_project(tmp_path / "heerenveen")
    rows = [
        *HEERENVEEN,
        ("A048590 ", TOTAAL, "GM0074  ", "2023MM01", "20", "15", "10"),
        (STUDENT, "2012655 ", "GM0074  ", "2023MM01", "1900", "", ""),
        (STUDENT, TOTAAL, "GM0074  ", "2023MM07", "2500", "2100", "2080"),
    ]
    with FakeCbs({"85980NED": odata_tables(rows)}) as fake:
        assert (
            run(["fetch", "cbs", "--tabel", "85980NED", "--basis-url", fake.url, "--root", str(project)]) == 0
        )
    fetched = capsys.readouterr().out
    assert run(["build", "--bron", "cbs", "--root", str(project)]) == 0
    built = capsys.readouterr().out
    for out in (fetched, built):
        assert "categorie A048590 'Dakloze: totaal' staat niet in definitions/bronnen.yaml" in out
        assert (
            "kenmerk 2012655 'Migratieachtergrond: Nederland' staat niet in definitions/bronnen.yaml" in out
        )
        assert "periode 2023MM07 '2023 juli' staat niet in definitions/bronnen.yaml" in out
    counts = read_table("stg_cbs__aandachtsgroepen", Paths.from_root(project).parquet)
    assert sorted(counts["aantal"]) == [2435, 2645]  # nothing unmapped was summed in
