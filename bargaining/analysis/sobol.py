"""Sobol indices: how much of the uncertainty in an outcome's probability each parameter
explains, alone and with its interactions.

With ``Y = f(X_1, ..., X_d)`` and independent inputs, the first-order index of ``X_i`` is
``S_i = Var(E[Y | X_i]) / Var(Y)``, the share of the variance of ``Y`` that ``X_i`` explains
alone, and the total index is ``S_Ti = E[Var(Y | X_~i)] / Var(Y)``, the share left
unexplained when every other input is known: ``X_i``'s effect alone and in all its
interactions (Sobol 2001, Mathematics and Computers in Simulation 55, 271-280). ``S_Ti`` near
0 means the parameter can be fixed anywhere in its range without changing the answer.

Estimation uses SALib (Herman and Usher 2017; Iwanaga, Usher and Herman 2022): the inputs are
a scrambled Sobol' sequence in the radial design of Saltelli (2002), two independent
``n x d`` matrices ``A`` and ``B`` and, for each ``i``, ``A`` with its ``i``-th column taken
from ``B`` (``A_B^(i)``): ``n (d + 2)`` evaluations. The estimators are those of Saltelli et
al. (2010, Computer Physics Communications 181, 259-270, table 2):

* first order (their (b)): ``S_i = mean(f(B) (f(A_B^(i)) - f(A))) / V``;
* total (Jansen 1999, their (f)): ``S_Ti = mean((f(A) - f(A_B^(i)))^2) / (2 V)``;

``V`` the variance of ``f`` over ``A`` and ``B`` (SALib standardises ``f`` first). SALib
computes the estimates; the confidence intervals are either SALib's bootstrap over the ``n``
rows (Archer, Saltelli and Sobol 1997) or, by default, normal intervals from each estimator's
delta-method standard error. Both estimate the same standard error (the tests check they
agree); the bootstrap costs ``O(n d resamples)`` time and memory, about 30 s for 10^6
evaluations at SALib's default 100 resamples on this project's machine, against a few
milliseconds. Both treat the rows as independent: for the scrambled Sobol' design they are
conservative.

The unit-cube design is mapped to each parameter's distribution through its quantile
function, so indices are relative to the model's stated uncertainty, as Monte Carlo is.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bargaining.analysis.measures import Statistic, as_target, outcome_values
from bargaining.display import data_frame, html_record, records_table
from bargaining.errors import ParameterError
from bargaining.params import Distribution, Parameter, ParameterSpace
from bargaining.solvers.concepts import DEFAULT, solution_concept

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["SobolIndices", "quantile", "sobol", "sobol_design"]


@dataclass(frozen=True)
class SobolIndices:
    """What :func:`sobol` returns: first-order and total indices with confidence intervals.

    Attributes
    ----------
    outcome, statistic:
        What was measured (see :func:`~bargaining.analysis.measures.outcome_values`).
    parameters:
        The parameters' names, in the order of the arrays.
    first, total:
        First-order and total indices (NaN when the outcome does not vary at all).
    first_half_width, total_half_width:
        Half-widths of their ``confidence`` intervals.
    confidence:
        The confidence level of the intervals.
    n:
        The base sample size; ``evaluations = n (d + 2)``.
    evaluations:
        The number of model evaluations.
    mean, variance:
        The mean and variance of the outcome over the design.
    seed:
        The seed of the design and of the bootstrap.
    concept:
        What the statistic is taken over (``"correlated equilibria"``: a mediator's reach).
    """

    outcome: str
    statistic: str
    parameters: tuple[str, ...]
    first: np.ndarray
    first_half_width: np.ndarray
    total: np.ndarray
    total_half_width: np.ndarray
    confidence: float
    n: int
    evaluations: int
    mean: float
    variance: float
    seed: int | None
    concept: str = ""

    def table(self) -> list[dict[str, object]]:
        """One row per parameter, largest total index first: ``parameter, first,
        first_low, first_high, total, total_low, total_high``."""
        order = np.argsort(-np.nan_to_num(self.total, nan=-1.0), kind="stable")
        return [
            {
                "parameter": self.parameters[i],
                "first": float(self.first[i]),
                "first_low": float(self.first[i] - self.first_half_width[i]),
                "first_high": float(self.first[i] + self.first_half_width[i]),
                "total": float(self.total[i]),
                "total_low": float(self.total[i] - self.total_half_width[i]),
                "total_high": float(self.total[i] + self.total_half_width[i]),
            }
            for i in order
        ]

    def plot(self, ax: Axes | None = None) -> Axes:
        """First-order and total indices per parameter with their confidence intervals, the
        largest total on top; draws into ``ax`` (a new figure when None) and returns it.

        >>> from bargaining.model import load_model
        >>> result = sobol(load_model("models/chicken.toml"), "crash", n=64, seed=1)
        >>> len(result.plot().patches) == 2 * len(result.parameters)
        True
        """
        from bargaining.analysis.plots import plot_sobol

        return plot_sobol(self, ax)

    def __repr__(self) -> str:
        # The default would print the index arrays in full; the table is the readable form.
        top = ", ".join(f"{row['parameter']}: {row['total']:.3g}" for row in self.table()[:4])
        return f"SobolIndices({self.statistic} P({self.outcome}), n={self.n}; total: {top})"

    def to_pandas(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (pandas is an optional extra)."""
        return data_frame(self.table(), what="SobolIndices.to_pandas")

    def _repr_html_(self) -> str:
        fields = [
            (name, getattr(self, name))
            for name in ("n", "evaluations", "mean", "variance", "confidence", "seed")
        ]
        title = f"Sobol indices of the {self.statistic} probability of {self.outcome}"
        return html_record(title, fields, parts=[records_table(self.table())])


def sobol(
    target: object,
    outcome: str,
    n: int = 4096,
    seed: int | None = None,
    *,
    statistic: Statistic = "max",
    confidence: float = 0.95,
    intervals: str = "asymptotic",
    resamples: int = 100,
    concept: str = DEFAULT,
) -> SobolIndices:
    """First-order and total Sobol indices of an outcome's probability, with confidence
    intervals.

    Parameters
    ----------
    target:
        A game, a :class:`~bargaining.analysis.ParametricSolution`, a model or a ``(model,
        game name)`` pair (see :func:`~bargaining.analysis.target.resolve_target`); evaluated
        from its parametric solution where it has one, point by point otherwise.
    outcome:
        The outcome (``"ceasefire"``) or ``"payoff PLAYER"``.
    n:
        The base sample size, a power of two (the Sobol' sequence is balanced only then);
        the model is evaluated ``n (d + 2)`` times for ``d`` parameters.
    seed:
        Seeds the scrambling of the design and the bootstrap: the same seed, the same
        indices.
    concept:
        The solution concept (``"correlated"``: the mediator's highest or lowest reach).
    statistic:
        ``"max"`` or ``"min"`` over each point's equilibria.
    confidence:
        The confidence level of the intervals, in (0, 1).
    intervals:
        ``"asymptotic"`` (default): normal intervals from the delta-method standard error
        of each estimator, in ``O(n d)``; ``"bootstrap"``: SALib's bootstrap percentile-free
        normal intervals from ``resamples`` resamples, in ``O(n d resamples)`` time and
        memory (about 30 s for 10^6 evaluations at SALib's default 100 resamples here).
    resamples:
        Bootstrap resamples (``intervals="bootstrap"`` only).

    Returns
    -------
    SobolIndices

    Examples
    --------
    A truce exactly when ``a > 0``; ``b`` plays no part:

    >>> from bargaining import NormalFormGame, Parameter, ParameterSpace, parametric_equilibria
    >>> space = ParameterSpace([Parameter("a", -1, 1, 0.5), Parameter("b", 0, 1, 0.5)])
    >>> a, b = space.symbols["a"], space.symbols["b"]
    >>> game = NormalFormGame.from_arrays([[[a], [0]], [[b], [b]]],
    ...                                   outcomes=[["truce"], ["war"]])
    >>> indices = sobol(parametric_equilibria(game, space), "truce", n=1024, seed=1)
    >>> [round(float(s), 2) for s in indices.total]
    [1.0, 0.0]
    """
    target = as_target(target, concept)
    space = target.space
    _check_arguments(n, confidence, resamples)
    if intervals not in ("asymptotic", "bootstrap"):
        raise ParameterError(
            f"unknown intervals {intervals!r}; expected 'asymptotic' or 'bootstrap'"
        )
    points = sobol_design(space, n, seed)
    values = outcome_values(target.evaluate(points), outcome, statistic)
    if not np.all(np.isfinite(values)):
        raise ParameterError(
            f"the probability of {outcome!r} is undefined at some points (no equilibrium); "
            "Sobol indices need a value everywhere"
        )
    d = len(space)
    parameters = tuple(space.names)
    variance = float(np.var(values))
    if variance == 0:  # nothing to apportion: every index is undefined
        first = first_half_width = total = total_half_width = np.full(d, np.nan)
    elif intervals == "bootstrap":
        first, first_half_width, total, total_half_width = _bootstrap(
            values, parameters, confidence, resamples, seed
        )
    else:
        first, first_half_width, total, total_half_width = _asymptotic(
            values, d, int(n), confidence
        )
    return SobolIndices(
        outcome=outcome,
        statistic=statistic,
        parameters=parameters,
        first=first,
        first_half_width=first_half_width,
        total=total,
        total_half_width=total_half_width,
        confidence=confidence,
        n=int(n),
        evaluations=len(values),
        # A constant outcome's value as it is (a float sum could round it).
        mean=float(values[0]) if variance == 0 else float(np.mean(values)),
        variance=variance,
        seed=seed,
        concept=solution_concept(target.game, target.concept).plural,
    )


def _bootstrap(values, parameters, confidence, resamples, seed):
    """SALib's estimates and bootstrap intervals (Archer, Saltelli and Sobol 1997)."""
    from SALib.analyze import sobol as analyze  # SALib imports pandas: only when asked

    d = len(parameters)
    problem = {"num_vars": d, "names": list(parameters), "bounds": [[0.0, 1.0]] * d}
    # SALib ignores a seed of 0 (it tests `if seed:`): pass a non-zero one derived from it,
    # so that every seed reproduces.
    nonzero = None if seed is None else int(np.random.SeedSequence(seed).generate_state(1)[0]) | 1
    with warnings.catch_warnings():
        # SALib warns when a bootstrap resample happens to be constant; the interval then
        # reflects it.
        warnings.simplefilter("ignore", RuntimeWarning)
        indices = analyze.analyze(
            problem,
            values,
            calc_second_order=False,
            num_resamples=resamples,
            conf_level=confidence,
            seed=nonzero,
        )
    return tuple(
        np.asarray(indices[key], dtype=float) for key in ("S1", "S1_conf", "ST", "ST_conf")
    )


def _asymptotic(values, d, n, confidence):
    """SALib's estimators with delta-method intervals.

    Each estimator is a ratio ``mean(u) / V`` of row means, with ``V = mean(a) - mean(m)^2``
    the variance over ``A`` and ``B`` (``a = (f(A)^2 + f(B)^2) / 2``, ``m = (f(A) + f(B)) / 2``
    per row). Its influence function ``psi = (u - mean(u) - S (a - mean(a) - 2 mean(m) (m -
    mean(m)))) / V`` gives the standard error ``sd(psi) / sqrt(n)`` (the delta method, e.g.
    van der Vaart 1998, *Asymptotic Statistics*, ch. 3). It treats the rows as independent;
    a scrambled Sobol' design varies less, so the intervals are conservative.
    """
    from SALib.analyze.sobol import first_order, separate_output_values, total_order
    from scipy.stats import norm

    # Standardised first, as SALib's analyze does: the first-order estimator is not
    # shift-invariant, and centring lowers its variance.
    standard = (values - values.mean()) / values.std()
    a_values, b_values, ab_values, _ = separate_output_values(standard, d, n, False)
    z = float(norm.ppf(0.5 + confidence / 2))
    squares = (a_values**2 + b_values**2) / 2
    means = (a_values + b_values) / 2
    variance = squares.mean() - means.mean() ** 2
    variance_part = (squares - squares.mean()) - 2 * means.mean() * (means - means.mean())
    first, first_se, total, total_se = (np.empty(d) for _ in range(4))
    for j in range(d):
        column = ab_values[:, j]
        first[j] = first_order(a_values, column, b_values)
        total[j] = total_order(a_values, column, b_values)
        for estimate, terms, errors in (
            (first[j], b_values * (column - a_values), first_se),
            ((total[j]), (a_values - column) ** 2 / 2, total_se),
        ):
            influence = (terms - terms.mean() - estimate * variance_part) / variance
            errors[j] = np.std(influence, ddof=1) / np.sqrt(n)
    return first, z * first_se, total, z * total_se


def sobol_design(space: ParameterSpace, n: int, seed: int | None = None) -> dict[str, np.ndarray]:
    """The Saltelli design of :func:`sobol` as points: ``n (d + 2)`` rows, mapped from the
    unit cube to each parameter's distribution.

    >>> from bargaining import Parameter, ParameterSpace
    >>> space = ParameterSpace([Parameter("a", 0, 2, 1), Parameter("b", 0, 1, 0.5)])
    >>> points = sobol_design(space, 8, seed=0)
    >>> len(points["a"]), bool(points["a"].min() >= 0 and points["a"].max() <= 2)
    (32, True)
    """
    from SALib.sample import sobol as sample

    _check_arguments(n, 0.95, 1)
    d = len(space)
    problem = {"num_vars": d, "names": list(space.names), "bounds": [[0.0, 1.0]] * d}
    unit = sample.sample(problem, int(n), calc_second_order=False, scramble=True, seed=seed)
    return {
        parameter.name: quantile(parameter, unit[:, index]) for index, parameter in enumerate(space)
    }


def quantile(parameter: Parameter, u: np.ndarray) -> np.ndarray:
    """The parameter's distribution's quantile function at ``u`` in [0, 1]: maps a uniform
    design to the distribution :meth:`~bargaining.params.Distribution.sample` draws from.

    >>> from bargaining import Distribution, Parameter
    >>> quantile(Parameter("L", 0, 2, 1), np.array([0.0, 0.25, 1.0])).tolist()
    [0.0, 0.5, 2.0]
    >>> peaked = Parameter("L", 0, 1, 0.5, distribution=Distribution("triangular", {"mode": 0.5}))
    >>> quantile(peaked, np.array([0.5])).tolist()
    [0.5]
    """
    from scipy import stats

    low, high = float(parameter.low), float(parameter.high)
    distribution = parameter.distribution or Distribution("uniform")
    arguments = distribution.arguments
    if distribution.kind == "uniform":
        values = low + u * (high - low)
    elif distribution.kind == "triangular":
        mode = (arguments["mode"] - low) / (high - low)
        values = stats.triang.ppf(u, mode, loc=low, scale=high - low)
    elif distribution.kind == "beta":
        values = low + (high - low) * stats.beta.ppf(u, arguments["alpha"], arguments["beta"])
    else:
        mean, sd = arguments["mean"], arguments["sd"]
        values = stats.truncnorm.ppf(u, (low - mean) / sd, (high - mean) / sd, loc=mean, scale=sd)
    # Rounding in the quantile functions must not step outside the range.
    return np.clip(values, low, high)


def _check_arguments(n: object, confidence: float, resamples: object) -> None:
    if not isinstance(n, int | np.integer) or isinstance(n, bool) or n < 2 or n & (n - 1):
        raise ParameterError(
            f"the base sample size n must be a power of two of at least 2 (e.g. 1024), got {n!r}"
        )
    if not (np.isfinite(confidence) and 0 < confidence < 1):
        raise ParameterError(f"confidence must be in (0, 1), got {confidence!r}")
    if not isinstance(resamples, int | np.integer) or isinstance(resamples, bool) or resamples < 1:
        raise ParameterError(f"resamples must be a positive integer, got {resamples!r}")
