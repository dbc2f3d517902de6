"""The build: an ordered list of steps from raw files to validated tables and one warehouse.

1. discover inputs (provenance, checksums);
2. load every source and apply the rules of the definitions, collecting all problems;
3. stage (harmonise onto the reference indeling) into ``ref_`` and ``stg_`` tables;
4. write every table through the choke point into a temporary folder, load them into a
   DuckDB warehouse there, run the aggregations, then swap the folder into place.

On any problem nothing is written and the previous outputs stay as they were. An unchanged
set of inputs, definitions and software (same fingerprint) is not rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from woonzorg_analyse import __version__
from woonzorg_analyse.definitions import Definitions, load_definitions
from woonzorg_analyse.definitions.schemas import empty_frame
from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.extract.provenance import InputFile, discover
from woonzorg_analyse.extract.readers import (
    PLAATS,
    display_name,
    is_xlsx,
    read_bytes_checked,
    read_delimited,
)
from woonzorg_analyse.extract.sources import (
    cbs_aandachtsgroepen,
    cbs_kwb,
    levering,
    pbl_prognose,
    rijk_taakstelling,
)
from woonzorg_analyse.load import warehouse
from woonzorg_analyse.load.files import atomic_write_text, remove_stale, scratch_folder, swap_folder
from woonzorg_analyse.load.store import write_table
from woonzorg_analyse.paths import FINGERPRINT, PARQUET, WAREHOUSE, Paths
from woonzorg_analyse.transform import staging
from woonzorg_analyse.validate.rules import (
    check_duplicates,
    check_gemeente_exists,
    check_prognose_rows,
    check_published_totals,
    check_values,
    validate_aanbod,
    validate_aandachtsgroepen,
)


@dataclass
class Loaded:
    """Everything the sources gave, before staging."""

    files: list[InputFile]
    kwb: list[pd.DataFrame] = field(default_factory=list)
    cbs_groepen: list[pd.DataFrame] = field(default_factory=list)
    leveringen: list[pd.DataFrame] = field(default_factory=list)
    aanbod: list[pd.DataFrame] = field(default_factory=list)
    prognose: list[pd.DataFrame] = field(default_factory=list)
    taakstelling: list[pd.DataFrame] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    skipped: bool
    tables: dict[str, int]
    fingerprint: str
    notes: tuple[str, ...] = ()


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def drop_dissolved_cbs_rows(frame: pd.DataFrame, defs: Definitions) -> tuple[pd.DataFrame, int]:
    """Return the CBS rows without dissolved gemeenten listed with only symbols, and how many.

    CBS lists dissolved gemeenten in later periods with ``.`` in every cell; they carry no
    figure. A dissolved code with a figure stays, to be reported as an unknown code.
    """
    keep = []
    dropped = 0
    cache: dict = {}
    for row in frame.itertuples():
        code = row.gemeente_code
        if code is None or pd.isna(code):
            keep.append(True)
            continue
        if row.peildatum not in cache:
            cache[row.peildatum] = defs.gemeenten_op(row.peildatum.date())
        gone = code not in cache[row.peildatum] and pd.isna(row.aantal)
        dropped += int(gone)
        keep.append(not gone)
    return frame[keep].reset_index(drop=True), dropped


def _capture(loaded: Loaded, function: Callable[[], pd.DataFrame]) -> pd.DataFrame | None:
    try:
        return function()
    except DataError as error:
        loaded.problems.extend(error.problems)
        return error.partial  # the readable rows, so every other rule is still checked


Progress = Callable[..., None]
SCRATCH = ".build-"


def load_inputs(files: list[InputFile], defs: Definitions, progress: Progress | None = None) -> Loaded:
    """Return every source loaded and checked against the definitions, with all problems.

    ``progress(message, done, total)`` is told after each file.
    """
    loaded = Loaded(files=files)
    for number, item in enumerate(files, start=1):
        if progress:
            progress("bronnen laden", number, len(files))
        path, bron = item.path, item.bron_code
        if bron == cbs_kwb.BRON and path.name.startswith("kwb-"):
            frame = _capture(loaded, lambda p=path: cbs_kwb.load(p, defs))
            if frame is not None:
                loaded.kwb.append(frame)
        elif bron == cbs_aandachtsgroepen.BRON and path.name.endswith("TypedDataSet.csv"):
            frame = _capture(loaded, lambda p=path: cbs_aandachtsgroepen.load(p, defs))
            if frame is not None:
                frame, dropped = drop_dissolved_cbs_rows(frame, defs)
                if dropped:
                    loaded.notes.append(
                        f"{item.bestand}: {dropped} rijen van opgeheven gemeenten zonder cijfer overgeslagen"
                    )
                loaded.problems.extend(check_published_totals(frame, defs, defs.bronnen[bron].afronding))
                loaded.cbs_groepen.append(frame)
        elif bron in (levering.BRON_AANDACHTSGROEPEN, levering.BRON_AANBOD) and path.suffix.lower() in (
            ".csv",
            ".xlsx",
        ):
            topics = _capture(loaded, lambda p=path: levering.topics_in(p))
            if topics is not None and not topics:
                loaded.problems.append(
                    Problem(
                        item.bestand,
                        "",
                        "",
                        "onbekende indeling: geen kolommen van een levering "
                        "(aandachtsgroepen of aanbod) gevonden",
                        "",
                    )
                )
            for topic in topics or []:
                load = levering.load_aandachtsgroepen if topic == "aandachtsgroepen" else levering.load_aanbod
                frame = _capture(loaded, lambda p=path, f=load: f(p, defs))
                if frame is not None:
                    (loaded.leveringen if topic == "aandachtsgroepen" else loaded.aanbod).append(frame)
        elif bron == pbl_prognose.BRON and path.suffix.lower() == ".csv":
            frame = _capture(loaded, lambda p=path: pbl_prognose.load(p, defs))
            if frame is not None:
                loaded.prognose.append(frame)
        elif bron == rijk_taakstelling.BRON and path.suffix.lower() == ".csv":
            frame = _capture(loaded, lambda p=path: rijk_taakstelling.load(p, defs))
            if frame is not None:
                loaded.taakstelling.append(frame)
    return loaded


def check_loaded(loaded: Loaded, defs: Definitions) -> list[Problem]:
    """Return the problems of all loaded frames together (rules that span files included)."""
    problems = []
    kwb = _concat(loaded.kwb)
    if not kwb.empty:
        problems += check_gemeente_exists(kwb, defs)
        problems += check_duplicates(kwb, ["indeling_jaar", "gemeente_code"])
        problems += check_values(kwb, ["inwoners", "huishoudens", "woningvoorraad", "corporatie_pct"], defs)
    cbs = _concat(loaded.cbs_groepen)
    if not cbs.empty:
        problems += validate_aandachtsgroepen(cbs, defs)
    leveringen = _concat(loaded.leveringen)
    if not leveringen.empty:
        problems += validate_aandachtsgroepen(leveringen, defs)
    aanbod = _concat(loaded.aanbod)
    if not aanbod.empty:
        problems += validate_aanbod(aanbod, defs)
    prognose = _concat(loaded.prognose)
    if not prognose.empty:
        dated = prognose.assign(_datum=pd.Timestamp(f"{defs.referentiejaar}-01-01"))
        problems += check_gemeente_exists(dated, defs, "_datum")
        problems += check_values(prognose, ["variabele", "prognose", "ondergrens", "bovengrens"], defs)
        problems += check_duplicates(prognose, ["gemeente_code", "jaar", "variabele"])
        problems += check_prognose_rows(prognose)
    taak = _concat(loaded.taakstelling)
    if not taak.empty:
        problems += check_duplicates(taak, ["halfjaar"])
    return problems


def stage(loaded: Loaded, defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return every table to write, by name (ref_, stg_ and meta_invoerbestand)."""
    files = {f.bestand: f for f in loaded.files}
    tables: dict[str, pd.DataFrame] = {
        "ref_gemeente": staging.ref_gemeente(defs),
        "ref_regio": staging.ref_regio(defs),
        "ref_regio_lidmaatschap": staging.ref_regio_lidmaatschap(defs),
        "ref_herindeling": staging.ref_herindeling(defs),
        "ref_aandachtsgroep": staging.ref_aandachtsgroep(defs),
        "ref_aandachtsgroep_woonvorm": staging.ref_aandachtsgroep_woonvorm(defs),
        "ref_woonvorm": staging.ref_woonvorm(defs),
        "ref_bron": staging.ref_bron(defs),
        "meta_invoerbestand": staging.meta_invoerbestand(loaded.files),
    }
    kwb = _concat(loaded.kwb)
    if not kwb.empty:
        tables["stg_cbs__bevolking"] = staging.stg_cbs__bevolking(kwb)
        tables["stg_cbs__kerncijfers"] = staging.stg_cbs__kerncijfers(kwb, defs)
    cbs = _concat(loaded.cbs_groepen)
    if not cbs.empty:
        tables["stg_cbs__aandachtsgroepen"] = staging.stg_cbs__aandachtsgroepen(cbs, files, defs)
    leveringen = _concat(loaded.leveringen)
    if not leveringen.empty:
        tables["stg_gemeente__aandachtsgroepen"] = staging.stg_gemeente__aandachtsgroepen(
            leveringen, files, defs
        )
    aanbod = _concat(loaded.aanbod)
    if not aanbod.empty:
        tables["stg_gemeente__aanbod"] = staging.stg_gemeente__aanbod(aanbod, files, defs)
    prognose = _concat(loaded.prognose)
    if not prognose.empty:
        tables["stg_pbl__prognose"] = staging.stg_pbl__prognose(prognose, files)
    taak = _concat(loaded.taakstelling)
    if not taak.empty:
        tables["stg_rijk__taakstelling"] = taak
    # A source a region does not have (no prognosis, no CBS 85980NED) still gets its table,
    # empty: the aggregations and the report can then rely on every stg_ table existing.
    for name in defs.tables:
        if name.startswith("stg_") and name not in tables:
            tables[name] = empty_frame(name, defs)
    return tables


def fingerprint(files: list[InputFile], defs: Definitions) -> str:
    """Return a hash of everything a build depends on: inputs, definitions, software (every
    Python and SQL file of the package, not only its version number)."""
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(defs.checksum().encode())
    package = Path(__file__).parent
    for code in sorted([*package.rglob("*.py"), *package.rglob("*.sql")]):
        digest.update(code.relative_to(package).as_posix().encode() + code.read_bytes())
    for item in files:
        digest.update(f"{item.bestand}:{item.sha256}:{item.bron_code}:{item.fictief}".encode())
    return digest.hexdigest()


def _existing_fingerprint(paths: Paths) -> str | None:
    file = paths.processed / FINGERPRINT
    if not (file.is_file() and paths.warehouse.is_file() and paths.parquet.is_dir()):
        return None
    try:
        return json.loads(file.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError):
        return None


def build(
    paths: Paths, *, bron: str = "voorbeeld", force: bool = False, progress: Progress | None = None
) -> BuildResult:
    """Build the validated tables and the warehouse from ``paths.raw``; see module docstring.

    ``bron`` chooses the CBS figures: ``voorbeeld`` (the embedded folders) or ``cbs`` (the
    newest snapshots fetched with ``woonzorg fetch cbs``).
    """
    say = progress or (lambda _message: None)
    defs = load_definitions(paths.definitions)
    say("invoer zoeken")
    files, problems = discover(paths.raw, defs, bron)
    if problems:
        raise DataError(problems)
    key = fingerprint(files, defs)
    if not force and _existing_fingerprint(paths) == key:
        return BuildResult(skipped=True, tables={}, fingerprint=key)
    loaded = load_inputs(files, defs, progress=progress)
    problems = loaded.problems + check_loaded(loaded, defs)
    if problems:
        raise DataError(problems)
    say("tabellen samenstellen")
    tables = stage(loaded, defs)
    tables["meta_build"] = pd.DataFrame(
        [
            {"sleutel": "softwareversie", "waarde": __version__},
            {"sleutel": "definitieversie", "waarde": defs.version},
            {"sleutel": "definities_sha256", "waarde": defs.checksum()},
            {"sleutel": "referentiejaar", "waarde": str(defs.referentiejaar)},
            {"sleutel": "vingerafdruk", "waarde": key},
            {"sleutel": "fictief_voorbeeld", "waarde": "ja" if any(f.fictief for f in files) else "nee"},
        ]
    )
    remove_stale(paths.processed, (SCRATCH,))
    scratch = scratch_folder(paths.processed, SCRATCH)
    try:
        written = {}
        for number, name in enumerate(sorted(tables), start=1):
            written[name] = write_table(tables[name], name, defs, scratch / PARQUET)
            if progress:
                progress("tabellen schrijven", number, len(tables))
        say("warehouse vullen")
        aggregated = warehouse.make_warehouse(scratch / PARQUET, scratch / WAREHOUSE, defs, progress=say)
        atomic_write_text(
            scratch / FINGERPRINT,
            json.dumps({"fingerprint": key, "definitieversie": defs.version}, indent=2) + "\n",
        )
        install(scratch, paths)
    finally:
        if scratch.exists():
            shutil.rmtree(scratch)
    return BuildResult(
        skipped=False,
        tables={**{name: len(frame) for name, frame in written.items()}, **aggregated},
        fingerprint=key,
        notes=tuple(loaded.notes),
    )


def install(scratch: Path, paths: Paths) -> None:
    """Move a finished build from ``scratch`` into ``paths.processed``: the Parquet folder by
    a folder swap, the warehouse and fingerprint by atomic renames."""
    swap_folder(scratch / PARQUET, paths.parquet)
    os.replace(scratch / WAREHOUSE, paths.warehouse)
    os.replace(scratch / FINGERPRINT, paths.processed / FINGERPRINT)


# --- validate: one file at a time, before it is ingested -------------------------------------


def detect_layout(path: Path) -> str:
    """Return which loader reads ``path``: kwb, cbs_aandachtsgroepen, levering, prognose,
    taakstelling; raise DataError for an unknown layout."""
    data = read_bytes_checked(path)
    if is_xlsx(data):
        return "levering"
    header = set(read_delimited(path, data).columns)
    if {"gwb_code_10", "a_inw"} <= header:
        return "kwb"
    if {"Aandachtsgroepen", "RegioS", "Perioden"} <= header:
        return "cbs_aandachtsgroepen"
    if {"gemeente_code", "variabele", "prognose"} <= header:
        return "prognose"
    if {"periode", "totaal_taakstelling"} <= header:
        return "taakstelling"
    if "gemeente_code" in header:
        return "levering"
    raise DataError(
        [
            Problem(
                display_name(path),
                "regel 1",
                "",
                "onbekende indeling: de kopregel past bij geen "
                "bekende bron (levering aandachtsgroepen of aanbod, CBS 85980NED, CBS kwb, prognose)",
                ";".join(sorted(header))[:80],
            )
        ]
    )


def validate_paths(paths_in: list[Path], defs: Definitions) -> tuple[list[Problem], list[str]]:
    """Return every problem in the given files, and a line per file that was clean."""
    problems: list[Problem] = []
    clean: list[str] = []
    for path in paths_in:
        before = len(problems)
        loaded = Loaded(files=[])
        try:
            layout = detect_layout(path)
        except DataError as error:
            problems.extend(error.problems)
            continue
        bron = {
            "kwb": cbs_kwb.BRON,
            "cbs_aandachtsgroepen": cbs_aandachtsgroepen.BRON,
            "levering": levering.BRON_AANDACHTSGROEPEN,
            "prognose": pbl_prognose.BRON,
            "taakstelling": rijk_taakstelling.BRON,
        }[layout]
        item = InputFile(path=Path(path), bron_code=bron, sha256="", fictief=False, peildata=None, rijen=None)
        if layout == "kwb":
            try:
                cbs_kwb.edition_year(path)
            except ValueError as exc:
                problems.append(Problem(item.bestand, "", "", str(exc).split(": ", 1)[-1], Path(path).name))
                continue
        loaded = load_inputs([item], defs)
        problems.extend(loaded.problems)
        problems.extend(check_loaded(loaded, defs))
        if len(problems) == before:
            rows = sum(
                len(f)
                for f in loaded.kwb
                + loaded.cbs_groepen
                + loaded.leveringen
                + loaded.aanbod
                + loaded.prognose
                + loaded.taakstelling
            )
            clean.append(f"{item.bestand}: in orde ({rows} rijen, indeling {layout})")
    return problems, clean


__all__ = ["PLAATS", "BuildResult", "Paths", "build", "validate_paths"]
