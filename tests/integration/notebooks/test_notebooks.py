"""The notebooks run against a freshly built miniature warehouse, so they never rot.

Each code cell is executed in order in one namespace, as a kernel would; no Jupyter needed.
Notebooks are committed without outputs (checked here too).
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pytest

from tests.conftest import ROOT
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_root(tmp_path_factory) -> Path:
    from tests.conftest import make_mini_project

    root = make_mini_project(tmp_path_factory.mktemp("notebooks") / "project")
    build(Paths.from_root(root))
    return root


def test_there_are_notebooks_to_start_from():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_against_the_warehouse(notebook, built_root, monkeypatch):
    matplotlib.use("Agg")
    monkeypatch.setenv("WOONZORG_ROOT", str(built_root))
    monkeypatch.chdir(notebook.parent)
    namespace: dict = {"__name__": "__notebook__"}
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, start=1):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            exec(compile(source, f"{notebook.name} cel {number}", "exec"), namespace)
        except Exception as error:  # re-raise with the cell named, the assertion message kept
            raise AssertionError(f"{notebook.name}, cel {number} faalt: {error!r}") from error
    import matplotlib.pyplot as plt

    assert plt.get_fignums(), "het notebook tekent minstens één grafiek"
    plt.close("all")
