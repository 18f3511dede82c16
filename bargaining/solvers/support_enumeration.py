"""All Nash equilibria of n-player games by support enumeration, exactly.

A profile with supports ``S_1, ..., S_n`` is an equilibrium exactly when every player is
indifferent among the strategies of their support, no strategy outside it pays more, and the
probabilities are positive on the support (McKelvey & McLennan 1996, *Computation of
equilibria in finite games*, Handbook of Computational Economics 1, §6; Datta 2010, *Finding
all Nash equilibria of a finite game using polynomial algebra*, Economic Theory 42). The
indifference conditions are multilinear polynomial equations in the others' probabilities;
each support profile's system is solved exactly by
:func:`~bargaining.solvers.polynomial_systems.real_solutions` and every real solution is kept
when its probabilities are positive and no pure deviation gains, both decided exactly.

Support profiles are visited smallest first, balanced before unbalanced, and a profile is
skipped when a strategy in a support is strictly dominated by a pure strategy against every
profile of the others' supports (conditional dominance: Porter, Nudelman & Shoham 2008,
*Simple search methods for finding a Nash equilibrium*, Games and Economic Behavior 63,
Algorithm 2): such a strategy is never a best response there. A profile that survives is
next checked on sub-boxes of its probabilities (:mod:`~bargaining.solvers.box_exclusion`):
when every sub-box provably violates an equilibrium condition, it is skipped without solving.

A generic game has finitely many equilibria, each an isolated solution of its support
system. A degenerate game can have a continuum; its support system then has a
positive-dimensional solution set, and a point of it is searched for by fixing coordinates to
rational values (slices); a point found is flagged ``continuum=True``. Where no point is found
on the slices tried, or a budget runs out, the result says it is not complete.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargaining.budget import Budget
from bargaining.display import Html, html_record
from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers._inputs import integer_payoffs
from bargaining.solvers.box_exclusion import candidate_boxes, has_no_equilibrium
from bargaining.solvers.continuum_points import continuum_point, point_near
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList, make_equilibrium
from bargaining.solvers.polynomial_systems import ISOLATED_FROM_BEZOUT, real_solutions
from bargaining.solvers.stoppable import CallStopped, StoppableCalls
from bargaining.solvers.support_systems import (
    equilibria_among,
    indifference_system,
    nonzero_probabilities,
)

DEFAULT_MAX_BEZOUT = 512
"""Default largest Bézout bound of a support system that is solved (see
:func:`support_enumeration`)."""

BOX_EXCLUSION_FROM = 8
"""Support systems with at least this Bézout bound are first checked by
:func:`~bargaining.solvers.box_exclusion.has_no_equilibrium`; smaller ones are solved exactly
at once, which costs less than the check (measured on random 3x3x3 and 4x4x3 games)."""

CONTINUUM_ROUNDS = 6
"""Halvings of each unknown with which :func:`~bargaining.solvers.box_exclusion.
has_no_equilibrium` checks a positive-dimensional support system where no equilibrium was
found on slices (boxes of width 1/64)."""

CONTINUUM_HINTS = 12
"""Centres of surviving boxes (spread over them) from which :func:`~bargaining.solvers.
continuum_points.point_near` looks for a point of a continuum."""

__all__ = [
    "BOX_EXCLUSION_FROM",
    "CONTINUUM_HINTS",
    "CONTINUUM_ROUNDS",
    "DEFAULT_MAX_BEZOUT",
    "SupportEnumeration",
    "exact_payoff_game",
    "support_enumeration",
    "support_profiles",
]


@dataclass(frozen=True)
class SupportEnumeration:
    """The result of :func:`support_enumeration`.

    Attributes
    ----------
    equilibria:
        The equilibria found, each verified exactly.
    complete:
        Whether every support profile was examined and every support system resolved: then
        ``equilibria`` holds every isolated equilibrium and a point of every continuum that
        the slices met.
    supports_examined, supports_total:
        Support profiles examined (solved or pruned) and in all.
    note:
        Why the result is not complete ("" when it is).
    """

    equilibria: tuple[Equilibrium, ...]
    complete: bool
    supports_examined: int
    supports_total: int
    note: str = ""

    def _repr_html_(self) -> str:
        fields = [
            ("complete", self.complete),
            ("supports examined", f"{self.supports_examined} of {self.supports_total}"),
            ("note", self.note or None),
        ]
        table = EquilibriumList(self.equilibria)._repr_html_()
        return html_record("Support enumeration", fields, parts=[Html(table)])


def exact_payoff_game(game: NormalFormGame) -> NormalFormGame:
    """``game`` with float payoffs read as the decimals they print as (``0.1`` -> 1/10).

    Gambit files and model files write decimals; ``repr`` gives the shortest decimal that
    rounds to the float, so this recovers the number written, and the game can be solved
    exactly.

    >>> game = NormalFormGame.from_arrays([[[0.1]], [[2.5]]])
    >>> exact_payoff_game(game).payoff_array(0).tolist()
    [[Fraction(1, 10)]]
    """
    if game.is_exact:
        return game
    return game.map_payoffs(lambda _player, value: Fraction(repr(float(value))))


def support_profiles(shape: Sequence[int]) -> list[tuple[tuple[int, ...], ...]]:
    """Every profile of nonempty supports, smallest total size first, balanced first.

    >>> support_profiles((2, 2))[:3]
    [((0,), (0,)), ((0,), (1,)), ((1,), (0,))]
    >>> len(support_profiles((3, 3, 3)))
    343
    """
    subsets = [
        [c for size in range(1, m + 1) for c in itertools.combinations(range(m), size)]
        for m in shape
    ]
    profiles = list(itertools.product(*subsets))

    def key(profile: tuple[tuple[int, ...], ...]) -> tuple[int, int]:
        sizes = [len(s) for s in profile]
        return sum(sizes), max(sizes) - min(sizes)

    return sorted(profiles, key=key)


def support_enumeration(
    game: NormalFormGame,
    *,
    budget: Budget | None = None,
    max_supports: int | None = None,
    max_bezout: int = DEFAULT_MAX_BEZOUT,
) -> SupportEnumeration:
    """Every Nash equilibrium of an n-player game with numeric payoffs, exactly.

    Parameters
    ----------
    game:
        A normal-form game with numeric payoffs (any number of players). Float payoffs are
        read as the decimals they print as (see :func:`exact_payoff_game`) and the equilibria
        come back as floats.
    budget:
        Its ``seconds`` is the time after which no further support profile is started, and
        at which a support system being solved in a worker process is stopped (those of
        Bézout bound :data:`~bargaining.solvers.polynomial_systems.ISOLATED_FROM_BEZOUT` or
        more, and all after one solved here was slow: see
        :class:`~bargaining.solvers.stoppable.StoppableCalls`; where forking is unsafe, such
        as outside the main thread, all are solved here). The result is then flagged
        incomplete and its note names the profile left unfinished (nothing is raised). None:
        no time limit.
    max_supports:
        Support profiles to examine at most (None: all).
    max_bezout:
        Support systems whose Bézout bound (the product of the equations' degrees, a bound
        on their number of isolated solutions) exceeds this are not solved, and the result
        says so: exact Gröbner bases of larger systems can take hours (the totally mixed
        system of a 2x2x2x2x2 game, bound 1024, did not finish in 200 s).

    Returns
    -------
    SupportEnumeration

    Examples
    --------
    >>> from bargaining import NormalFormGame
    >>> import numpy as np
    >>> # three players each choose 0 or 1; each earns 1 when they match the next player
    >>> payoffs = np.zeros((2, 2, 2, 3), dtype=int)
    >>> for a, b, c in np.ndindex(2, 2, 2):
    ...     payoffs[a, b, c] = [a == b, b == c, c == a]
    >>> game = NormalFormGame.from_arrays([payoffs[..., k] for k in range(3)])
    >>> result = support_enumeration(game)
    >>> result.complete, len(result.equilibria)
    (True, 3)
    """
    exact_game = exact_payoff_game(game)
    payoffs = integer_payoffs(exact_game)
    profiles = support_profiles(exact_game.shape)
    dominated = _ConditionalDominance(payoffs)
    found: list[Equilibrium] = []
    unresolved: list[str] = []
    too_large: list[str] = []
    examined = 0
    stopped = ""
    interrupted = ""
    # Large systems are solved in a worker that the budget's deadline can stop.
    with StoppableCalls(functools.partial(_solve_support, exact_game, payoffs), budget) as solve:
        for supports in profiles:
            if max_supports is not None and examined >= max_supports:
                stopped = f"the budget of {max_supports} support profiles ran out"
                break
            if budget is not None and budget.expired():
                stopped = f"the time budget of {budget.seconds:g} s ran out"
                break
            examined += 1
            if dominated.prunes(supports):
                continue
            system, variables = indifference_system(payoffs, supports)
            bezout = _bezout(system)
            if bezout >= BOX_EXCLUSION_FROM and has_no_equilibrium(
                supports, system, indifference_system(payoffs, supports, outside=True)[0]
            ):
                continue
            if bezout > max_bezout:
                too_large.append(_describe(exact_game, supports))
                continue
            try:
                points, continuum, trouble = solve(
                    supports, system, variables, isolate=bezout >= ISOLATED_FROM_BEZOUT
                )
            except CallStopped as stop:
                stopped = str(stop)
                interrupted = f"; support profile {examined} ({_describe(exact_game, supports)}) "
                interrupted += "was stopped unfinished"
                break
            if trouble:
                unresolved.append(_describe(exact_game, supports))
            for strategies in points:
                found.append(_equilibrium(game, exact_game, strategies, continuum))
    notes = []
    if stopped:
        notes.append(f"{stopped} after {examined} of {len(profiles)} support profiles{interrupted}")
    if unresolved:
        listed = "; ".join(unresolved[:3]) + (" ..." if len(unresolved) > 3 else "")
        notes.append(
            f"{len(unresolved)} support profile(s) with a continuum of solutions or a "
            f"degenerate system where no equilibrium was located: {listed}"
        )
    if too_large:
        listed = "; ".join(too_large[:3]) + (" ..." if len(too_large) > 3 else "")
        notes.append(
            f"{len(too_large)} support system(s) above the Bézout bound {max_bezout} were not "
            f"solved: {listed}"
        )
    return SupportEnumeration(
        equilibria=tuple(sorted(found, key=_order)),
        complete=not notes,
        supports_examined=examined,
        supports_total=len(profiles),
        note="; ".join(notes),
    )


def _order(equilibrium: Equilibrium) -> tuple:
    return tuple(-float(p) for vector in equilibrium.strategies for p in vector)


def _describe(game: NormalFormGame, supports: Sequence[Sequence[int]]) -> str:
    return ", ".join(
        f"{player}: {{{', '.join(labels[s] for s in support)}}}"
        for player, labels, support in zip(game.players, game.strategies, supports, strict=True)
    )


def _equilibrium(
    game: NormalFormGame, exact_game: NormalFormGame, strategies: tuple, continuum: bool
) -> Equilibrium:
    method = "support enumeration" + (", a point of a continuum" if continuum else "")
    if game.is_exact:
        equilibrium = make_equilibrium(game, strategies, method)
    else:
        floats = tuple(tuple(float(p) for p in vector) for vector in strategies)
        equilibrium = make_equilibrium(game, floats, method + " (decimal payoffs solved exactly)")
    if continuum:
        equilibrium = equilibrium.as_continuum()
    return equilibrium


class _ConditionalDominance:
    """Which supports contain a strategy strictly dominated by a pure strategy given the
    others' supports, cached per (player, others' supports)."""

    def __init__(self, payoffs: np.ndarray) -> None:
        self.payoffs = payoffs
        self.cache: dict[tuple, frozenset[int]] = {}

    def prunes(self, supports: Sequence[Sequence[int]]) -> bool:
        for player, support in enumerate(supports):
            others = tuple(tuple(s) for k, s in enumerate(supports) if k != player)
            key = (player, others)
            if key not in self.cache:
                self.cache[key] = self._dominated(player, supports)
            if any(s in self.cache[key] for s in support):
                return True
        return False

    def _dominated(self, player: int, supports: Sequence[Sequence[int]]) -> frozenset[int]:
        index: list[Any] = [list(s) for s in supports]
        index[player] = list(range(self.payoffs.shape[player]))
        table = self.payoffs[np.ix_(*index)][..., player]
        rows = np.moveaxis(table, player, 0).reshape(table.shape[player], -1)
        beats = (rows[:, None, :] > rows[None, :, :]).all(axis=2)  # beats[a, b]: a > b always
        return frozenset(int(b) for b in np.flatnonzero(beats.any(axis=0)))


def _bezout(system: list) -> int:
    bound = 1
    for equation in system:
        bound *= max((sum(monomial) for monomial in equation), default=1) or 1
    return bound


def _solve_support(
    game: NormalFormGame,
    payoffs: np.ndarray,
    supports: Sequence[Sequence[int]],
    system: list,
    variables: list,
) -> tuple[list[tuple], bool, bool]:
    """``(profiles, continuum, unresolved)`` for one support profile: its equilibria, whether
    they are points of a continuum, and whether the system could not be settled."""
    solutions = real_solutions(system, len(variables))
    if solutions.unresolved:
        return [], False, True
    if not solutions.positive_dimensional:
        return equilibria_among(game, supports, variables, solutions.points), False, False
    nvars = len(variables)
    lifted = [{(*m, 0): c for m, c in p.items()} for p in system]
    nonzero = real_solutions([*lifted, nonzero_probabilities(supports)], nvars + 1)
    if not (nonzero.positive_dimensional or nonzero.unresolved):
        # Only the solutions with a zero probability were a continuum: those belong to
        # smaller supports, and finitely many (or none) are left here.
        points = [point[:nvars] for point in nonzero.points]
        return equilibria_among(game, supports, variables, points), False, False
    point, settled = continuum_point(game, payoffs, supports, system, variables)
    if point is None and not settled:
        # Slices found no point; finer boxes may prove there is none, or say where one is.
        outside = indifference_system(payoffs, supports, outside=True)[0]
        boxes = candidate_boxes(supports, system, outside, rounds=CONTINUUM_ROUNDS)
        if boxes:
            hints = boxes[:: -(-len(boxes) // CONTINUUM_HINTS)]
            point = point_near(game, supports, system, variables, hints)
        settled = boxes == [] or point is not None
    return ([point] if point is not None else []), True, not settled
