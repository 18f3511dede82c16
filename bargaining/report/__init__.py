"""Reports: a model solved and analysed, as Markdown (with SVG figures) and self-contained HTML.

``build(model, out_dir)`` writes one; ``bargaining report [MODEL]`` is the command. The package
has one module per job: :mod:`~bargaining.report.analysis` (what is computed),
:mod:`~bargaining.report.summary` (the sentences), :mod:`~bargaining.report.sections` (the
document), :mod:`~bargaining.report.figures`, the two writers, the footer and the safe output.
"""

from typing import TYPE_CHECKING

from bargaining.lazy import lazy_exports

if TYPE_CHECKING:
    from bargaining.report.bundled import DEFAULT_MODEL, bundled_model
    from bargaining.report.pipeline import FORMATS, BuiltReport, build, default_output

__all__ = ["DEFAULT_MODEL", "FORMATS", "BuiltReport", "build", "bundled_model", "default_output"]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
