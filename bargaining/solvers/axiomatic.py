"""Axiomatic bargaining solutions: Nash, generalised Nash, Kalai-Smorodinsky, egalitarian and
utilitarian (theory-notes §1).

Exact on polygons with int/Fraction vertices: on an edge ``P + t (Q - P)`` the first-order
condition of the generalised Nash product ``(u1-d1)^a (u2-d2)^(1-a)`` is *linear* in ``t``,

    t* = -(a b c + (1-a) e g) / (b e),   b, e = Q - P,  g, c = P - d,

so the maximiser is rational whenever the weight ``a`` is rational (equal or not). On frontier
problems ``u2 = f(u1)`` the solutions are roots of sympy equations: symbolic in, symbolic out;
without parameters, isolated exactly (radicals or ``CRootOf``, also for frontiers with radicals
such as ellipses) or as certified floats (:mod:`bargaining.real_roots`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.display import html_fields
from bargaining.games.bargaining_problem import (
    BargainingProblem,
    BargainingProblemError,
    Point,
)
from bargaining.numbers import Number, normalize_number, to_sympy
from bargaining.real_roots import isolate_real_roots

__all__ = [
    "BargainingSolution",
    "egalitarian",
    "kalai_smorodinsky",
    "nash_bargaining",
    "utilitarian",
]

HALF = Fraction(1, 2)


@dataclass(frozen=True)
class BargainingSolution:
    """A solution point of a bargaining problem.

    Attributes
    ----------
    point:
        ``(u1, u2)``: exact for exact polygons, sympy expressions for symbolic frontiers.
    solution:
        Which solution (``"nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"``,
        ``"utilitarian"``).
    face:
        Utilitarian only: the end points of the optimal face when it is a segment (the
        solution is then its tie-break point), else ``None``.
    """

    point: Point
    solution: str
    face: tuple[Point, Point] | None = None

    @property
    def u1(self) -> Number:
        return self.point[0]

    @property
    def u2(self) -> Number:
        return self.point[1]

    def _repr_html_(self) -> str:
        return html_fields(self, title=f"Bargaining solution ({self.solution})")


# -- helpers -------------------------------------------------------------------------------------


def _norm_point(point: Sequence[object]) -> Point:
    return tuple(
        normalize_number(sympy.simplify(c) if isinstance(c, sympy.Basic) else c) for c in point
    )


def _weight(weights: Sequence[object]) -> Number:
    w1, w2 = (normalize_number(w) for w in weights)
    for w in (w1, w2):
        if getattr(w, "is_positive", w > 0 if not isinstance(w, sympy.Basic) else None) is False:
            raise BargainingProblemError(f"weights must be positive, got {weights}")
    alpha = to_sympy(w1) / (to_sympy(w1) + to_sympy(w2))
    return normalize_number(sympy.simplify(alpha))


def _ray_exit(problem: BargainingProblem, direction: Point) -> Number:
    """Largest ``t >= 0`` with ``d + t * direction`` in ``S`` (polygon; exact)."""
    d = problem.disagreement
    hull = problem.individually_rational_vertices()
    if len(hull) == 2:
        (p, q) = hull
        edge = (q[0] - p[0], q[1] - p[1])
        if edge[0] * direction[1] - edge[1] * direction[0] != 0:
            return 0
        ends = [(v[0] - d[0]) * direction[0] + (v[1] - d[1]) * direction[1] for v in hull]
        norm = direction[0] ** 2 + direction[1] ** 2
        return normalize_number(
            Fraction(max(ends)) / norm if not isinstance(norm, float) else max(ends) / norm
        )
    best = None
    n = len(hull)
    for i in range(n):
        p, q = hull[i], hull[(i + 1) % n]
        edge = (q[0] - p[0], q[1] - p[1])
        slack = edge[0] * (d[1] - p[1]) - edge[1] * (d[0] - p[0])
        rate = edge[0] * direction[1] - edge[1] * direction[0]
        if rate < 0:
            t = Fraction(slack) / -rate if not isinstance(rate, float) else slack / -rate
            best = t if best is None else min(best, t)
    return normalize_number(best if best is not None else 0)


def _along(d: Point, direction: Point, t: Number) -> Point:
    return _norm_point((d[0] + t * direction[0], d[1] + t * direction[1]))


def _frontier_roots(
    problem: BargainingProblem,
    equation: sympy.Expr,
    what: str,
    branch_at: Mapping[object, object] | None = None,
) -> sympy.Expr:
    """The unique root of ``equation`` in the frontier domain (symbolic where possible).

    Without parameters the root is isolated by :func:`~bargaining.real_roots.
    isolate_real_roots`: exact (rational, radical or ``CRootOf``) when the equation is
    algebraic, including radicals of ``u1`` such as an ellipse's ``sqrt(1 - u1**2/4)``, and a
    certified float otherwise. With parameters, sympy solves; roots it can prove to lie
    outside the domain are dropped, and when several remain (sympy cannot always sign
    ``-sqrt(a/(2 - a))``), the one inside the domain at the probe point ``branch_at``
    (parameter name or symbol -> value; by default every parameter = 1/2) is returned: the
    branch is then correct wherever it is continuous in the parameters and stays inside the
    domain.
    """
    u = problem.variable
    lo, hi = (to_sympy(c) for c in problem.domain)
    if not (equation.free_symbols - {u}) and lo.is_number and hi.is_number:
        return _numeric_problem_root(equation, u, lo, hi, what)
    candidates = []
    for root in sympy.solve(sympy.Eq(equation, 0), u):
        root = sympy.simplify(root)
        if root.is_real is False:
            continue
        inside = [sympy.simplify(root - lo), sympy.simplify(hi - root)]
        if any(g.is_negative for g in inside):
            continue
        if root.is_number and not all(g.is_nonnegative for g in inside):
            continue
        candidates.append(root)
    if len(candidates) > 1:
        free = set().union(*(r.free_symbols for r in candidates), problem.parameters)
        probe = _probe(free, branch_at)
        candidates = [
            r
            for r in candidates
            if all(sympy.sympify(g.subs(probe)).is_nonnegative for g in (r - lo, hi - r))
        ]
    if len(candidates) != 1:
        raise BargainingProblemError(
            f"{what}: cannot single out the root of {equation} = 0 on [{lo}, {hi}] "
            f"(candidates {candidates}); give the parameters assumptions (positive=True) or values"
        )
    return candidates[0]


def _exact_floats(expression: sympy.Expr) -> sympy.Expr:
    """Floats as the exact decimals they print as (``0.2`` -> ``1/5``), as model files read
    them, so that the root isolation stays exact."""
    return expression.xreplace(
        {f: sympy.Rational(str(Fraction(repr(float(f))))) for f in expression.atoms(sympy.Float)}
    )


def _numeric_problem_root(
    equation: sympy.Expr, u: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr, what: str
) -> sympy.Expr:
    equation = _exact_floats(equation)
    low, high = _exact_floats(lo), _exact_floats(hi)
    found = [root.value for root in isolate_real_roots(equation, u, low, high)]
    # a root at an end of the domain (the frontier's corner) is not inside the open interval
    for end in (low, high):
        value = sympy.N(equation.subs(u, end), 50)
        if value.is_finite and abs(value) < sympy.Float(10) ** -45:
            found.append(end)
    if len(found) != 1:
        raise BargainingProblemError(
            f"{what}: the condition {equation} = 0 has {len(found)} roots on [{lo}, {hi}] "
            f"({', '.join(f'{float(r):.6g}' for r in found) or 'none'}); is the frontier "
            "concave and the disagreement point below it?"
        )
    return found[0]


def _probe(free: set, branch_at: Mapping[object, object] | None) -> dict:
    by_name = {str(k): v for k, v in (branch_at or {}).items()}
    return {s: to_sympy(normalize_number(by_name.get(s.name, HALF))) for s in free} | {
        s: to_sympy(normalize_number(v))
        for s, v in (branch_at or {}).items()
        if isinstance(s, sympy.Symbol)
    }


def _frontier_point(problem: BargainingProblem, u1: sympy.Expr) -> Point:
    return _norm_point((u1, problem.frontier.subs(problem.variable, u1)))


# -- solutions -----------------------------------------------------------------------------------


def nash_bargaining(
    problem: BargainingProblem,
    weights: Sequence[object] = (HALF, HALF),
    *,
    branch_at: Mapping[object, object] | None = None,
) -> BargainingSolution:
    """The (generalised) Nash bargaining solution.

    ``argmax (u1-d1)^a (u2-d2)^(1-a)`` over ``S_d`` with ``a = w1/(w1+w2)``: Nash (1950,
    Econometrica 18(2)) for equal weights; Kalai (1977b, IJGT 6) and Roth (1979) otherwise
    (theory-notes §1.2). On a frontier the first-order condition is
    ``a (f(u1) - d2) = -(1-a) f'(u1) (u1 - d1)``.

    Parameters
    ----------
    problem:
        A :class:`~bargaining.games.bargaining_problem.BargainingProblem`.
    weights:
        Bargaining powers ``(w1, w2)``, positive (normalised to sum 1). Rational weights keep
        polygon solutions exact (rational); irrational constant weights give exact sympy
        points; weights with free symbols need a frontier problem.
    branch_at:
        Frontier problems with parameters: a probe point that selects the root when sympy
        cannot prove which candidate lies in the domain (default: every parameter = 1/2).

    Examples
    --------
    >>> from bargaining.games.bargaining_problem import BargainingProblem
    >>> pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)], (Fraction(1, 5), 0))
    >>> nash_bargaining(pie).point
    (Fraction(3, 5), Fraction(2, 5))
    >>> nash_bargaining(pie, (1, 2)).point
    (Fraction(7, 15), Fraction(8, 15))
    >>> nash_bargaining(pie, (sympy.sqrt(2), 1)).u1
    9/5 - 4*sqrt(2)/5
    >>> u, a = sympy.symbols("u1 alpha", positive=True)
    >>> n1 = nash_bargaining(BargainingProblem.from_frontier(1 - u**2, u), (a, 1 - a)).u1
    >>> sympy.simplify(n1 - sympy.sqrt(a / (a + 2 * (1 - a))))  # theory-notes §1.2
    0
    """
    alpha = _weight(weights)
    d = problem.disagreement
    if problem.kind == "frontier":
        u, f = problem.variable, problem.frontier
        a, d1, d2 = to_sympy(alpha), to_sympy(d[0]), to_sympy(d[1])
        foc = a * (f - d2) + (1 - a) * sympy.diff(f, u) * (u - d1)
        return BargainingSolution(
            _frontier_point(problem, _frontier_roots(problem, foc, "nash", branch_at)), "nash"
        )
    if isinstance(alpha, sympy.Basic) and alpha.free_symbols:
        raise BargainingProblemError(
            "polygon problems need numeric weights (irrational constants are fine); "
            "use a frontier problem for symbolic weights"
        )
    hull = problem.individually_rational_vertices()
    candidates = [v for v in hull if v[0] > d[0] and v[1] > d[1]]
    for i in range(len(hull)):
        p, q = hull[i], hull[(i + 1) % len(hull)]
        b, e = q[0] - p[0], q[1] - p[1]
        g, c = p[0] - d[0], p[1] - d[1]
        if b * e == 0:
            continue
        t = -(alpha * b * c + (1 - alpha) * e * g) / (b * e)
        if isinstance(t, sympy.Basic):
            t = sympy.nsimplify(t) if t.is_Float else sympy.simplify(t)
        if bool(t > 0) and bool(t < 1):
            point = _norm_point((p[0] + t * b, p[1] + t * e))
            if point[0] > d[0] and point[1] > d[1]:
                candidates.append(point)

    def product(point: Point):
        g1, g2 = point[0] - d[0], point[1] - d[1]
        if isinstance(alpha, sympy.Basic):  # irrational weight: compare at 50 digits
            value = alpha * sympy.log(to_sympy(g1)) + (1 - alpha) * sympy.log(to_sympy(g2))
            return value.evalf(50)
        if isinstance(alpha, Fraction | int) and not isinstance(g1 + g2, float):
            a = Fraction(alpha)
            return Fraction(g1) ** a.numerator * Fraction(g2) ** (a.denominator - a.numerator)
        return float(g1) ** float(alpha) * float(g2) ** (1 - float(alpha))

    return BargainingSolution(max(candidates, key=product), "nash")


def kalai_smorodinsky(
    problem: BargainingProblem, *, branch_at: Mapping[object, object] | None = None
) -> BargainingSolution:
    """The Kalai-Smorodinsky solution: the last point of ``S`` on the segment from ``d`` to the
    ideal point ``a(S, d)`` (Kalai & Smorodinsky 1975, Econometrica 43(3); theory-notes §1.2).

    Examples
    --------
    >>> from bargaining.games.bargaining_problem import BargainingProblem
    >>> s = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 1), (0, 1)])
    >>> kalai_smorodinsky(s).point
    (Fraction(4, 3), Fraction(2, 3))
    >>> u = sympy.Symbol("u1", positive=True)
    >>> kalai_smorodinsky(BargainingProblem.from_frontier(1 - u**2, u)).point
    (-1/2 + sqrt(5)/2, -1/2 + sqrt(5)/2)
    """
    d = problem.disagreement
    a = problem.ideal_point()
    if problem.kind == "frontier":
        u, f = problem.variable, problem.frontier
        d1, d2, a1, a2 = (to_sympy(c) for c in (*d, *a))
        equation = (f - d2) * (a1 - d1) - (u - d1) * (a2 - d2)
        return BargainingSolution(
            _frontier_point(
                problem, _frontier_roots(problem, equation, "kalai-smorodinsky", branch_at)
            ),
            "kalai-smorodinsky",
        )
    direction = (a[0] - d[0], a[1] - d[1])
    return BargainingSolution(
        _along(d, direction, _ray_exit(problem, direction)), "kalai-smorodinsky"
    )


def egalitarian(
    problem: BargainingProblem,
    direction: Sequence[object] = (1, 1),
    *,
    branch_at: Mapping[object, object] | None = None,
) -> BargainingSolution:
    """The egalitarian (proportional) solution ``d + t*(w1, w2)`` with ``t*`` maximal
    (Kalai 1977, Econometrica 45(7); theory-notes §1.2). Weakly Pareto optimal only.

    Examples
    --------
    >>> from bargaining.games.bargaining_problem import BargainingProblem
    >>> s = BargainingProblem.from_vertices([(0, 0), (2, 0), (1, 1), (0, 1)])
    >>> egalitarian(s).point
    (1, 1)
    >>> u = sympy.Symbol("u1", positive=True)
    >>> egalitarian(BargainingProblem.from_frontier(1 - u**2, u)).u1
    -1/2 + sqrt(5)/2
    """
    w = tuple(normalize_number(c) for c in direction)
    d = problem.disagreement
    if problem.kind == "frontier":
        u, f = problem.variable, problem.frontier
        d1, d2, w1, w2 = (to_sympy(c) for c in (*d, *w))
        equation = (f - d2) * w1 - (u - d1) * w2
        return BargainingSolution(
            _frontier_point(problem, _frontier_roots(problem, equation, "egalitarian", branch_at)),
            "egalitarian",
        )
    return BargainingSolution(_along(d, w, _ray_exit(problem, w)), "egalitarian")


def _leximin_on_segment(p: Point, q: Point, d: Point) -> Point:
    """The point of segment ``pq`` maximising ``min(u1 - d1, u2 - d2)`` (the egalitarian point
    of the face); its end nearer the diagonal when the diagonal misses it."""
    g = (p[0] - d[0], p[1] - d[1])
    b, e = q[0] - p[0], q[1] - p[1]
    if b != e:
        t = (
            Fraction(g[1] - g[0]) / (b - e)
            if not isinstance(b - e, float)
            else (g[1] - g[0]) / (b - e)
        )
        if 0 <= t <= 1:
            return _norm_point((p[0] + t * b, p[1] + t * e))
    return max((p, q), key=lambda v: (min(v[0] - d[0], v[1] - d[1]), v))


def utilitarian(
    problem: BargainingProblem,
    weights: Sequence[object] = (1, 1),
    *,
    branch_at: Mapping[object, object] | None = None,
) -> BargainingSolution:
    """A maximiser of ``w1 u1 + w2 u2`` over ``S_d`` (theory-notes §1.2).

    The maximiser is not unique when an edge of ``S_d`` is orthogonal to ``w`` (every linear
    pie). Tie-break, as theory-notes §1.2 recommends: the egalitarian point of the optimal face
    (the point maximising ``min(u1-d1, u2-d2)`` on it), which keeps SYM and IIA. The face is
    reported in ``face``.

    Examples
    --------
    >>> from bargaining.games.bargaining_problem import BargainingProblem
    >>> pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)], (Fraction(1, 5), 0))
    >>> sol = utilitarian(pie)
    >>> sol.point, sol.face
    ((Fraction(3, 5), Fraction(2, 5)), ((1, 0), (Fraction(1, 5), Fraction(4, 5))))
    >>> u = sympy.Symbol("u1", positive=True)
    >>> utilitarian(BargainingProblem.from_frontier(1 - u**2, u)).point
    (Fraction(1, 2), Fraction(3, 4))
    """
    w1, w2 = (normalize_number(c) for c in weights)
    d = problem.disagreement
    if problem.kind == "frontier":
        u, f = problem.variable, problem.frontier
        marginal = sympy.simplify(to_sympy(w1) + to_sympy(w2) * sympy.diff(f, u))
        lo, hi = (to_sympy(c) for c in problem.domain)
        if marginal == 0:
            point = egalitarian(problem, branch_at=branch_at).point
            return BargainingSolution(
                point, "utilitarian", (_frontier_point(problem, lo), _frontier_point(problem, hi))
            )
        if marginal.subs(u, lo).is_nonpositive:
            return BargainingSolution(_frontier_point(problem, lo), "utilitarian")
        if marginal.subs(u, hi).is_nonnegative:
            return BargainingSolution(_frontier_point(problem, hi), "utilitarian")
        root = _frontier_roots(problem, marginal, "utilitarian", branch_at)
        return BargainingSolution(_frontier_point(problem, root), "utilitarian")
    hull = problem.individually_rational_vertices()
    values = [w1 * v[0] + w2 * v[1] for v in hull]
    best = max(values)
    optimal = [v for v, value in zip(hull, values, strict=True) if value == best]
    if len(optimal) == 1:
        return BargainingSolution(optimal[0], "utilitarian")
    p, q = optimal[0], optimal[-1]
    return BargainingSolution(_leximin_on_segment(p, q, d), "utilitarian", (p, q))
