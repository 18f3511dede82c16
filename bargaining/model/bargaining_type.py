"""``type = "bargaining"``: a two-player bargaining problem and its solutions (Nash 1950;
Kalai & Smorodinsky 1975; Kalai 1977; Rubinstein 1982), with formulas in the parameters.

::

    [games.split]
    type = "bargaining"
    description = "How the two sides would split the bargaining range"
    players = ["Russia", "Ukraine"]       # optional: the model's two players
    vertices = [[0, 0], [1, 0], [0, 1]]   # the feasible set: the hull of these payoff pairs
    disagreement = { Russia = "L*(1 - W/2) - 12*cR", Ukraine = "1 - L*(1 - W/2) - 12*cU" }
    weights = { Russia = 1, Ukraine = 1 }          # optional: bargaining powers (Nash)
    solutions = ["nash", "kalai-smorodinsky"]       # optional: default all four
    discount_factors = { Russia = 0.99, Ukraine = 0.98 }   # optional: alternating offers
    outside_options = { Russia = 0, Ukraine = "w" }        # optional, with discount_factors

Instead of ``vertices``, ``frontier = "1 - u1**2"`` gives the feasible set under a concave,
non-increasing frontier ``u2 = f(u1)`` (``u1`` is the first player's payoff), and
``feasible_set = "u1**2/4 + u2**2 <= 1"`` the region of a constraint in both payoffs, whose
upper boundary is the frontier
(:meth:`~bargaining.games.bargaining_problem.BargainingProblem.from_constraint`). Without any,
the feasible set is the unit pie ``u1 + u2 <= 1``, the set alternating offers divide:
``discount_factors`` needs the unit pie, and adds the Rubinstein (1982) split with the first
player proposing first (:func:`~bargaining.theory.alternating_offers.rubinstein`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from bargaining.games.bargaining_problem import BargainingProblem
from bargaining.model.expressions import expression_text, read_condition
from bargaining.model.fields import describe, read_text, read_text_list, suggest
from bargaining.model.formula_type import (
    Quantity,
    formula_entry,
    labels_of,
    number_text,
    per_player_entry,
    read_pair,
    read_per_player,
    read_quantity,
    read_two_players,
    substitute,
    values_at,
)
from bargaining.model.game_types import GameContext, GameLabels, GameType, register_game_type
from bargaining.model.keys import Key
from bargaining.model.toml_writer import Multiline
from bargaining.solvers.axiomatic import (
    BargainingSolution,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    utilitarian,
)
from bargaining.theory.alternating_offers import rubinstein

__all__ = ["BARGAINING", "FRONTIER_VARIABLE", "SOLUTIONS", "BargainingGame"]

#: The symbol standing for the first player's payoff in a ``frontier`` formula.
FRONTIER_VARIABLE = sympy.Symbol("u1", real=True)
#: The symbol standing for the second player's payoff in a ``feasible_set`` constraint.
SECOND_VARIABLE = sympy.Symbol("u2", real=True)
#: Solution name -> solver.
SOLUTIONS = {
    "nash": nash_bargaining,
    "kalai-smorodinsky": kalai_smorodinsky,
    "egalitarian": egalitarian,
    "utilitarian": utilitarian,
}
_UNIT_PIE = ((0, 0), (1, 0), (0, 1))
_KEYS = (
    "description",
    "players",
    "vertices",
    "frontier",
    "feasible_set",
    "disagreement",
    "weights",
    "solutions",
    "discount_factors",
    "outside_options",
)
_PAYOFF = Quantity("a payoff", '"1 - L"')
_FRONTIER = Quantity("a frontier formula in u1", '"1 - u1**2"')
_WEIGHT = Quantity("a bargaining power (positive)", "1", 0, open_low=True)
_DISCOUNT = Quantity("a discount factor", "0.99", 0, 1, True, True)
_OPTION = Quantity("an outside option (nonnegative)", '"w"', 0)


@dataclass(frozen=True)
class BargainingGame:
    """A bargaining problem as a model file states it (formulas in the parameters).

    Attributes
    ----------
    players:
        The two bargainers, in the order of the payoff pairs.
    vertices:
        Payoff pairs whose hull is the feasible set (``None`` with a frontier).
    frontier:
        ``u2 = f(u1)`` in :data:`FRONTIER_VARIABLE` (``None`` with vertices).
    feasible_set:
        A constraint in :data:`FRONTIER_VARIABLE` and :data:`SECOND_VARIABLE` such as
        ``u1**2/4 + u2**2 <= 1`` (``None`` without).
    disagreement:
        ``d``, one formula per player.
    weights:
        Bargaining powers for the Nash solution.
    solutions:
        Names from :data:`SOLUTIONS` to report.
    discount_factors, outside_options:
        Alternating offers on the unit pie (``None`` without).
    description:
        What the game stands for.

    Examples
    --------
    >>> zero, one = sympy.Integer(0), sympy.Integer(1)
    >>> game = BargainingGame(("A", "B"), ((zero, zero), (one, zero), (zero, one)))
    >>> nash_bargaining(game.problem({})).point
    (Fraction(1, 2), Fraction(1, 2))
    """

    players: tuple[str, str]
    vertices: tuple[tuple[sympy.Expr, sympy.Expr], ...] | None = None
    frontier: sympy.Expr | None = None
    disagreement: tuple[sympy.Expr, sympy.Expr] = (sympy.Integer(0), sympy.Integer(0))
    weights: tuple[sympy.Expr, sympy.Expr] = (sympy.Integer(1), sympy.Integer(1))
    solutions: tuple[str, ...] = tuple(SOLUTIONS)
    discount_factors: tuple[sympy.Expr, sympy.Expr] | None = None
    outside_options: tuple[sympy.Expr, sympy.Expr] | None = None
    description: str = ""
    feasible_set: sympy.Rel | None = None

    def problem(self, values: Mapping[str, object]) -> BargainingProblem:
        """The :class:`~bargaining.games.bargaining_problem.BargainingProblem` at parameter
        values (name -> number): exact for exact values."""
        d = values_at(self.disagreement, values, "disagreement point")
        if self.feasible_set is not None:
            keep = frozenset({FRONTIER_VARIABLE, SECOND_VARIABLE})
            region = substitute(self.feasible_set, values, "feasible_set", keep)
            return BargainingProblem.from_constraint(
                region, (FRONTIER_VARIABLE, SECOND_VARIABLE), d
            )
        if self.frontier is not None:
            keep = frozenset({FRONTIER_VARIABLE})
            frontier = substitute(self.frontier, values, "frontier", keep)
            return BargainingProblem.from_frontier(frontier, FRONTIER_VARIABLE, d)
        if self.vertices is None:
            return BargainingProblem.from_vertices(_UNIT_PIE, d)
        return BargainingProblem.from_vertices(
            [values_at(point, values, "vertices") for point in self.vertices], d
        )

    def solve(self, values: Mapping[str, object]) -> dict[str, BargainingSolution]:
        """Each of :attr:`solutions` at parameter values."""
        problem = self.problem(values)
        weights = values_at(self.weights, values, "weights")
        return {
            name: SOLUTIONS[name](problem, weights) if name == "nash" else SOLUTIONS[name](problem)
            for name in self.solutions
        }


def _read(context: GameContext, table: Mapping[str, object], key: Key) -> BargainingGame | None:
    log = context.log
    before = len(log)
    description = read_text(log, table, key, "description")
    players = read_two_players(context, table, key, "the order of the payoff pairs")
    given = [name for name in ("vertices", "frontier", "feasible_set") if name in table]
    if len(given) > 1:
        log.add(key, f"has both {given[0]} and {given[1]}; give one feasible set, not both")
        return None
    vertices = _vertices(context, table, key) if "vertices" in table else None
    frontier = _frontier(context, table, key) if "frontier" in table else None
    feasible_set = _feasible_set(context, table, key) if "feasible_set" in table else None
    optional = {}
    for name, quantity in (
        ("disagreement", _PAYOFF),
        ("weights", _WEIGHT),
        ("discount_factors", _DISCOUNT),
        ("outside_options", _OPTION),
    ):
        optional[name] = (
            read_per_player(context, table, key, name, players, quantity)
            if players and name in table
            else None
        )
    solutions = _solutions(context, table, key)
    if "outside_options" in table and "discount_factors" not in table:
        log.add(
            (*key, "outside_options"), "outside options need discount_factors (alternating offers)"
        )
    if "discount_factors" in table and given:
        log.add(
            (*key, "discount_factors"),
            f"alternating offers divide the unit pie; drop {given[0]}, or drop discount_factors",
        )
    if len(log) > before or players is None or solutions is None:
        return None
    zero, one = sympy.Integer(0), sympy.Integer(1)
    return BargainingGame(
        players,
        vertices,
        frontier,
        optional["disagreement"] or (zero, zero),
        optional["weights"] or (one, one),
        solutions,
        optional["discount_factors"],
        optional["outside_options"],
        description or "",
        feasible_set,
    )


def _vertices(context: GameContext, table: Mapping[str, object], key: Key):
    value = table["vertices"]
    where = (*key, "vertices")
    if not isinstance(value, list) or not value:
        context.log.add(
            where,
            "expected a non-empty array of payoff pairs, e.g. [[0, 0], [1, 0], [0, 1]]; "
            f"got {describe(value)}",
        )
        return None
    pairs = [read_pair(context, item, (*where, i), _PAYOFF) for i, item in enumerate(value)]
    return None if any(pair is None for pair in pairs) else tuple(pairs)


def _frontier(context: GameContext, table: Mapping[str, object], key: Key):
    name = FRONTIER_VARIABLE.name
    if name in context.symbols:
        context.log.add(
            (*key, "frontier"),
            f"the parameter {name!r} hides the frontier variable {name}; rename the parameter",
        )
        return None
    names = {**context.symbols, name: FRONTIER_VARIABLE}
    frontier = read_quantity(context, table, key, "frontier", _FRONTIER, names=names)
    if frontier is not None and FRONTIER_VARIABLE not in frontier.free_symbols:
        context.log.add(
            (*key, "frontier"),
            f"the frontier {frontier} does not depend on u1; expected u2 as a formula in u1, "
            'e.g. "1 - u1**2"',
        )
        return None
    return frontier


def _feasible_set(context: GameContext, table: Mapping[str, object], key: Key):
    where = (*key, "feasible_set")
    hidden = [v.name for v in (FRONTIER_VARIABLE, SECOND_VARIABLE) if v.name in context.symbols]
    if hidden:
        log_text = f"the parameter {hidden[0]!r} hides the payoff variable {hidden[0]}"
        context.log.add(where, f"{log_text}; rename the parameter")
        return None
    names = {**context.symbols, "u1": FRONTIER_VARIABLE, "u2": SECOND_VARIABLE}
    region = read_condition(context.log, table["feasible_set"], where, names)
    if region is None:
        return None
    if not isinstance(region, sympy.Rel) or isinstance(region, (sympy.Eq, sympy.Ne)):
        context.log.add(
            where,
            f'expected one inequality in u1 and u2 such as "u1**2/4 + u2**2 <= 1", '
            f"got {expression_text(region)}",
        )
        return None
    if SECOND_VARIABLE not in region.free_symbols:
        context.log.add(
            where,
            f"the constraint {region} does not involve u2; expected a region in both payoffs, "
            'e.g. "u1**2/4 + u2**2 <= 1"',
        )
        return None
    return region


def _solutions(context: GameContext, table: Mapping[str, object], key: Key):
    if "solutions" not in table:
        return tuple(SOLUTIONS)
    names = read_text_list(
        context.log, table, key, "solutions", expected="an array of solution names"
    )
    if names is None:
        return None
    good = bool(names)
    if not names:
        context.log.add(
            (*key, "solutions"), f"no solutions; expected some of: {', '.join(SOLUTIONS)}"
        )
    for index, name in enumerate(names):
        if name not in SOLUTIONS:
            context.log.add(
                (*key, "solutions", index),
                f"unknown solution {name!r}{suggest(name, SOLUTIONS)}; expected one of: "
                f"{', '.join(SOLUTIONS)}",
            )
            good = False
    return tuple(names) if good else None


def _write(game: BargainingGame) -> dict[str, object]:
    entries: dict[str, object] = {}
    if game.description:
        entries["description"] = game.description
    entries["players"] = list(game.players)
    if game.vertices is not None:
        entries["vertices"] = Multiline(
            [[formula_entry(c) for c in point] for point in game.vertices]
        )
    if game.frontier is not None:
        entries["frontier"] = formula_entry(game.frontier)
    if game.feasible_set is not None:
        entries["feasible_set"] = expression_text(game.feasible_set)
    entries["disagreement"] = per_player_entry(game.players, game.disagreement)
    entries["weights"] = per_player_entry(game.players, game.weights)
    entries["solutions"] = list(game.solutions)
    if game.discount_factors is not None:
        entries["discount_factors"] = per_player_entry(game.players, game.discount_factors)
    if game.outside_options is not None:
        entries["outside_options"] = per_player_entry(game.players, game.outside_options)
    return entries


def _summarize(game: BargainingGame, values: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    first, second = game.players
    d = values_at(game.disagreement, values, "disagreement point")
    rows = [("disagreement point", f"{first} {number_text(d[0])}, {second} {number_text(d[1])}")]
    for name, solution in game.solve(values).items():
        u1, u2 = solution.point
        rows.append((f"{name} solution", f"{first} {number_text(u1)}, {second} {number_text(u2)}"))
    if game.discount_factors is not None:
        deltas = values_at(game.discount_factors, values, "discount factors")
        options = values_at(
            game.outside_options or (sympy.Integer(0),) * 2, values, "outside options"
        )
        split = rubinstein(*deltas, outside_options=options)
        x1, x2 = split.proposer_1
        rows.append(
            (
                f"alternating offers, {first} proposing first",
                f"{first} {number_text(x1)}, {second} {number_text(x2)}",
            )
        )
    return tuple(rows)


def _labels(game: BargainingGame) -> GameLabels:
    return labels_of(game.players)


#: The ``"bargaining"`` game type, registered on import.
BARGAINING = GameType("bargaining", BargainingGame, _KEYS, _read, _write, _labels, _summarize)
register_game_type(BARGAINING)
