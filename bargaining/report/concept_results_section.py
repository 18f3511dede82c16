"""What the results of a concept other than Nash-style equilibria add to a report: the rows
their ``summary_row`` gives (the protocol :mod:`bargaining.cli.concept_results` prints), e.g.
a perfect Bayesian equilibrium's behaviour at each information set, beliefs, kind and the
intuitive criterion's verdict.

>>> from fractions import Fraction
>>> from bargaining.games.extensive import ExtensiveGame, decision, terminal
>>> from bargaining.solvers import perfect_bayesian_equilibria
>>> game = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((0,))}))
>>> (table,) = [b for b in concept_result_blocks(perfect_bayesian_equilibria(game))
...             if isinstance(b, Table)]
>>> table.header, table.rows[0][1]
(('#', 'strategies', 'beliefs', 'kind', 'intuitive criterion', 'payoff A'), ('A at root: x',))
"""

from __future__ import annotations

from collections.abc import Sequence

from bargaining.report.document import Block, Heading, Paragraph, Table

__all__ = ["concept_result_blocks"]


def concept_result_blocks(results: Sequence[object]) -> list[Block]:
    """A heading and a table of each result's ``summary_row``, numbered like the table of
    equilibria at the baseline; nothing when the results have no ``summary_row`` (plain
    equilibria say everything in that table).

    >>> concept_result_blocks([])
    []
    """
    if not results or not all(hasattr(result, "summary_row") for result in results):
        return []
    rows = [result.summary_row() for result in results]
    header = tuple(rows[0])
    return [
        Heading(3, "Beliefs and refinements at the baseline"),
        Paragraph(
            (
                "The equilibria at the baseline, numbered as above, as the solution concept "
                "describes them: each player's behaviour, the beliefs that support it (off the "
                "path, the exact conditions on them), its kind and refinements.",
            )
        ),
        Table(
            ("#", *header),
            tuple(
                ((str(number),), *((row[key],) for key in header))
                for number, row in enumerate(rows, start=1)
            ),
        ),
    ]
