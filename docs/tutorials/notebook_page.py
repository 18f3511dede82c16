"""The docs page of the tutorial notebook: run ``notebook.ipynb``, write ``notebook.md``.

The notebook is kept in git without outputs (they would go stale); the page shows its Markdown,
its code and the text the code prints when run, so readers of the site see real results.
Figures are left out of the page (the notebook draws them; the reports show the same drawings).
``tests/test_notebook.py`` runs the notebook and checks that the page is what this script
writes. Regenerate after changing the notebook or what it prints, from the repository root::

    python docs/tutorials/notebook_page.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "notebook.ipynb"
PAGE = HERE / "notebook.md"
#: The kernel runs from the repository root, as a reader's would from a checkout.
ROOT = HERE.parent.parent
#: Seconds a cell may take before the run fails (the whole notebook takes seconds).
CELL_TIMEOUT = 600

HEADER = (
    "<!-- Generated from notebook.ipynb by docs/tutorials/notebook_page.py: edit the notebook, "
    "then run that script. -->\n"
)


def run_notebook(path: Path = NOTEBOOK):
    """The notebook at ``path`` after running every cell in a fresh kernel (an error in a cell
    raises :class:`nbclient.exceptions.CellExecutionError`)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()
    return notebook


def page_text(notebook) -> str:
    """Markdown for the site: the notebook's Markdown cells, its code in ``python`` blocks and
    the text each cell printed or returned in ``text`` blocks."""
    parts = [HEADER]
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source.strip() + "\n")
        elif cell.cell_type == "code":
            parts.append(f"```python\n{cell.source.strip()}\n```\n")
            printed = "".join(_text(output) for output in cell.get("outputs", []))
            if printed.strip():
                parts.append(f"```text\n{printed.rstrip()}\n```\n")
    return "\n".join(parts)


def _text(output) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type == "execute_result":
        return output.data.get("text/plain", "") + "\n"
    return ""  # figures and rich displays are not part of the page


if __name__ == "__main__":
    PAGE.write_text(page_text(run_notebook()), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
