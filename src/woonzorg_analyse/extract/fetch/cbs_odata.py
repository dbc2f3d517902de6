"""CBS StatLine tables through the OData v3 API, downloaded into immutable dated snapshots.

``fetch(dest, tabel, config)`` downloads one table configured in
``definitions/cbs_tabellen.yaml`` into ``<dest>/<tabel_id>/<jjjj-mm-dd>/`` (``dest`` is
``data/raw/cbs``) with a ``provenance.yaml`` (URL, table id, date, licence, sha256 and rows per
file). HTTP uses the standard library (:mod:`urllib`, :mod:`json`); the data go into Parquet
(:mod:`pyarrow`, already a dependency).

How a download works:

- ``TableInfos`` (title check), ``DataProperties`` (which properties are dimensions and which
  measures, and their keys), one endpoint per dimension and ``TypedDataSet`` (with ``$filter``
  and ``$select``) are read as JSON; every response is followed by its ``odata.nextLink`` until
  there is none, so the 10,000-record limit of one response does not matter.
- ``TypedDataSet`` is fetched in parts, one per category of the table's TimeDimension (found by
  its Type in DataProperties, never by name), at most ``parallel`` requests at a time.
- A 5xx, 429, time-out, dropped connection, a response that is not complete within
  ``deadline_s`` (a body that trickles) or a truncated / invalid JSON body is retried with
  exponential backoff and jitter, a bounded number of times; a 4xx is not retried, nor is a
  body larger than ``max_mb`` (read no further than that: a body that never ends).
- Everything is written into ``<jjjj-mm-dd>.partial/`` first: each page as a file whose sha256
  is kept in ``voortgang.json``. An interrupted download resumes from the pages whose checksum
  still matches and the last ``odata.nextLink`` of each part. Only when every page is there are
  the files for the loaders and ``provenance.yaml`` written, and the folder renamed to its final
  name in one step. A ``.partial`` folder is never a snapshot; an existing snapshot is never
  replaced.

What a snapshot holds (``vorm`` in cbs_tabellen.yaml):

- ``statline``: the StatLine data as the source module reads it (85980NED:
  ``85980NED_TypedDataSet.parquet``, keys as CBS sends them, padded, a missing value as null),
  ``85980NED_<dimensie>.csv`` with Key;Title;... per dimension and ``85980NED_DataProperties.csv``.
- ``kwb``: ``kwb-<editie>.csv`` in the shape :mod:`.cbs_kwb` reads, adapted from the
  Kerncijfers wijken en buurten table of that edition; the StatLine files go into ``statline/``
  (the build does not read subfolders).
- ``prognose``: ``prognose_<tabel_id>.csv`` in the shape :mod:`.pbl_prognose` reads (values
  times ``factor``); the StatLine files go into ``statline/``.

After a new snapshot the source module of the table reads it as the build would: what it reports
(categories, kenmerken or periods that definitions/ does not map, problems) is returned as
``opmerkingen``; the snapshot itself stays as CBS sent it.

:func:`newest_snapshots` and :func:`input_folders` choose the snapshots a build reads; they do
not use the network.
"""

from __future__ import annotations

import csv
import hashlib
import http.client
import io
import json
import os
import random
import re
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from woonzorg_analyse.definitions.models import CbsTabel, CbsTabellenBestand, load_model
from woonzorg_analyse.errors import UsageError, WoonzorgError
from woonzorg_analyse.extract.provenance import sha256_of
from woonzorg_analyse.formatting import getal, kaal
from woonzorg_analyse.load.files import atomic_write, atomic_write_bytes

CONFIG_FILE = "cbs_tabellen.yaml"
SNAPSHOT_ROOT = "cbs"
PARTIAL = ".partial"
STATE = "voortgang.json"
PAGES = "paginas"
STATLINE = "statline"
PROVENANCE = "provenance.yaml"
ENV_URL = "WOONZORG_CBS_URL"
DIMENSION_TYPES = {"Dimension", "GeoDimension", "TimeDimension", "GeoDetail"}
TIME_DIMENSION = "TimeDimension"
MEASURE_TYPE = "Topic"
TYPED = "TypedDataSet"
BATCH_ROWS = 262_144  # rows per Parquet row group
CHUNK = 65_536  # bytes read at a time from a response
VORMEN = ("statline", "kwb", "prognose")
_SNAPSHOT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")
_STEM = re.compile(r"_\d+$")


class FetchError(WoonzorgError):
    """A download from CBS failed (after its retries) or CBS answered something unusable."""


# --- configuration ---------------------------------------------------------------------------


TabelSpec = CbsTabel  # one table of cbs_tabellen.yaml (typed in definitions/models.py)


@dataclass(frozen=True)
class CbsConfig:
    """Service, retry settings, limits per request and the tables to download."""

    basis_url: str
    licentie: str
    pogingen: int
    wachttijd_s: float
    max_wachttijd_s: float
    time_out_s: float
    tabellen: dict[str, CbsTabel]
    deadline_s: float = 300.0
    max_mb: float = 100.0
    parallel: int = 4
    definitions: Path | None = None  # the folder the configuration came from


def load_config(definitions: Path, basis_url: str | None = None) -> CbsConfig:
    """Return the CBS configuration; ``basis_url``, else $WOONZORG_CBS_URL, overrides the file's.

    The file is validated against its typed model: a missing or misspelt key is a Dutch
    message naming the file and the key.
    """
    path = Path(definitions) / CONFIG_FILE
    raw = load_model(CbsTabellenBestand, path)
    url = basis_url or os.environ.get(ENV_URL) or raw.basis_url
    return CbsConfig(
        basis_url=str(url).rstrip("/"),
        licentie=raw.licentie,
        pogingen=raw.pogingen,
        wachttijd_s=raw.wachttijd_s,
        max_wachttijd_s=raw.max_wachttijd_s,
        time_out_s=raw.time_out_s,
        tabellen={t.tabel_id: t for t in raw.tabellen},
        deadline_s=raw.deadline_s,
        max_mb=raw.max_mb,
        parallel=raw.parallel,
        definitions=Path(definitions),
    )


# --- HTTP with retries -----------------------------------------------------------------------


class _Stopped(Exception):
    """Another part of a download failed: this part stops after its current page."""


class _Retryable(Exception):
    """A fault worth another attempt (5xx, time-out, broken body)."""


def backoff_delay(attempt: int, base: float, maximum: float, rng: Callable[[], float]) -> float:
    """Return the wait before retry ``attempt`` (1-based): base x 2^(attempt-1), capped, with
    "equal jitter" (between half and all of it)."""
    delay = min(maximum, base * 2 ** (attempt - 1))
    return delay / 2 + rng() * delay / 2


class Client:
    """GET JSON from the OData service, retrying faults; ``sleep`` and ``opener`` are injectable.

    Every request is bounded three ways: ``time_out_s`` for each network operation (connect, each
    read), ``deadline_s`` for the whole response (a body that trickles in a byte at a time never
    trips the first), and ``max_mb`` for the size of the body (one that never ends).
    """

    def __init__(
        self,
        *,
        pogingen: int = 5,
        wachttijd_s: float = 2.0,
        max_wachttijd_s: float = 60.0,
        time_out_s: float = 60.0,
        deadline_s: float = 300.0,
        max_mb: float = 100.0,
        sleep: Callable[[float], None] = time.sleep,
        opener: Callable[..., Any] = urllib.request.urlopen,
        rng: Callable[[], float] = random.random,
        log: Callable[[str], None] | None = None,
        body_transform: Callable[[bytes], bytes] | None = None,
    ):
        self.pogingen = max(1, pogingen)
        self.wachttijd_s = wachttijd_s
        self.max_wachttijd_s = max_wachttijd_s
        self.time_out_s = time_out_s
        self.deadline_s = deadline_s
        self.max_bytes = int(max_mb * 1_000_000)
        self.sleep = sleep
        self.opener = opener
        self.rng = rng
        self.log = log or (lambda _message: None)
        self.body_transform = body_transform  # turns another service's page into an OData page
        self.requests = 0
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: CbsConfig, **kwargs: Any) -> Client:
        """Return a client with the retry settings and limits of ``config``."""
        return cls(
            pogingen=config.pogingen,
            wachttijd_s=config.wachttijd_s,
            max_wachttijd_s=config.max_wachttijd_s,
            time_out_s=config.time_out_s,
            deadline_s=config.deadline_s,
            max_mb=config.max_mb,
            **kwargs,
        )

    def get(self, url: str) -> tuple[bytes, dict[str, Any]]:
        """Return the body and parsed JSON object of ``url``; raise FetchError when it fails."""
        last = ""
        for attempt in range(1, self.pogingen + 1):
            try:
                return self._once(url)
            except _Retryable as fault:
                last = str(fault)
            if attempt < self.pogingen:
                wait = backoff_delay(attempt, self.wachttijd_s, self.max_wachttijd_s, self.rng)
                self.log(f"poging {attempt} mislukt ({last}); opnieuw over {wait:.1f} s")
                self.sleep(wait)
        raise FetchError(f"CBS-download mislukt na {self.pogingen} pogingen: {last} ({url})")

    def _once(self, url: str) -> tuple[bytes, dict[str, Any]]:
        with self._lock:
            self.requests += 1
        started = time.monotonic()
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with self.opener(request, timeout=self.time_out_s) as response:
                body = self._read_body(response, started, url)
            if self.body_transform is not None:
                body = self.body_transform(body)
        except urllib.error.HTTPError as error:
            if error.code >= 500 or error.code == 429:
                raise _Retryable(f"HTTP {error.code}") from None
            raise FetchError(f"CBS weigert de vraag: HTTP {error.code} {error.reason} ({url})") from None
        except (TimeoutError, http.client.HTTPException, OSError) as error:
            # URLError, connection resets and time-outs are OSErrors; IncompleteRead is HTTPException
            reason = getattr(error, "reason", None) or type(error).__name__
            raise _Retryable(f"geen (volledig) antwoord: {reason}") from None
        try:
            data = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise _Retryable(f"onvolledig of ongeldig JSON-antwoord ({len(body)} bytes)") from None
        if not isinstance(data, dict) or not isinstance(data.get("value"), list):
            raise _Retryable("JSON-antwoord zonder lijst 'value'")
        return body, data

    def _read_body(self, response: Any, started: float, url: str) -> bytes:
        """Return the body, read in chunks; stop at the deadline or the size cap."""
        headers = getattr(response, "headers", None)
        announced = headers.get("Content-Length") if headers is not None else None
        if announced and announced.isdigit() and int(announced) > self.max_bytes:
            raise self._too_large(url)
        read = getattr(response, "read1", None) or response.read
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() - started > self.deadline_s:
                raise _Retryable(f"antwoord niet binnen {kaal(self.deadline_s)} s compleet ({size} bytes)")
            chunk = read(CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise self._too_large(url)
            chunks.append(chunk)

    def _too_large(self, url: str) -> FetchError:
        return FetchError(
            f"CBS-antwoord groter dan {kaal(self.max_bytes / 1_000_000)} MB; gestopt met lezen "
            f"(grens max_mb in {CONFIG_FILE}) ({url})"
        )


# --- resumable download into a .partial folder ------------------------------------------------


def sha256_bytes(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class _Partial:
    """The unfinished snapshot: page files plus voortgang.json with their checksums.

    Safe to use from several threads: each entity (a dimension, or a part of TypedDataSet) is
    fetched by one thread; the shared progress file is written under a lock.
    """

    def __init__(self, folder: Path, start: dict[str, Any]):
        self.folder = folder
        self.state_path = folder / STATE
        state: dict[str, Any] = {}
        if self.state_path.is_file():
            try:
                state = json.loads(self.state_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                state = {}
        if state.get("start") != start:
            # a different request (other URL, filter or selection): begin again
            if folder.exists():
                shutil.rmtree(folder)
            state = {"start": start, "entiteiten": {}}
        self.state = state
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)
        self.save()
        self.resumed_pages = 0

    def save(self) -> None:
        """Write voortgang.json atomically."""
        with self._lock:
            data = json.dumps(self.state, indent=1).encode("utf-8")
            atomic_write_bytes(self.state_path, data)

    def fetch_pages(
        self, client: Client, name: str, url: str, stop: threading.Event | None = None
    ) -> list[dict[str, Any]]:
        """Fetch the pages of one entity that are not yet on disk; return its page entries.

        Raises FetchError when ``stop`` is set (another part failed) before the last page.
        """
        with self._lock:
            entry = self.state["entiteiten"].get(name)
            if entry is None or entry.get("begin") != url:
                entry = {"begin": url, "paginas": [], "volgende": url, "klaar": False}
                self.state["entiteiten"][name] = entry
            kept = []
            for page in entry["paginas"]:
                path = self.folder / PAGES / page["bestand"]
                if path.is_file() and sha256_bytes(path.read_bytes()) == page["sha256"]:
                    kept.append(page)
                    continue
                entry["volgende"], entry["klaar"] = page["url"], False
                break
            self.resumed_pages += len(kept)
            entry["paginas"] = kept
        while not entry["klaar"]:
            if stop is not None and stop.is_set():
                raise _Stopped
            current = entry["volgende"]
            if any(page["url"] == current for page in entry["paginas"]):
                raise FetchError(f"CBS geeft een kringverwijzing in odata.nextLink ({current})")
            body, data = client.get(current)
            number = len(entry["paginas"]) + 1
            filename = f"{name}-{number:05d}.json"
            atomic_write_bytes(self.folder / PAGES / filename, body)
            link = data.get("odata.nextLink")
            with self._lock:
                entry["paginas"].append(
                    {
                        "bestand": filename,
                        "sha256": sha256_bytes(body),
                        "rijen": len(data["value"]),
                        "url": current,
                    }
                )
                if link:
                    entry["volgende"] = urllib.parse.urljoin(current, link)
                else:
                    entry["volgende"], entry["klaar"] = None, True
            self.save()
        return entry["paginas"]

    def pages_of(self, name: str) -> Iterator[list[dict[str, Any]]]:
        """Yield the records of one fetched entity, page by page."""
        for page in self.state["entiteiten"][name]["paginas"]:
            yield json.loads((self.folder / PAGES / page["bestand"]).read_text("utf-8-sig"))["value"]

    def download(self, client: Client, name: str, url: str) -> list[dict[str, Any]]:
        """Return every record of one entity, fetching only the pages not yet on disk."""
        self.fetch_pages(client, name, url)
        return [record for page in self.pages_of(name) for record in page]


# --- writing the files the loaders read -------------------------------------------------------


def format_cell(value: Any) -> str:
    """Return a JSON value as a StatLine CSV cell: ``None`` -> ``.``, 12.5 -> ``12,5``.

    Padded keys and texts stay as they are; whole numbers lose their ``.0``; other numbers get
    a decimal comma (a decimal point with three digits would read as Dutch thousands).
    """
    if value is None:
        return "."
    if isinstance(value, bool):
        return "1" if value else "0"
    return kaal(value)


def write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> int:
    """Write a StatLine-style CSV (UTF-8 with BOM, ``;``, CRLF) and return its number of rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    atomic_write_bytes(path, buffer.getvalue().encode("utf-8-sig"))
    return len(rows)


def _columns_of(records: list[dict[str, Any]], preferred: list[str] | None = None) -> list[str]:
    seen: list[str] = []
    for record in records:
        for key in record:
            if not key.startswith("odata.") and key not in seen and not isinstance(record[key], dict | list):
                seen.append(key)
    if preferred:
        return [c for c in preferred if c in seen] + [c for c in seen if c not in preferred]
    return seen


def records_to_rows(records: list[dict[str, Any]], columns: list[str]) -> list[list[str]]:
    """Return the records as rows of cells in the order of ``columns`` (missing key -> ``.``)."""
    return [[format_cell(record.get(column)) for column in columns] for record in records]


def resolve_measures(wanted: list[str], properties: list[dict[str, Any]], tabel_id: str) -> dict[str, str]:
    """Return wanted name -> measure Key; a name is a Key (``Personen_1``) or its stem (``Personen``).

    With no ``wanted`` names, every measure of the table (each Key to itself). Raises FetchError
    naming every wanted measure that matches none or more than one Key.
    """
    keys = [str(p.get("Key")) for p in properties if p.get("Type") == MEASURE_TYPE]
    if not wanted:
        return {key: key for key in keys}
    found: dict[str, str] = {}
    problems = []
    for name in wanted:
        if name in keys:
            found[name] = name
            continue
        matches = [k for k in keys if _STEM.sub("", k) == name]
        if len(matches) == 1:
            found[name] = matches[0]
        elif matches:
            problems.append(f"{name} (meerdere: {', '.join(matches)})")
        else:
            problems.append(name)
    if problems:
        raise FetchError(
            f"tabel {tabel_id}: maat niet gevonden in DataProperties: {'; '.join(problems)}; "
            f"controleer {CONFIG_FILE}"
        )
    return found


def _dimension_keys(properties: list[dict[str, Any]]) -> list[str]:
    return [str(p["Key"]) for p in properties if p.get("Type") in DIMENSION_TYPES]


def time_dimension(properties: list[dict[str, Any]]) -> str | None:
    """Return the Key of the table's TimeDimension (by its Type in DataProperties), if any."""
    keys = [str(p["Key"]) for p in properties if p.get("Type") == TIME_DIMENSION]
    return keys[0] if keys else None


def part_filter(table_filter: str | None, dimension: str, key: str) -> str:
    """Return the $filter of one part of TypedDataSet: the table's filter and one category."""
    one = f"{dimension} eq '{key.replace(chr(39), chr(39) * 2)}'"
    return f"({table_filter}) and {one}" if table_filter else one


def parquet_schema(dimensions: list[str], measures: list[str]) -> Any:
    """Return the Arrow schema of a TypedDataSet: ID, the dimension keys as text (as CBS sends
    them, padded), every measure as a float (a missing value is null)."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field("ID", pa.int64()),
            *(pa.field(d, pa.string()) for d in dimensions),
            *(pa.field(m, pa.float64()) for m in measures),
        ]
    )


def write_parquet(path: Path, schema: Any, pages: Iterator[list[dict[str, Any]]]) -> int:
    """Write the records of ``pages`` to a Parquet file (zstd) atomically; return the row count.

    Pages are read one at a time and written in row groups of BATCH_ROWS, so memory stays small
    however large the table is.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 0

    def write(temporary: Path) -> None:
        nonlocal rows
        buffered: list[Any] = []
        pending = 0
        with pq.ParquetWriter(temporary, schema, compression="zstd") as writer:
            for page in pages:
                if not page:
                    continue
                columns = [
                    pa.array([_number_or_text(r.get(f.name), f.type) for r in page], type=f.type)
                    for f in schema
                ]
                buffered.append(pa.record_batch(columns, schema=schema))
                pending += len(page)
                rows += len(page)
                if pending >= BATCH_ROWS:
                    writer.write_table(pa.Table.from_batches(buffered, schema=schema))
                    buffered, pending = [], 0
            if buffered or rows == 0:
                writer.write_table(pa.Table.from_batches(buffered, schema=schema))

    atomic_write(path, write)
    return rows


def _number_or_text(value: Any, kind: Any) -> Any:
    """A JSON value for an Arrow column: numbers stay numbers, keys stay text; a measure that is
    not a number is a FetchError (never a silent null)."""
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_floating(kind) or pa.types.is_integer(kind):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FetchError(f"CBS geeft geen getal waar een getal hoort (waarde: {value!r})")
        return float(value) if pa.types.is_floating(kind) else int(value)
    return str(value)


def adapt_kwb(
    typed: list[dict[str, Any]], measures: dict[str, str], dimension: str
) -> tuple[list[str], list[list[str]]]:
    """Return header and rows of ``kwb-<editie>.csv`` from a Kerncijfers wijken en buurten table.

    One row per region in ``typed`` (the filter keeps the gemeenten); ``gwb_code_10`` is the
    region key without padding, ``recs`` the trimmed SoortRegio, numbers as StatLine cells.
    """
    columns = ["gwb_code_10", "regio", *measures]
    rows = []
    for record in typed:
        cells = {loader: record.get(key) for loader, key in measures.items()}
        code = str(record.get(dimension, "")).strip()
        naam = str(cells.get("gm_naam") or "").strip()
        if "recs" in cells:
            cells["recs"] = str(cells["recs"] or "").strip()
        if "gm_naam" in cells:
            cells["gm_naam"] = naam
        rows.append([code, naam, *(format_cell(cells[loader]) for loader in measures)])
    return columns, rows


def _decimal(value: float) -> str:
    """A prognosis value as the loader reads it: one decimal, decimal comma, no thousands."""
    return getal(value, 1, duizendtallen=False, minteken="-")


def adapt_prognose(
    typed: list[dict[str, Any]], dimensions: dict[str, list[dict[str, Any]]], spec: TabelSpec, measure: str
) -> tuple[list[str], list[list[str]], int]:
    """Return header, rows and the number of skipped incomplete cells of ``prognose_<id>.csv``.

    One row per gemeente and year: prognose, ondergrens and bovengrens taken from the interval
    dimension (categories found by Title), times ``factor``; other dimensions are kept at the
    category whose Title ``selectie`` names. A gemeente-year with a missing value is skipped.
    """
    interval = spec.interval.model_dump()
    regio = spec.regio
    factor = spec.factor

    def key_of(dimension: str, title: str) -> str:
        for category in dimensions.get(dimension, []):
            if str(category.get("Title", "")).strip() == title:
                return str(category["Key"]).strip()
        raise FetchError(f"tabel {spec.tabel_id}: categorie '{title}' niet gevonden in dimensie {dimension}")

    parts = {key_of(interval["dimensie"], interval[p]): p for p in ("prognose", "ondergrens", "bovengrens")}
    selection = {dim: key_of(dim, title) for dim, title in (spec.selectie or {}).items()}
    cells: dict[tuple[str, int], dict[str, float | None]] = {}
    for record in typed:
        if any(str(record.get(dim, "")).strip() != key for dim, key in selection.items()):
            continue
        part = parts.get(str(record.get(interval["dimensie"], "")).strip())
        if part is None:
            continue
        code = str(record.get(regio, "")).strip()
        period = str(record.get("Perioden", "")).strip()
        if not code.startswith("GM") or not period[:4].isdigit():
            continue
        value = record.get(measure)
        cells.setdefault((code, int(period[:4])), {})[part] = None if value is None else float(value) * factor
    rows, skipped = [], 0
    for (code, year), values in sorted(cells.items()):
        if any(values.get(p) is None for p in ("prognose", "ondergrens", "bovengrens")):
            skipped += 1
            continue
        rows.append(
            [
                code,
                str(year),
                spec.variabele,
                *(
                    getal(values[p], 1, duizendtallen=False, minteken="-")
                    for p in ("prognose", "ondergrens", "bovengrens")
                ),
            ]
        )
    return ["gemeente_code", "jaar", "variabele", "prognose", "ondergrens", "bovengrens"], rows, skipped


# --- fetch -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FetchResult:
    """What ``fetch`` did for one table."""

    tabel_id: str
    folder: Path
    nieuw: bool
    rijen: int = 0
    paginas_hervat: int = 0
    opmerkingen: tuple[str, ...] = ()


def _url(base: str, path: str, query: dict[str, str]) -> str:
    return f"{base}/{path}?{urllib.parse.urlencode(query, quote_via=urllib.parse.quote, safe=',')}"


def fetch(
    dest: Path,
    tabel: TabelSpec,
    config: CbsConfig,
    *,
    datum: date | None = None,
    client: Client | None = None,
    say: Callable[[str], None] | None = None,
) -> FetchResult:
    """Download ``tabel`` into ``dest/<tabel_id>/<datum>/`` and return what was done.

    ``dest`` is ``data/raw/cbs``. An existing snapshot for that date is left alone (returned
    with ``nieuw=False``); an unfinished ``<datum>.partial`` of the same request is resumed.
    """
    say = say or (lambda _message: None)
    client = client or Client.from_config(config)
    datum = datum or date.today()
    folder = Path(dest) / tabel.tabel_id
    final = folder / datum.isoformat()
    if final.exists():
        return FetchResult(tabel.tabel_id, final, nieuw=False)
    base = f"{config.basis_url}/{tabel.tabel_id}"
    start = {
        "basis_url": config.basis_url,
        "filter": tabel.filter,
        "maten": list(tabel.maten),
        **_jsonable(tabel.model_dump(exclude={"tabel_id", "bron", "titel", "vorm", "filter", "maten"})),
    }
    partial = _Partial(folder / f"{datum.isoformat()}{PARTIAL}", start)
    notes: list[str] = []
    json_query = {"$format": "json"}

    say(f"{tabel.tabel_id}: tabelinformatie")
    infos = partial.download(client, "TableInfos", _url(base, "TableInfos", json_query))
    titel = str(infos[0].get("Title", "")).strip() if infos else ""
    if titel and titel != tabel.titel:
        notes.append(f"titel bij CBS is '{titel}', in {CONFIG_FILE} '{tabel.titel}'")
    properties = partial.download(client, "DataProperties", _url(base, "DataProperties", json_query))
    dimensions = _dimension_keys(properties)
    wanted = list(tabel.maten) or list((tabel.kolommen or {}).values())
    if tabel.vorm == "prognose":
        wanted = list(dict.fromkeys([*wanted, tabel.maat]))
    measures = resolve_measures(wanted, properties, tabel.tabel_id)
    categories: dict[str, list[dict[str, Any]]] = {}
    for dimension in dimensions:
        say(f"{tabel.tabel_id}: dimensie {dimension}")
        categories[dimension] = partial.download(client, dimension, _url(base, dimension, json_query))
    kept_measures = list(dict.fromkeys(measures.values()))
    selected = ["ID", *dimensions, *kept_measures]
    parts = _typed_parts(base, tabel, properties, categories, selected)
    say(f"{tabel.tabel_id}: gegevens ({len(parts)} {'deel' if len(parts) == 1 else 'delen'})")
    _fetch_parts(partial, client, parts, config.parallel, say, tabel.tabel_id)

    files: list[dict[str, Any]] = []
    part_names = [name for name, _url_, _key in parts]
    periods = ", ".join(
        sorted(
            key
            for name, _url_, key in parts
            if key and any(p["rijen"] for p in partial.state["entiteiten"][name]["paginas"])
        )
    )
    target = partial.folder if tabel.vorm == "statline" else partial.folder / STATLINE

    def add(path: Path, rows: int, peildatum: str = "") -> None:
        entry = {"bestand": path.relative_to(partial.folder).as_posix(), "sha256": sha256_of(path)}
        if peildatum:
            entry["peildatum"] = peildatum
        entry["rijen"] = rows
        files.append(entry)

    def typed_pages() -> Iterator[list[dict[str, Any]]]:
        for name in part_names:
            yield from partial.pages_of(name)

    say(f"{tabel.tabel_id}: Parquet schrijven")
    path = target / f"{tabel.tabel_id}_{TYPED}.parquet"
    rows = write_parquet(path, parquet_schema(dimensions, kept_measures), typed_pages())
    add(path, rows, periods)
    for dimension, records in categories.items():
        path = target / f"{tabel.tabel_id}_{dimension}.csv"
        columns = _columns_of(records, ["Key", "Title", "Description"])
        add(path, write_csv(path, columns, records_to_rows(records, columns)), periods)
    path = target / f"{tabel.tabel_id}_DataProperties.csv"
    columns = _columns_of(properties, ["Key", "Type", "Title", "Unit", "Decimals", "Description"])
    add(path, write_csv(path, columns, records_to_rows(properties, columns)))

    if tabel.vorm in ("kwb", "prognose"):
        typed = sorted((r for page in typed_pages() for r in page), key=lambda r: r.get("ID", 0))
    if tabel.vorm == "kwb":
        kolommen = {loader: measures[name] for loader, name in (tabel.kolommen or {}).items()}
        geo = next((d for d in dimensions if d.startswith("WijkenEnBuurten")), dimensions[0])
        header, table_rows = adapt_kwb(typed, kolommen, geo)
        path = partial.folder / f"kwb-{tabel.editie}.csv"
        add(path, write_csv(path, header, table_rows), f"01-01-{tabel.editie}")
    elif tabel.vorm == "prognose":
        header, table_rows, skipped = adapt_prognose(typed, categories, tabel, measures[tabel.maat])
        path = partial.folder / f"prognose_{tabel.tabel_id}.csv"
        add(path, write_csv(path, header, table_rows), ", ".join(sorted({r[1] for r in table_rows})))
        if skipped:
            notes.append(f"{skipped} gemeente-jaren zonder volledige prognose overgeslagen")

    provenance = {
        "bron": tabel.bron,
        "producent": "CBS",
        "titel": titel or tabel.titel,
        "tabel_id": tabel.tabel_id,
        "url": base,
        "datum": datum.isoformat(),
        "licentie": config.licentie,
        "fictief": False,
        "vorm": tabel.vorm,
        "filter": tabel.filter,
        "maten": sorted(set(measures.values())),
        "toelichting": (
            f"Gedownload met 'woonzorg fetch cbs' uit de CBS OData-dienst ({base}) op {datum.isoformat()}. "
            f"{TYPED} als Parquet; een ontbrekende waarde (null) staat voor het CBS-symbool '.'. "
            + (
                "De StatLine-bestanden staan in statline/; het bestand voor de lader is daaruit afgeleid. "
                if tabel.vorm != "statline"
                else ""
            )
            + " ".join(notes)
        ).strip(),
        "bestanden": files,
    }
    atomic_write_bytes(
        partial.folder / PROVENANCE,
        yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False, width=100).encode("utf-8"),
    )
    shutil.rmtree(partial.folder / PAGES, ignore_errors=True)
    partial.state_path.unlink()
    try:
        os.rename(partial.folder, final)
    except OSError:
        if final.exists():  # written meanwhile by another run: keep that one
            shutil.rmtree(partial.folder)
            return FetchResult(tabel.tabel_id, final, nieuw=False, opmerkingen=tuple(notes))
        raise
    say(f"{tabel.tabel_id}: snapshot lezen zoals de bouw dat doet")
    notes += check_snapshot(final, tabel.bron, config.definitions)
    return FetchResult(
        tabel.tabel_id,
        final,
        nieuw=True,
        rijen=rows,
        paginas_hervat=partial.resumed_pages,
        opmerkingen=tuple(notes),
    )


def _typed_parts(
    base: str,
    tabel: TabelSpec,
    properties: list[dict[str, Any]],
    categories: dict[str, list[dict[str, Any]]],
    selected: list[str],
) -> list[tuple[str, str, str]]:
    """Return (entity name, first URL, period key) of every part of TypedDataSet: one per
    category of the TimeDimension, or one part (key "") for a table without periods."""
    time_dim = time_dimension(properties)
    keys = [str(c["Key"]) for c in categories.get(time_dim, [])] if time_dim else []
    parts = []
    for number, key in enumerate(keys or [""], start=1):
        query = {"$format": "json"}
        if key:
            query["$filter"] = part_filter(tabel.filter, str(time_dim), key)
        elif tabel.filter:
            query["$filter"] = tabel.filter
        query["$select"] = ",".join(selected)
        parts.append((f"{TYPED}-{number:04d}", _url(base, TYPED, query), key.strip()))
    return parts


def _fetch_parts(
    partial: _Partial,
    client: Client,
    parts: list[tuple[str, str, str]],
    parallel: int,
    say: Callable[[str], None],
    tabel_id: str,
) -> None:
    """Fetch every part with at most ``parallel`` requests at a time; the first failure stops the
    others after their current page and is raised (the pages fetched so far stay for a resume)."""
    stop = threading.Event()
    failure: Exception | None = None
    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="cbs") as pool:
        futures = [pool.submit(partial.fetch_pages, client, name, url, stop) for name, url, _key in parts]
        for done, future in enumerate(futures, start=1):
            try:
                future.result()
            except _Stopped:
                continue
            except Exception as error:  # re-raised below, once the other parts have stopped
                stop.set()
                failure = failure or error
                continue
            if len(parts) > 1:
                say(f"{tabel_id}: gegevens, deel {done} van {len(parts)}")
    if failure is not None:
        raise failure


def check_snapshot(folder: Path, bron: str, definitions: Path | None) -> list[str]:
    """Return what the source module reports on reading the snapshot as the build would: notes
    (unmapped categories, kenmerken, periods) and problems, as lines. Never raises for them."""
    if definitions is None:
        return []
    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.extract.registry import sources
    from woonzorg_analyse.pipeline import Loaded, load_file

    try:
        defs = load_definitions(definitions)
    except WoonzorgError as error:
        return [f"snapshot niet gecontroleerd: {error}"]
    candidates = tuple(s for s in sources() if s.bron == bron)
    loaded = Loaded(files=[])
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != PROVENANCE):
        try:
            load_file(loaded, path, candidates, defs)
        except WoonzorgError as error:
            loaded.problems.extend(getattr(error, "problems", []) or [])
            if not getattr(error, "problems", None):
                loaded.notes.append(str(error))
    return [*loaded.notes, *(f"FOUT bij het lezen: {p.message()}" for p in loaded.problems)]


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


# --- choosing snapshots for a build ----------------------------------------------------------


def snapshot_key(folder: Path) -> tuple[str, int] | None:
    """Return (date, sequence) of a snapshot folder name such as ``2025-03-01`` or
    ``2025-03-01-2``; None for anything else (``.partial`` folders included)."""
    match = _SNAPSHOT_NAME.match(folder.name)
    if not match:
        return None
    return match.group(1), int(match.group(2) or 1)


def newest_snapshots(cbs_dir: Path) -> list[Path]:
    """Return the newest finished snapshot of every table below ``cbs_dir`` (data/raw/cbs).

    A snapshot is a folder ``<tabel>/<jjjj-mm-dd>[-n]/`` with a provenance.yaml; ``.partial``
    folders and anything else are ignored. One path per table, sorted by table id.
    """
    cbs_dir = Path(cbs_dir)
    if not cbs_dir.is_dir():
        return []
    chosen = []
    for table in sorted(p for p in cbs_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        candidates = [
            p for p in table.iterdir() if p.is_dir() and snapshot_key(p) and (p / PROVENANCE).is_file()
        ]
        if candidates:
            chosen.append(max(candidates, key=lambda p: snapshot_key(p) or ("", 0)))
    return chosen


def folder_bronnen(folder: Path) -> set[str]:
    """Return the source codes a raw folder's provenance.yaml names (its folder name if none)."""
    from woonzorg_analyse.extract.provenance import read_provenance

    try:
        bronnen = read_provenance(Path(folder) / PROVENANCE).bron_codes
    except WoonzorgError:
        bronnen = ()  # the build reports the broken provenance.yaml itself
    return set(bronnen) or {Path(folder).name}


def input_folders(raw: Path, bron: str = "voorbeeld") -> list[Path]:
    """Return the raw folders a build reads: the embedded ones, or with ``bron="cbs"`` the newest
    CBS snapshots instead of the embedded folders of the sources they cover.

    ``raw/cbs`` itself is never an input folder. A source covered by one or more snapshots is
    read only from snapshots (all its embedded files are dropped, so a snapshot set never mixes
    with example figures of the same source). Raises UsageError for an unknown ``bron`` or when
    ``bron="cbs"`` finds no snapshot.
    """
    raw = Path(raw)
    embedded = (
        sorted(
            p for p in raw.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != SNAPSHOT_ROOT
        )
        if raw.is_dir()
        else []
    )
    if bron == "voorbeeld":
        return embedded
    if bron != "cbs":
        raise UsageError(f"onbekende bron '{bron}' (kies voorbeeld of cbs)")
    snapshots = newest_snapshots(raw / SNAPSHOT_ROOT)
    if not snapshots:
        raise UsageError(
            f"geen CBS-snapshots in {raw / SNAPSHOT_ROOT}; haal ze eerst op met 'woonzorg fetch cbs'"
        )
    covered = set().union(*(folder_bronnen(s) for s in snapshots))
    return sorted([p for p in embedded if not folder_bronnen(p) & covered] + snapshots)
