"""The build: an ordered list of steps from raw files to validated tables and one warehouse.

1. discover: the raw files with their provenance and checksums (:mod:`extract.provenance`);
2. extract: every file read by the sources that recognise it (:mod:`extract.registry`);
3. validate: the rules of the definitions on each source's rows, every problem collected;
4. transform: the ``ref_`` tables from the definitions and each source's ``stg_`` tables;
5. load: every table through the choke point (:func:`load.store.write_table`) into a scratch
   folder, the DuckDB warehouse there with its SQL tiers, then swapped into place.

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

from woonzorg_analyse import __version__, memory
from woonzorg_analyse.definitions import Definitions, load_definitions
from woonzorg_analyse.errors import DataError, DefinitionError, Problem
from woonzorg_analyse.extract.provenance import InputFile, discover
from woonzorg_analyse.extract.registry import (
    GEGEVENS,
    Source,
    check_registry,
    max_bytes,
    no_rows,
    read_kop,
    recognise,
    sources,
    unrecognised,
)
from woonzorg_analyse.load.files import remove_stale, scratch_folder, swap_folder
from woonzorg_analyse.paths import FINGERPRINT, PARQUET, WAREHOUSE, Paths
from woonzorg_analyse.stempel import invoerstempel, vorige

# pandera, pyarrow and DuckDB (the schemas, the choke point, the warehouse) are imported where a
# build needs them: a build that is skipped (same fingerprint) never loads them.

Progress = Callable[..., None]
SCRATCH = ".build-"


@dataclass
class Loaded:
    """Everything the sources gave, before staging: the rows per source, problems and notes."""

    files: list[InputFile]
    frames: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def rows(self, source: Source) -> pd.DataFrame:
        """Return the rows of all files of ``source`` together (empty frame when none).

        The files' frames are joined once and kept joined: the checks and the staging each ask
        for them, and one copy of a million delivery rows is enough."""
        import pandas as pd

        frames = [f for f in self.frames.get(source.bron, []) if not f.empty]
        if len(frames) > 1:
            frames = [pd.concat(frames, ignore_index=True)]
            self.frames[source.bron] = frames
        # a shallow copy: under copy-on-write a caller that changes it changes only its own
        return frames[0].copy(deep=False) if frames else pd.DataFrame()


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    skipped: bool
    tables: dict[str, int]
    fingerprint: str
    notes: tuple[str, ...] = ()


def load_file(loaded: Loaded, path: Path, candidates: tuple[Source, ...], defs: Definitions) -> list[Source]:
    """Read one file with every source of ``candidates`` that recognises it; record its rows,
    problems and notes in ``loaded``. Returns the sources that read it as data."""
    try:
        kop = read_kop(path, max_bytes(defs))
    except DataError as error:
        loaded.problems.extend(error.problems)
        return []
    found = recognise(kop, candidates)
    if not found:
        loaded.problems.append(unrecognised(kop, candidates))
        return []
    readers = [source for source, role in found if role == GEGEVENS]
    rows, failed = 0, False
    for source in readers:
        try:
            frame = source.load(path, defs)
        except DataError as error:
            loaded.problems.extend(error.problems)
            frame, failed = error.partial, True  # the readable rows, so every other rule is still checked
        if frame is not None:
            rows += len(frame)
            loaded.notes.extend(frame.attrs.pop("opmerkingen", []))
            loaded.frames.setdefault(source.bron, []).append(frame)
    if readers and not rows and not failed:
        loaded.problems.append(no_rows(kop, readers))
    return readers


def load_inputs(files: list[InputFile], defs: Definitions, progress: Progress | None = None) -> Loaded:
    """Return every file read by the sources of its folder, with all problems.

    ``progress(message, done, total)`` is told after each file. A file in a source folder that
    no source of that folder recognises is an error naming it.
    """
    loaded = Loaded(files=files)
    for number, item in enumerate(files, start=1):
        if progress:
            progress("bronnen laden", number, len(files))
        candidates = tuple(s for s in sources() if s.bron in item.map_bronnen)
        load_file(loaded, item.path, candidates, defs)
    return loaded


def check_loaded(loaded: Loaded, defs: Definitions, inwoners: pd.DataFrame | None = None) -> list[Problem]:
    """Return the problems of each source's rows together (rules that span files included), and
    every count above the inhabitants of its gemeente.

    ``inwoners`` (gemeente_code, peildatum, inwoners) defaults to the rows of the source that
    definitions.yaml names as ``inwoners_bron``, when this build read it.
    """
    from woonzorg_analyse.validate.rules import check_plausible

    problems: list[Problem] = []
    for source in sources():
        rows = loaded.rows(source)
        if not rows.empty:
            problems += source.check(rows, defs)
            memory.release()
    if inwoners is None:
        inwoners = next(
            (loaded.rows(s) for s in sources() if s.bron == defs.instellingen.inwoners_bron), None
        )
    if inwoners is not None and not inwoners.empty:
        for source in sources():
            problems += check_plausible(loaded.rows(source), inwoners)
    return problems


def stage(loaded: Loaded, defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return every table to write, by name: the ref_ tables of the definitions, each source's
    stg_ tables, meta_invoerbestand and meta_invoerbestand_gemeente."""
    from woonzorg_analyse.definitions.schemas import empty_frame
    from woonzorg_analyse.transform import staging

    files = {f.bestand: f for f in loaded.files}
    # which files a region's report names: from the rows as loaded, before harmonising merges them
    gemeenten = staging.meta_invoerbestand_gemeente({s.tabellen: loaded.rows(s) for s in sources()})
    tables: dict[str, pd.DataFrame] = {
        "ref_gemeente": staging.ref_gemeente(defs),
        "ref_regio_lidmaatschap": staging.ref_regio_lidmaatschap(defs),
        "ref_herindeling": staging.ref_herindeling(defs),
        "ref_aandachtsgroep": staging.ref_aandachtsgroep(defs),
        "ref_aandachtsgroep_woonvorm": staging.ref_aandachtsgroep_woonvorm(defs),
        "ref_woonvorm": staging.ref_woonvorm(defs),
        "ref_bron": staging.ref_bron(defs),
        "meta_invoerbestand": staging.meta_invoerbestand(loaded.files),
    }
    for source in sources():
        rows = loaded.rows(source)
        if not rows.empty:
            tables.update(source.stage(rows, files, defs))
            memory.release()
    # A source a region does not have (no prognosis, no CBS 85980NED) still gets its table,
    # empty: the aggregations and the report can then rely on every stg_ table existing.
    for name in defs.tables:
        if name.startswith("stg_") and name not in tables:
            tables[name] = empty_frame(name, defs)
    # The user's own regions (regios/regios.csv) join the register of regions, so that every
    # command and report knows them like those of definitions/regios; their memberships join
    # in sql/int/int__regio_gemeente.sql.
    tables["ref_regio"] = staging.ref_regio(defs, tables["stg_eigen__regio_gemeente"])
    tables["meta_invoerbestand_gemeente"] = gemeenten
    return tables


def programma(defs: Definitions) -> str:
    """Return a hash of the software (every Python and SQL file of the package, not only its
    version number) and the definitions: what a build computes with, apart from its inputs."""
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(defs.checksum().encode())
    package = Path(__file__).parent
    for code in sorted([*package.rglob("*.py"), *package.rglob("*.sql")]):
        digest.update(code.relative_to(package).as_posix().encode() + code.read_bytes())
    return digest.hexdigest()


def fingerprint(files: list[InputFile], basis: str) -> str:
    """Return a hash of everything a build depends on: the software and definitions (``basis``,
    :func:`programma`) and every input file."""
    digest = hashlib.sha256(basis.encode())
    for item in files:
        digest.update(f"{item.bestand}:{item.sha256}:{item.bron_code}:{item.fictief}".encode())
    return digest.hexdigest()


def _existing_fingerprint(paths: Paths) -> str | None:
    return vorige(paths).get("fingerprint")


def build(
    paths: Paths, *, bron: str = "voorbeeld", force: bool = False, progress: Progress | None = None
) -> BuildResult:
    """Build the validated tables and the warehouse from ``paths.raw``; see module docstring.

    ``bron`` chooses the CBS figures: ``voorbeeld`` (the embedded folders) or ``cbs`` (the
    newest snapshots fetched with ``woonzorg fetch cbs``).
    """
    say = progress or (lambda _message: None)
    stamp = invoerstempel(paths, bron)
    if (
        not force
        and (previous := vorige(paths)).get("invoerstempel") == stamp
        and previous.get("fingerprint")
    ):
        return BuildResult(skipped=True, tables={}, fingerprint=previous["fingerprint"])
    defs = load_definitions(paths.definitions)
    missing = check_registry(defs)
    if missing:
        raise DefinitionError(f"bronnen.yaml: bron {', '.join(missing)} van een bronmodule ontbreekt")
    say("invoer zoeken")
    files, problems = discover(paths.raw, defs, bron)
    if problems:
        raise DataError(problems)
    basis = programma(defs)
    key = fingerprint(files, basis)
    if not force and _existing_fingerprint(paths) == key:
        return BuildResult(skipped=True, tables={}, fingerprint=key)
    loaded = load_inputs(files, defs, progress=progress)
    problems = loaded.problems + check_loaded(loaded, defs)
    if problems:
        raise DataError(problems)
    say("tabellen samenstellen")
    notes = tuple(loaded.notes)
    tables = stage(loaded, defs)
    del loaded  # the raw rows: staged now (with 100x the deliveries they hold a gigabyte)
    memory.release()
    tables["meta_build"] = pd.DataFrame(
        [
            {"sleutel": "softwareversie", "waarde": __version__},
            {"sleutel": "definitieversie", "waarde": defs.version},
            {"sleutel": "definities_sha256", "waarde": defs.checksum()},
            {"sleutel": "referentiejaar", "waarde": str(defs.referentiejaar)},
            {"sleutel": "vingerafdruk", "waarde": key},
            {"sleutel": "programma_sha256", "waarde": basis},
            {"sleutel": "fictief_voorbeeld", "waarde": "ja" if any(f.fictief for f in files) else "nee"},
        ]
    )
    from woonzorg_analyse.load import warehouse
    from woonzorg_analyse.load.store import write_table

    remove_stale(paths.processed, (SCRATCH,))
    scratch = scratch_folder(paths.processed, SCRATCH)
    try:
        written: dict[str, int] = {}
        names = sorted(tables)
        for number, name in enumerate(names, start=1):
            # each frame is let go once written: the warehouse reads the Parquet, and DuckDB's
            # aggregations then have the memory the frames held
            written[name] = len(write_table(tables.pop(name), name, defs, scratch / PARQUET))
            if progress:
                progress("tabellen schrijven", number, len(names))
        memory.release()  # what writing the frames took: DuckDB's aggregations come on top of it
        say("warehouse vullen")
        aggregated = warehouse.make_warehouse(scratch / PARQUET, scratch / WAREHOUSE, defs, progress=say)
        (scratch / FINGERPRINT).write_text(
            json.dumps(
                {"fingerprint": key, "definitieversie": defs.version, "invoerstempel": stamp}, indent=2
            )
            + "\n",
            encoding="utf-8",
        )
        install(scratch, paths)
    finally:
        if scratch.exists():
            shutil.rmtree(scratch)
    return BuildResult(
        skipped=False,
        tables={**written, **aggregated},
        fingerprint=key,
        notes=notes,
    )


def install(scratch: Path, paths: Paths) -> None:
    """Move a finished build from ``scratch`` into ``paths.processed``: the Parquet folder by
    a folder swap, the warehouse and fingerprint by atomic renames."""
    swap_folder(scratch / PARQUET, paths.parquet)
    os.replace(scratch / WAREHOUSE, paths.warehouse)
    os.replace(scratch / FINGERPRINT, paths.fingerprint)


__all__ = ["BuildResult", "Loaded", "build", "check_loaded", "load_file", "load_inputs", "stage"]
