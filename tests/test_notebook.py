"""The tutorial notebook runs from top to bottom, is kept without outputs, and its docs page is
what it prints now (``python docs/tutorials/notebook_page.py`` regenerates the page)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "tutorials" / "notebook_page.py"


def _page_module():
    spec = importlib.util.spec_from_file_location("notebook_page", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


page = _page_module()


@pytest.fixture(scope="module")
def executed():
    # Raises CellExecutionError, naming the cell, when any cell fails.
    return page.run_notebook()


def test_the_committed_notebook_has_no_outputs_to_go_stale():
    notebook = nbformat.read(page.NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


def test_the_notebook_draws_its_three_figures(executed):
    images = [
        output
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    ]
    assert len(images) == 3  # outcomes along G, regions over L and G, tornado
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_the_docs_page_is_current(executed):
    expected = page.page_text(executed)
    assert page.PAGE.read_text(encoding="utf-8") == expected, (
        "docs/tutorials/notebook.md is out of date: run python docs/tutorials/notebook_page.py"
    )
    assert "guarantees past 55/183: only ceasefires -> holds" in expected
