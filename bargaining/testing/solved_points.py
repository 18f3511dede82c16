"""The equilibria claims are checked against, and each distinct point solved once per run.

Claims of one model visit many of the same points (the baseline, the range ends, the corners,
both sides of the tipping points), and a model solved point by point pays about a tenth of a
second for each (the three-player ceasefire model). :class:`SolvedPoints` keeps what one check
run has solved, so that every claim of the run reads a point's equilibria from one solve: the
solver is a pure function of the game, the point and the concept, so the answers are those of
solving again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bargaining.model import Model
from bargaining.solvers.concepts import DEFAULT, equilibria
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.testing.claim_language import Point

__all__ = ["SolvedPoints", "equilibria_at", "point_key"]


def equilibria_at(game: object, point: Point, *, concept: str = DEFAULT) -> list[Equilibrium]:
    """The equilibria a claim is checked against, at a point (name -> exact value): those of
    the game kind's solution concept (:func:`~bargaining.solvers.concepts.equilibria`), or of
    the one named. A normal-form game: its Nash equilibria; a perfect-information tree: its
    subgame-perfect equilibria, each as the equilibrium of the reduced strategic form it
    induces; other trees: the Nash equilibria of their reduced strategic form.

    >>> from bargaining.model import load_model
    >>> model = load_model("models/ceasefire_sequence.toml")
    >>> [eq.support("Russia") for eq in equilibria_at(model.game(), model.parameters.baseline)]
    [('condition',)]
    >>> baseline = model.parameters.baseline
    >>> len(equilibria_at(model.game(), baseline, concept="nash"))
    2
    """
    return equilibria(game, at=point or None, concept=concept)


def point_key(point: Point) -> tuple:
    """A point as a hashable key, by each parameter's type and value: ``1/2`` and ``0.5`` are
    different points, since exact and float payoffs are solved differently.

    >>> from fractions import Fraction
    >>> point_key({"b": 1, "a": Fraction(1, 2)}) == point_key({"a": 0.5, "b": 1})
    False
    """
    return tuple(sorted((name, (type(value).__name__, value)) for name, value in point.items()))


@dataclass(frozen=True)
class SolvedPoints:
    """The equilibria solved so far in one check run over one model, each distinct point once.

    Pass one to :func:`~bargaining.testing.check_claim` for each claim of a run (as
    :func:`~bargaining.testing.check_model`, ``bargaining check`` and reports do), so that
    claims visiting the same point share its solve. It belongs to the run that made it: it
    holds the equilibria of every point solved, and is dropped with the run.

    Attributes
    ----------
    model:
        The model whose games are solved.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> model = load_model("models/chicken.toml")
    >>> solved = SolvedPoints(model)
    >>> first = solved.equilibria("crisis", model.parameters.baseline)
    >>> first is solved.equilibria("crisis", dict(model.parameters.baseline))
    True
    >>> len(first), solved.solves
    (3, 1)
    """

    model: Model
    _found: dict[tuple, list[Equilibrium]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def solves(self) -> int:
        """How many distinct (game, concept, point) triples have been solved."""
        return len(self._found)

    def equilibria(self, game: str, point: Point, *, concept: str = DEFAULT) -> list[Equilibrium]:
        """The equilibria of the model's game ``game`` at ``point`` under ``concept`` (see
        :func:`equilibria_at`), solved on the first request and read back after."""
        key = (game, concept, point_key(point))
        if key not in self._found:
            self._found[key] = equilibria_at(self.model.game(game), point, concept=concept)
        return self._found[key]
