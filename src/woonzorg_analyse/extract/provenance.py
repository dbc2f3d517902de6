"""Find the raw input files, with their provenance and checksums.

Each folder under ``data/raw/`` holds one source beside a ``provenance.yaml`` that names the
source (``bron`` or ``bronnen``), whether the figures are fictitious, and the sha256 of each
file. A listed file whose checksum differs is an error (raw files are never edited); a file
that is not listed is still read, as real figures without recorded provenance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import Problem
from woonzorg_analyse.extract.readers import display_name

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
        meta: dict = {}
        if meta_path.is_file():
            try:
                meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                problems.append(Problem(display_name(meta_path), "", "", f"geen geldige YAML: {exc}", ""))
                continue
        bronnen = meta.get("bronnen") or ([meta["bron"]] if meta.get("bron") else [])
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
        for bron in bronnen:
            if bron not in defs.bronnen:
                problems.append(Problem(display_name(meta_path), "", "bron", "onbekende bron", bron))
        listed = {entry["bestand"]: entry for entry in meta.get("bestanden", [])}
        for name in sorted(listed):
            if not (folder / name).is_file():
                problems.append(
                    Problem(
                        display_name(folder / name),
                        "",
                        "",
                        "bestand staat in provenance.yaml maar ontbreekt",
                        "",
                    )
                )
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            if path.name in SKIPPED or path.name.startswith((".", "~$")):
                continue
            checksum = sha256_of(path)
            entry = listed.get(path.name, {})
            if entry.get("sha256") and entry["sha256"] != checksum:
                problems.append(
                    Problem(
                        display_name(path),
                        "",
                        "",
                        "controlegetal wijkt af van provenance.yaml: het ruwe bestand is gewijzigd",
                        checksum[:12],
                    )
                )
            files.append(
                InputFile(
                    path=path,
                    bron_code=entry.get("bron", default_bron),
                    sha256=checksum,
                    fictief=bool(entry.get("fictief", meta.get("fictief", False))),
                    peildata=str(entry["peildatum"]) if entry.get("peildatum") else None,
                    rijen=entry.get("rijen"),
                    toelichting=" ".join(str(meta.get("toelichting", "")).split()),
                )
            )
    return files, problems
