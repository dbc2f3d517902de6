"""Whether a build can be skipped, decided before anything heavy is loaded.

A build is skipped when its fingerprint (:func:`woonzorg_analyse.pipeline.fingerprint`: the
inputs as discovered, the definitions, the software) equals that of the build in place. Finding
that fingerprint means parsing the definitions and the provenance of every input, which loads
pandas and pydantic: about a second. The *invoerstempel* here is coarser and needs only hashlib:
every file of the package's code, of definitions/ and of data/raw, with the version and the
chosen CBS source. The same stamp means the same fingerprint (it covers everything the
fingerprint is made from), so an unchanged ``woonzorg build`` stops here; a changed stamp (a new
file in data/raw, say, that the build ignores) only means the full check runs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from woonzorg_analyse import __version__


def invoerstempel(paths, bron: str) -> str:
    """Return one sha256 over the software, definitions/ and data/raw (names and bytes) and ``bron``."""
    digest = hashlib.sha256(f"woonzorg-analyse {__version__}\0bron {bron}\0".encode())
    package = Path(__file__).parent
    folders = (
        ("code", package, (".py", ".sql")),
        ("definities", Path(paths.definitions), None),
        ("raw", Path(paths.raw), None),
    )
    for label, folder, suffixes in folders:
        files = sorted(
            p for p in folder.rglob("*") if p.is_file() and (suffixes is None or p.suffix in suffixes)
        )
        for file in files:
            digest.update(f"{label}:{file.relative_to(folder).as_posix()}\0".encode())
            with file.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def vorige(paths) -> dict[str, str]:
    """Return what the build in place recorded (fingerprint.json), or {} when there is no complete
    build: no record, no warehouse or no Parquet folder."""
    file = Path(paths.fingerprint)
    if not (file.is_file() and Path(paths.warehouse).is_file() and Path(paths.parquet).is_dir()):
        return {}
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def ongewijzigd(paths, bron: str) -> str | None:
    """Return the fingerprint of the build in place when its stamp equals the current one (the
    build can be skipped), else None."""
    record = vorige(paths)
    if not record.get("invoerstempel") or not record.get("fingerprint"):
        return None
    return record["fingerprint"] if record["invoerstempel"] == invoerstempel(paths, bron) else None
