"""Mixed Nash equilibria of games with three or more players, as formulas in the parameters.

A profile with supports ``S_1, ..., S_n`` is an equilibrium exactly when every player is
indifferent among the strategies of their support, no strategy outside it pays more, and the
probabilities are positive on the support (McKelvey & McLennan 1996, *Computation of
equilibria in finite games*, Handbook of Computational Economics 1, §6, eq. (6.1)). The
indifference conditions

    u_i(s, x_{-i}) = u_i(s', x_{-i})        (s, s' in S_i),

with ``sum_{s in S_i} x_i(s) = 1``, are multilinear in the *others'* probabilities. Here each
support profile's system is solved in the field of rational functions of the parameters:

* when it is linear in the unknowns (two players mix and the rest play pure strategies, or
  every mixing player's indifference involves one other mixing player), by exact linear
  algebra; a nonzero determinant gives the unique solution, whose zeros are kept as
  ``singular`` surfaces (the point solver handles those points);
* otherwise, for small systems, by a lexicographic Gröbner basis over the same field (Cox,
  Little & O'Shea 2015, *Ideals, Varieties, and Algorithms*, ch. 3, Theorem 3.1.2): a basis of
  linear polynomials is again a unique rational solution, and a basis in shape form with a
  quadratic in one unknown gives two branches ``(-b ± sqrt(D)) / 2a`` with one square root
  (:mod:`bargaining.analysis.radical_pieces`; the generic 2x2x2 game's fully mixed support).

The probabilities are then rational functions of the parameters (or of them and one square
root), and the piece's conditions (``g >= 0``) are the probabilities on the support and the
gains ``u_i(S_i) - u_i(t)`` of every strategy ``t`` outside the support: the same form as the
two-player pieces of :mod:`bargaining.solvers.parametric`; a branch with a square root first
requires its radicand to be nonnegative. Supports whose system has a solution set of positive
dimension for every parameter value (a continuum of equilibria: the game is degenerate), or
only solutions of higher degree (a cubic or higher univariate polynomial in the basis), are
*unresolved*: :class:`MixedPieces` names them and the solution built from them is not
``complete``, so its points are solved directly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import sympy
from sympy.polys.matrices import DomainMatrix
from sympy.polys.rings import ring

from bargaining.analysis.radical_conditions import guarded_tie
from bargaining.analysis.radical_pieces import Quadratic, shape_solutions
from bargaining.budget import Budget
from bargaining.errors import GameError
from bargaining.games.normal_form import NormalFormGame
from bargaining.numbers import to_sympy
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface
from bargaining.solvers.support_enumeration import support_profiles

__all__ = [
    "MAX_GROEBNER_UNKNOWNS",
    "POINT_BY_POINT",
    "MixedPieces",
    "mixed_pieces",
    "point_by_point_unless_complete",
    "unresolved_note",
]

MAX_GROEBNER_UNKNOWNS = 3
"""Largest nonlinear support system (unknown probabilities) given to a Gröbner basis: its cost
grows steeply with each unknown and parameter, and sympy's computation cannot be interrupted
by the budget's clock."""

Supports = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class MixedPieces:
    """The mixed equilibria of an n-player game found as formulas, and what was not.

    Attributes
    ----------
    pieces:
        One candidate per solution of each support profile's system (at least one player
        mixing) found in closed form: a unique rational solution, or the two roots of a
        quadratic; conditions not yet simplified over a box.
    ties:
        The candidates' feasibility surfaces: where one of them is zero the game may be
        degenerate (see :class:`~bargaining.solvers.parametric.TieSurface`).
    unresolved:
        Support profiles whose system has no closed form here (a continuum, or roots of a
        polynomial of degree 3 or more).
    """

    pieces: tuple[ParametricEquilibrium, ...]
    ties: tuple[TieSurface, ...]
    unresolved: tuple[Supports, ...]

    @property
    def complete(self) -> bool:
        """Whether every support profile was resolved."""
        return not self.unresolved


def mixed_pieces(game: NormalFormGame, *, budget: Budget | None = None) -> MixedPieces:
    """Every mixed equilibrium of an n-player game whose support system solves in rational
    functions of the parameters, or in them and one square root, with the conditions under
    which it holds.

    See the module docstring for the method (McKelvey & McLennan 1996, §6). Pure profiles are
    left to :func:`~bargaining.solvers.parametric.parametric_candidates`. A support profile
    in which a strategy is strictly dominated by another against every profile of the others'
    supports (conditional dominance: Porter, Nudelman & Shoham 2008, Games and Economic
    Behavior 63, Algorithm 2; decided by the parameters' sign assumptions) is skipped.

    Parameters
    ----------
    game:
        A normal-form game whose payoffs are numbers or expressions in parameters.
    budget:
        Limits on the work, checked once per support profile (by default
        :meth:`~bargaining.budget.Budget.from_environment`); exceeding it raises
        :class:`~bargaining.budget.BudgetExceeded`.

    Examples
    --------
    Three players; the third's first strategy is dominant; the first two play matching
    pennies with a stake ``L`` and mix with probabilities that depend on it.

    >>> L = sympy.Symbol("L", positive=True)
    >>> u1 = [[[L, 0], [0, 1]], [[0, 1], [1, 0]]]
    >>> u2 = [[[0, 1], [1, 0]], [[1, 0], [0, 1]]]
    >>> u3 = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]]
    >>> found = mixed_pieces(NormalFormGame.from_arrays([u1, u2, u3]))
    >>> found.complete, [piece.strategies for piece in found.pieces]
    (True, [((1/2, 1/2), (1/(L + 1), L/(L + 1)), (1, 0))])
    """
    budget = budget if budget is not None else Budget.from_environment()
    field = _payoff_field(game)
    supports_all = [s for s in support_profiles(game.shape) if any(len(x) > 1 for x in s)]
    if field is None:  # payoffs that are not rational functions of the parameters
        return MixedPieces((), (), tuple(supports_all))
    domain, payoffs = field
    pieces, ties, unresolved = [], [], []
    for supports in supports_all:
        budget.check("symbolic solving of n-player supports")
        if _conditionally_dominated(game, supports):
            continue
        found = _support_pieces(game, supports, domain, payoffs)
        if found == "unresolved":
            unresolved.append(supports)
            continue
        for piece, tie in found:
            pieces.append(piece)
            ties += [tie] if tie is not None else []
    return MixedPieces(tuple(pieces), tuple(dict.fromkeys(ties)), tuple(unresolved))


def _payoff_field(game: NormalFormGame) -> tuple[object, dict] | None:
    """The field of rational functions of the game's parameters, and each profile's payoffs in
    it; None when a payoff is not a rational function of them (``exp(L)``, a conditional)."""
    symbols = sorted(game.parameters, key=lambda symbol: symbol.name)
    domain = sympy.QQ.frac_field(*symbols) if symbols else sympy.QQ
    payoffs = {}
    for profile in itertools.product(*(range(size) for size in game.shape)):
        try:
            payoffs[profile] = tuple(
                domain.from_sympy(to_sympy(value)) for value in game.payoffs[profile]
            )
        except (sympy.CoercionFailed, sympy.PolynomialError, ValueError):
            return None
    return domain, payoffs


def _conditionally_dominated(game: NormalFormGame, supports: Supports) -> bool:
    """Whether a strategy of some support is strictly dominated by another strategy against
    every profile of the others' supports (for every parameter value their signs allow)."""
    for player, support in enumerate(supports):
        others = [(None,) if i == player else s for i, s in enumerate(supports)]
        for played in support:
            for better in range(game.shape[player]):
                if better != played and all(
                    (
                        to_sympy(game.payoffs[_with(rest, player, better)][player])
                        - to_sympy(game.payoffs[_with(rest, player, played)][player])
                    ).is_positive
                    for rest in itertools.product(*others)
                ):
                    return True
    return False


def _with(profile: tuple, player: int, choice: int) -> tuple[int, ...]:
    return (*profile[:player], choice, *profile[player + 1 :])


def _support_pieces(
    game: NormalFormGame, supports: Supports, domain: object, payoffs: dict
) -> list[tuple[ParametricEquilibrium, TieSurface | None]] | str:
    """The candidates of one support profile with their tie surfaces (none when its system
    has no solution for generic parameters); ``"unresolved"`` when it has no closed form
    here."""
    keys = [(i, j) for i, support in enumerate(supports) for j in support[1:]]
    unknowns = [sympy.Dummy(f"x{i}_{j}") for i, j in keys]
    polynomials, *generators = ring(unknowns, domain)
    free = dict(zip(keys, generators, strict=True))
    strategies = _profile(game.shape, supports, free, polynomials.one)

    def value(profile, player: int, choice: int):
        choices = [(choice,) if i == player else s for i, s in enumerate(supports)]
        return _expectation(profile, choices, lambda cell: payoffs[cell][player], player)

    equations = [
        value(strategies, i, support[0]) - value(strategies, i, j)
        for i, support in enumerate(supports)
        for j in support[1:]
    ]
    solutions = _solve([e for e in equations if e], unknowns, polynomials, domain)
    if solutions == "unresolved":
        return solutions
    found = []
    for values, singular in solutions or ():
        mixed = _profile(game.shape, supports, dict(zip(keys, values, strict=True)), domain.one)
        played = [mixed[i][j] for i, support in enumerate(supports) for j in support]
        if any(not p for p in played):
            continue  # a smaller support's equilibrium, found with that support
        gains = [
            value(mixed, i, support[0]) - value(mixed, i, t)
            for i, support in enumerate(supports)
            for t in range(game.shape[i])
            if t not in support
        ]
        feasibility = [_expression(domain, e) for e in played + gains if e]
        if any(e.is_number and e < 0 for e in feasibility):
            continue
        radicand = next((v.radicand for v in values if isinstance(v, Quadratic)), None)
        # A branch with a square root holds where its radicand is >= 0, tested first.
        first = [] if radicand is None else [domain.to_sympy(radicand)]
        varying = tuple(dict.fromkeys(e for e in first + feasibility if not e.is_number))
        profile = tuple(tuple(_display(domain, p) for p in vector) for vector in mixed)
        piece = ParametricEquilibrium(
            strategies=profile,
            payoffs=tuple(_display(domain, value(mixed, i, s[0])) for i, s in enumerate(supports)),
            conditions=varying,
            singular=singular,
            supports=supports,
            outcome_probabilities=_outcome_probabilities(game, mixed, supports, domain),
        )
        found.append((piece, guarded_tie(varying) if varying else None))
    return found


def _profile(shape, supports: Supports, free: dict, one) -> list[list]:
    """Each player's probabilities: ``free[(player, j)]`` for all but the first strategy of
    the support, which takes the rest of the unit."""
    profile = []
    for player, (support, size) in enumerate(zip(supports, shape, strict=True)):
        vector = [one * 0] * size
        for j in support[1:]:
            vector[j] = free[(player, j)]
        vector[support[0]] = one - sum((vector[j] for j in support[1:]), one * 0)
        profile.append(vector)
    return profile


def _expectation(
    strategies: Sequence[Sequence[object]],
    choices: Sequence[Sequence[int]],
    quantity: Callable[[tuple[int, ...]], object],
    skip: int | None = None,
) -> object:
    """The expected ``quantity`` over the profiles of ``choices``, each weighted by the
    players' probabilities (player ``skip``'s own left out: its choice is given)."""
    terms = (
        math.prod((strategies[i][j] for i, j in enumerate(cell) if i != skip), start=1)
        * quantity(cell)
        for cell in itertools.product(*choices)
    )
    return sum(terms, strategies[0][0] * 0)


def _outcome_probabilities(
    game: NormalFormGame, strategies: list[list], supports: Supports, domain: object
) -> tuple[tuple[str, sympy.Expr], ...]:
    if game.outcomes is None:
        return ()
    totals = {name: domain.zero for name in dict.fromkeys(str(n) for n in game.outcomes.flat)}
    for cell in itertools.product(*supports):
        totals[str(game.outcomes[cell])] += math.prod(
            (strategies[i][j] for i, j in enumerate(cell)), start=domain.one
        )
    return tuple((name, _display(domain, total)) for name, total in totals.items())


def _expression(domain: object, value: object) -> sympy.Expr:
    """A field element (or a :class:`~bargaining.analysis.radical_pieces.Quadratic`) as a
    sympy expression."""
    return value.to_sympy() if isinstance(value, Quadratic) else domain.to_sympy(value)


def _display(domain: object, value: object) -> sympy.Expr:
    """A field element (or a :class:`~bargaining.analysis.radical_pieces.Quadratic`) as a
    factored sympy expression, as the two-player pieces show them."""
    # a square root's parts are factored already; factoring the whole costs seconds
    return (
        value.to_sympy() if isinstance(value, Quadratic) else sympy.factor(domain.to_sympy(value))
    )


def _solve(
    equations: list, unknowns: list[sympy.Symbol], polynomials: object, domain: object
) -> list[tuple[list, tuple[sympy.Expr, ...]]] | str | None:
    """Each solution (field elements or square-root branches, in the order of the unknowns)
    with the factors where its system is singular; None when there is none for generic
    parameters; ``"unresolved"`` otherwise."""
    if not equations:
        return "unresolved"  # every player indifferent whatever the others do: a continuum
    if all(max(sum(m) for m in e.monoms()) <= 1 for e in equations):
        return _listed(_solve_linear(equations, unknowns, domain))
    if len(unknowns) > MAX_GROEBNER_UNKNOWNS:
        return "unresolved"
    basis = sympy.groebner([e.as_expr() for e in equations], *unknowns, order="lex", domain=domain)
    if basis.exprs == [1]:
        return None
    linear = [polynomials.from_expr(g) for g in basis.exprs]
    if len(linear) == len(unknowns) and all(max(sum(m) for m in g.monoms()) == 1 for g in linear):
        return _listed(_solve_linear(linear, unknowns, domain))
    return shape_solutions([e.as_expr() for e in equations], unknowns, domain)


def _listed(solution: tuple | str | None) -> list | str | None:
    return [solution] if isinstance(solution, tuple) else solution


def _solve_linear(
    equations: list, unknowns: list[sympy.Symbol], domain: object
) -> tuple[dict, tuple[sympy.Expr, ...]] | str | None:
    columns = len(unknowns)
    units = [tuple(int(k == j) for k in range(columns)) for j in range(columns)]
    rows = [
        [terms.get(unit, domain.zero) for unit in units] + [-terms.get((0,) * columns, domain.zero)]
        for terms in (dict(e.terms()) for e in equations)
    ]
    augmented = DomainMatrix(rows, (len(rows), columns + 1), domain)
    system = augmented[:, :columns]
    if len(rows) == columns and system.det() != domain.zero:
        solution = [row[0] for row in system.lu_solve(augmented[:, columns:]).to_list()]
        determinant = domain.to_sympy(system.det())
        return solution, (() if determinant.is_number else (sympy.factor(determinant),))
    if system.rank() < augmented.rank():
        return None  # inconsistent for generic parameters
    return "unresolved"  # a solution set of positive dimension: a continuum


POINT_BY_POINT = "solved point by point: n-player mixed equilibria have no closed form here"
"""What a sweep, sensitivity analysis or report of an incomplete solution says it did."""


def unresolved_note(game: NormalFormGame, unresolved: Sequence[Supports], *, shown: int = 3) -> str:
    """Which support profiles have no closed form, in words ("" when none).

    >>> game = NormalFormGame.from_arrays([[[[1, 1], [1, 1]]] * 2] * 3)
    >>> unresolved_note(game, [((0, 1), (0,), (1,))])
    'no closed form for 1 support profile (a continuum of equilibria, probabilities that \
solve a cubic or higher, or payoffs that are not rational functions of the parameters): \
Player 1: 1+2, Player 2: 1, Player 3: 2'
    """
    if not unresolved:
        return ""
    described = [
        ", ".join(
            f"{player}: {'+'.join(game.strategies[i][j] for j in support)}"
            for i, (player, support) in enumerate(zip(game.players, supports, strict=True))
        )
        for supports in unresolved[:shown]
    ]
    more = f"; and {len(unresolved) - shown} more" if len(unresolved) > shown else ""
    plural = "s" if len(unresolved) > 1 else ""
    return (
        f"no closed form for {len(unresolved)} support profile{plural} (a continuum of "
        "equilibria, probabilities that solve a cubic or higher, or payoffs that are not "
        f"rational functions of the parameters): {'; '.join(described)}{more}"
    )


def point_by_point_unless_complete(target: object, method: str) -> object:
    """A sweep target (:class:`~bargaining.analysis.target.Target`) whose parametric solution
    is not complete, turned into one solved point by point that says so in its ``note``; a
    target with a complete solution as it is.

    Parameters
    ----------
    target:
        A target with a parametric solution.
    method:
        ``"auto"`` falls back to points; ``"parametric"`` refuses an incomplete solution
        rather than describe some of the equilibria only.

    Raises
    ------
    GameError
        ``method="parametric"`` and the solution is not complete.

    Examples
    --------
    >>> from bargaining.analysis.target import resolve_target
    >>> from bargaining.model import load_model
    >>> target = resolve_target(load_model("models/ceasefire_us.toml"))
    >>> target.method, target.note[:73]
    ('points', 'solved point by point: n-player mixed equilibria have no closed form here')
    """
    solution = target.solution
    if solution.complete:
        return target
    if method == "parametric":
        raise GameError(
            f"the parametric solution is not complete ({solution.note}); solve with "
            "method='auto' or 'points'"
        )
    return replace(target, solution=None, note=f"{POINT_BY_POINT} ({solution.note})")
