"""Writing files so that nothing is ever half-written: the one implementation of atomic writes.

- :func:`atomic_write` writes through a temporary file in the target's folder and renames it
  into place (a rename within one file system is atomic): a reader sees the old file or the new
  one, never a part.
- :func:`scratch_folder` and :func:`swap_folder` do the same for a whole folder: build it beside
  the target, then swap it in with two renames; the old one is removed last.
- :func:`remove_stale` cleans scratch folders that a killed run left behind.
- :func:`environment_error` tells a failure of the user's environment (no permission to write,
  a read-only or full disk) from a defect, with a Dutch message naming the path (exit code 4);
  the writers here raise it, so a failed write leaves the previous file or folder in place.

Files and folders get the permissions the user's umask gives a new file (0644 / 0755 by
default), not the 0600 / 0700 of a temporary file, so that colleagues on a shared drive or a
web server can read the reports.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from woonzorg_analyse.errors import OmgevingError

STALE_AFTER_S = 3600.0  # a scratch folder older than this belongs to a run that was killed


# What the environment can refuse, by errno, and the text by which errors without an errno
# (DuckDB, Arrow) say it.
_TOEGANG = "geen toegang tot {pad}: deze gebruiker mag daar niet schrijven (of lezen)"
_ALLEEN_LEZEN = "{pad} ligt op een schijf die alleen gelezen kan worden"
_VOL = "de schijf is vol bij het schrijven van {pad}"
REASONS = {
    errno.EACCES: _TOEGANG,
    errno.EPERM: _TOEGANG,
    errno.EROFS: _ALLEEN_LEZEN,
    errno.ENOSPC: _VOL,
    errno.EDQUOT: _VOL,
}
TEXTS = (
    ("No space left on device", errno.ENOSPC),
    ("Disk quota exceeded", errno.EDQUOT),
    ("Read-only file system", errno.EROFS),
    ("Permission denied", errno.EACCES),
)
ADVICE = {
    _TOEGANG: "kies een map waarin u mag schrijven of vraag de beheerder om rechten",
    _ALLEEN_LEZEN: "kies een map op een schrijfbare schijf",
    _VOL: "maak ruimte vrij of kies een map op een andere schijf, en probeer het opnieuw",
}
# scratch and temporary names of this module: a message names the folder they are in
_SCRATCH = re.compile(r"^\.(build-\d+-.*|.+\.\d+-.*|.+\.old-\d+|.+\.tmp)$")


def _shown(path: str | os.PathLike) -> str:
    """Return ``path`` as a message names it: up to the folder of a scratch or temporary name."""
    parts = Path(path).parts
    for index, part in enumerate(parts):
        if _SCRATCH.match(part):
            return str(Path(*parts[:index])) if index else str(path)
    return str(path)


def environment_error(
    error: BaseException, path: str | os.PathLike | None = None, fallback: str | os.PathLike | None = None
) -> OmgevingError | None:
    """Return the environment error that ``error`` is, or None when it is something else.

    An OSError (or a DuckDB or Arrow error saying the same) for a missing permission, a read-only
    disk or a full disk is the user's environment, not a defect. The message names ``path``, else
    the file the error names, else ``fallback``.
    """
    if isinstance(error, OmgevingError):
        return error
    code = error.errno if isinstance(error, OSError) else None
    if code not in REASONS:
        if not (isinstance(error, OSError) or type(error).__module__.split(".")[0] in ("duckdb", "_duckdb")):
            return None
        code = next((c for text, c in TEXTS if text in str(error)), None)
        if code is None:
            return None
    own = getattr(error, "filename", None)
    if own is None:
        quoted = re.search(r'"(/[^"]+)"', str(error))
        own = quoted.group(1) if quoted else None
    where = path if path is not None else own if own is not None else fallback
    reason = REASONS[code]
    return OmgevingError(f"{reason.format(pad=_shown(where) if where else 'een map')}; {ADVICE[reason]}")


@contextmanager
def environment(path: str | os.PathLike | None = None) -> Iterator[None]:
    """Turn an environment failure inside the block into an :class:`OmgevingError` naming ``path``."""
    try:
        yield
    except Exception as exc:
        translated = environment_error(exc, path)
        if translated is None or translated is exc:
            raise
        raise translated from exc


def current_umask() -> int:
    """Return the process umask (without changing it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def set_default_permissions(path: Path, folder: bool = False) -> None:
    """Give ``path`` the permissions of a newly created file or folder under the umask."""
    os.chmod(path, (0o777 if folder else 0o666) & ~current_umask())


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` by calling ``write(temporary_path)``, then renaming the result into place.

    On any error the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    with environment(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(handle)
        temporary = Path(name)
        try:
            write(temporary)
            set_default_permissions(temporary)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    atomic_write(path, lambda temporary: temporary.write_bytes(data))


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def scratch_folder(parent: Path, prefix: str) -> Path:
    """Return a new empty folder in ``parent`` to build outputs in before swapping them in.

    Its name is ``<prefix><pid>-<random>`` (hidden when ``prefix`` starts with a dot), so that a
    later run can tell the scratch folder of a killed run (:func:`remove_stale`) from one in use.
    """
    parent = Path(parent)
    with environment(parent):
        parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=parent, prefix=f"{prefix}{os.getpid()}-"))
        set_default_permissions(folder, folder=True)
    return folder


def swap_folder(new: Path, target: Path) -> None:
    """Replace folder ``target`` by ``new`` with two renames; the old one is removed last."""
    new, target = Path(new), Path(target)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    with environment(target):
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            os.replace(target, old)
        try:
            os.replace(new, target)
        except BaseException:
            if old.exists() and not target.exists():
                os.replace(old, target)  # put the previous folder back
            raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(parent: Path, prefixes: tuple[str, ...], older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove what killed runs left in ``parent`` and return it: entries whose name starts with
    one of ``prefixes`` and whose process (the number after the prefix) no longer runs, or,
    without a process number, that were not touched for ``older_than_s`` seconds."""
    parent = Path(parent)
    if not parent.is_dir():
        return []
    removed = []
    for item in sorted(parent.iterdir()):
        prefix = next((p for p in prefixes if item.name.startswith(p)), None)
        if prefix is None:
            continue
        number = re.search(r"\d+", item.name[len(prefix) :])
        try:
            if number:
                if int(number.group()) == os.getpid() or _alive(int(number.group())):
                    continue
            elif item.lstat().st_mtime > time.time() - older_than_s:
                continue
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item)
            else:
                item.unlink()
            removed.append(item)
        except OSError:
            continue
    return removed
