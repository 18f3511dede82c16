"""Named parameters, the space they span, and the outcomes whose payoffs depend on them.

A :class:`Parameter` is a named lever of the model (battlefield leverage, Western support, the
monthly cost of war) with a range, a baseline and optionally a probability distribution over
that range. A :class:`ParameterSpace` is an ordered, validated collection of parameters; it
builds the point sets that the analysis functions take: a mapping from parameter name to
equal-length 1-D arrays, one point per index. An :class:`Outcome` names a result of the game (a
30-day ceasefire, continued fighting) and gives each player's payoff for it, once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import sympy

from bargaining.errors import ParameterError
from bargaining.numbers import Number, NumberError, normalize_number

__all__ = ["Distribution", "Outcome", "Parameter", "ParameterSpace", "Points"]

Points = Mapping[str, np.ndarray]
"""Parameter name -> equal-length 1-D float arrays, one point per index."""

_DISTRIBUTION_ARGUMENTS = {
    "uniform": (),
    "triangular": ("mode",),
    "beta": ("alpha", "beta"),
    "truncated_normal": ("mean", "sd"),
}


@dataclass(frozen=True)
class Distribution:
    """A probability distribution over a parameter's range ``[low, high]``.

    ``kind`` is one of ``"uniform"``, ``"triangular"`` (argument ``mode``), ``"beta"``
    (``alpha``, ``beta``; scaled to the range) or ``"truncated_normal"`` (``mean``, ``sd``;
    truncated to the range).

    >>> Distribution("beta", {"alpha": 2, "beta": 5}).kind
    'beta'
    """

    kind: str
    arguments: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in _DISTRIBUTION_ARGUMENTS:
            known = ", ".join(_DISTRIBUTION_ARGUMENTS)
            raise ParameterError(f"unknown distribution {self.kind!r}; expected one of: {known}")
        expected = set(_DISTRIBUTION_ARGUMENTS[self.kind])
        given = set(self.arguments)
        if given != expected:
            wanted = ", ".join(sorted(expected)) or "no arguments"
            raise ParameterError(
                f"distribution {self.kind!r} takes {wanted}; "
                f"got {', '.join(sorted(given)) or 'none'}"
            )
        clean = {}
        for name, value in self.arguments.items():
            number = float(value)
            if not math.isfinite(number):
                raise ParameterError(f"distribution argument {name} must be finite, got {value!r}")
            clean[name] = number
        if self.kind == "beta" and min(clean.values()) <= 0:
            raise ParameterError("beta distribution arguments alpha and beta must be positive")
        if self.kind == "truncated_normal" and clean["sd"] <= 0:
            raise ParameterError("truncated_normal sd must be positive")
        object.__setattr__(self, "arguments", MappingProxyType(clean))

    def __hash__(self) -> int:
        return hash((self.kind, tuple(sorted(self.arguments.items()))))

    def __reduce__(self) -> tuple:
        # The read-only mapping proxy cannot be pickled; rebuild from a plain dict, so that
        # parameter spaces travel to process pools and Dask workers.
        return (Distribution, (self.kind, dict(self.arguments)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Distribution):
            return NotImplemented
        return self.kind == other.kind and dict(self.arguments) == dict(other.arguments)

    def sample(self, low: float, high: float, n: int, rng: np.random.Generator) -> np.ndarray:
        """Draw ``n`` values in ``[low, high]``."""
        arguments = self.arguments
        if self.kind == "uniform":
            return rng.uniform(low, high, n)
        if self.kind == "triangular":
            return rng.triangular(low, arguments["mode"], high, n)
        if self.kind == "beta":
            return low + (high - low) * rng.beta(arguments["alpha"], arguments["beta"], n)
        from scipy.stats import truncnorm  # scipy's truncnorm is exact where rejection is slow

        mean, sd = arguments["mean"], arguments["sd"]
        a, b = (low - mean) / sd, (high - mean) / sd
        return truncnorm.rvs(a, b, loc=mean, scale=sd, size=n, random_state=rng)

    def check_range(self, name: str, low: float, high: float) -> None:
        """Raise when the distribution's arguments do not fit the parameter's range."""
        if self.kind == "triangular" and not low <= self.arguments["mode"] <= high:
            raise ParameterError(
                f"parameter {name!r}: triangular mode {self.arguments['mode']} is outside "
                f"the range [{low}, {high}]"
            )


@dataclass(frozen=True)
class Parameter:
    """A named model parameter with a range and a baseline value.

    Parameters
    ----------
    name:
        A Python identifier (it appears in payoff formulas).
    low, high:
        The range; ``low < high``. Exact numbers stay exact.
    baseline:
        The value used when no other is given; inside the range.
    description, unit:
        What the parameter means and its unit, for tables and reports.
    tags:
        Labels such as ``"leverage"``: sensitivity reports lead with leverage parameters.
    distribution:
        The uncertainty over the range used by Monte Carlo and Sobol analyses
        (uniform when ``None``).

    The sympy symbol (``parameter.symbol``) is real, and nonnegative (positive) when ``low`` is
    nonnegative (positive), which lets sympy simplify conditions inside the range.

    Examples
    --------
    >>> from fractions import Fraction
    >>> leverage = Parameter("L", 0, 1, Fraction(7, 10), tags={"leverage"})
    >>> leverage.symbol, leverage.baseline
    (L, Fraction(7, 10))
    """

    name: str
    low: Number
    high: Number
    baseline: Number
    description: str = ""
    unit: str = ""
    tags: frozenset[str] = frozenset()
    distribution: Distribution | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ParameterError(f"parameter name must be an identifier, got {self.name!r}")
        values = {}
        for key in ("low", "high", "baseline"):
            try:
                value = normalize_number(getattr(self, key))
            except NumberError as error:
                raise ParameterError(f"parameter {self.name!r}: {key}: {error}") from None
            if isinstance(value, sympy.Basic):
                raise ParameterError(
                    f"parameter {self.name!r}: {key} must be a number, got {value!r}"
                )
            values[key] = value
        low, high, baseline = values["low"], values["high"], values["baseline"]
        if not low < high:
            raise ParameterError(
                f"parameter {self.name!r}: range [{low}, {high}] is empty; expected low < high"
            )
        if not low <= baseline <= high:
            raise ParameterError(
                f"parameter {self.name!r}: baseline {baseline} is outside the range [{low}, {high}]"
            )
        if self.distribution is not None:
            self.distribution.check_range(self.name, float(low), float(high))
        for key, value in values.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "tags", frozenset(self.tags))

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol standing for this parameter in formulas."""
        assumptions = {"real": True}
        if self.low > 0:
            assumptions["positive"] = True
        elif self.low >= 0:
            assumptions["nonnegative"] = True
        return sympy.Symbol(self.name, **assumptions)

    def contains(self, value: Number) -> bool:
        """Whether ``value`` lies in ``[low, high]``."""
        return self.low <= value <= self.high


@dataclass(frozen=True)
class ParameterSpace:
    """An ordered collection of parameters with unique names.

    Examples
    --------
    >>> from fractions import Fraction
    >>> space = ParameterSpace([Parameter("L", 0, 1, Fraction(7, 10)), Parameter("W", 0, 1, 0.5)])
    >>> space.names
    ('L', 'W')
    >>> space.baseline
    {'L': Fraction(7, 10), 'W': 0.5}
    >>> points = space.grid(L=[0, 0.5, 1], W=[0, 1])
    >>> points["L"].tolist(), points["W"].tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    """

    parameters: tuple[Parameter, ...] = ()

    def __post_init__(self) -> None:
        parameters = tuple(self.parameters)
        seen: set[str] = set()
        for parameter in parameters:
            if not isinstance(parameter, Parameter):
                raise ParameterError(f"expected Parameter objects, got {parameter!r}")
            if parameter.name in seen:
                raise ParameterError(f"parameter {parameter.name!r} is declared twice")
            seen.add(parameter.name)
        object.__setattr__(self, "parameters", parameters)

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters)

    def __len__(self) -> int:
        return len(self.parameters)

    def __contains__(self, name: object) -> bool:
        return any(parameter.name == name for parameter in self.parameters)

    def __getitem__(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise ParameterError(
            f"unknown parameter {name!r}; known: {', '.join(self.names) or 'none'}"
        )

    @property
    def names(self) -> tuple[str, ...]:
        """Parameter names in declaration order."""
        return tuple(parameter.name for parameter in self.parameters)

    @property
    def symbols(self) -> dict[str, sympy.Symbol]:
        """Name -> sympy symbol, in declaration order."""
        return {parameter.name: parameter.symbol for parameter in self.parameters}

    @property
    def baseline(self) -> dict[str, Number]:
        """Name -> baseline value."""
        return {parameter.name: parameter.baseline for parameter in self.parameters}

    def tagged(self, tag: str) -> tuple[Parameter, ...]:
        """The parameters carrying ``tag`` (e.g. ``"leverage"``), in declaration order."""
        return tuple(parameter for parameter in self.parameters if tag in parameter.tags)

    def validate(self, values: Mapping[str, object], *, complete: bool = True) -> dict[str, Number]:
        """Check a point and return it with every parameter filled in.

        Unknown names, non-numbers and values outside a range raise :class:`ParameterError`.
        With ``complete=True`` parameters left out take their baseline.
        """
        result = dict(self.baseline) if complete else {}
        for name, raw in values.items():
            parameter = self[str(name)]
            try:
                value = normalize_number(raw)
            except NumberError as error:
                raise ParameterError(f"parameter {parameter.name!r}: {error}") from None
            if isinstance(value, sympy.Basic):
                raise ParameterError(
                    f"parameter {parameter.name!r}: expected a number, got {raw!r}"
                )
            if not parameter.contains(value):
                raise ParameterError(
                    f"parameter {parameter.name!r}: value {value} is outside its range "
                    f"[{parameter.low}, {parameter.high}]"
                )
            result[parameter.name] = value
        return result

    def grid(self, **axes: Iterable[float]) -> dict[str, np.ndarray]:
        """The Cartesian product of the given axes as points (name -> equal-length arrays).

        Parameters not named keep their baseline. The first axis varies slowest.
        """
        if not axes:
            raise ParameterError("grid needs at least one axis, e.g. grid(L=np.linspace(0, 1, 11))")
        arrays = {}
        for name, values in axes.items():
            parameter = self[name]
            array = np.asarray(list(values), dtype=float)
            if array.ndim != 1 or array.size == 0:
                raise ParameterError(f"grid axis {name!r} must be a non-empty 1-D sequence")
            if not np.all(np.isfinite(array)):
                raise ParameterError(f"grid axis {name!r} has non-finite values")
            outside = (array < float(parameter.low)) | (array > float(parameter.high))
            if outside.any():
                raise ParameterError(
                    f"grid axis {name!r}: value {array[outside][0]} is outside the range "
                    f"[{parameter.low}, {parameter.high}]"
                )
            arrays[name] = array
        mesh = np.meshgrid(*arrays.values(), indexing="ij")
        size = mesh[0].size
        points = {name: np.full(size, float(p.baseline)) for name, p in self._by_name().items()}
        points.update({name: axis.ravel() for name, axis in zip(arrays, mesh, strict=True)})
        return points

    def sample(self, n: int, seed: int | None = None) -> dict[str, np.ndarray]:
        """``n`` random points drawn from each parameter's distribution (uniform by default).

        Reproducible from ``seed``; parameters are drawn independently in declaration order.
        """
        if not isinstance(n, int | np.integer) or isinstance(n, bool) or n < 1:
            raise ParameterError(f"sample size must be a positive integer, got {n!r}")
        rng = np.random.default_rng(seed)
        points = {}
        for parameter in self.parameters:
            low, high = float(parameter.low), float(parameter.high)
            distribution = parameter.distribution or Distribution("uniform")
            points[parameter.name] = distribution.sample(low, high, int(n), rng)
        return points

    def corners(self) -> Iterator[dict[str, Number]]:
        """Every combination of range ends (2**len(self) points)."""
        ends = [(parameter.low, parameter.high) for parameter in self.parameters]
        for combination in itertools.product(*ends):
            yield dict(zip(self.names, combination, strict=True))

    def _by_name(self) -> dict[str, Parameter]:
        return {parameter.name: parameter for parameter in self.parameters}


@dataclass(frozen=True)
class Outcome:
    """A named result of a game and each player's payoff for it.

    Payoffs are numbers or sympy expressions in parameters; games refer to outcomes by name, so
    each outcome's payoffs are written once and outcome probabilities fall out of every solution.

    >>> L = sympy.Symbol("L")
    >>> ceasefire = Outcome("ceasefire", {"Russia": 1 - L, "Ukraine": L})
    >>> ceasefire.payoff("Ukraine")
    L
    """

    name: str
    payoffs: Mapping[str, Number]
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ParameterError(f"outcome name must be a non-empty string, got {self.name!r}")
        clean = {}
        for player, value in dict(self.payoffs).items():
            try:
                clean[str(player)] = normalize_number(value)
            except NumberError as error:
                raise ParameterError(f"outcome {self.name!r}, player {player!r}: {error}") from None
        object.__setattr__(self, "payoffs", MappingProxyType(clean))

    def __hash__(self) -> int:
        return hash((self.name, tuple(self.payoffs.items()), self.description))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Outcome):
            return NotImplemented
        return (self.name, dict(self.payoffs), self.description) == (
            other.name,
            dict(other.payoffs),
            other.description,
        )

    def payoff(self, player: str) -> Number:
        """The payoff of ``player`` for this outcome."""
        try:
            return self.payoffs[player]
        except KeyError:
            known = ", ".join(self.payoffs)
            raise ParameterError(
                f"outcome {self.name!r} has no payoff for {player!r}; it has: {known}"
            ) from None
