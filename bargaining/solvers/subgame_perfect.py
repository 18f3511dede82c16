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

from bargaining.errors import GameError
from bargaining.games.extensive import ChanceNode, DecisionNode, ExtensiveGame, TerminalNode
from bargaining.numbers import Number, is_symbolic, normalize_number, to_sympy
from bargaining.solvers.equilibrium import Equilibrium, make_equilibrium

__all__ = ["FLOAT_TIE_TOLERANCE", "SubgamePerfectEquilibrium", "subgame_perfect"]

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
        """The equilibrium of ``game.to_normal_form()`` it induces."""
        return make_equilibrium(self.game.to_normal_form(), self.strategies, self.method)

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
    n = len(tree.players)
    player_of = {name: i for i, name in enumerate(tree.players)}
    zero = (0,) * n
    # entries[index]: the equilibria of the subtree at a node, each as
    # (payoff vector, chosen action or None, one entry index per child).
    entries: list[list[tuple[tuple, int | None, tuple[int, ...]]]] = [[] for _ in tree.nodes]
    for index in reversed(range(len(tree.nodes))):
        node = tree.nodes[index]
        if node.payoffs is None:
            own = zero
        else:
            own = node.payoffs if symbolic else _value(node.payoffs, floats)
        if isinstance(node, TerminalNode):
            entries[index] = [(own, None, ())]
            continue
        kids = tree.children[index]
        lists = [entries[child] for child in kids]
        combinations = math.prod(len(found) for found in lists)
        if combinations > max_equilibria:
            raise GameError(
                f"more than {max_equilibria} subgame-perfect equilibria below node "
                f"{tree.paths[index]} (ties multiply); raise max_equilibria if you need them"
            )
        result = []
        if isinstance(node, ChanceNode):
            weights = [p if symbolic else _scalar(p, floats) for p in node.probabilities]
            for combo in itertools.product(*(range(len(found)) for found in lists)):
                total = list(own)
                for weight, found, k in zip(weights, lists, combo, strict=True):
                    vector = found[k][0]
                    for i in range(n):
                        total[i] = total[i] + weight * vector[i]
                result.append((tuple(total), None, combo))
        else:
            mover = player_of[node.player]
            for combo in itertools.product(*(range(len(found)) for found in lists)):
                values = [found[k][0][mover] for found, k in zip(lists, combo, strict=True)]
                if symbolic:
                    best_actions = _symbolic_best(values, tree, index)
                else:
                    best = max(values)
                    best_actions = [a for a, v in enumerate(values) if _ties(v, best, floats)]
                for action in best_actions:
                    vector = lists[action][combo[action]][0]
                    total = tuple(a + b for a, b in zip(own, vector, strict=True))
                    result.append((total, action, combo))
        if len(result) > max_equilibria:
            raise GameError(
                f"more than {max_equilibria} subgame-perfect equilibria below node "
                f"{tree.paths[index]} (ties multiply); raise max_equilibria if you need them"
            )
        result.sort(key=lambda entry: (-1 if entry[1] is None else entry[1], entry[2]))
        entries[index] = result
    return [_materialize(tree, entries, k, entries[0][k][0]) for k in range(len(entries[0]))]


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
                    f"parameters ({difference} >= 0 is undecided); pass values with at=... "
                    "(equilibria under conditions on the parameters are not supported yet)"
                )
            if not at_least:
                break
        else:
            best.append(a)
    return best


def _value(vector: tuple, floats: bool) -> tuple:
    return tuple(_scalar(x, floats) for x in vector)


def _scalar(x: Number, floats: bool) -> Number:
    if is_symbolic(x):  # a constant expression such as sqrt(2)
        return float(x)
    return float(x) if floats else x


def _ties(value: Number, best: Number, floats: bool) -> bool:
    if not floats:
        return value == best
    return best - value <= FLOAT_TIE_TOLERANCE * max(1.0, abs(best), abs(value))
