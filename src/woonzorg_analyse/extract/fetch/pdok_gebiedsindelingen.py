"""CBS/Kadaster gemeente boundaries of one year from PDOK, downloaded into an immutable snapshot.

``fetch(dest, jaar, config)`` downloads the generalised gemeente boundaries of the indeling of
``jaar`` from the OGC API Features service of the CBS gebiedsindelingen at PDOK
(``definitions/gebiedsindelingen.yaml``) into ``<dest>/gebiedsindelingen/<jjjj-mm-dd>/`` (``dest``
is ``data/raw/cbs``, so ``woonzorg build --bron cbs`` reads the newest snapshot instead of the
embedded ``data/raw/geo/``) with a ``provenance.yaml`` (URL, collection, year, date, licence,
sha256 and features per file).

The service, as PDOK documents it and public clients use it: ``GET <basis_url>/collections/
gemeente_gegeneraliseerd/items?f=json&limit=1000&jaarcode=<jaar>`` answers a GeoJSON
FeatureCollection whose features carry ``statcode`` (GM0363), ``statnaam`` and ``jaarcode``, in
CRS84 (lengte, breedte), at most 1000 per page, with the next page as the ``href`` of a link with
``rel`` ``next``. (Sources: pdok.nl "Features (via OGC API's)" and its OGC API FAQ: at most 1000
objects per request, paging onwards; the PDOK OGC API catalogue: CBS gebiedsindelingen at
api.pdok.nl/cbs/gebiedsindelingen/ogc/v1; public clients query the collection
gemeente_gegeneraliseerd with f=json, limit and jaarcode and read statcode/statnaam/jaarcode.)

It reuses the HTTP client, retries, deadline, size cap and resumable page store of
:mod:`.cbs_odata`: the client's ``body_transform`` presents an OGC API page as an OData page
(``value`` = the features, ``odata.nextLink`` = the next link); a broken body is passed on
unchanged, so the client retries it as any other. Everything is written into
``<naam>.partial/`` first and renamed in one step; an interrupted download resumes from the pages
whose checksum still matches. A snapshot of the same year and date is never replaced; another
year on the same date gets ``<jjjj-mm-dd>-2``.

The file for the loader is ``gemeenten_<jaar>.geojson`` in the shape of the embedded file (one
feature per line, properties ``gemeente_code``, ``gemeente_naam``, coordinates as received);
:mod:`woonzorg_analyse.extract.sources.cbs_gebiedsindelingen` checks it against the reference
year's indeling at build time.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from woonzorg_analyse.definitions.models import GebiedsindelingenBestand, load_model
from woonzorg_analyse.extract.fetch import cbs_odata
from woonzorg_analyse.extract.fetch.cbs_odata import Client, FetchError, sha256_bytes
from woonzorg_analyse.load.files import atomic_write_bytes

CONFIG_FILE = "gebiedsindelingen.yaml"
TABEL = "gebiedsindelingen"  # the folder below data/raw/cbs
BRON = "cbs_gebiedsindelingen"
ENV_URL = "WOONZORG_GEO_URL"
CRS84 = "urn:ogc:def:crs:OGC:1.3:CRS84"
PROVENANCE = cbs_odata.PROVENANCE


@dataclass(frozen=True)
class GeoConfig:
    """The PDOK service, collection, page size and retry settings."""

    basis_url: str
    collectie: str
    per_pagina: int
    licentie: str
    pogingen: int
    wachttijd_s: float
    max_wachttijd_s: float
    time_out_s: float


def load_config(definitions: Path, basis_url: str | None = None) -> GeoConfig:
    """Return the configuration of gebiedsindelingen.yaml; ``basis_url``, else $WOONZORG_GEO_URL,
    overrides the file's service address."""
    raw = load_model(GebiedsindelingenBestand, Path(definitions) / CONFIG_FILE)
    url = basis_url or os.environ.get(ENV_URL) or raw.basis_url
    return GeoConfig(
        basis_url=str(url).rstrip("/"),
        collectie=raw.collectie,
        per_pagina=raw.per_pagina,
        licentie=raw.licentie,
        pogingen=raw.pogingen,
        wachttijd_s=raw.wachttijd_s,
        max_wachttijd_s=raw.max_wachttijd_s,
        time_out_s=raw.time_out_s,
    )


def client_for(config: GeoConfig, **kwargs: Any) -> Client:
    """Return the OData client of :mod:`.cbs_odata` with the retry settings of ``config``: it reads
    each body in chunks under the client's deadline and size cap, then presents the OGC API page
    as an OData page (:func:`ogc_page_as_odata`)."""
    return Client(
        pogingen=config.pogingen,
        wachttijd_s=config.wachttijd_s,
        max_wachttijd_s=config.max_wachttijd_s,
        time_out_s=config.time_out_s,
        body_transform=ogc_page_as_odata,
        **kwargs,
    )


# --- OGC API pages as OData pages ------------------------------------------------------------


def ogc_page_as_odata(body: bytes) -> bytes:
    """Return an OGC API Features page as an OData page: ``value`` = the features, and
    ``odata.nextLink`` = the ``href`` of the link with ``rel`` ``next`` (absent on the last page).

    A body that is not a complete FeatureCollection is returned unchanged, so that the client
    treats it as a broken answer (and retries it).
    """
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return body
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        return body
    page: dict[str, Any] = {"value": data["features"]}
    for key in ("numberMatched", "numberReturned", "timeStamp"):
        if key in data:
            page[key] = data[key]
    links = data.get("links") if isinstance(data.get("links"), list) else []
    following = next(
        (link.get("href") for link in links if isinstance(link, dict) and link.get("rel") == "next"), None
    )
    if following:
        page["odata.nextLink"] = following
    return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- the snapshot ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GeoResult:
    """What :func:`fetch` did."""

    jaar: int
    folder: Path
    nieuw: bool
    gemeenten: int = 0
    paginas_hervat: int = 0
    opmerkingen: tuple[str, ...] = ()


def items_url(config: GeoConfig, jaar: int) -> str:
    """Return the first items URL of the gemeenten of ``jaar``."""
    query = urllib.parse.urlencode({"f": "json", "limit": str(config.per_pagina), "jaarcode": str(jaar)})
    return f"{config.basis_url}/collections/{config.collectie}/items?{query}"


def _snapshot_jaar(folder: Path) -> int | None:
    try:
        meta = yaml.safe_load((folder / PROVENANCE).read_text(encoding="utf-8")) or {}
        return int(meta.get("jaar"))
    except (OSError, ValueError, TypeError, yaml.YAMLError):
        return None


def snapshot_name(folder: Path, datum: date, jaar: int) -> tuple[str, bool]:
    """Return the snapshot name for ``jaar`` fetched on ``datum`` and whether it exists already:
    ``<datum>`` or, when that holds another year, ``<datum>-2``, ``-3``, ..."""
    for sequence in range(1, 100):
        name = datum.isoformat() + ("" if sequence == 1 else f"-{sequence}")
        path = folder / name
        if not path.exists():
            return name, False
        if _snapshot_jaar(path) == jaar:
            return name, True
    raise FetchError(f"te veel snapshots op {datum.isoformat()} in {folder}")


def gemeenten_geojson(features: list[dict[str, Any]], jaar: int) -> tuple[bytes, int, list[str]]:
    """Return the loader's GeoJSON of the gemeenten of ``jaar`` among ``features`` (one per line,
    sorted by code), their number, and notes about features that were left out."""
    chosen: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    other_years = 0
    for feature in features:
        props = (feature.get("properties") if isinstance(feature, dict) else None) or {}
        code = str(props.get("statcode") or props.get("gemeente_code") or "").strip()
        if props.get("jaarcode") not in (None, "") and str(props.get("jaarcode")).strip() != str(jaar):
            other_years += 1
            continue
        if not code.startswith("GM") or not isinstance(feature.get("geometry"), dict):
            raise FetchError(f"PDOK gaf een object zonder gemeentecode of geometrie: {str(props)[:120]}")
        if code in chosen:
            raise FetchError(f"PDOK gaf gemeente {code} twee keer voor {jaar}")
        naam = str(props.get("statnaam") or props.get("gemeente_naam") or "").strip()
        chosen[code] = {
            "type": "Feature",
            "properties": {"gemeente_code": code, "gemeente_naam": naam},
            "geometry": feature["geometry"],
        }
    if other_years:
        notes.append(f"{other_years} objecten van een ander jaar dan {jaar} overgeslagen")
    if not chosen:
        raise FetchError(f"PDOK gaf geen gemeentegrenzen van {jaar}; bestaat de indeling van dat jaar?")
    head = json.dumps(
        {
            "type": "FeatureCollection",
            "name": "gemeentegrenzen",
            "crs": {"type": "name", "properties": {"name": CRS84}},
            "indeling_jaren": [jaar],
        },
        ensure_ascii=False,
    )[:-1]
    lines = [head + ', "features": [']
    codes = sorted(chosen)
    for number, code in enumerate(codes):
        comma = "," if number < len(codes) - 1 else ""
        lines.append(json.dumps(chosen[code], ensure_ascii=False, separators=(",", ":")) + comma)
    lines.append("]}")
    return ("\n".join(lines) + "\n").encode("utf-8"), len(codes), notes


def fetch(
    dest: Path,
    jaar: int,
    config: GeoConfig,
    *,
    datum: date | None = None,
    client: Client | None = None,
    say: Callable[[str], None] | None = None,
) -> GeoResult:
    """Download the gemeente boundaries of ``jaar`` into ``dest/gebiedsindelingen/<naam>/``.

    ``dest`` is ``data/raw/cbs``. A snapshot of the same year and date is left alone (returned
    with ``nieuw=False``); an unfinished ``<naam>.partial`` of the same request is resumed.
    """
    say = say or (lambda _message: None)
    client = client or client_for(config)
    datum = datum or date.today()
    folder = Path(dest) / TABEL
    name, exists = snapshot_name(folder, datum, jaar)
    final = folder / name
    if exists:
        return GeoResult(jaar, final, nieuw=False)
    url = items_url(config, jaar)
    start = {"url": url, "jaar": jaar}
    partial = cbs_odata._Partial(folder / f"{name}{cbs_odata.PARTIAL}", start)
    say(f"gemeentegrenzen {jaar}: pagina's ophalen")
    features = partial.download(client, "gemeenten", url)
    data, count, notes = gemeenten_geojson(features, jaar)
    filename = f"gemeenten_{jaar}.geojson"
    atomic_write_bytes(partial.folder / filename, data)
    provenance = {
        "bron": BRON,
        "producent": "CBS en Kadaster",
        "titel": "CBS gebiedsindelingen: gemeentegrenzen (gegeneraliseerd)",
        "collectie": config.collectie,
        "url": url,
        "jaar": jaar,
        "datum": datum.isoformat(),
        "licentie": config.licentie,
        "vermelding": "Bron: CBS, Kadaster",
        "crs": CRS84,
        "fictief": False,
        "toelichting": (
            f"Gedownload met 'woonzorg fetch geo --jaar {jaar}' uit de PDOK-dienst {config.basis_url} "
            f"op {datum.isoformat()}: de gegeneraliseerde gemeentegrenzen van de indeling {jaar}, "
            "coördinaten zoals ontvangen (CRS84). " + " ".join(notes)
        ).strip(),
        "bestanden": [
            {
                "bestand": filename,
                "sha256": sha256_bytes(data),
                "peildatum": f"01-01-{jaar}",
                "rijen": count,
            }
        ],
    }
    atomic_write_bytes(
        partial.folder / PROVENANCE,
        yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False, width=100).encode("utf-8"),
    )
    shutil.rmtree(partial.folder / cbs_odata.PAGES, ignore_errors=True)
    partial.state_path.unlink()
    try:
        os.rename(partial.folder, final)
    except OSError:
        if final.exists():  # written meanwhile by another run: keep that one
            shutil.rmtree(partial.folder)
            return GeoResult(jaar, final, nieuw=False, opmerkingen=tuple(notes))
        raise
    return GeoResult(
        jaar,
        final,
        nieuw=True,
        gemeenten=count,
        paginas_hervat=partial.resumed_pages,
        opmerkingen=tuple(notes),
    )


__all__ = [
    "GeoConfig",
    "GeoResult",
    "client_for",
    "fetch",
    "gemeenten_geojson",
    "load_config",
    "ogc_page_as_odata",
]
