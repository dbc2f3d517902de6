"""Find the raw input files, with their provenance and checksums.

Each folder under ``data/raw/`` holds one source beside a ``provenance.yaml`` that names the
source (``bron`` or ``bronnen``), whether the figures are fictitious, and the sha256 of each
file. A listed file whose checksum differs is an error (raw files are never edited); a file
that is not listed is still read, as real figures without recorded provenance. Everything else
in a source folder is an error naming it, never silently skipped: a subfolder, a pipe, a device
or a link to one, a broken link, a file over the size limit of definitions.yaml.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.definitions.models import Provenance, parse_model, read_yaml
from woonzorg_analyse.errors import DataError, DefinitionError, Problem
from woonzorg_analyse.extract.readers import check_file, display_name
from woonzorg_analyse.extract.registry import max_bytes

PROVENANCE = "provenance.yaml"
SKIPPED = {PROVENANCE, "README.md", ".gitkeep"}


@dataclass(frozen=True)
class InputFile:
    """One raw file with what its provenance says about it."""

    path: Path
    bron_code: str
    sha256: str
    fictief: bool
    peildata: str | None
    rijen: int | None
    toelichting: str = ""
    map_bronnen: tuple[str, ...] = ()  # the sources of its folder: only these may read the file

    @property
    def bestand(self) -> str:
        """The file as shown to users: its path below data/raw/."""
        return display_name(self.path)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_provenance(path: Path) -> Provenance:
    """Return a raw folder's provenance.yaml (empty when there is none); DefinitionError naming
    the file and key when its structure is wrong."""
    if not path.is_file():
        return Provenance()
    return parse_model(Provenance, read_yaml(path), display_name(path))


def _folder_bron(folder: Path, defs: Definitions) -> str | None:
    for bron in defs.bronnen.values():
        if bron.map == folder.name:
            return bron.code
    return None


def discover(raw: Path, defs: Definitions, bron: str = "voorbeeld") -> tuple[list[InputFile], list[Problem]]:
    """Return every input file the build reads and the provenance problems found.

    ``bron="voorbeeld"`` reads the embedded folders under ``raw``; ``bron="cbs"`` replaces the
    folders of the sources that have CBS snapshots (``raw/cbs/<tabel>/<datum>/``, made by
    ``woonzorg fetch cbs``) by their newest snapshot.
    """
    from woonzorg_analyse.extract.fetch.cbs_odata import input_folders

    files: list[InputFile] = []
    problems: list[Problem] = []
    if not raw.is_dir():
        return files, [Problem(str(raw), "", "", "map met invoer bestaat niet", "")]
    for folder in input_folders(raw, bron):
        meta_path = folder / PROVENANCE
        try:
            meta = read_provenance(meta_path)
        except DefinitionError as error:
            message = str(error)
            for prefix in (str(meta_path), display_name(meta_path)):
                message = message.removeprefix(prefix)
            problems.append(Problem(display_name(meta_path), "", "", message.lstrip(",: "), ""))
            continue
        bronnen = meta.bron_codes
        default_bron = bronnen[0] if bronnen else _folder_bron(folder, defs)
        if default_bron is None:
            problems.append(
                Problem(
                    display_name(folder),
                    "",
                    "",
                    "onbekende bron: geen provenance.yaml met 'bron' "
                    "en de mapnaam staat niet in definitions/bronnen.yaml",
                    folder.name,
                )
            )
            continue
        for bron_code in bronnen:
            if bron_code not in defs.bronnen:
                problems.append(Problem(display_name(meta_path), "", "bron", "onbekende bron", bron_code))
        listed = {entry.bestand: entry for entry in meta.bestanden}
        for name in sorted(listed):
            if not (folder / name).exists() and not (folder / name).is_symlink():
                problems.append(
                    Problem(
                        display_name(folder / name),
                        "",
                        "",
                        "bestand staat in provenance.yaml maar ontbreekt",
                        "",
                    )
                )
        for path in sorted(folder.iterdir()):
            if path.name in SKIPPED or path.name.startswith((".", "~$")):
                continue
            if path.is_dir() and not path.is_symlink():
                problems.append(
                    Problem(
                        display_name(path),
                        "",
                        "",
                        f"submap in een bronmap wordt niet gelezen: zet de bestanden direct in "
                        f"{display_name(folder)}/ of verplaats de submap buiten {raw.name}/",
                        "",
                    )
                )
                continue
            try:
                # a pipe, a device or a link to one would block or never end: refuse it unread
                check_file(path, max_bytes(defs))
            except DataError as error:
                problems.extend(error.problems)
                continue
            checksum = sha256_of(path)
            entry = listed.get(path.name)
            if entry is not None and entry.sha256 and entry.sha256 != checksum:
                problems.append(
                    Problem(
                        display_name(path),
                        "",
                        "",
                        "controlegetal wijkt af van provenance.yaml: het ruwe bestand is gewijzigd",
                        checksum,
                        f"provenance.yaml noemt sha256 {entry.sha256}. Ruwe bestanden worden niet "
                        "bewerkt: zet een gecorrigeerde levering als nieuw bestand in de map en "
                        "noem het in provenance.yaml; is deze wijziging toch bedoeld, zet dan het "
                        f"nieuwe controlegetal in {display_name(folder)}/provenance.yaml",
                    )
                )
            files.append(
                InputFile(
                    path=path,
                    bron_code=(entry.bron if entry and entry.bron else default_bron),
                    sha256=checksum,
                    fictief=bool(entry.fictief if entry and entry.fictief is not None else meta.fictief),
                    peildata=entry.peildatum if entry and entry.peildatum else None,
                    rijen=entry.rijen if entry else None,
                    toelichting=meta.toelichting,
                    map_bronnen=bronnen or (default_bron,),
                )
            )
    return files, problems
