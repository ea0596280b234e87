"""The notebooks run top to bottom, headless, render their plots, and are stored without outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01-jinju-mission.ipynb", "02-what-if.ipynb"]
PLOTS = {"01-jinju-mission.ipynb": 3, "02-what-if.ipynb": 3}


def test_every_notebook_is_listed_and_stored_without_outputs() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    for name in NAMES:
        cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code), name


@pytest.mark.parametrize("name", NAMES)
def test_a_notebook_runs_and_renders_its_plots(name: str) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= PLOTS[name]
    assert any("text/html" in o.get("data", {}) for o in outputs)  # the tables
