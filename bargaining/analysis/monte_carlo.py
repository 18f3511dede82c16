"""Monte Carlo: the distribution of outcome probabilities under uncertain parameters.

Points are drawn independently from each parameter's distribution
(:meth:`~bargaining.params.ParameterSpace.sample`: uniform on its range unless the model gives
a triangular, beta or truncated normal one) and the equilibria are evaluated at all of them in
one vectorised call. For each outcome the result holds its probability at every draw, read as
the minimum and the maximum over the draw's equilibria, and two probabilities with standard
errors:

* *possible*: some equilibrium gives the outcome positive probability (for a ceasefire: a
  ceasefire is an equilibrium at all), ``P(max > 0)``;
* *assured*: every equilibrium gives it probability one, ``P(min = 1)``.

Each is the mean of an indicator over ``n`` independent draws, so its standard error is
``sqrt(p (1 - p) / n)``; means of the probabilities have standard error ``s / sqrt(n)`` with
``s`` the sample standard deviation (the central limit theorem; e.g. Robert and Casella 2004,
*Monte Carlo Statistical Methods*, section 3.2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np

from bargaining.analysis.measures import as_target
from bargaining.display import data_frame, html_fields, html_record, records_table
from bargaining.errors import GameError, ParameterError
from bargaining.solvers.concepts import DEFAULT, solution_concept

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MonteCarlo", "OutcomeSummary", "monte_carlo"]

#: Probabilities within this distance of 0 or 1 count as 0 or 1 (they are sums of floats).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class OutcomeSummary:
    """One outcome's probability over the draws.

    Attributes
    ----------
    outcome:
        The outcome's name.
    possible, possible_se:
        The share of draws where some equilibrium gives the outcome positive probability, and
        its standard error.
    assured, assured_se:
        The share of draws where every equilibrium gives it probability one, and its standard
        error.
    mean_min, mean_max:
        The mean over draws of its minimum and maximum probability over the equilibria
        (draws without an equilibrium left out).
    mean_min_se, mean_max_se:
        Their standard errors.
    """

    outcome: str
    possible: float
    possible_se: float
    assured: float
    assured_se: float
    mean_min: float
    mean_min_se: float
    mean_max: float
    mean_max_se: float

    def _repr_html_(self) -> str:
        return html_fields(self, title=f"Monte Carlo summary of {self.outcome}")


@dataclass(frozen=True)
class MonteCarlo:
    """What :func:`monte_carlo` returns: the draws and the outcome probabilities at each.

    Attributes
    ----------
    n, seed:
        The number of draws and the seed they were drawn with.
    samples:
        Parameter name -> the ``n`` drawn values.
    count:
        The number of equilibria at each draw.
    outcome_min, outcome_max:
        Outcome name -> its minimum and maximum probability over each draw's equilibria (NaN
        where a draw has no equilibrium).
    concept:
        What the minimum and maximum are over (``"correlated equilibria"``: a mediator's
        lowest and highest reach).
    """

    n: int
    seed: int | None
    samples: Mapping[str, np.ndarray]
    count: np.ndarray
    outcome_min: Mapping[str, np.ndarray]
    outcome_max: Mapping[str, np.ndarray]
    concept: str = ""

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The outcomes' names."""
        return tuple(self.outcome_max)

    @property
    def no_equilibrium(self) -> float:
        """The share of draws without an equilibrium (0 for two-player games)."""
        return float(np.mean(self.count == 0))

    def summary(self, outcome: str) -> OutcomeSummary:
        """The probabilities and means of one outcome, with standard errors."""
        if outcome not in self.outcome_max:
            known = ", ".join(self.outcome_max) or "none"
            raise GameError(f"unknown outcome {outcome!r}; the game's outcomes are: {known}")
        low, high = self.outcome_min[outcome], self.outcome_max[outcome]
        # NaN (no equilibrium) compares False: such draws make an outcome neither possible
        # nor assured.
        possible = _proportion(high > TOLERANCE)
        assured = _proportion(low >= 1 - TOLERANCE)
        mean_min, mean_max = _mean(low), _mean(high)
        return OutcomeSummary(outcome, *possible, *assured, *mean_min, *mean_max)

    def summaries(self) -> tuple[OutcomeSummary, ...]:
        """:meth:`summary` of every outcome."""
        return tuple(self.summary(outcome) for outcome in self.outcomes)

    def plot(self, ax: Axes | None = None, *, outcome: str) -> Axes:
        """Histograms over the draws of ``outcome``'s lowest and highest probability over the
        equilibria; draws into ``ax`` (a new figure when None) and returns it.

        >>> from bargaining.model import load_model
        >>> result = monte_carlo(load_model("models/chicken.toml"), 200, seed=1)
        >>> result.plot(outcome="crash").get_xlabel()
        'P(crash) in equilibrium (probability)'
        """
        from bargaining.analysis.plots import plot_monte_carlo

        return plot_monte_carlo(self, ax, outcome=outcome)

    def __repr__(self) -> str:
        # The default would print every draw.
        return f"MonteCarlo(n={self.n}, seed={self.seed}, outcomes={', '.join(self.outcomes)})"

    def table(self) -> list[dict[str, object]]:
        """One row per outcome: the fields of its :class:`OutcomeSummary`."""
        return [asdict(summary) for summary in self.summaries()]

    def to_pandas(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (pandas is an optional extra)."""
        return data_frame(self.table(), what="MonteCarlo.to_pandas")

    def _repr_html_(self) -> str:
        fields = [("draws", self.n), ("seed", self.seed), ("no equilibrium", self.no_equilibrium)]
        return html_record("Monte Carlo", fields, parts=[records_table(self.table())])


def monte_carlo(
    target: object, n: int, seed: int | None = None, *, concept: str = DEFAULT
) -> MonteCarlo:
    """Draw ``n`` points from the parameters' distributions and evaluate the equilibria there.

    Parameters
    ----------
    target:
        A game, a :class:`~bargaining.analysis.ParametricSolution`, a model or a ``(model,
        game name)`` pair (see :func:`~bargaining.analysis.target.resolve_target`); evaluated
        from its parametric solution where it has one, point by point otherwise.
    n:
        The number of draws (a positive integer).
    seed:
        The random seed: the same seed gives the same draws and results.
    concept:
        The solution concept (``"correlated"``: the mediator's lowest and highest reach).

    Returns
    -------
    MonteCarlo

    Examples
    --------
    >>> from bargaining import NormalFormGame, Parameter, ParameterSpace, parametric_equilibria
    >>> space = ParameterSpace([Parameter("a", -1, 3, 0)])
    >>> a = space.symbols["a"]
    >>> game = NormalFormGame.from_arrays([[[a], [0]], [[0], [0]]],
    ...                                   outcomes=[["truce"], ["war"]])
    >>> result = monte_carlo(parametric_equilibria(game, space), 10_000, seed=1)
    >>> truce = result.summary("truce")  # a truce when a > 0: with probability 3/4
    >>> abs(truce.possible - 0.75) < 3 * truce.possible_se
    True
    """
    target = as_target(target, concept)
    space = target.space
    if not isinstance(n, int | np.integer) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"the number of draws n must be a positive integer, got {n!r}")
    samples = space.sample(int(n), seed)
    result = target.evaluate(samples)
    return MonteCarlo(
        n=int(n),
        seed=seed,
        samples=samples,
        count=result.count,
        outcome_min=dict(result.outcome_min),
        outcome_max=dict(result.outcome_max),
        concept=solution_concept(target.game, target.concept).plural,
    )


def _proportion(indicator: np.ndarray) -> tuple[float, float]:
    p = float(np.mean(indicator))
    return p, float(np.sqrt(p * (1 - p) / len(indicator)))


def _mean(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return float("nan"), float("nan")
    spread = float(np.std(finite, ddof=1)) if len(finite) > 1 else float("nan")
    return float(np.mean(finite)), spread / float(np.sqrt(len(finite)))
