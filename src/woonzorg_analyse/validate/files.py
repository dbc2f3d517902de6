"""``woonzorg validate``: check loose files before they go into a build.

Each file is recognised by the same source registry the build uses (by its content: the header
of a text file, the sheets of a workbook), read by every source that recognises it, and checked
against the rules of that source. A file that no source recognises is an error naming it.

Counts per gemeente are bounded by the gemeente's inhabitants (``inwoners_bron`` of
definitions.yaml). At validate time these come from that source's folder in the project's
``data/raw`` (the files the build reads); without that folder the bound is not checked here,
only in the build.

Beside the problems, a loader may leave lines for the reader in ``frame.attrs["overzicht"]``
(a delivery names the groups it did not deliver); they are printed per file, errors or not,
and are never problems themselves.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.extract.provenance import SKIPPED
from woonzorg_analyse.extract.readers import display_name
from woonzorg_analyse.extract.registry import BIJLAGE, max_bytes, read_kop, recognise, sources, unrecognised

OVERZICHT = "overzicht"  # frame.attrs key of the lines a loader leaves for the reader


def reference_inwoners(raw: Path | None, defs: Definitions) -> pd.DataFrame | None:
    """Return the inhabitants that bound counts at validate time: the rows of the source named
    ``inwoners_bron`` in definitions.yaml, read from its folder in ``raw``; None when absent."""
    from woonzorg_analyse.pipeline import Loaded, load_file

    code = defs.instellingen.inwoners_bron
    source = next((s for s in sources() if s.bron == code), None)
    if raw is None or source is None:
        return None
    folder = Path(raw) / defs.bronnen[source.bron].map
    if not folder.is_dir():
        return None
    loaded = Loaded(files=[])
    for path in sorted(folder.iterdir()):
        if path.name not in SKIPPED and not path.name.startswith((".", "~$")) and path.is_file():
            load_file(loaded, path, (source,), defs)
    rows = loaded.rows(source)
    return None if rows.empty else rows


def validate_paths(
    paths: list[Path], defs: Definitions, raw: Path | None = None
) -> tuple[list[Problem], list[str]]:
    """Return every problem in the given files, and the lines to show beside them: one per
    file that was clean, and the overview lines of each file's loaders (what was not delivered).

    ``raw`` is the project's data/raw folder, where the inhabitants that bound a count are read.
    """
    from woonzorg_analyse.pipeline import Loaded, check_loaded, load_file

    problems: list[Problem] = []
    clean: list[str] = []
    inwoners = reference_inwoners(raw, defs)
    for path in paths:
        loaded = Loaded(files=[])
        try:
            kop = read_kop(Path(path), max_bytes(defs))
        except DataError as error:
            problems.extend(error.problems)
            continue
        found = recognise(kop)
        if not found:
            problems.append(unrecognised(kop))
            continue
        readers = load_file(loaded, Path(path), tuple(s for s, _ in found), defs)
        found_problems = loaded.problems + check_loaded(loaded, defs, inwoners)
        problems.extend(found_problems)
        overzicht = list(
            dict.fromkeys(  # two sources of one workbook may say the same about it
                f"{display_name(path)}: {line}"
                for frames in loaded.frames.values()
                for frame in frames
                for line in frame.attrs.get(OVERZICHT, [])
            )
        )
        if found_problems:
            clean.extend(overzicht)
            continue
        if not readers:
            names = ", ".join(s.naam for s, role in found if role == BIJLAGE)
            clean.append(f"{display_name(path)}: in orde (bijlage bij {names})")
            continue
        rows = sum(len(loaded.rows(source)) for source in readers)
        noun = "rij" if rows == 1 else "rijen"
        clean.append(f"{display_name(path)}: in orde ({rows} {noun}, {' en '.join(s.naam for s in readers)})")
        clean.extend(overzicht)
    return problems, clean
