"""``build``: a model in, a report directory out (Markdown with SVG figures, self-contained HTML).

Everything is computed in memory first, then written in one step by
:func:`~bargaining.report.output.write_files`, so a model error or a crash halfway leaves no
half-written report.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bargaining.errors import BargainingError
from bargaining.model import Model, loads_model
from bargaining.model.source import read_text_file
from bargaining.report.analysis import analyse_model
from bargaining.report.figures import game_figures
from bargaining.report.footer import reproducibility
from bargaining.report.html_writer import render_html
from bargaining.report.markdown_writer import render_markdown
from bargaining.report.output import check_output, write_files
from bargaining.report.sections import report_document

__all__ = ["FORMATS", "BuiltReport", "ModelSource", "build", "default_output", "read_model"]

#: Report formats and the file each writes (Markdown also writes its figures beside it).
FORMATS = {"md": "report.md", "html": "report.html"}


@dataclass(frozen=True)
class BuiltReport:
    """What :func:`build` wrote.

    Attributes
    ----------
    directory:
        The report directory.
    files:
        The files in it, in the order written.
    """

    directory: Path
    files: tuple[Path, ...]


def default_output(model_name: str) -> Path:
    """Where a report goes when no directory is given: ``reports/<model name>``, relative to the
    current directory.

    >>> default_output("ceasefire")
    PosixPath('reports/ceasefire')
    """
    return Path("reports") / (re.sub(r"[^A-Za-z0-9_.-]+", "-", model_name).strip(".") or "model")


@dataclass(frozen=True)
class ModelSource:
    """A model with the file and text it was read from (None for a model built in Python),
    which the footer names and hashes.

    >>> read_model("models/chicken.toml").file
    'models/chicken.toml'
    """

    model: Model
    file: str | None
    text: str | None


def read_model(model: Model | str | os.PathLike[str] | ModelSource) -> ModelSource:
    """Read a model file once (its text is what is hashed); a :class:`Model` keeps its source."""
    if isinstance(model, ModelSource):
        return model
    if isinstance(model, Model):
        source = model.source
        if source is not None and Path(source).is_file():
            return ModelSource(model, source, read_text_file(source))
        return ModelSource(model, None, None)
    text = read_text_file(model)
    return ModelSource(loads_model(text, os.fspath(model)), os.fspath(model), text)


def _silent(stage: str) -> None:
    """The progress callback of a build nobody watches."""


def _formats(formats: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(formats))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise BargainingError(
            f"unknown report format {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(FORMATS)}"
        )
    return chosen


def build(
    model: Model | str | os.PathLike[str] | ModelSource,
    out_dir: str | os.PathLike[str],
    *,
    formats: Sequence[str] = ("md", "html"),
    seed: int = 0,
    claim_examples: int = 25,
    draws: int = 2000,
    command: str | None = None,
    concept: str = "default",
    progress: Callable[[str], None] | None = None,
) -> BuiltReport:
    """Solve a model and write its report.

    Parameters
    ----------
    model:
        A model file, a :class:`~bargaining.model.Model` or a :class:`ModelSource`.
    out_dir:
        The report directory, created or replaced as a whole (see
        :func:`~bargaining.report.output.write_files`).
    formats:
        ``"md"`` (``report.md`` and its SVG figures) and/or ``"html"`` (``report.html``, one
        self-contained file).
    seed:
        Seeds the search for counterexamples to the model's claims and the Monte Carlo draws.
    claim_examples:
        Random points the claim search tries per claim, beyond its fixed points.
    draws:
        Monte Carlo draws from the parameters' distributions.
    command:
        The command line recorded in the footer (default: this call).
    concept:
        The solution concept of every game and claim (see
        :func:`~bargaining.report.analysis.analyse_model`); the report names it.
    progress:
        Called with a short description as each stage starts ("solving game talks",
        "drawing figures", ...), for a progress display; nothing is shown without it.

    Returns
    -------
    BuiltReport
        The directory and the files written.

    Raises
    ------
    ModelError
        When the model file has problems.
    BargainingError
        For an unknown format or an output directory that cannot be used (checked before
        anything is computed; see :func:`~bargaining.report.output.check_output`).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "chicken"
    >>> report = build("models/chicken.toml", out, formats=("md",), claim_examples=5)
    >>> sorted(path.name for path in report.files)
    ['monte-carlo-both_swerve.svg', 'monte-carlo-crash.svg', 'outcomes-c.svg', 'report.md',
     'tornado-both_swerve.svg', 'tornado-crash.svg']
    """
    stage = progress or _silent
    chosen = _formats(formats)
    check_output(out_dir)  # a bad -o is refused before minutes of work, not after
    stage("reading the model")
    source = read_model(model)
    model, model_file, text = source.model, source.file, source.text
    analysis = analyse_model(
        model,
        claim_examples=claim_examples,
        seed=seed,
        draws=draws,
        concept=concept,
        progress=stage,
    )
    stage("drawing the figures")
    prefix = len(analysis.games) > 1
    figures = {
        game.name: game_figures(game, prefix=f"{game.name}-" if prefix else "")
        for game in analysis.games
    }
    if command is None:
        command = (
            f"bargaining.report.build({Path(model_file).name if model_file else model.name!r})"
        )
    footer = reproducibility(model_file, text, seed=seed, command=command)
    document = report_document(analysis, figures, footer)
    stage("rendering " + " and ".join(chosen))
    files: dict[str, bytes] = {}
    if "md" in chosen:
        files[FORMATS["md"]] = render_markdown(document).encode("utf-8")
        for figure in document.figures:
            files[figure.file_name] = figure.svg.encode("utf-8")
    if "html" in chosen:
        files[FORMATS["html"]] = render_html(document).encode("utf-8")
    stage("writing the report")
    directory = write_files(out_dir, files)
    return BuiltReport(directory, tuple(directory / name for name in files))
