"""The claims table: each claim of the model, what it expects, and what checking it found.

>>> from bargaining.model import load_model
>>> from bargaining.report.analysis import analyse_model
>>> rows = claim_rows(analyse_model(load_model("models/chicken.toml"), claim_examples=5))
>>> name, expects, verdict, tried, found = rows[3]
>>> name, verdict
(('a costly disaster is unlikely',), ('holds',))
>>> expects
('in every equilibrium, where c >= 10: ', "prob('crash') <= 1/100")
"""

from __future__ import annotations

from bargaining.model.expressions import expression_text
from bargaining.report.analysis import ModelAnalysis
from bargaining.report.document import Line
from bargaining.testing.claims import point_text

__all__ = ["claim_rows"]


def claim_rows(analysis: ModelAnalysis) -> tuple[tuple[Line, ...], ...]:
    """One row per claim: name, expectation (with its condition), verdict, points tried, and
    the counterexample with its equilibria when it fails (or the checker's note)."""
    rows = []
    for claim, result in zip(analysis.model.claims, analysis.claims, strict=True):
        scope = "in every equilibrium" if claim.quantifier == "all" else "in some equilibrium"
        where = f", where {expression_text(claim.given)}" if claim.given is not None else ""
        if result.passed:
            found = result.note
        else:
            found = f"{point_text(result.counterexample)}; equilibria there: " + (
                " | ".join(result.equilibria) or "none"
            )
        rows.append(
            (
                (claim.name,),
                (f"{scope}{where}: ", expression_text(claim.expect)),
                ("holds" if result.passed else "FAILS",),
                (str(result.tried),),
                (found,),
            )
        )
    return tuple(rows)
