"""Subgame-perfect equilibria of game trees in symbols: backward induction that splits on the
parameters.

Where payoffs or chance probabilities are expressions in parameters, which action a mover
prefers can depend on them. :func:`parametric_subgame_perfect` carries that dependence up the
tree: at each decision node, for each combination of the solutions below, every action becomes
a candidate, with the conditions ``v_a - v_b >= 0`` (against every other action ``b``) under
which it is a best reply. A candidate whose conditions hold nowhere inside the parameter box
is dropped on the way, as soon as that is proved: a condition false on the whole box, two
opposite conditions ``g >= 0`` and ``-g >= 0``, one parameter's conditions leaving no interval,
or affine conditions with no common point (a linear program's Farkas certificate, checked in
rational arithmetic). Children are combined one at a time, so combinations that hold nowhere
are dropped before they multiply. The candidates that remain at the root are the *pieces* of a
:class:`~bargaining.analysis.ParametricSolution`, so thresholds, regions and vectorised
evaluation work on trees as they do on normal-form games.

Each piece is a pure subgame-perfect equilibrium: an action at every decision node, the
reduced strategy it induces for every player (so the strategies are those of
``tree.to_normal_form()``), the expected payoffs and the probability of every named outcome,
as expressions. The conditions are closed (``>=``): where a mover is indifferent, the pieces
of both actions hold, so a point on a boundary gets every subgame-perfect equilibrium, as
:func:`~bargaining.solvers.subgame_perfect.subgame_perfect` gives at that point. Where a mover
ties with an action that is never strictly better (``L W >= 0`` is no condition on a box of
nonnegative parameters, but at ``L W = 0`` the mover is indifferent), the solution records a
tie surface (:class:`~bargaining.solvers.parametric.TieSurface`): points on one are solved
directly.

Trees whose reduced strategic form is too large to enumerate (``GameError`` from
``tree.strategy_labels``) cannot be solved this way: the pieces carry reduced strategies.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy
from scipy.optimize import linprog

from bargaining.analysis.conditions import Box, sign_on_box
from bargaining.analysis.parametric import (
    ParametricSolution,
    _box,
    _default_space,
    _one_parameter_interval,
)
from bargaining.errors import GameError, ParameterError
from bargaining.games.extensive import ChanceNode, ExtensiveGame, TerminalNode
from bargaining.numbers import to_sympy
from bargaining.params import ParameterSpace
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface
from bargaining.solvers.subgame_perfect import SubgamePerfectEquilibrium, tree_outcomes

__all__ = ["MAX_PIECES", "SubgamePerfectPiece", "parametric_subgame_perfect"]

MAX_PIECES = 20_000
"""Default cap on the candidate equilibria kept below any node of the tree."""


@dataclass(frozen=True)
class SubgamePerfectPiece(ParametricEquilibrium):
    """A pure subgame-perfect equilibrium as functions of the parameters, with the conditions
    under which it holds.

    Besides the fields of :class:`~bargaining.solvers.parametric.ParametricEquilibrium`
    (strategies over the reduced strategic form, payoffs, conditions ``g >= 0``, outcome
    probabilities):

    Attributes
    ----------
    actions:
        For every node of ``tree.nodes`` the index of the action chosen there (``None`` at
        chance and terminal nodes), as in
        :class:`~bargaining.solvers.subgame_perfect.SubgamePerfectEquilibrium`.
    choices:
        ``(node path, action label)`` at every decision node, depth first.
    """

    actions: tuple[int | None, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Candidate:
    """An equilibrium of the subtree below a node, before the root is reached."""

    values: tuple[sympy.Expr, ...]  # each player's expected payoff in the subtree
    conditions: tuple[sympy.Expr, ...]  # g >= 0, simplified over the box
    action: int | None  # chosen here (None at chance and terminal nodes)
    combo: tuple[int, ...]  # the candidate chosen below each child
    ties: tuple[sympy.Expr, ...] = ()  # dropped factors, >= 0 on the box, that can be zero


class _Feasibility:
    """Conditions over the box, with caches: most comparisons recur in many combinations."""

    def __init__(self, box: Box) -> None:
        self.box = box
        self._analysed: dict[sympy.Expr, tuple[sympy.Expr | bool, tuple]] = {}
        self._signs: dict[sympy.Expr, int] = {}
        self._keys: dict[sympy.Expr, tuple[sympy.Expr, int]] = {}
        self._intervals: dict[sympy.Expr, sympy.Set | None] = {}
        self._linear: dict[sympy.Expr, tuple[dict, Fraction] | None] = {}
        self._empty: dict[frozenset, bool] = {}
        #: Conjunctions dropped as holding only on a lower-dimensional set.
        self.surfaces: dict[TieSurface, None] = {}
        self._witnesses: list[list[float]] = []  # interior points found, in _order
        self._order = sorted(box, key=lambda symbol: symbol.name)
        self._float_forms: dict[sympy.Expr, list[float]] = {}  # constant, then coefficients

    def simplify(self, condition: sympy.Expr) -> tuple[sympy.Expr | bool, tuple]:
        """``condition >= 0`` reduced over the box (True, False or the part that can change
        sign, as :func:`~bargaining.analysis.conditions.simplify_condition` reduces it), and
        the factors dropped from it that may still be zero on the box, each signed to be
        ``>= 0`` there (where one is zero the mover is indifferent).

        ``g`` and ``-g`` share one factorisation (a mover compares each pair of actions both
        ways)."""
        if condition == 0:
            return True, ()
        primitive, sign = self.key(condition)
        found = self._analysed.get(primitive)
        if found is None:
            found = self._analyse(primitive)
            self._analysed[primitive] = found
        reduced, dropped = found
        if sign < 0:
            reduced = (not reduced) if isinstance(reduced, bool) else -reduced
        return reduced, (() if reduced is False else dropped)

    def _analyse(self, condition: sympy.Expr) -> tuple[sympy.Expr | bool, tuple]:
        expression = condition
        if not condition.is_polynomial(*condition.free_symbols):
            expression = sympy.cancel(sympy.together(condition))
        numerator, denominator = sympy.fraction(expression)
        sign, kept, dropped = 1, [], []
        for part in (numerator, denominator):
            coefficient, factors = _factor_list(part)
            sign *= 1 if coefficient > 0 else -1
            for factor, exponent in factors:
                factor_sign = self.sign(factor)
                if exponent % 2 == 0:
                    # An even power is >= 0: it only touches zero, where the mover ties.
                    if part is numerator and factor_sign != 2:
                        dropped.append(factor**2)
                    continue
                if factor_sign == 0:
                    kept.append(factor)
                    continue
                sign *= 1 if factor_sign > 0 else -1
                if part is numerator and factor_sign != 2:
                    dropped.append(factor if factor_sign > 0 else -factor)  # >= 0, may be 0
        if not kept:
            reduced: sympy.Expr | bool = sign > 0
        elif sign > 0 and len(kept) == 1:
            reduced = sympy.expand(kept[0])
        else:
            reduced = sign * sympy.Mul(*kept)
        return reduced, tuple(dropped)

    def sign(self, factor: sympy.Expr) -> int:
        """A factor's sign on the box: 1 or -1 when known, 2 when provably positive
        everywhere on it (never zero), 0 when it changes sign or the test cannot tell."""
        found = self._signs.get(factor)
        if found is None:
            found = sign_on_box(factor, self.box)
            if found > 0 and self._positive(factor):
                found = 2
            self._signs[factor] = found
        return found

    def _positive(self, factor: sympy.Expr) -> bool:
        """Whether a factor is positive on the whole box, never zero: for a multilinear
        polynomial, whether it is positive at every corner (it takes its extremes there)."""
        if factor.is_number:
            return bool(factor > 0)
        symbols = sorted(factor.free_symbols, key=lambda symbol: symbol.name)
        if not set(symbols) <= set(self.box):
            return False
        try:
            polynomial = sympy.Poly(factor, *symbols)
        except sympy.PolynomialError:
            return False
        if any(degree > 1 for monomial in polynomial.monoms() for degree in monomial):
            return False
        corners = itertools.product(*(self.box[symbol] for symbol in symbols))
        return all(polynomial.eval(dict(zip(symbols, c, strict=True))) > 0 for c in corners)

    def key(self, condition: sympy.Expr) -> tuple[sympy.Expr, int]:
        """``(primitive part with a canonical sign, sign)``: equal keys with opposite signs are
        opposite conditions, equal keys with equal signs the same condition."""
        found = self._keys.get(condition)
        if found is None:
            _, primitive = sympy.expand(condition).as_content_primitive()
            if primitive.could_extract_minus_sign():
                found = (sympy.expand(-primitive), -1)
            else:
                found = (primitive, 1)
            self._keys[condition] = found
        return found

    def interval(self, condition: sympy.Expr) -> sympy.Set | None:
        """Where a condition in one parameter holds inside its range (None: not solvable)."""
        if condition in self._intervals:
            return self._intervals[condition]
        (symbol,) = condition.free_symbols
        low, high = self.box[symbol]
        try:
            region = sympy.solve_univariate_inequality(
                condition >= 0, symbol, relational=False, domain=sympy.Interval(low, high)
            )
        except (NotImplementedError, ValueError, TypeError):
            region = None
        self._intervals[condition] = region
        return region

    def combine(self, conditions: Iterable[sympy.Expr]) -> tuple[sympy.Expr, ...] | None:
        """The conjunction without repeats, or None when it holds nowhere inside the box
        (up to its boundary)."""
        kept: dict[tuple[sympy.Expr, int], sympy.Expr] = {}
        for condition in conditions:
            key = self.key(condition)
            if (key[0], -key[1]) in kept:
                return None  # g >= 0 and -g >= 0: only on the surface g = 0
            kept.setdefault(key, condition)
        result = tuple(kept.values())
        by_symbol: dict[sympy.Symbol, list[sympy.Expr]] = {}
        for condition in result:
            symbols = condition.free_symbols
            if len(symbols) == 1 and next(iter(symbols)) in self.box:
                by_symbol.setdefault(next(iter(symbols)), []).append(condition)
        for symbol, group in by_symbol.items():
            if len(group) < 2:
                continue
            low, high = self.box[symbol]
            region = sympy.Interval(low, high)
            for condition in group:
                solved = self.interval(condition)
                if solved is None:
                    break
                region &= solved
            else:
                if region.is_empty or region.measure == 0:
                    return None
        if self.linear_empty(result):
            return None
        return result

    def linear(self, condition: sympy.Expr) -> tuple[dict, Fraction] | None:
        """``condition`` as ``(coefficients, constant)`` with exact rational values when it is
        affine in the parameters (None otherwise)."""
        if condition in self._linear:
            return self._linear[condition]
        found = None
        symbols = condition.free_symbols
        if symbols and symbols <= set(self.box):
            try:
                polynomial = sympy.Poly(condition, *sorted(symbols, key=lambda s: s.name))
            except sympy.PolynomialError:
                polynomial = None
            if (
                polynomial is not None
                and polynomial.total_degree() <= 1
                and (polynomial.domain.is_ZZ or polynomial.domain.is_QQ)
            ):
                coefficients, constant = {}, Fraction(0)
                for monomial, coefficient in polynomial.terms():
                    value = Fraction(int(coefficient.p), int(coefficient.q))
                    if any(monomial):
                        coefficients[polynomial.gens[monomial.index(1)]] = value
                    else:
                        constant = value
                found = (coefficients, constant)
                scale = max(abs(float(v)) for v in (*coefficients.values(), constant)) or 1.0
                self._float_forms[condition] = [float(constant) / scale] + [
                    float(coefficients.get(s, 0)) / scale for s in self._order
                ]
        self._linear[condition] = found
        return found

    def linear_empty(self, conditions: tuple[sympy.Expr, ...]) -> bool:
        """Whether the affine conditions among ``conditions`` hold together nowhere in the
        interior of the box, proved exactly (see :func:`_farkas`). Where they still hold on a
        lower-dimensional set, the conjunction is recorded as a tie surface: an equilibrium
        may exist just there, and points on it are solved directly. Without a proof (nonlinear
        conditions, or an inexact certificate), the conjunction is kept."""
        affine = [(c, self.linear(c)) for c in conditions]
        affine = [(c, form) for c, form in affine if form is not None]
        if len(affine) < 2 or len({s for _, (coefficients, _) in affine for s in coefficients}) < 2:
            return False  # one-parameter and single conditions are decided exactly elsewhere
        key = frozenset(c for c, _ in affine)
        if key not in self._empty:
            forms = [form for _, form in affine]
            if self._witnessed([c for c, _ in affine]):
                self._empty[key] = False
                return False
            verdict, witness = _farkas(forms, self.box)
            if witness is not None:
                self._witnesses.append([witness.get(s, 0.0) for s in self._order])
                del self._witnesses[:-_WITNESSES]
            if verdict == "thin":
                self.surfaces.setdefault(TieSurface(tuple(conditions)), None)
            self._empty[key] = verdict is not None
        return self._empty[key]

    def _witnessed(self, conditions: list[sympy.Expr]) -> bool:
        """Whether a point found for an earlier conjunction satisfies these conditions with
        room to spare: then they hold on an open set, and no linear program is needed."""
        if not self._witnesses:
            return False
        matrix = np.array([self._float_forms[c] for c in conditions])  # (conditions, 1 + n)
        values = np.array(self._witnesses) @ matrix[:, 1:].T + matrix[:, 0]
        return bool(np.any(np.all(values > 1e-9, axis=1)))


_WITNESSES = 64  # interior points kept for the quick test before a linear program


def _farkas(
    forms: list[tuple[dict, Fraction]], box: Box
) -> tuple[str | None, dict[sympy.Symbol, float] | None]:
    """Whether ``g_i(x) >= 0`` for all i has no solution in the box (``"empty"``) or none in
    its interior (``"thin"``: only on a lower-dimensional set), with an exactly checked
    certificate; None without one. ``forms`` are the affine ``g_i`` as (coefficients, constant).
    Second: a point where every ``g_i`` is positive, when the program finds one.

    The linear program: maximise ``t`` subject to ``g_i(x) / |g_i| >= t``, ``x`` in the box.
    Its dual values ``y >= 0`` give ``h = sum y_i g_i / |g_i|``. If the maximum of ``h`` over the
    box, computed exactly from the rounded ``y``, is negative, no point satisfies every
    condition; if it is zero, every point that does makes the ``g_i`` with ``y_i > 0`` zero.
    """
    symbols = sorted({s for coefficients, _ in forms for s in coefficients}, key=lambda s: s.name)
    scales = [
        max(abs(float(v)) for v in (*coefficients.values(), constant)) or 1.0
        for coefficients, constant in forms
    ]
    # Variables: x (one per symbol), then t. Minimise -t.
    objective = np.zeros(len(symbols) + 1)
    objective[-1] = -1.0
    rows = []
    right = []
    for (coefficients, constant), scale in zip(forms, scales, strict=True):
        # t - g_i(x)/scale <= 0  <=>  -c.x/scale + t <= constant/scale
        rows.append([-float(coefficients.get(s, 0)) / scale for s in symbols] + [1.0])
        right.append(float(constant) / scale)
    bounds = [(float(box[s][0]), float(box[s][1])) for s in symbols] + [(None, 1.0)]
    try:
        solved = linprog(
            objective, A_ub=np.array(rows), b_ub=np.array(right), bounds=bounds, method="highs"
        )
    except ValueError:
        return None, None
    if solved.status != 0:
        return None, None
    if -solved.fun > 1e-9:  # an interior point: keep
        return None, dict(zip(symbols, map(float, solved.x[:-1]), strict=True))
    multipliers = [
        Fraction(max(0.0, -m)).limit_denominator(10**9) for m in solved.ineqlin.marginals
    ]
    if not any(multipliers):
        return None, None
    total = {s: Fraction(0) for s in symbols}
    constant_total = Fraction(0)
    for y, (coefficients, constant), scale in zip(multipliers, forms, scales, strict=True):
        weight = y / Fraction(scale)
        for s, c in coefficients.items():
            total[s] += weight * c
        constant_total += weight * constant
    highest = constant_total + sum(
        max(c * Fraction(box[s][0]), c * Fraction(box[s][1])) for s, c in total.items()
    )
    if highest < 0:
        return "empty", None
    if highest == 0:
        return "thin", None
    return None, None


def _factor_list(expression: sympy.Expr) -> tuple[sympy.Expr, list[tuple[sympy.Expr, int]]]:
    """``sympy.factor_list``, without its costly irreducibility proof where a cheap one exists.

    A primitive polynomial of degree 1 in some parameter ``x``, whose coefficient of ``x`` is a
    nonzero constant, has no proper factor: in a product, the factor free of ``x`` would
    divide that constant. Monomial factors (``L*W*(...)``) are split off first.
    """
    symbols = sorted(expression.free_symbols, key=lambda symbol: symbol.name)
    try:
        polynomial = sympy.Poly(expression, *symbols)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        return sympy.factor_list(expression)
    exponents, rest = polynomial.terms_gcd()
    coefficient, rest = rest.primitive()
    terms = rest.terms()
    for position in range(len(symbols)):
        linear = [monomial for monomial, _ in terms if monomial[position] == 1]
        degree_one = all(monomial[position] <= 1 for monomial, _ in terms)
        if degree_one and len(linear) == 1 and sum(linear[0]) == 1:
            if rest.LC() < 0:
                coefficient, rest = -coefficient, -rest
            monomials = [(s, power) for s, power in zip(symbols, exponents, strict=True) if power]
            return coefficient, [*monomials, (rest.as_expr(), 1)]
    return sympy.factor_list(expression)


def parametric_subgame_perfect(
    tree: ExtensiveGame,
    space: ParameterSpace | None = None,
    *,
    max_pieces: int = MAX_PIECES,
) -> ParametricSolution:
    """Every pure subgame-perfect equilibrium of a tree with symbolic payoffs or chance
    probabilities, with the conditions on the parameters under which each holds.

    Backward induction in symbols (see the module docstring). Ties are kept: where a mover is
    indifferent, every best action gives its own equilibria, as in
    :func:`~bargaining.solvers.subgame_perfect.subgame_perfect`.

    Parameters
    ----------
    tree:
        A perfect-information :class:`~bargaining.games.extensive.ExtensiveGame` (chance
        nodes allowed).
    space:
        The parameters' ranges and baselines; conditions are simplified over this box. When
        omitted each parameter is assumed to range over [0, 1].
    max_pieces:
        Refuse (GameError) when more candidate equilibria than this survive below a node.

    Returns
    -------
    ParametricSolution
        Its ``game`` is the tree (in the space's symbols); each piece a
        :class:`SubgamePerfectPiece`. ``.at(values)`` gives the subgame-perfect equilibria at
        a point as equilibria of the reduced strategic form (as
        :func:`~bargaining.solvers.subgame_perfect.subgame_perfect_equilibria` does);
        ``.thresholds``, ``.regions`` and ``.evaluate`` work as for normal-form games.

    Raises
    ------
    GameError
        For imperfect information (solve ``tree.to_normal_form()`` with
        :func:`~bargaining.analysis.parametric_equilibria` instead), or too many pieces.
    ParameterError
        When the tree uses parameters the space does not have.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from bargaining import Parameter, ParameterSpace
    >>> from bargaining.games.extensive import decision, terminal
    >>> space = ParameterSpace([Parameter("c", 0, 1, Fraction(1, 4))])
    >>> c = space.symbols["c"]
    >>> entry = ExtensiveGame(decision("Entrant", {
    ...     "out": terminal((0, 2), "no entry"),
    ...     "in": decision("Incumbent", {"fight": terminal((-1, 1 - 2 * c), "war"),
    ...                                  "accommodate": terminal((1, c), "peace")})}),
    ...     players=("Entrant", "Incumbent"))
    >>> solution = parametric_subgame_perfect(entry, space)
    >>> for piece in solution.pieces:
    ...     print(dict(piece.choices), solution.describe_conditions(piece))
    {'root': 'out', 'root/in': 'fight'} ['c <= 1/3']
    {'root': 'in', 'root/in': 'accommodate'} ['c >= 1/3']
    >>> [str(t.value) for t in solution.thresholds("c")]
    ['1/3']
    >>> solution.at({"c": Fraction(1, 2)})[0].probability("peace")
    1
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError(
            f"parametric_subgame_perfect needs an ExtensiveGame, got {type(tree).__name__}"
        )
    if not tree.is_perfect_information:
        members = next(m for m in tree.infosets if len(m) > 1)
        raise GameError(
            "parametric_subgame_perfect needs perfect information (backward induction); the "
            f"information set of nodes {', '.join(tree.paths[i] for i in members)} has several "
            "nodes. Solve the reduced strategic form instead: "
            "parametric_equilibria(tree.to_normal_form(), space)"
        )
    space = space if space is not None else _default_space(tree)
    unknown = sorted({symbol.name for symbol in tree.parameters} - set(space.names))
    if unknown:
        raise ParameterError(
            f"the tree's payoffs or probabilities use parameters not in the space: "
            f"{', '.join(unknown)}"
        )
    symbols = space.symbols
    if tree.parameters:  # the space's symbols, with their assumptions
        tree = tree.at({symbol.name: symbols[symbol.name] for symbol in tree.parameters})
    box = _box(space)
    feasibility = _Feasibility(box)
    entries = _induction(tree, feasibility, max_pieces)
    # Denominators that can be zero on the box (sign 2: provably positive, never zero).
    singular = tuple(factor for factor in _denominators(tree) if feasibility.sign(factor) != 2)
    outcomes = tree_outcomes(tree)
    pieces, ties = [], dict(feasibility.surfaces)
    for k, root in enumerate(entries[0]):
        # Conditions in a single parameter read best solved: low <= p <= high.
        conditions = _one_parameter_interval(list(root.conditions), box)
        if conditions is None:
            continue
        pieces.append(_piece(tree, entries, k, tuple(conditions), singular, outcomes))
        if root.ties:
            # Where the piece holds and a dropped factor is zero, a mover is indifferent
            # between its action and one never strictly better: further equilibria, which
            # ParametricSolution.at finds by solving the point directly.
            ties.setdefault(TieSurface((*conditions, *root.ties)), None)
    return ParametricSolution(game=tree, space=space, pieces=tuple(pieces), ties=tuple(ties))


def _induction(tree: ExtensiveGame, feasibility: _Feasibility, max_pieces: int) -> list:
    """Per node, the candidate equilibria of its subtree (sorted as subgame_perfect sorts)."""
    n = len(tree.players)
    player_of = {name: i for i, name in enumerate(tree.players)}
    zero = (sympy.Integer(0),) * n
    entries: list[list[_Candidate]] = [[] for _ in tree.nodes]
    for index in reversed(range(len(tree.nodes))):
        node = tree.nodes[index]
        own = zero if node.payoffs is None else tuple(to_sympy(v) for v in node.payoffs)
        if isinstance(node, TerminalNode):
            entries[index] = [_Candidate(tuple(map(sympy.expand, own)), (), None, ())]
            continue
        lists = [entries[child] for child in tree.children[index]]
        result: list[_Candidate] = []
        is_chance = isinstance(node, ChanceNode)
        weights = [to_sympy(p) for p in node.probabilities] if is_chance else []
        mover = None if is_chance else player_of[node.player]
        for combo, inherited in _combinations(lists, feasibility, max_pieces, tree.paths[index]):
            below = [found[k] for found, k in zip(lists, combo, strict=True)]
            ties = [t for candidate in below for t in candidate.ties]
            if is_chance:
                conditions = inherited
                values = tuple(
                    sympy.expand(
                        own[i] + sum(w * c.values[i] for w, c in zip(weights, below, strict=True))
                    )
                    for i in range(n)
                )
                result.append(_Candidate(values, conditions, None, combo, _unique(ties)))
                continue
            for action, chosen in enumerate(below):
                found = _best_reply_conditions(below, action, mover, feasibility)
                if found is None:
                    continue
                conditions = feasibility.combine([*inherited, *found[0]])
                if conditions is None:
                    continue
                values = tuple(sympy.expand(own[i] + chosen.values[i]) for i in range(n))
                result.append(
                    _Candidate(values, conditions, action, combo, _unique([*ties, *found[1]]))
                )
        if len(result) > max_pieces:
            raise GameError(
                f"more than {max_pieces} candidate subgame-perfect equilibria below node "
                f"{tree.paths[index]}; raise max_pieces if you need them"
            )
        result.sort(key=lambda c: (-1 if c.action is None else c.action, c.combo))
        entries[index] = result
    return entries


def _combinations(
    lists: list[list[_Candidate]], feasibility: _Feasibility, max_pieces: int, where: str
) -> list[tuple[tuple[int, ...], tuple[sympy.Expr, ...]]]:
    """The combinations of one candidate per child whose conditions can hold together, with
    those conditions; built one child at a time, so that combinations holding nowhere are
    dropped before they multiply."""
    partial: list[tuple[tuple[int, ...], tuple[sympy.Expr, ...]]] = [((), ())]
    for found in lists:
        extended = []
        for combo, conditions in partial:
            for k, candidate in enumerate(found):
                merged = (
                    feasibility.combine([*conditions, *candidate.conditions])
                    if conditions and candidate.conditions
                    else conditions or candidate.conditions
                )
                if merged is not None:
                    extended.append(((*combo, k), merged))
        if len(extended) > max_pieces:
            raise GameError(
                f"more than {max_pieces} combinations of subgame-perfect equilibria below node "
                f"{where}; raise max_pieces if you need them"
            )
        partial = extended
    return partial


def _best_reply_conditions(
    below: list[_Candidate], action: int, mover: int, feasibility: _Feasibility
) -> tuple[list[sympy.Expr], list[sympy.Expr]] | None:
    """The conditions under which ``action`` is a best reply of the mover, and the dropped
    factors where it ties; None when it is never a best reply inside the box."""
    conditions, ties = [], []
    value = below[action].values[mover]
    for other, candidate in enumerate(below):
        if other == action:
            continue
        simplified, dropped = feasibility.simplify(sympy.expand(value - candidate.values[mover]))
        if simplified is False:
            return None
        if simplified is not True:
            conditions.append(simplified)
        ties += dropped
    return conditions, ties


def _unique(expressions: list[sympy.Expr]) -> tuple[sympy.Expr, ...]:
    return tuple(dict.fromkeys(expressions))


def _piece(
    tree: ExtensiveGame,
    entries: list,
    root_entry: int,
    conditions: tuple[sympy.Expr, ...],
    singular: tuple[sympy.Expr, ...],
    outcomes: tuple[str, ...],
) -> SubgamePerfectPiece:
    actions: list[int | None] = [None] * len(tree.nodes)
    probabilities: dict[str, sympy.Expr] = {name: sympy.Integer(0) for name in outcomes}
    stack: list[tuple[int, int, sympy.Expr]] = [(0, root_entry, sympy.Integer(1))]
    while stack:
        index, k, weight = stack.pop()
        candidate = entries[index][k]
        actions[index] = candidate.action
        node = tree.nodes[index]
        kids = tree.children[index]
        if isinstance(node, TerminalNode):
            if node.outcome is not None:
                probabilities[node.outcome] += weight
        elif isinstance(node, ChanceNode):
            for child, below, p in zip(kids, candidate.combo, node.probabilities, strict=True):
                stack.append((child, below, weight * to_sympy(p)))
        # decision nodes: every child's choices are part of the equilibrium, but only the
        # chosen one is on the path
        else:
            for position, (child, below) in enumerate(zip(kids, candidate.combo, strict=True)):
                on_path = position == candidate.action
                stack.append((child, below, weight if on_path else sympy.Integer(0)))
    root = entries[0][root_entry]
    spe = SubgamePerfectEquilibrium(tuple(actions), root.values, tree.players, tree)
    strategies = tuple(tuple(sympy.Integer(p) for p in vector) for vector in spe.strategies)
    return SubgamePerfectPiece(
        strategies=strategies,
        payoffs=root.values,
        conditions=conditions,
        singular=singular,
        supports=tuple((choice,) for choice in spe.reduced_profile),
        outcome_probabilities=tuple((name, sympy.factor(p)) for name, p in probabilities.items()),
        actions=tuple(actions),
        choices=tuple(spe.choices.items()),
    )


def _denominators(tree: ExtensiveGame) -> tuple[sympy.Expr, ...]:
    """Factors of the denominators of the tree's payoffs and probabilities: where one is zero
    the game is undefined (the solution flags such points as boundaries)."""
    found: dict[sympy.Expr, None] = {}
    for node in tree.nodes:
        values = list(node.payoffs or ())
        if isinstance(node, ChanceNode):
            values += list(node.probabilities)
        for value in values:
            expression = to_sympy(value)
            if expression.is_number:
                continue
            denominator = sympy.fraction(sympy.together(expression))[1]
            if not denominator.is_number:
                found.setdefault(sympy.factor(denominator), None)
    return tuple(found)
