"""The example notebooks run from top to bottom, and their saved outputs are still true.

Each notebook in ``examples/`` is executed with nbclient in a fresh ``python3`` kernel (the
running interpreter when ipykernel is installed), from ``examples/`` so that it finds its data
files. A cell that raises fails the test; so does a Python warning printed by a cell, and a
saved text output that the notebook no longer produces (pictures are not compared: their bytes
depend on the matplotlib and FreeType versions).

To execute the notebooks again and save their new outputs, run this file:
``python tests/test_notebooks.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
#: Seconds one cell may take; the slowest draws a map in about a second.
CELL_TIMEOUT = 120
# Of a result's forms, the one compared with the saved notebook: HTML where there is one (what
# a reader sees), else plain text; never pictures, whose bytes differ between platforms.
_TEXT_KINDS = ("text/html", "text/plain")

_MISSING = [
    name for name in ("nbclient", "nbformat", "ipykernel") if not importlib.util.find_spec(name)
]
pytestmark = pytest.mark.skipif(
    bool(_MISSING), reason=f"executing notebooks needs {', '.join(_MISSING)} (the test extra)"
)


def read(path: Path) -> Any:
    """The notebook at ``path``, as nbformat version 4."""
    import nbformat

    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def execute(path: Path) -> Any:
    """Run the notebook at ``path`` in a new kernel, from its own folder; return the result.

    Raises nbclient's ``CellExecutionError`` when a cell raises. The caller sets
    ``JUPYTER_PLATFORM_DIRS`` (see :func:`jupyter_environment`).
    """
    import nbclient

    notebook = read(path)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        # Timings are stamps of when a cell ran: they would change a saved notebook every run.
        record_timing=False,
    )
    client.execute()
    return notebook


def text_outputs(notebook: Any) -> list[list[tuple[str, str]]]:
    """For each code cell, its outputs as (kind, text): streams and text results, no pictures."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs: list[tuple[str, str]] = []
        for output in cell.outputs:
            if output.output_type == "stream":
                # How a cell's printing is cut into messages depends on timing: join the pieces.
                if outputs and outputs[-1][0] == output.name:
                    outputs[-1] = (output.name, outputs[-1][1] + output.text)
                else:
                    outputs.append((output.name, output.text))
            elif output.output_type in ("execute_result", "display_data"):
                kind = next((kind for kind in _TEXT_KINDS if kind in output.data), None)
                if kind is not None:
                    outputs.append((kind, output.data[kind]))
            else:
                outputs.append((output.output_type, repr(output)))
        cells.append(outputs)
    return cells


def warnings_printed(notebook: Any) -> list[str]:
    """The stderr text of every cell that printed a Python warning."""
    return [
        output.text
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr" and "Warning" in output.text
    ]


def jupyter_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set the environment Jupyter (here and in the kernel, which inherits it) runs quietly in."""
    # Releases of jupyter_core 5 warn (DeprecationWarning, an error here) when this is unset,
    # that Jupyter will move its folders to the platform's standard ones. Asking for those now
    # silences it and changes nothing we use: on Linux both put kernels in the same place, and
    # the python3 kernel is the running interpreter whatever the folders.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")


@pytest.fixture(scope="module")
def executed() -> Iterator[dict[str, tuple[Any, Any]]]:
    """Each notebook's name → (saved notebook, freshly executed notebook), run once per module."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        jupyter_environment(monkeypatch)
        yield {path.name: (read(path), execute(path)) for path in NOTEBOOKS}


def test_the_four_notebooks_are_there() -> None:
    assert [path.name for path in NOTEBOOKS] == [
        "01_russia_and_the_world_2014_2017.ipynb",
        "02_build_your_own_timeline.ipynb",
        "03_comparing_accounts.ipynb",
        "04_from_an_article_to_a_draft.ipynb",
    ]


@pytest.mark.parametrize("name", [path.name for path in NOTEBOOKS])
def test_notebook_opens_with_a_markdown_paragraph(name: str) -> None:
    first = read(EXAMPLES / name).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")
    assert len(first.source.split("\n\n")) >= 2, "a title, then a paragraph saying what it shows"


@pytest.mark.parametrize("name", [path.name for path in NOTEBOOKS])
def test_notebook_runs_without_errors_or_warnings(
    name: str, executed: dict[str, tuple[Any, Any]]
) -> None:
    _, fresh = executed[name]
    assert warnings_printed(fresh) == []


@pytest.mark.parametrize("name", [path.name for path in NOTEBOOKS])
def test_saved_outputs_match_a_fresh_run(name: str, executed: dict[str, tuple[Any, Any]]) -> None:
    saved, fresh = executed[name]
    # Kernel noise on stderr (such as matplotlib building its font cache on a new machine) is
    # not part of the story; warnings on stderr fail the test above.
    fresh_text = [
        [output for output in cell if output[0] != "stderr"] for cell in text_outputs(fresh)
    ]
    assert fresh_text == text_outputs(saved), (
        f"{name} is out of date: run `python tests/test_notebooks.py` and commit the result"
    )


@pytest.mark.parametrize("name", [path.name for path in NOTEBOOKS])
def test_saved_notebook_is_small_and_executed_in_order(name: str) -> None:
    import nbformat

    path = EXAMPLES / name
    notebook = read(path)
    # An interactive view carries its whole viewer (some 400-700 KB), so that the saved notebook
    # shows it again offline: those outputs count one kilobyte each, the rest as written.
    pages = [len(html) - 1_000 for html in _html_outputs(notebook) if html.startswith(_PAGE)]
    assert path.stat().st_size - sum(pages) < 300_000
    nbformat.validate(notebook)
    counts = [cell.execution_count for cell in notebook.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "saved outputs come from one clean run"


def normalise(notebook: Any) -> Any:
    """Strip what changes between runs and machines, so that a saved notebook is reproducible."""
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number:02d}"
        cell.metadata = {}
        if cell.cell_type == "code":
            cell.outputs = _join_streams(cell.outputs)
    return notebook


def _join_streams(outputs: list[Any]) -> list[Any]:
    # A cell's printing arrives in pieces cut by timing; one output per stream reads the same.
    joined: list[Any] = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and output.output_type == previous.output_type == "stream"
            and output.name == previous.name
        ):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def main() -> None:
    """Execute every notebook and save it with its new outputs."""
    import nbformat

    with pytest.MonkeyPatch.context() as monkeypatch:
        jupyter_environment(monkeypatch)
        for path in NOTEBOOKS:
            print(f"executing {path.name}", file=sys.stderr)
            nbformat.write(normalise(execute(path)), path)  # type: ignore[no-untyped-call]


#: How an interactive view (``Timeline.show``) begins in a notebook's output.
_PAGE = "<iframe srcdoc="


def _html_outputs(notebook: Any) -> Iterator[str]:
    for cell in notebook.cells:
        for output in cell.get("outputs", ()):
            html = output.get("data", {}).get("text/html")
            if html is not None:
                yield html if isinstance(html, str) else "".join(html)


if __name__ == "__main__":
    main()
