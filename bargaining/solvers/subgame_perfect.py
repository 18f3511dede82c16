"""Subgame-perfect equilibria of perfect-information trees by backward induction.

Every tie is kept: where a mover is indifferent between several best actions, each gives its
own equilibria, so :func:`subgame_perfect` returns *all* pure subgame-perfect equilibria.
The induction runs bottom-up over the tree's node list (no recursion), so trees of any depth
work.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy

from bargaining.display import ResultList, html_record, html_table
from bargaining.errors import GameError
from bargaining.games.extensive import ChanceNode, DecisionNode, ExtensiveGame, TerminalNode
from bargaining.numbers import Number, is_symbolic, normalize_number, to_sympy
from bargaining.solvers.equilibrium import Equilibrium

__all__ = [
    "FLOAT_TIE_TOLERANCE",
    "SubgamePerfectEquilibrium",
    "subgame_perfect",
    "subgame_perfect_equilibria",
    "tree_outcomes",
]

MAX_EQUILIBRIA = 100_000
"""Default cap on the number of equilibria :func:`subgame_perfect` enumerates."""

FLOAT_TIE_TOLERANCE = 1e-12
"""Float payoffs within this (relative to the larger magnitude, at least 1) count as a tie.
Exact payoffs are compared exactly."""


@dataclass(frozen=True)
class SubgamePerfectEquilibrium:
    """A pure subgame-perfect equilibrium: one action at every decision node.

    Attributes
    ----------
    actions:
        For every node of ``game.nodes`` the index of the action chosen there (``None`` at
        chance and terminal nodes).
    payoffs:
        Each player's expected payoff (exact when the game is exact).
    players:
        The game's player names.
    game:
        The tree (not part of equality).

    Examples
    --------
    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"l": terminal((1, 0)), "r": terminal((0, 1))}),
    ...                      players=("A", "B"))
    >>> (spe,) = subgame_perfect(game)
    >>> spe.choices, spe.payoffs
    ({'root': 'l'}, (1, 0))
    >>> spe.strategies
    ((1, 0), (1,))
    """

    actions: tuple[int | None, ...]
    payoffs: tuple[Number, ...]
    players: tuple[str, ...]
    game: ExtensiveGame = field(repr=False, compare=False)
    method: str = "backward induction"

    @property
    def choices(self) -> dict[str, str]:
        """Node path -> chosen action label, for every decision node (depth first)."""
        game = self.game
        return {
            game.paths[index]: game.nodes[index].actions[action]
            for index, action in enumerate(self.actions)
            if action is not None
        }

    @functools.cached_property
    def reduced_profile(self) -> tuple[int, ...]:
        """Per player, the index of the reduced strategy played (in ``to_normal_form`` order)."""
        game = self.game
        profile = []
        for i, name in enumerate(game.players):
            reachable = set()
            stack = [0]
            while stack:
                index = stack.pop()
                node = game.nodes[index]
                if isinstance(node, DecisionNode) and node.player == name:
                    reachable.add(index)
                    stack.append(game.children[index][self.actions[index]])
                else:
                    stack.extend(game.children[index])
            own = game.player_infosets(i)
            strategy = tuple(
                self.actions[game.infosets[k][0]] if game.infosets[k][0] in reachable else None
                for k in own
            )
            profile.append(game.reduced_strategies(i).index(strategy))
        return tuple(profile)

    @property
    def strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        """Each player's reduced strategy labels (as in ``game.to_normal_form()``)."""
        return tuple(self.game.strategy_labels(i) for i in range(len(self.players)))

    @property
    def strategies(self) -> tuple[tuple[int, ...], ...]:
        """One pure probability vector per player over the reduced strategic form's
        strategies, in ``game.to_normal_form()`` order."""
        vectors = []
        for i, chosen in enumerate(self.reduced_profile):
            vector = [0] * len(self.game.reduced_strategies(i))
            vector[chosen] = 1
            vectors.append(tuple(vector))
        return tuple(vectors)

    def to_equilibrium(self) -> Equilibrium:
        """The equilibrium of the reduced strategic form (``game.to_normal_form()``) it induces:
        one pure strategy per player, the expected payoffs, and the probability of every named
        outcome of the tree (zero for those not reached), in the order the outcomes first
        appear in the tree (depth first).

        Built from the tree directly, without building the strategic form.
        """
        reached = dict(self.outcome_probabilities)
        return Equilibrium(
            strategies=self.strategies,
            payoffs=self.payoffs,
            players=self.players,
            strategy_labels=self.strategy_labels,
            outcome_probabilities=tuple(
                (name, reached.get(name, 0)) for name in tree_outcomes(self.game)
            ),
            method=self.method,
        )

    @property
    def outcome_probabilities(self) -> tuple[tuple[str, Number], ...]:
        """``(outcome, probability)`` for the named terminal outcomes reached, first seen first."""
        totals: dict[str, Number] = {}
        stack: list[tuple[int, Number]] = [(0, 1)]
        game = self.game
        while stack:
            index, weight = stack.pop()
            node = game.nodes[index]
            if isinstance(node, TerminalNode):
                if node.outcome is not None:
                    totals[node.outcome] = totals.get(node.outcome, 0) + weight
            elif isinstance(node, ChanceNode):
                pairs = zip(node.probabilities, game.children[index], strict=True)
                stack.extend((child, weight * p) for p, child in reversed(list(pairs)))
            else:
                stack.append((game.children[index][self.actions[index]], weight))
        return tuple((name, normalize_number(p)) for name, p in totals.items())

    def probability(self, outcome: str) -> Number:
        """Probability of a named outcome (0 when it is not reached)."""
        return dict(self.outcome_probabilities).get(outcome, 0)

    def __repr__(self) -> str:
        chosen = [(i, a) for i, a in enumerate(self.actions) if a is not None]
        shown = [f"{self.game.paths[i]}: {self.game.nodes[i].actions[a]}" for i, a in chosen[:6]]
        if len(chosen) > 6:
            shown.append(f"... {len(chosen) - 6} more")
        choices = ", ".join(shown)
        payoffs = ", ".join(str(value) for value in self.payoffs)
        return f"SubgamePerfectEquilibrium({{{choices}}}; payoffs=({payoffs}))"

    def table_row(self) -> dict[str, object]:
        """This equilibrium as one row of a table (``subgame_perfect(tree).to_pandas()``): the
        action chosen at every decision node (by its path), then each player's payoff."""
        payoffs = {f"payoff: {p}": v for p, v in zip(self.players, self.payoffs, strict=True)}
        return {**self.choices, **payoffs}

    def _repr_html_(self) -> str:
        payoffs = [(f"payoff: {p}", v) for p, v in zip(self.players, self.payoffs, strict=True)]
        choices = html_table(["where", "choice"], self.choices.items())
        return html_record(f"Subgame-perfect equilibrium ({self.method})", payoffs, parts=[choices])


def tree_outcomes(tree: ExtensiveGame) -> tuple[str, ...]:
    """The names of a tree's terminal outcomes, in order of first appearance (depth first).

    >>> from bargaining.games.extensive import decision, terminal
    >>> tree_outcomes(ExtensiveGame(decision("A", {"x": terminal((1,), "war"),
    ...                                            "y": terminal((0,), "deal")})))
    ('war', 'deal')
    """
    return tuple(
        dict.fromkeys(
            node.outcome
            for node in tree.nodes
            if isinstance(node, TerminalNode) and node.outcome is not None
        )
    )


def subgame_perfect_equilibria(
    tree: ExtensiveGame, *, at: Mapping[str, object] | None = None
) -> list[Equilibrium]:
    """The subgame-perfect equilibria of a tree as equilibria of its reduced strategic form.

    :func:`subgame_perfect` keeps the choice at every node; this view keeps what the rest of
    the toolkit reads from an :class:`~bargaining.solvers.equilibrium.Equilibrium` (each
    player's reduced strategy, payoffs, the probability of every named outcome). Two
    subgame-perfect equilibria that differ only at nodes a player's own earlier choices rule
    out induce the same reduced profile and are listed once. Order: that of
    :func:`subgame_perfect`.

    >>> from bargaining.games.extensive import decision, terminal
    >>> entry = ExtensiveGame(decision("Entrant", {
    ...     "out": terminal((0, 2), "no entry"),
    ...     "in": decision("Incumbent", {"fight": terminal((-1, -1), "war"),
    ...                                  "accommodate": terminal((1, 1), "peace")})}),
    ...     players=("Entrant", "Incumbent"))
    >>> (eq,) = subgame_perfect_equilibria(entry)
    >>> eq.strategies, eq.probability("peace")
    (((0, 1), (0, 1)), 1)
    """
    found: dict[Equilibrium, None] = {}
    for spe in subgame_perfect(tree, at=at):
        found.setdefault(spe.to_equilibrium(), None)
    return list(found)


def subgame_perfect(
    tree: ExtensiveGame,
    *,
    at: Mapping[str, object] | None = None,
    max_equilibria: int = MAX_EQUILIBRIA,
) -> list[SubgamePerfectEquilibrium]:
    """All pure subgame-perfect equilibria of a perfect-information tree (chance allowed).

    Backward induction that keeps every tie: at each decision node the mover picks, for each
    combination of equilibria of the subtrees below, every action that is best for her, so
    indifferences give several equilibria. Expected payoffs over chance are exact for exact
    games; float payoffs tie within :data:`FLOAT_TIE_TOLERANCE`.

    Parameters
    ----------
    tree:
        An :class:`~bargaining.games.extensive.ExtensiveGame` with perfect information.
    at:
        Parameter values to substitute first. Without them, a symbolic tree is solved when
        every comparison a mover makes is decided by the parameters' sympy assumptions (e.g.
        ``Symbol("c", positive=True)``); the payoffs are then expressions.
    max_equilibria:
        Refuse (GameError) trees with more equilibria than this, rather than run out of
        memory: ties in many independent subtrees multiply.

    Returns
    -------
    list of SubgamePerfectEquilibrium
        Ordered by the actions chosen, node by node depth first (first action first).

    Raises
    ------
    GameError
        For imperfect information (use ``nash_equilibria(tree.to_normal_form())``), a
        symbolic comparison the assumptions do not decide (pass ``at``), or too many
        equilibria.

    Examples
    --------
    >>> from bargaining.games.extensive import decision, terminal
    >>> entry = ExtensiveGame(decision("Entrant", {
    ...     "out": terminal((0, 2)),
    ...     "in": decision("Incumbent", {"fight": terminal((-1, -1)),
    ...                                  "accommodate": terminal((1, 1))})}),
    ...     players=("Entrant", "Incumbent"))
    >>> [spe.choices for spe in subgame_perfect(entry)]
    [{'root': 'in', 'root/in': 'accommodate'}]
    >>> tie = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((1,))}))
    >>> [spe.choices["root"] for spe in subgame_perfect(tie)]
    ['x', 'y']
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"subgame_perfect needs an ExtensiveGame, got {type(tree).__name__}")
    if at is not None:
        tree = tree.at(at)
    if not tree.is_perfect_information:
        members = next(m for m in tree.infosets if len(m) > 1)
        raise GameError(
            "subgame_perfect needs perfect information (backward induction); the information "
            f"set of nodes {', '.join(tree.paths[i] for i in members)} has several nodes. Use "
            "nash_equilibria(tree.to_normal_form()) or pure_equilibria(tree.to_normal_form()) "
            "instead"
        )
    symbolic = bool(tree.parameters)
    floats = not symbolic and not tree.is_exact
    entries = _induction(tree, symbolic, floats, max_equilibria)
    return ResultList(
        _materialize(tree, entries, k, entries[0][k][0]) for k in range(len(entries[0]))
    )


def _induction(tree: ExtensiveGame, symbolic: bool, floats: bool, max_equilibria: int) -> list:
    """Per node, the equilibria of the subtree below it, each as (payoff vector, chosen action
    or None, one entry index per child), in the order :func:`subgame_perfect` returns them.

    A node whose children each have one equilibrium (the common case: no ties below) takes a
    fast path without enumerating combinations."""
    n = len(tree.players)
    player_of = {name: i for i, name in enumerate(tree.players)}
    zero = (0,) * n
    nodes, children, paths = tree.nodes, tree.children, tree.paths
    entries: list = [None] * len(nodes)
    for index in range(len(nodes) - 1, -1, -1):
        node = nodes[index]
        payoffs = node.payoffs
        own = zero if payoffs is None else payoffs if symbolic else _value(payoffs, floats)
        if type(node) is TerminalNode:
            entries[index] = [(own, None, ())]
            continue
        kids = children[index]
        lists = [entries[child] for child in kids]
        is_chance = type(node) is ChanceNode
        if all(len(found) == 1 for found in lists):
            combo = (0,) * len(kids)
            vectors = [found[0][0] for found in lists]
            if is_chance:
                entries[index] = [(_expectation(own, node, vectors, symbolic, floats), None, combo)]
                continue
            mover = player_of[node.player]
            values = [vector[mover] for vector in vectors]
            if symbolic:
                best_actions = _symbolic_best(values, tree, index)
            else:
                best = max(values)
                best_actions = [a for a, v in enumerate(values) if _ties(v, best, floats)]
            entries[index] = [
                (_plus(own, vectors[action], payoffs), action, combo) for action in best_actions
            ]
            continue
        combinations = math.prod(len(found) for found in lists)
        if combinations > max_equilibria:
            raise GameError(
                f"more than {max_equilibria} subgame-perfect equilibria below node "
                f"{paths[index]} (ties multiply); raise max_equilibria if you need them"
            )
        result = []
        if is_chance:
            for combo in itertools.product(*(range(len(found)) for found in lists)):
                vectors = [found[k][0] for found, k in zip(lists, combo, strict=True)]
                result.append((_expectation(own, node, vectors, symbolic, floats), None, combo))
        else:
            mover = player_of[node.player]
            for combo in itertools.product(*(range(len(found)) for found in lists)):
                vectors = [found[k][0] for found, k in zip(lists, combo, strict=True)]
                values = [vector[mover] for vector in vectors]
                if symbolic:
                    best_actions = _symbolic_best(values, tree, index)
                else:
                    best = max(values)
                    best_actions = [a for a, v in enumerate(values) if _ties(v, best, floats)]
                for action in best_actions:
                    result.append((_plus(own, vectors[action], payoffs), action, combo))
        if len(result) > max_equilibria:
            raise GameError(
                f"more than {max_equilibria} subgame-perfect equilibria below node "
                f"{paths[index]} (ties multiply); raise max_equilibria if you need them"
            )
        result.sort(key=lambda entry: (-1 if entry[1] is None else entry[1], entry[2]))
        entries[index] = result
    return entries


def _plus(own: tuple, vector: tuple, payoffs: object) -> tuple:
    """A node's own payoffs plus its subtree's (no addition when the node has none)."""
    if payoffs is None:
        return vector
    return tuple(a + b for a, b in zip(own, vector, strict=True))


def _expectation(own: tuple, node: ChanceNode, vectors: list, symbolic: bool, floats: bool):
    total = list(own)
    weights = node.probabilities if symbolic else _value(node.probabilities, floats)
    for weight, vector in zip(weights, vectors, strict=True):
        for i, x in enumerate(vector):
            total[i] = total[i] + weight * x
    return tuple(total)


def _materialize(
    tree: ExtensiveGame, entries: list, root_entry: int, payoffs: tuple
) -> SubgamePerfectEquilibrium:
    actions: list[int | None] = [None] * len(tree.nodes)
    stack = [(0, root_entry)]
    while stack:
        index, k = stack.pop()
        _, action, combo = entries[index][k]
        actions[index] = action
        stack.extend(zip(tree.children[index], combo, strict=True))
    return SubgamePerfectEquilibrium(tuple(actions), tuple(map(_tidy, payoffs)), tree.players, tree)


def _tidy(value: Number) -> Number:
    if is_symbolic(value):
        return normalize_number(sympy.simplify(value))
    return normalize_number(value)


def _symbolic_best(values: list, tree: ExtensiveGame, index: int) -> list[int]:
    """The actions whose value is at least every other's, decided from the parameters'
    assumptions (e.g. ``positive=True``); GameError when a comparison is undecided."""
    best = []
    for a, first in enumerate(values):
        for b, second in enumerate(values):
            if a == b:
                continue
            difference = sympy.simplify(to_sympy(first) - to_sympy(second))
            at_least = difference.is_nonnegative
            if at_least is None:
                node = tree.nodes[index]
                raise GameError(
                    f"subgame_perfect: at node {tree.paths[index]}, whether {node.player!r} "
                    f"prefers {node.actions[a]!r} to {node.actions[b]!r} depends on the "
                    f"parameters ({difference} >= 0 is undecided); pass values with at=..., or "
                    "solve in symbols with bargaining.analysis.parametric_subgame_perfect(tree, "
                    "space) for the equilibria with the conditions under which each holds"
                )
            if not at_least:
                break
        else:
            best.append(a)
    return best


def _value(vector: tuple, floats: bool) -> tuple:
    if floats:
        return tuple(map(float, vector))
    if any(isinstance(x, sympy.Basic) for x in vector):
        return tuple(_scalar(x, floats) for x in vector)
    return vector


def _scalar(x: Number, floats: bool) -> Number:
    if is_symbolic(x):  # a constant expression such as sqrt(2)
        return float(x)
    return float(x) if floats else x


def _ties(value: Number, best: Number, floats: bool) -> bool:
    if not floats:
        return value == best
    return best - value <= FLOAT_TIE_TOLERANCE * max(1.0, abs(best), abs(value))
