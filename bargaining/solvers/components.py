"""Maximal Nash subsets and components of the equilibrium set of a two-player game.

Avis, Rosenberg, Savani & von Stengel (2010, Economic Theory 42, Theorem 2): the Nash
equilibria of a bimatrix game are the union of finitely many *maximal Nash subsets*
conv(X) × conv(Y), where X and Y are sets of extreme equilibrium strategies such that every
pair (x, y) in X × Y is an equilibrium. In the bipartite graph whose nodes are the extreme
strategies of the two players and whose edges are the extreme equilibria, the maximal Nash
subsets are the maximal bicliques; two subsets that share a node intersect, and the
*components* of the equilibrium set (its connected, here also path-connected, pieces) are the
connected components of that graph. A nondegenerate game has only isolated equilibria: every
component is one point.

The bicliques are found as closed sets: Y = N(X) and X = N(Y), where N gives the common
neighbours. Every such Y is an intersection of neighbourhoods of single nodes, so the closure
of those neighbourhoods under intersection lists them all (the "EEE" clique step of Avis et al.
2010, section 5, in its simplest form).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bargaining.display import Html, html_fields, html_record
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import Number
from bargaining.solvers._inputs import numeric_game
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList
from bargaining.solvers.nash import nash_equilibria

__all__ = ["EquilibriumComponent", "NashSubset", "equilibrium_components"]


@dataclass(frozen=True)
class NashSubset:
    """A maximal convex set of equilibria: every mixture of ``row_strategies`` against every
    mixture of ``column_strategies`` is a Nash equilibrium.

    Attributes
    ----------
    row_strategies, column_strategies:
        The extreme strategies of each player (exact for exact games).
    """

    row_strategies: tuple[tuple[Number, ...], ...]
    column_strategies: tuple[tuple[Number, ...], ...]

    @property
    def dimension(self) -> int:
        """An upper bound on the dimension of the set: 0 for an isolated extreme equilibrium."""
        return len(self.row_strategies) + len(self.column_strategies) - 2

    def _repr_html_(self) -> str:
        return html_fields(self, title=f"Nash subset of dimension {self.dimension}")


@dataclass(frozen=True)
class EquilibriumComponent:
    """A connected component of the equilibrium set: a union of overlapping Nash subsets.

    Attributes
    ----------
    subsets:
        Its maximal Nash subsets.
    extreme_equilibria:
        The extreme equilibria it contains, in the order of
        :func:`~bargaining.solvers.nash.nash_equilibria`.
    """

    subsets: tuple[NashSubset, ...]
    extreme_equilibria: tuple[Equilibrium, ...]

    @property
    def is_isolated(self) -> bool:
        """Whether the component is a single equilibrium."""
        return len(self.extreme_equilibria) == 1

    def _repr_html_(self) -> str:
        kind = "an isolated equilibrium" if self.is_isolated else f"{len(self.subsets)} subsets"
        table = EquilibriumList(self.extreme_equilibria)._repr_html_()
        return html_record(f"Equilibrium component: {kind}", [], parts=[Html(table)])


def _closed_sets(neighbours: dict[int, frozenset[int]]) -> set[frozenset[int]]:
    """All nonempty intersections of the given neighbourhoods."""
    closed = {n for n in neighbours.values() if n}
    frontier = set(closed)
    while frontier:
        fresh = set()
        for left in frontier:
            for right in closed:
                meet = left & right
                if meet and meet not in closed:
                    fresh.add(meet)
        closed |= fresh
        frontier = fresh
    return closed


def equilibrium_components(
    game: NormalFormGame, *, at: Mapping[str, object] | None = None
) -> list[EquilibriumComponent]:
    """The components of the Nash equilibrium set of a two-player game, with their maximal
    convex subsets (Avis, Rosenberg, Savani & von Stengel 2010, Economic Theory 42, Thm 2).

    Parameters
    ----------
    game:
        A two-player game; symbolic payoffs need ``at``.
    at:
        Parameter values to substitute first.

    Returns
    -------
    list of EquilibriumComponent
        In the order of their first extreme equilibrium.

    Examples
    --------
    A degenerate game: the column player is indifferent when the row player plays ``top``,
    so ``(top, any mixture)`` is one segment of equilibria.

    >>> from bargaining import NormalFormGame
    >>> game = NormalFormGame.from_arrays([[[1, 1], [0, 0]], [[1, 1], [0, 1]]],
    ...     strategies=(("top", "bottom"), ("left", "right")))
    >>> (component,) = equilibrium_components(game)
    >>> component.subsets
    (NashSubset(row_strategies=((1, 0),), column_strategies=((0, 1), (1, 0))),)
    """
    game = numeric_game(game, at, "equilibrium_components")
    if game.num_players != 2:
        raise GameError(
            f"equilibrium_components needs a two-player game; this one has {game.num_players}"
        )
    extreme = nash_equilibria(game)
    rows = list(dict.fromkeys(eq.strategies[0] for eq in extreme))
    columns = list(dict.fromkeys(eq.strategies[1] for eq in extreme))
    edges = {(rows.index(eq.strategies[0]), columns.index(eq.strategies[1])) for eq in extreme}
    row_neighbours = {r: frozenset(c for rr, c in edges if rr == r) for r in range(len(rows))}
    column_neighbours = {c: frozenset(r for r, cc in edges if cc == c) for c in range(len(columns))}
    subsets = []
    for column_set in _closed_sets(row_neighbours):
        row_set = frozenset.intersection(*(column_neighbours[c] for c in column_set))
        subsets.append((tuple(sorted(row_set)), tuple(sorted(column_set))))
    # Connected components of the bipartite graph, by union-find over the row nodes.
    parent = list(range(len(rows)))

    def root(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for column_set in column_neighbours.values():
        first, *rest = sorted(column_set)
        for r in rest:
            parent[root(r)] = root(first)
    groups: dict[int, list[Equilibrium]] = {}
    for eq in extreme:
        groups.setdefault(root(rows.index(eq.strategies[0])), []).append(eq)
    components = []
    for key, members in groups.items():
        mine = sorted(s for s in subsets if root(s[0][0]) == key)
        components.append(
            EquilibriumComponent(
                subsets=tuple(
                    NashSubset(tuple(rows[r] for r in rs), tuple(columns[c] for c in cs))
                    for rs, cs in mine
                ),
                extreme_equilibria=tuple(members),
            )
        )
    return components
