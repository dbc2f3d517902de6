"""Unit tests of the CBS OData download: retries, cell format, adapters, snapshot choice."""

from __future__ import annotations

import io
import json
import urllib.error
from pathlib import Path

import pytest

from tests.conftest import ROOT
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.extract.fetch import cbs_odata
from woonzorg_analyse.extract.fetch.cbs_odata import Client, FetchError, TabelSpec


class Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def opener_of(outcomes: list):
    """An opener that plays ``outcomes`` in order: bytes are a body, exceptions are raised."""
    calls = []

    def opener(request, timeout):
        calls.append((request.full_url, timeout))
        outcome = outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return Response(outcome)

    opener.calls = calls
    return opener


def body(records, next_link=None) -> bytes:
    data = {"odata.metadata": "x", "value": records}
    if next_link:
        data["odata.nextLink"] = next_link
    return json.dumps(data).encode()


def http_error(code: int) -> urllib.error.HTTPError:
    return urllib.error.HTTPError("http://127.0.0.1/x", code, "fout", {}, None)


def test_faults_are_retried_with_growing_backoff_then_succeed():
    sleeps: list[float] = []
    opener = opener_of([http_error(503), TimeoutError("timed out"), b'{"value": [1', body([{"a": 1}])])
    client = Client(
        pogingen=5, wachttijd_s=1, max_wachttijd_s=3, sleep=sleeps.append, opener=opener, rng=lambda: 1.0
    )
    _, data = client.get("http://127.0.0.1/x")
    assert data["value"] == [{"a": 1}]
    assert sleeps == [1, 2, 3]  # doubled, capped at max_wachttijd_s
    assert len(opener.calls) == 4 and opener.calls[0][1] == client.time_out_s


def test_attempts_are_bounded_and_a_4xx_is_not_retried():
    client = Client(pogingen=3, sleep=lambda _s: None, opener=opener_of([http_error(500)] * 3))
    with pytest.raises(FetchError, match="na 3 pogingen: HTTP 500"):
        client.get("http://127.0.0.1/x")
    opener = opener_of([http_error(404), body([])])
    with pytest.raises(FetchError, match="HTTP 404"):
        Client(pogingen=3, sleep=lambda _s: None, opener=opener).get("http://127.0.0.1/x")
    assert len(opener.calls) == 1


def test_a_body_without_value_list_is_retried():
    sleeps: list[float] = []
    client = Client(pogingen=2, sleep=sleeps.append, opener=opener_of([b'{"odata.error": {}}', body([])]))
    assert client.get("http://127.0.0.1/x")[1]["value"] == []
    assert len(sleeps) == 1


def test_backoff_has_jitter_between_half_and_all():
    assert cbs_odata.backoff_delay(3, 2.0, 60.0, lambda: 0.0) == 4.0
    assert cbs_odata.backoff_delay(3, 2.0, 60.0, lambda: 1.0) == 8.0
    assert cbs_odata.backoff_delay(10, 2.0, 60.0, lambda: 1.0) == 60.0


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, "."),
        (12, "12"),
        (350010.0, "350010"),
        (12.5, "12,5"),
        (1.234, "1,234"),
        ("GM0363  ", "GM0363  "),
    ],
)
def test_format_cell_keeps_statline_conventions(value, cell):
    assert cbs_odata.format_cell(value) == cell


def test_resolve_measures_by_key_or_stem_and_names_what_is_missing():
    props = [
        {"Type": "Topic", "Key": "AantalInwoners_5"},
        {"Type": "Topic", "Key": "Personen_1"},
        {"Type": "Dimension", "Key": "RegioS"},
    ]
    assert cbs_odata.resolve_measures(["AantalInwoners", "Personen_1"], props, "T") == {
        "AantalInwoners": "AantalInwoners_5",
        "Personen_1": "Personen_1",
    }
    with pytest.raises(FetchError, match="maat niet gevonden in DataProperties: RegioS; Woningvoorraad"):
        cbs_odata.resolve_measures(["RegioS", "Woningvoorraad"], props, "T")


def test_adapt_kwb_gives_the_columns_the_kwb_loader_reads():
    typed = [
        {"ID": 0, "WijkenEnBuurten": "GM0014    ", "Gemeentenaam_1": "Groningen      ", "SoortRegio_2": "Gemeente  ",
         "AantalInwoners_5": 243768, "InBezitWoningcorporatie_43": None},
    ]  # fmt: skip
    header, rows = cbs_odata.adapt_kwb(
        typed,
        {
            "gm_naam": "Gemeentenaam_1",
            "recs": "SoortRegio_2",
            "a_inw": "AantalInwoners_5",
            "p_wcorpw": "InBezitWoningcorporatie_43",
        },
        "WijkenEnBuurten",
    )
    assert header == ["gwb_code_10", "regio", "gm_naam", "recs", "a_inw", "p_wcorpw"]
    assert rows == [["GM0014", "Groningen", "Groningen", "Gemeente", "243768", "."]]


def test_adapt_prognose_pairs_interval_categories_and_scales():
    spec = TabelSpec(
        tabel_id="85172NED", bron="pbl_cbs_prognose", titel="t", vorm="prognose",
        variabele="huishoudens", maat="M_1", factor=1000, regio="RegioIndeling2021",
        selectie={"Samenstelling": "Particulier huishouden"},
        interval={"dimensie": "Prognoseinterval", "prognose": "Prognose",
                  "ondergrens": "Onder", "bovengrens": "Boven"},
    )  # fmt: skip
    dims = {
        "Prognoseinterval": [
            {"Key": "P1", "Title": "Prognose"},
            {"Key": "P2", "Title": "Onder"},
            {"Key": "P3", "Title": "Boven"},
        ],
        "Samenstelling": [{"Key": "T001", "Title": "Particulier huishouden"}, {"Key": "A1", "Title": "Paar"}],
    }
    typed = []
    for key, value in (("P1", 31.8), ("P2", 29.4), ("P3", 34.3)):
        for samenstelling in ("T001", "A1"):
            typed.append({"Samenstelling": samenstelling, "Prognoseinterval": key, "RegioIndeling2021": "GM0345  ",
                          "Perioden": "2050JJ00", "M_1": value if samenstelling == "T001" else 1.0})  # fmt: skip
    typed.append({"Samenstelling": "T001", "Prognoseinterval": "P1", "RegioIndeling2021": "GM0999",
                  "Perioden": "2050JJ00", "M_1": None})  # fmt: skip
    header, rows, skipped = cbs_odata.adapt_prognose(typed, dims, spec, "M_1")
    assert header == ["gemeente_code", "jaar", "variabele", "prognose", "ondergrens", "bovengrens"]
    assert rows == [["GM0345", "2050", "huishoudens", "31800,0", "29400,0", "34300,0"]]
    assert skipped == 1


def test_config_loads_and_the_url_can_be_overridden(monkeypatch):
    config = cbs_odata.load_config(ROOT / "definitions")
    assert config.basis_url.startswith("https://opendata.cbs.nl/")
    assert {"85980NED", "85984NED", "85172NED"} <= set(config.tabellen)
    assert config.tabellen["85980NED"].bron == "cbs_aandachtsgroepen"
    monkeypatch.setenv("WOONZORG_CBS_URL", "http://127.0.0.1:9/odata/")
    assert cbs_odata.load_config(ROOT / "definitions").basis_url == "http://127.0.0.1:9/odata"
    assert cbs_odata.load_config(ROOT / "definitions", "http://127.0.0.1:8").basis_url == "http://127.0.0.1:8"


def test_every_configured_bron_exists(defs):
    config = cbs_odata.load_config(ROOT / "definitions")
    assert {t.bron for t in config.tabellen.values()} <= set(defs.bronnen)


def _snapshot(folder: Path, bron: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "provenance.yaml").write_text(f"bron: {bron}\n", encoding="utf-8")
    return folder


def test_newest_snapshots_ignore_partial_and_unfinished_folders(tmp_path):
    cbs = tmp_path / "cbs"
    _snapshot(cbs / "85980NED" / "2025-01-05", "cbs_aandachtsgroepen")
    newest = _snapshot(cbs / "85980NED" / "2025-02-01", "cbs_aandachtsgroepen")
    _snapshot(cbs / "85980NED" / "2025-03-01.partial", "cbs_aandachtsgroepen")
    (cbs / "85980NED" / "2025-04-01").mkdir()  # no provenance: not finished
    second = _snapshot(cbs / "85984NED" / "2025-02-01-2", "cbs_kwb")
    _snapshot(cbs / "85984NED" / "2025-02-01", "cbs_kwb")
    assert cbs_odata.newest_snapshots(cbs) == [newest, second]
    assert cbs_odata.newest_snapshots(tmp_path / "absent") == []


def test_input_folders_replace_only_the_sources_the_snapshots_cover(tmp_path):
    raw = tmp_path / "raw"
    embedded_cbs = _snapshot(raw / "cbs_aandachtsgroepen", "cbs_aandachtsgroepen")
    kwb = _snapshot(raw / "cbs_kwb", "cbs_kwb")
    gemeenten = raw / "gemeenten"
    gemeenten.mkdir()
    snapshot = _snapshot(raw / "cbs" / "85980NED" / "2025-02-01", "cbs_aandachtsgroepen")
    assert cbs_odata.input_folders(raw) == [embedded_cbs, kwb, gemeenten]
    assert cbs_odata.input_folders(raw, "cbs") == sorted([snapshot, kwb, gemeenten])
    with pytest.raises(UsageError, match="onbekende bron"):
        cbs_odata.input_folders(raw, "iets")
    with pytest.raises(UsageError, match="fetch cbs"):
        cbs_odata.input_folders(tmp_path / "leeg", "cbs")


class Announced(Response):
    """A response whose headers announce a body length."""

    def __init__(self, data: bytes, length: int):
        super().__init__(data)
        self.headers = {"Content-Length": str(length)}


def test_a_body_announced_larger_than_the_cap_is_not_read_nor_retried():
    calls = []

    def opener(request, timeout):
        calls.append(request.full_url)
        return Announced(body([]), 5_000_000)

    client = Client(pogingen=3, max_mb=1, sleep=lambda _s: None, opener=opener)
    with pytest.raises(
        FetchError, match=r"groter dan 1 MB; gestopt met lezen \(grens max_mb in cbs_tabellen.yaml\)"
    ):
        client.get("http://127.0.0.1/x")
    assert len(calls) == 1


def test_a_body_read_past_the_cap_stops_there():
    big = b'{"value": [' + b" " * 3_000_000 + b"]}"
    client = Client(pogingen=2, max_mb=1, sleep=lambda _s: None, opener=opener_of([big, big]))
    with pytest.raises(FetchError, match="groter dan 1 MB"):
        client.get("http://127.0.0.1/x")


def test_limits_come_from_the_configuration(tmp_path):
    import shutil

    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    path = tmp_path / "definitions" / "cbs_tabellen.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("deadline_s: 300", "deadline_s: 12").replace("max_mb: 100", "max_mb: 2.5"), "utf-8"
    )
    config = cbs_odata.load_config(tmp_path / "definitions")
    client = Client.from_config(config)
    assert (config.deadline_s, config.max_mb, config.parallel) == (12, 2.5, 4)
    assert (client.deadline_s, client.max_bytes) == (12, 2_500_000)
    path.write_text(text.replace("max_mb: 100", "max_mb: nul"), "utf-8")
    from woonzorg_analyse.errors import DefinitionError

    with pytest.raises(DefinitionError, match="max_mb: moet een getal zijn"):
        cbs_odata.load_config(tmp_path / "definitions")


def test_measures_default_to_every_topic_and_parts_follow_the_time_dimension():
    props = [
        {"Type": "Dimension", "Key": "Kenmerken"},
        {"Type": "TimeDimension", "Key": "Tijd"},
        {"Type": "TopicGroup", "Key": ""},
        {"Type": "Topic", "Key": "TotaalPersonen_1"},
        {"Type": "Topic", "Key": "TotaalWoonruimten_3"},
    ]
    assert cbs_odata.resolve_measures([], props, "T") == {
        "TotaalPersonen_1": "TotaalPersonen_1",
        "TotaalWoonruimten_3": "TotaalWoonruimten_3",
    }
    assert cbs_odata.time_dimension(props) == "Tijd"
    assert cbs_odata.time_dimension(props[:1]) is None
    assert cbs_odata.part_filter("startswith(RegioS,'GM')", "Tijd", "2023MM01") == (
        "(startswith(RegioS,'GM')) and Tijd eq '2023MM01'"
    )
    assert cbs_odata.part_filter(None, "Tijd", "it's") == "Tijd eq 'it''s'"


def test_write_parquet_streams_pages_and_keeps_nulls(tmp_path):
    import pyarrow.parquet as pq

    schema = cbs_odata.parquet_schema(["RegioS"], ["TotaalPersonen_1"])
    pages = iter(
        [[{"ID": 0, "RegioS": "GM0074  ", "TotaalPersonen_1": 2645}], [], [{"ID": 1, "RegioS": "NL01    "}]]
    )
    path = tmp_path / "x.parquet"
    assert cbs_odata.write_parquet(path, schema, pages) == 2
    table = pq.read_table(path).to_pylist()
    assert table == [
        {"ID": 0, "RegioS": "GM0074  ", "TotaalPersonen_1": 2645.0},
        {"ID": 1, "RegioS": "NL01    ", "TotaalPersonen_1": None},
    ]
    with pytest.raises(FetchError, match="geen getal"):
        cbs_odata.write_parquet(path, schema, iter([[{"ID": 0, "RegioS": "x", "TotaalPersonen_1": "12,5"}]]))
