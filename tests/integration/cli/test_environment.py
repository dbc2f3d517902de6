"""The user's environment (issue 11): a folder that cannot be written and a full disk are a Dutch
message naming the path with exit code 4, never "Interne fout"; nothing is half written. What a
killed report leaves is cleaned by the next one.

The tests run as any user: a read-only folder is also simulated (root may write anywhere), the
full disk always is (the write raises OSError ENOSPC, as the kernel does).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import copy_project
from woonzorg_analyse.cli import run
from woonzorg_analyse.paths import Paths

NOTHING_WRITTEN = "Er is niets geschreven; {} is ongewijzigd."


def tree_digest(folder: Path) -> dict[str, str]:
    """Every entry below ``folder`` (hidden ones included) with the sha256 of a file's bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "map"
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def built_template(mini_built, tmp_path_factory) -> Path:
    root = copy_project(mini_built, tmp_path_factory.mktemp("omgeving") / "project")
    assert run(["--quiet", "report", "--root", str(root), "--regio", "KL07"]) == 0
    return root


@pytest.fixture
def project(built_template, tmp_path) -> Paths:
    """A built mini project with the report of KL07, fresh for each test."""
    root = tmp_path / "project"
    shutil.copytree(built_template, root, symlinks=True)
    return Paths.from_root(root)


def refuse_folders(monkeypatch, code: int) -> None:
    """Make creating a scratch folder fail as on a folder the user may not write (EACCES) or on a
    read-only disk (EROFS)."""

    def refused(*args, dir=None, **kwargs):
        raise OSError(code, os.strerror(code), str(Path(dir) / ".scratch"))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            errno.EACCES,
            "geen toegang tot {}: deze gebruiker mag daar niet schrijven (of lezen); kies een map waarin u "
            "mag schrijven of vraag de beheerder om rechten",
        ),
        (
            errno.EROFS,
            "{} ligt op een schijf die alleen gelezen kan worden; kies een map op een schrijfbare schijf",
        ),
    ],
    ids=["geen-rechten", "alleen-lezen"],
)
def test_a_read_only_output_folder_is_named_with_exit_4(project, monkeypatch, capsys, code, message):
    before = tree_digest(project.processed)
    refuse_folders(monkeypatch, code)
    assert run(["build", "--root", str(project.root), "--force"]) == 4
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "FOUT  " + message.format(project.processed),
        NOTHING_WRITTEN.format(project.processed),
    ]
    assert tree_digest(project.processed) == before


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root schrijft overal; setpriv ontbreekt"
)
def test_a_really_read_only_output_folder_is_named_with_exit_4(project):
    """The real thing: a folder without write permission. Root may write anywhere, so as root the
    command runs as the unprivileged user nobody (setpriv), on a copy nobody can read."""
    base = Path(tempfile.mkdtemp())
    try:
        base.chmod(0o755)
        root = base / "project"
        shutil.copytree(project.root, root, symlinks=True)
        processed = root / "data" / "processed"
        before = tree_digest(processed)
        processed.chmod(0o555)
        command = [sys.executable, "-c", "import sys; from woonzorg_analyse.cli import run; sys.exit(run())"]
        if os.geteuid() == 0:
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
            # a checkout inside a folder only root may enter (mktemp -d makes one) keeps nobody out
            # of the virtual environment itself: then there is nothing to test here
            probe = subprocess.run(
                [*command[:-2], "-c", "import woonzorg_analyse"], capture_output=True, check=False
            )
            if probe.returncode != 0:
                pytest.skip("de gebruiker nobody kan de virtuele omgeving van deze checkout niet lezen")
        done = subprocess.run(
            [*command, "build", "--root", str(root), "--force"],
            capture_output=True,
            text=True,
            env={**os.environ, "HOME": str(base)},
            check=False,
        )
        processed.chmod(0o755)
        assert done.returncode == 4, done.stderr
        assert done.stderr.splitlines() == [
            f"FOUT  geen toegang tot {processed}: deze gebruiker mag daar niet schrijven (of lezen); kies een "
            "map waarin u mag schrijven of vraag de beheerder om rechten",
            NOTHING_WRITTEN.format(processed),
        ]
        assert tree_digest(processed) == before
    finally:
        shutil.rmtree(base)


def test_a_full_disk_while_writing_tables_is_named_with_exit_4(project, monkeypatch, capsys):
    import pyarrow.parquet

    before = tree_digest(project.processed)

    def full(table, where, **kwargs):
        Path(where).write_bytes(b"PAR1 half")  # a part is written, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pyarrow.parquet, "write_table", full)
    assert run(["build", "--root", str(project.root), "--force"]) == 4
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"FOUT  de schijf is vol bij het schrijven van {project.processed}; maak ruimte vrij of kies een map "
        "op een andere schijf, en probeer het opnieuw",
        NOTHING_WRITTEN.format(project.processed),
    ]
    assert "Interne fout" not in err
    assert tree_digest(project.processed) == before  # no half file, no scratch folder


def test_a_full_disk_in_duckdb_is_named_with_exit_4(project, monkeypatch, capsys):
    import duckdb

    from woonzorg_analyse.load import warehouse

    before = tree_digest(project.processed)

    def full(parquet, target, defs, progress=None):
        raise duckdb.IOException(f'IO Error: Could not write file "{target}": No space left on device')

    monkeypatch.setattr(warehouse, "make_warehouse", full)
    assert run(["build", "--root", str(project.root), "--force"]) == 4
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        f"FOUT  de schijf is vol bij het schrijven van {project.processed}; maak ruimte vrij of kies een map "
        "op een andere schijf, en probeer het opnieuw"
    )
    assert tree_digest(project.processed) == before


def test_a_first_build_that_fails_says_nothing_was_made(project, monkeypatch, capsys):
    """Without earlier outputs the closing line does not call the output folder unchanged: it
    says there are no tables yet, and there are none."""
    import duckdb

    from woonzorg_analyse.load import warehouse

    shutil.rmtree(project.processed)

    def full(parquet, target, defs, progress=None):
        raise duckdb.IOException(f'IO Error: Could not write file "{target}": No space left on device')

    monkeypatch.setattr(warehouse, "make_warehouse", full)
    assert run(["build", "--root", str(project.root)]) == 4
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"Er is niets geschreven; {project.processed} bevat nog geen tabellen."
    assert not list(project.processed.rglob("*"))


def test_a_read_only_reports_folder_is_named_and_the_reports_stay(project, monkeypatch, capsys):
    before = tree_digest(project.reports)
    refuse_folders(monkeypatch, errno.EACCES)
    assert run(["report", "--root", str(project.root), "--regio", "KL07", "--force"]) == 4
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"FOUT  geen toegang tot {project.reports / 'koploperregio'}: deze gebruiker mag daar niet schrijven "
        "(of lezen); kies een map waarin u mag schrijven of vraag de beheerder om rechten",
        "De vorige rapporten zijn ongewijzigd.",
    ]
    assert tree_digest(project.reports) == before


def test_a_full_disk_while_writing_a_report_leaves_the_previous_one(project, monkeypatch, capsys):
    before = tree_digest(project.reports)
    write_bytes = Path.write_bytes

    def full(self, data):
        if self.suffix == ".pdf":
            write_bytes(self, data[:100])
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    assert run(["report", "--root", str(project.root), "--regio", "KL07", "--force"]) == 4
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"FOUT  de schijf is vol bij het schrijven van {project.reports / 'koploperregio'}; maak ruimte vrij of "
        "kies een map op een andere schijf, en probeer het opnieuw",
        "De vorige rapporten zijn ongewijzigd.",
    ]
    assert tree_digest(project.reports) == before


def test_the_scratch_folder_of_a_killed_report_is_removed_by_the_next(project):
    from tests.integration.pipeline.test_build import _dead_pid

    folder = project.reports / "koploperregio"
    killed = folder / f".KL07.{_dead_pid()}-abc123"
    (killed / "figuren").mkdir(parents=True)
    (killed / "bouwstenennotitie.pdf").write_bytes(b"%PDF half")
    assert run(["--quiet", "report", "--root", str(project.root), "--regio", "KL07", "--force"]) == 0
    assert not killed.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["KL07"]
    assert stat.S_IMODE((folder / "KL07").stat().st_mode) == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
