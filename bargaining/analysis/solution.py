"""``ParametricSolution``: the equilibria of a game as functions of its parameters, and what
it answers: the equilibria at any point (:meth:`~ParametricSolution.at`), over millions of
points at numpy speed (:meth:`~ParametricSolution.evaluate`), the exact tipping points along a
parameter (:meth:`~ParametricSolution.thresholds`) and the regions of a 1-D or 2-D slice
(:meth:`~ParametricSolution.regions`).

The solvers that build one are :func:`~bargaining.analysis.parametric_equilibria` (any game
kind with a registered concept), :func:`~bargaining.analysis.parametric_nash.parametric_nash`
and :func:`~bargaining.analysis.parametric_tree.parametric_subgame_perfect`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy

from bargaining.analysis.box import exact_value, parameter_box, point_arrays
from bargaining.analysis.conditions import Box, condition_relation
from bargaining.analysis.evaluation import Evaluation
from bargaining.analysis.kernel import SolutionKernel, compile_kernel
from bargaining.analysis.radical_conditions import algebraic_value, radicand_sign
from bargaining.analysis.regions import Region, find_regions
from bargaining.analysis.thresholds import (
    Threshold,
    find_thresholds,
    numerator_factors,
    slice_point,
)
from bargaining.display import (
    Html,
    ResultList,
    data_frame,
    escape,
    html_formula,
    html_math,
    html_record,
    html_table,
    strategy_columns,
)
from bargaining.numbers import normalize_number, to_sympy
from bargaining.params import ParameterSpace
from bargaining.solvers.concepts import DEFAULT, solution_concept
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface

if TYPE_CHECKING:
    import numpy as np
    from matplotlib.axes import Axes

__all__ = ["ParametricSolution"]

_REPR_PIECES, _REPR_WIDTH = 4, 100  # repr: the first pieces, one line each


def _remembered(store: dict, key: object, compute: Callable[[], object]) -> object:
    """``store[key]``, computed by ``compute()`` the first time: the memo of one solution's
    results (each a pure function of the solution and ``key``)."""
    found = store.get(key)
    if found is None:
        found = store[key] = compute()
    return found


@dataclass(frozen=True)
class ParametricSolution:
    """The equilibria of a game as functions of its parameters.

    Attributes
    ----------
    game:
        The game, with payoffs in the space's symbols: a normal-form game, or a game tree
        whose equilibria are its subgame-perfect equilibria (strategies: those of its reduced
        strategic form).
    space:
        The parameter box the conditions were simplified over.
    pieces:
        Candidate equilibria with the conditions (``g >= 0``) where each holds.
    ties:
        Surfaces where the game may be degenerate: points on one are solved directly.
    concept:
        The solution concept the pieces follow (a name registered for the game's kind in
        :mod:`bargaining.solvers.concepts`); :meth:`at` solves points on a boundary with it.
    labels:
        Each player's strategy labels, which the pieces' strategy vectors follow; empty for
        the game's own ``strategies`` (a tree's solver gives its reduced strategies).
    complete:
        Whether the pieces hold every equilibrium of the concept. Games with three or more
        players have pieces for their pure equilibria and for the mixed ones whose support
        systems solve in closed form; where some support does not (False), :meth:`at` solves
        each point directly, so it gives the same set as the concept's solver, and sweeps,
        sensitivity and reports solve point by point; thresholds, regions and
        :meth:`evaluate` describe the pieces alone.
    note:
        Why the pieces are not complete ("" when they are): the support profiles of an
        n-player game whose equilibria have no closed form here, solved point by point.
    unresolved:
        Those support profiles (strategy indices per player), every one of them.
    """

    game: object
    space: ParameterSpace
    pieces: tuple[ParametricEquilibrium, ...]
    ties: tuple[TieSurface, ...] = ()
    concept: str = DEFAULT
    labels: tuple[tuple[str, ...], ...] = ()
    complete: bool = True
    note: str = ""
    unresolved: tuple[tuple[tuple[int, ...], ...], ...] = ()

    # -- reading the pieces ---------------------------------------------------------------------

    @property
    def box(self) -> Box:
        """Symbol -> (low, high) of every parameter."""
        return parameter_box(self.space)

    @functools.cached_property
    def strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        """Each player's strategy labels, which the pieces' strategy vectors follow (for a
        tree: its reduced strategies, as in ``tree.to_normal_form()``)."""
        return self.labels or tuple(self.game.strategies)

    def describe_conditions(
        self, piece: ParametricEquilibrium, *, latex: bool = False
    ) -> list[str]:
        """A piece's conditions as readable inequalities (empty: it holds everywhere)."""
        relations = self.condition_relations(piece)
        return [sympy.latex(r) if latex else str(r) for r in relations]

    @functools.cached_property
    def _relations(self) -> dict[int, tuple[sympy.Rel, ...]]:
        return {}

    def condition_relations(self, piece: ParametricEquilibrium) -> tuple[sympy.Rel, ...]:
        """A piece's conditions as sympy relations, each solved for a parameter where it is
        linear in one (:func:`~bargaining.analysis.conditions.condition_relation`).

        Solving takes about a tenth of a second per condition of a real model, and the
        conditions are read by :meth:`describe_conditions`, regions, reports and displays: each
        piece's are solved once per solution (a piece of another solution is solved each time).
        """
        index = next((i for i, p in enumerate(self.pieces) if p is piece), None)
        relations = self._relations.get(index)
        if relations is None:
            relations = tuple(condition_relation(g, self.box) for g in piece.conditions)
            if index is not None:
                self._relations[index] = relations
        return relations

    def expressions_latex(self, piece: ParametricEquilibrium) -> dict[str, object]:
        """LaTeX for a piece's strategies (label -> probability, per player), payoffs and
        outcome probabilities."""
        labels = self.strategy_labels
        return {
            "strategies": {
                player: {
                    labels[i][j]: sympy.latex(piece.strategies[i][j]) for j in piece.supports[i]
                }
                for i, player in enumerate(self.game.players)
            },
            "payoffs": {
                player: sympy.latex(piece.payoffs[i]) for i, player in enumerate(self.game.players)
            },
            "outcomes": {name: sympy.latex(p) for name, p in piece.outcome_probabilities},
        }

    def conditions_latex(self) -> list[list[str]]:
        """LaTeX for every piece's conditions, in piece order."""
        return [self.describe_conditions(piece, latex=True) for piece in self.pieces]

    def strategy_text(self, piece: ParametricEquilibrium, player: int) -> str:
        """``label: probability`` for the strategies a piece plays, e.g. ``truce: 1/(L + 1)``."""
        labels = self.strategy_labels[player]
        return ", ".join(
            f"{labels[j]}: {piece.strategies[player][j]}" for j in piece.supports[player]
        )

    def __repr__(self) -> str:
        lines = [
            f"ParametricSolution({len(self.pieces)} pieces over {', '.join(self.space.names)})"
        ]
        for index, piece in enumerate(self.pieces[:_REPR_PIECES]):
            plays = "; ".join(
                f"{player}={{{self.strategy_text(piece, i)}}}"
                for i, player in enumerate(self.game.players)
            )
            conditions = " and ".join(self.describe_conditions(piece)) or "always"
            line = f"  [{index}] {plays}  when {conditions}"
            # Conditions of real models run to hundreds of characters: a terminal gets a line.
            lines.append(line if len(line) <= _REPR_WIDTH else line[: _REPR_WIDTH - 1] + "…")
        if len(self.pieces) > _REPR_PIECES:
            lines.append(f"  … {len(self.pieces) - _REPR_PIECES} more (to_pandas() has them all)")
        return "\n".join(lines)

    # -- one point ------------------------------------------------------------------------------

    def _exact_point(self, values: Mapping[str, object] | None) -> dict[sympy.Symbol, sympy.Expr]:
        point = self.space.validate(dict(values or {}))
        return {self.space[name].symbol: to_sympy(value) for name, value in point.items()}

    def active(self, values: Mapping[str, object] | None = None) -> tuple[int, ...] | None:
        """Indices of the pieces that hold at a point, or None on a boundary.

        A point is on a boundary when a condition of a piece or the determinant of its linear
        system is exactly zero there: the game may be degenerate at that point.
        """
        point = self._exact_point(values)
        if any(tie.holds_at(point) for tie in self.ties):
            return None
        held = []
        for index, piece in enumerate(self.pieces):
            if any(exact_value(s, point) == 0 for s in piece.singular):
                return None
            radicand = radicand_sign(piece, point)  # its other conditions: real where >= 0
            if radicand <= 0:
                if radicand == 0:
                    return None
                continue
            signs = [exact_value(g, point) for g in piece.conditions]
            if any(sign == 0 for sign in signs):
                return None
            if all(sign > 0 for sign in signs):
                held.append(index)
        return tuple(held)

    def at(self, values: Mapping[str, object] | None = None) -> list[Equilibrium]:
        """The equilibria at one point (parameters left out keep their baseline), sorted by
        strategies.

        Inside a region the pieces are evaluated exactly; on a boundary, where the game can be
        degenerate and have equilibria no piece describes (or anywhere, when the pieces are
        not ``complete``), the game is solved at that point
        with :func:`~bargaining.solvers.concepts.equilibria` under the solution's concept, so
        the answer is always the full set (for a normal-form game every extreme equilibrium,
        for a tree every subgame-perfect equilibrium).
        """
        point = self._exact_point(values)
        game = self.game.at({symbol.name: value for symbol, value in point.items()})
        active = self.active(values) if self.complete else None
        if active is None:
            solved = solution_concept(self.game, self.concept).solve(game)
            return EquilibriumList(sorted(solved, key=lambda eq: eq.strategies))

        def exact(expression: sympy.Expr) -> object:
            # a + b sqrt(m) (a square-root piece) as the point solver's algebraic number
            return normalize_number(algebraic_value(exact_value(expression, point)))

        found: dict[tuple, Equilibrium] = {}
        for index in active:
            piece = self.pieces[index]
            strategies = tuple(tuple(exact(p) for p in vector) for vector in piece.strategies)
            found.setdefault(
                strategies,
                Equilibrium(
                    strategies=strategies,
                    payoffs=tuple(exact(v) for v in piece.payoffs),
                    players=tuple(game.players),
                    strategy_labels=self.strategy_labels,
                    outcome_probabilities=tuple(
                        (name, exact(p)) for name, p in piece.outcome_probabilities
                    ),
                    method="parametric",
                ),
            )
        return EquilibriumList(sorted(found.values(), key=lambda eq: eq.strategies))

    # -- tipping points and regions -------------------------------------------------------------

    def thresholds(self, parameter: str, at: Mapping[str, object] | None = None) -> list[Threshold]:
        """The exact values of ``parameter`` where the set of equilibria changes, the other
        parameters fixed at ``at`` (baselines where left out).

        Each candidate (a zero of a condition or of a singular determinant inside the range)
        is confirmed by the equilibria on its two sides differing in who plays what; each
        threshold carries its formula in the other parameters where sympy can solve for it,
        and a sentence saying what changes.

        The search takes about half a second per lever of the ceasefire model, and a report asks
        for each lever twice (its tables and figures, its claim checks): each (parameter,
        values of the others) is searched once per solution, and every call gets its own list.
        """
        key = (parameter, tuple(slice_point(self.space, parameter, at).items()))
        found = _remembered(
            self._thresholds, key, lambda: tuple(find_thresholds(self, parameter, at))
        )
        return ResultList(found)

    @functools.cached_property
    def _thresholds(self) -> dict[tuple, tuple[Threshold, ...]]:
        return {}

    def condition_factors(self, expression: sympy.Expr) -> tuple[sympy.Expr, ...]:
        """The irreducible factors of a condition's numerator
        (:func:`~bargaining.analysis.thresholds.numerator_factors`).

        The tipping-point formulas of every lever are read from the same few conditions (the
        five levers of the ceasefire model factor 6 conditions 37 times): each is factored once
        per solution.
        """
        return _remembered(self._factors, expression, lambda: numerator_factors(expression))

    @functools.cached_property
    def _factors(self) -> dict[sympy.Expr, tuple[sympy.Expr, ...]]:
        return {}

    def regions(
        self,
        over: Sequence[str] = (),
        fixed: Mapping[str, object] | None = None,
        *,
        resolution: int = 201,
    ) -> list[Region]:
        """Partition a 1-D or 2-D slice into regions with the same equilibria.

        Parameters
        ----------
        over:
            One or two parameter names (default: the first leverage-tagged parameter, or the
            first parameter).
        fixed:
            Values of the other parameters (baselines where left out).
        resolution:
            Grid points per axis for 2-D slices (the conditions themselves are exact).

        Returns
        -------
        list of Region
            1-D: exact intervals in increasing order. 2-D: largest region first.
        """
        if not over:
            leading = self.space.tagged("leverage") or self.space.parameters
            over = (leading[0].name,)
        return ResultList(find_regions(self, over, fixed, resolution=resolution))

    # -- many points ----------------------------------------------------------------------------

    @functools.cached_property
    def _kernel(self) -> SolutionKernel:
        # Compiled once per solution object; dropped when it is pickled or replaced.
        return compile_kernel(self)

    def evaluate(
        self,
        points: Mapping[str, object],
        *,
        tolerance: float = 1e-9,
        into: Mapping[str, np.ndarray] | None = None,
    ) -> Evaluation:
        """Evaluate the solution over many points at once (compiled to numpy once, see
        :mod:`bargaining.analysis.kernel`).

        Parameters
        ----------
        points:
            Parameter name -> equal-length 1-D arrays, one point per index; parameters left
            out keep their baseline.
        tolerance:
            A condition within ``tolerance`` of zero counts as a boundary: the point is flagged
            in ``Evaluation.boundary`` and counted with the pieces whose conditions hold
            within the tolerance.
        into:
            Arrays to write the results into instead of new ones, by name: ``"count"``
            (int64), ``"boundary"`` (bool), ``"region"`` (intp), ``"outcome_min/<outcome>"``,
            ``"outcome_max/<outcome>"``, ``"payoff_min/<player>"``, ``"payoff_max/<player>"``
            (float64), each as long as the points; a sweep passes slices of its own arrays.

        Returns
        -------
        Evaluation
            Arrays over the points: number of equilibria, min/max probability of each outcome
            and min/max payoff of each player over the equilibria, the pieces that hold and
            each point's region.

        Examples
        --------
        >>> import numpy as np
        >>> from bargaining.model import load_model
        >>> from bargaining.analysis import parametric_equilibria
        >>> model = load_model("models/chicken.toml")
        >>> solution = parametric_equilibria(model.game(), model.parameters)
        >>> count = np.zeros(2, dtype=np.int64)
        >>> values = solution.evaluate({"c": [2.0, 10.0]}, into={"count": count})
        >>> count.tolist(), values.regions
        ([3, 3], ((0, 1, 2),))
        """
        arrays, size = point_arrays(self.space, points)
        arguments = [arrays[name] for name in self.space.names]
        return self._kernel.evaluate(arguments, size, tolerance, into)

    def plot(
        self,
        ax: Axes | None = None,
        *,
        over: str | Sequence[str],
        at: Mapping[str, object] | None = None,
        points: int = 201,
        resolution: int = 151,
    ) -> Axes:
        """Outcome curves along one parameter (``over="L"``), or the map of the regions over
        two (``over=("L", "G")``), the others at ``at`` (baselines where left out).

        Curves: each outcome's lowest to highest probability over the equilibria at ``points``
        values, tipping points dash-dotted, the baseline dotted. Map: ``resolution`` cells a
        side, one legend patch per region. Draws into ``ax`` (a new figure when None) and
        returns it; see :mod:`bargaining.analysis.plots`.

        >>> from bargaining.model import load_model
        >>> from bargaining.analysis import parametric_equilibria
        >>> model = load_model("models/ceasefire.toml")
        >>> axes = parametric_equilibria(model.game(), model.parameters).plot(over="G")
        >>> axes.get_legend().get_texts()[0].get_text()
        'ceasefire'
        """
        from bargaining.analysis.plots import plot_solution

        return plot_solution(self, ax, over=over, at=at, points=points, resolution=resolution)

    # -- displays -------------------------------------------------------------------------------

    def piece_row(self, index: int) -> dict[str, object]:
        """Piece ``index`` as one row of a table (:meth:`to_pandas`): the probability of every
        ``"player: strategy"``, ``"payoff: player"`` and ``"P(outcome)"`` as sympy expressions,
        and its conditions as text ("always" when it has none)."""
        piece, labels = self.pieces[index], self.strategy_labels
        row: dict[str, object] = {"piece": index}
        row.update(strategy_columns(self.game.players, labels, piece.strategies))
        row.update(
            {
                f"payoff: {player}": v
                for player, v in zip(self.game.players, piece.payoffs, strict=True)
            }
        )
        row.update({f"P({name})": p for name, p in piece.outcome_probabilities})
        row["conditions"] = " and ".join(self.describe_conditions(piece)) or "always"
        return row

    def to_pandas(self):
        """The pieces as a :class:`pandas.DataFrame`, one row each (:meth:`piece_row`); pandas
        is an optional extra."""
        rows = (self.piece_row(index) for index in range(len(self.pieces)))
        return data_frame(rows, what="ParametricSolution.to_pandas")

    def _repr_html_(self) -> str:
        players, labels = self.game.players, self.strategy_labels
        rows = []
        for index, piece in enumerate(self.pieces):
            plays = [
                tuple(
                    Html(f"{escape(labels[i][j])}: {html_formula(piece.strategies[i][j])}")
                    for j in piece.supports[i]
                )
                for i in range(len(players))
            ]
            conditions = [html_math(text) for text in self.describe_conditions(piece, latex=True)]
            payoffs = [html_formula(v) for v in piece.payoffs]
            rows.append([index, *plays, *payoffs, Html(" and ".join(conditions) or "always")])
        columns = ["piece", *players, *(f"payoff: {p}" for p in players), "holds where"]
        title = f"{len(self.pieces)} pieces over {', '.join(self.space.names)}"
        return html_record(
            f"Parametric solution ({self.concept})",
            [("pieces", title)],
            parts=[html_table(columns, rows)],
        )
