"""The notebooks run against a freshly built miniature warehouse, so they never rot.

Each code cell is executed in order in one namespace, as a kernel would; no Jupyter needed.
After each cell the open figures are drawn to PNG and closed, as Jupyter's inline backend
does, so the test sees which cells show a chart: exactly the cells tagged ``grafiek``. The
notebooks must not choose a matplotlib backend (``matplotlib.use("Agg")`` hid every chart in
Jupyter). Notebooks are committed without outputs (checked here too).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import matplotlib
import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHART = "grafiek"  # the tag of a cell that draws a chart
PNG = b"\x89PNG\r\n\x1a\n"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_root(mini_built) -> Path:
    return mini_built


@pytest.fixture
def headless_backend():
    """A non-interactive backend that no notebook would choose itself, restored afterwards."""
    previous = matplotlib.get_backend()
    matplotlib.use("svg", force=True)
    yield "svg"
    import matplotlib.pyplot as plt

    plt.close("all")
    matplotlib.use(previous, force=True)


def code_cells(notebook: Path) -> list[tuple[int, dict]]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [(number, cell) for number, cell in enumerate(cells, start=1) if cell["cell_type"] == "code"]


def test_there_are_notebooks_to_start_from():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(notebook):
    for _, cell in code_cells(notebook):
        assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_leaves_the_backend_to_jupyter(notebook):
    for number, cell in code_cells(notebook):
        source = "".join(cell["source"])
        for forbidden in ("matplotlib.use(", "switch_backend(", "%matplotlib"):
            assert forbidden not in source, (
                f"{notebook.name}, cel {number}: {forbidden} verbergt de grafieken"
            )


def images(plt) -> list[bytes]:
    """Return every open figure as PNG (as the inline backend shows it) and close them."""
    shown = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        drawn = [ax for ax in figure.axes if ax.lines or ax.patches or ax.collections]
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        if drawn:
            shown.append(buffer.getvalue())
    plt.close("all")
    return shown


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_every_chart_cell_shows_a_chart(
    notebook, built_root, monkeypatch, headless_backend
):
    import matplotlib.pyplot as plt

    monkeypatch.setenv("WOONZORG_ROOT", str(built_root))
    monkeypatch.chdir(notebook.parent)
    namespace: dict = {"__name__": "__notebook__"}
    charts: dict[int, list[bytes]] = {}
    for number, cell in code_cells(notebook):
        source = "".join(cell["source"])
        try:
            exec(compile(source, f"{notebook.name} cel {number}", "exec"), namespace)
        except Exception as error:  # re-raise with the cell named, the assertion message kept
            raise AssertionError(f"{notebook.name}, cel {number} faalt: {error!r}") from error
        shown = images(plt)
        if shown:
            charts[number] = shown
    tagged = {number for number, cell in code_cells(notebook) if CHART in cell["metadata"].get("tags", [])}
    assert tagged, f"{notebook.name} heeft geen cel met tag '{CHART}'"
    assert set(charts) == tagged, (
        f"cellen met een grafiek {sorted(charts)}, met tag '{CHART}' {sorted(tagged)}"
    )
    for number, pictures in charts.items():
        assert len(pictures) == 1, f"cel {number} tekent {len(pictures)} grafieken"
        assert pictures[0].startswith(PNG) and len(pictures[0]) > 10_000, f"cel {number}: lege afbeelding"
    assert matplotlib.get_backend() == headless_backend, "het notebook koos zelf een backend"
