"""Environment failures are told from defects: a missing permission, a read-only or full disk is
an OmgevingError (exit code 4) naming the path the user knows, not a temporary name."""

from __future__ import annotations

import errno

import duckdb
import pytest

from woonzorg_analyse.errors import OmgevingError
from woonzorg_analyse.load.files import atomic_write_text, environment_error, swap_folder


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            PermissionError(
                errno.EACCES, "Permission denied", "/data/processed/.build-12-ab3/parquet/x.parquet"
            ),
            "geen toegang tot /data/processed: deze gebruiker mag daar niet schrijven (of lezen); kies een map "
            "waarin u mag schrijven of vraag de beheerder om rechten",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/mnt/usb/reports/koploperregio/.KL07.99-x1/a.pdf"),
            "/mnt/usb/reports/koploperregio ligt op een schijf die alleen gelezen kan worden; kies een map op "
            "een schrijfbare schijf",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device", "/data/reports/index.html"),
            "de schijf is vol bij het schrijven van /data/reports/index.html; maak ruimte vrij of kies een map "
            "op een andere schijf, en probeer het opnieuw",
        ),
        (
            OSError("[Errno 28] Error writing bytes to file. Detail: [errno 28] No space left on device"),
            "de schijf is vol bij het schrijven van /fallback; maak ruimte vrij of kies een map op een andere "
            "schijf, en probeer het opnieuw",
        ),
        (
            duckdb.IOException(
                'IO Error: Could not write file "/data/processed/.build-7-zz/warehouse.duckdb": '
                "No space left on device"
            ),
            "de schijf is vol bij het schrijven van /data/processed; maak ruimte vrij of kies een map op een "
            "andere schijf, en probeer het opnieuw",
        ),
    ],
    ids=["geen-rechten", "alleen-lezen", "vol", "arrow-zonder-errno", "duckdb"],
)
def test_environment_failures_name_the_path(error, expected):
    translated = environment_error(error, fallback="/fallback")
    assert isinstance(translated, OmgevingError) and translated.exit_code == 4
    assert str(translated) == expected


def test_other_errors_are_no_environment_failures():
    assert environment_error(ValueError("Permission denied")) is None
    assert environment_error(OSError(errno.ENOENT, "No such file or directory", "/x")) is None
    assert environment_error(duckdb.CatalogException("Table with name x does not exist")) is None


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "index.html"
    target.write_text("oud", encoding="utf-8")

    def full(self, data, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(type(target), "write_bytes", full)
    with pytest.raises(OmgevingError, match=f"de schijf is vol bij het schrijven van {target};"):
        atomic_write_text(target, "nieuw")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_a_failed_folder_swap_puts_the_previous_folder_back(tmp_path, monkeypatch):
    import os

    target, new = tmp_path / "KL07", tmp_path / ".KL07.1-new"
    target.mkdir()
    (target / "oud.txt").write_text("oud", encoding="utf-8")
    new.mkdir()
    replace = os.replace

    def refuse_new(source, destination):
        if str(source) == str(new):
            raise OSError(errno.EROFS, "Read-only file system", str(destination))
        return replace(source, destination)

    monkeypatch.setattr(os, "replace", refuse_new)
    with pytest.raises(OmgevingError, match="alleen gelezen"):
        swap_folder(new, target)
    assert (target / "oud.txt").read_text(encoding="utf-8") == "oud"
