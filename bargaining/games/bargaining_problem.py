"""Two-player bargaining problems ``(S, d)``: a feasible set of utility pairs and a disagreement
point (Nash 1950, Econometrica 18(2); theory-notes §1.1).

The feasible set is either a convex polygon given by vertices (exact when the vertices are ints
or fractions), the region under a concave, non-increasing frontier ``u2 = f(u1)`` given as a
sympy expression on ``[d1, a1]`` (symbolic; parameters may appear in ``f``), or a convex region
given by a constraint such as ``u1**2/4 + u2**2 <= 1``, whose upper boundary becomes the
frontier. Solutions live in :mod:`bargaining.solvers.axiomatic`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from bargaining.errors import GameError
from bargaining.numbers import Number, normalize_number, to_sympy
from bargaining.real_roots import isolate_real_roots

__all__ = [
    "BargainingProblem",
    "BargainingProblemError",
    "NoGainsFromTradeError",
    "convex_hull",
]


class BargainingProblemError(GameError):
    """A bargaining problem is malformed: not convex, not compact, or ``d`` is not feasible."""


class NoGainsFromTradeError(BargainingProblemError):
    """No feasible point is strictly better than the disagreement point for both players.

    The Nash product is then zero everywhere and the solutions are undefined (theory-notes §1.3).
    """


Point = tuple[Number, Number]


def _cross(o: Point, a: Point, b: Point) -> Number:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Iterable[Point]) -> tuple[Point, ...]:
    """Vertices of the convex hull, counter-clockwise, without collinear points (monotone chain).

    Exact for int and Fraction coordinates.

    >>> convex_hull([(0, 0), (1, 0), (0, 1), (Fraction(1, 4), Fraction(1, 4)), (1, 0)])
    ((0, 0), (1, 0), (0, 1))
    """
    pts = sorted(set(points))
    if len(pts) <= 2:
        return tuple(pts)
    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return tuple(lower[:-1] + upper[:-1])


def _clip(polygon: Sequence[Point], axis: int, bound: Number) -> list[Point]:
    """Sutherland-Hodgman clip of a convex polygon to ``u[axis] >= bound`` (exact)."""
    if len(polygon) == 1:
        return list(polygon) if polygon[0][axis] >= bound else []
    out: list[Point] = []
    n = len(polygon)
    for i in range(n):
        p, q = polygon[i], polygon[(i + 1) % n]
        p_in, q_in = p[axis] >= bound, q[axis] >= bound
        if p_in:
            out.append(p)
        if p_in != q_in:
            gap, span = bound - p[axis], q[axis] - p[axis]
            t = gap / span if isinstance(gap + span, float) else Fraction(gap) / span
            point = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            out.append(tuple(normalize_number(c) for c in point))
    return list(convex_hull(out))


def _number(value: object, what: str) -> Number:
    number = normalize_number(value)
    return number


@dataclass(frozen=True)
class BargainingProblem:
    """A two-player bargaining problem ``(S, d)`` (Nash 1950; theory-notes §1.1).

    Build it with :meth:`from_vertices` (a convex polygon, the hull of the given points),
    :meth:`from_frontier` (the region ``d <= u``, ``u2 <= f(u1)`` under a concave,
    non-increasing frontier) or :meth:`from_constraint` (the region ``d <= u``,
    ``g(u1, u2) <= c``). Each checks that ``S`` is convex and compact, that ``d`` is in
    ``S`` and that some point of ``S`` is strictly better than ``d`` for both players.

    Attributes
    ----------
    kind:
        ``"polygon"`` or ``"frontier"``.
    vertices:
        Polygon: the hull of ``S``, counter-clockwise. Frontier: empty.
    frontier, variable, domain:
        Frontier: ``u2 = frontier(variable)`` on ``domain = (d1, a1)``. Polygon: ``None``.
    disagreement:
        The disagreement point ``d``.

    Examples
    --------
    >>> pie = BargainingProblem.from_vertices([(0, 0), (1, 0), (0, 1)])
    >>> pie.individually_rational_vertices()
    ((0, 0), (1, 0), (0, 1))
    >>> u = sympy.Symbol("u1")
    >>> BargainingProblem.from_frontier(1 - u**2, u).domain
    (0, 1)
    """

    kind: str
    vertices: tuple[Point, ...]
    disagreement: Point
    frontier: sympy.Expr | None = None
    variable: sympy.Symbol | None = None
    domain: tuple[Number, Number] | None = None

    # -- constructors ---------------------------------------------------------------------------

    @classmethod
    def from_vertices(
        cls, points: Iterable[Sequence[object]], disagreement: Sequence[object] = (0, 0)
    ) -> BargainingProblem:
        """The convex hull of finitely many utility pairs (e.g. a bimatrix game's outcomes).

        Coordinates must be numbers (ints and fractions stay exact; any float makes all floats).

        Raises
        ------
        BargainingProblemError
            For no points, non-numeric coordinates, or ``d`` outside the hull.
        NoGainsFromTradeError
            When no point of the hull is strictly better than ``d`` for both players.
        """
        raw = [tuple(_number(c, "vertex coordinate") for c in p) for p in points]
        d = tuple(_number(c, "disagreement coordinate") for c in disagreement)
        if not raw:
            raise BargainingProblemError("a polygon needs at least one vertex")
        if any(len(p) != 2 for p in [*raw, d]):
            raise BargainingProblemError("points and the disagreement point need two coordinates")
        everything = [c for p in [*raw, d] for c in p]
        if any(isinstance(c, sympy.Basic) for c in everything):
            raise BargainingProblemError(
                "polygon vertices must be numbers; use from_frontier for symbolic problems"
            )
        if any(isinstance(c, float) for c in everything):
            raw = [(float(a), float(b)) for a, b in raw]
            d = (float(d[0]), float(d[1]))
        hull = convex_hull(raw)
        problem = cls("polygon", hull, d)
        if not problem.contains(d):
            raise BargainingProblemError(f"the disagreement point {d} is not in the feasible set")
        ir = problem.individually_rational_vertices()
        if not (max(v[0] for v in ir) > d[0] and max(v[1] for v in ir) > d[1]):
            raise NoGainsFromTradeError(
                f"no feasible point is strictly better than the disagreement point {d} for both "
                "players: no gains from trade"
            )
        return problem

    @classmethod
    def from_frontier(
        cls,
        frontier: sympy.Expr,
        variable: sympy.Symbol,
        disagreement: Sequence[object] = (0, 0),
        upper: object | None = None,
    ) -> BargainingProblem:
        """The region ``{u : u >= d, u2 <= f(u1)}`` under the frontier ``u2 = f(u1)``.

        Parameters
        ----------
        frontier:
            ``f`` as a sympy expression in ``variable`` (other symbols are parameters).
        variable:
            The symbol standing for ``u1``.
        disagreement:
            ``d``; may be symbolic.
        upper:
            ``a1``, the right end of the domain. By default the root of ``f(u1) = d2`` above
            ``d1`` (it must be unique).

        Raises
        ------
        BargainingProblemError
            When ``f`` is provably convex somewhere (not concave), provably increasing, or the
            domain is not a bounded interval.
        NoGainsFromTradeError
            When ``f(d1) <= d2`` or ``a1 <= d1`` (provably).
        """
        if not isinstance(frontier, sympy.Expr):
            raise BargainingProblemError(
                f"the frontier must be a sympy expression, got {type(frontier).__name__}"
            )
        f = frontier
        # decimals as model files read them (0.2 is 1/5), so that the solutions stay exact
        d = tuple(_exact_decimal(normalize_number(c)) for c in disagreement)
        d1, d2 = (to_sympy(c) for c in d)
        numeric = not (f.free_symbols - {variable}) and d1.is_number and d2.is_number
        if upper is None and numeric:
            roots = [r.value for r in isolate_real_roots(f - d2, variable, d1, d1 + _FAR)]
            if len(roots) != 1:
                raise BargainingProblemError(
                    f"cannot find a unique end point of the frontier f(u1) = d2 above d1 "
                    f"(found {len(roots)}); pass upper="
                )
            a1 = roots[0]
        elif upper is None:
            roots = [r for r in sympy.solve(sympy.Eq(f, d2), variable) if _maybe(r > d1)]
            roots = [r for r in roots if r.is_real is not False]
            if len(roots) != 1:
                raise BargainingProblemError(
                    f"cannot find a unique end point of the frontier f(u1) = d2 above d1 "
                    f"(candidates: {roots}); pass upper="
                )
            a1 = sympy.simplify(roots[0])
        else:
            a1 = to_sympy(normalize_number(sympy.sympify(upper)))
        if (a1 - d1).is_positive is False or (f.subs(variable, d1) - d2).is_positive is False:
            raise NoGainsFromTradeError(
                "no point of the frontier is strictly better than the disagreement point for both "
                "players: no gains from trade"
            )
        second = sympy.simplify(sympy.diff(f, variable, 2))
        if second.is_positive:
            raise BargainingProblemError(f"the frontier {f} is convex, not concave")
        slope = sympy.simplify(sympy.diff(f, variable))
        if slope.is_positive:
            raise BargainingProblemError(f"the frontier {f} is increasing")
        if numeric and a1.is_number:  # check on a grid of the open domain, in floats
            curvature = sympy.lambdify(variable, second, "math")
            gradient = sympy.lambdify(variable, slope, "math")
            low, width = float(d1), float(a1 - d1)
            for k in range(1, 20):
                x = low + width * k / 20
                # a float tolerance: these are checks of the input, not part of the answer
                if curvature(x) > 1e-12:
                    raise BargainingProblemError(f"the frontier {f} is not concave at {x:.6g}")
                if gradient(x) > 1e-12:
                    raise BargainingProblemError(f"the frontier {f} is increasing at {x:.6g}")
        domain = (normalize_number(d1), normalize_number(a1))
        return cls("frontier", (), d, f, variable, domain)

    @classmethod
    def from_constraint(
        cls,
        constraint: sympy.Rel,
        variables: tuple[sympy.Symbol, sympy.Symbol],
        disagreement: Sequence[object] = (0, 0),
    ) -> BargainingProblem:
        """The region ``{u : u >= d, g(u1, u2) <= c}`` of a constraint, e.g. an ellipse.

        The constraint is solved for ``u2``; its largest real branch above ``d1`` is the upper
        boundary of the region and becomes the frontier of :meth:`from_frontier` (which checks
        that it is concave and non-increasing above ``d``: the Pareto frontier). The solutions
        on such a problem are then exact whenever they are on the frontier (radicals or
        ``CRootOf``).

        Parameters
        ----------
        constraint:
            A sympy inequality ``g <= c`` (or ``c >= g``; strict ones too) in the two variables;
            other symbols are parameters.
        variables:
            The symbols standing for ``u1`` and ``u2``.
        disagreement:
            ``d``, which must satisfy the constraint.

        Raises
        ------
        BargainingProblemError
            When the constraint is not an inequality in ``u2``, cannot be solved for ``u2``
            (write the frontier ``u2 = f(u1)`` then), does not bound ``u2`` from above, or
            ``d`` violates it.

        Examples
        --------
        >>> u1, u2 = sympy.symbols("u1 u2")
        >>> ellipse = BargainingProblem.from_constraint(u1**2 / 4 + u2**2 <= 1, (u1, u2))
        >>> ellipse.frontier, ellipse.domain
        (sqrt(4 - u1**2)/2, (0, 2))
        """
        u1, u2 = variables
        gap = _constraint_gap(constraint)
        if u2 not in gap.free_symbols:
            raise BargainingProblemError(
                f"the constraint {constraint} does not involve {u2}; expected a region such as "
                f"{u1}**2/4 + {u2}**2 <= 1"
            )
        d = tuple(_exact_decimal(normalize_number(c)) for c in disagreement)
        d1, d2 = (to_sympy(c) for c in d)
        branches = _solved_for(gap, u2)
        parameters = gap.free_symbols - {u1, u2}
        upper = _upper_branch(branches, u1, d1, parameters)
        if upper is not None:  # the region lies below its upper boundary, not above it
            above = gap.subs({u1: d1 + _STEP, u2: upper.subs(u1, d1 + _STEP) + 1})
            upper = upper if (_probe_value(above, parameters) or 0) > 0 else None
        if upper is None:
            raise BargainingProblemError(
                f"the constraint {constraint} does not bound {u2} from above at {u1} = {d1}; "
                "expected a bounded convex region (an ellipse, a disc, u2 <= f(u1))"
            )
        inside = _probe_value(gap.subs({u1: d1, u2: d2}), parameters)
        if inside is not None and inside > 0:
            raise BargainingProblemError(
                f"the disagreement point {tuple(d)} does not satisfy the constraint {constraint}"
            )
        return cls.from_frontier(upper, u1, d)

    # -- queries ----------------------------------------------------------------------------------

    def contains(self, point: Sequence[object]) -> bool:
        """Whether ``point`` is in ``S`` (exact for exact polygons; numeric frontiers only)."""
        u1, u2 = (normalize_number(c) for c in point)
        if self.kind == "polygon":
            hull = self.vertices
            if len(hull) == 1:
                return (u1, u2) == hull[0]
            if len(hull) == 2:
                p, q = hull
                return _cross(p, q, (u1, u2)) == 0 and min(p, q) <= (u1, u2) <= max(p, q)
            return all(
                _cross(hull[i], hull[(i + 1) % len(hull)], (u1, u2)) >= 0 for i in range(len(hull))
            )
        lo, hi = self.domain
        d2 = self.disagreement[1]
        value = self.frontier.subs(self.variable, to_sympy(u1))
        return bool(lo <= u1 <= hi and d2 <= u2 and u2 <= value)

    def individually_rational_vertices(self) -> tuple[Point, ...]:
        """Vertices of ``S_d = {u in S : u >= d}`` (polygon problems), counter-clockwise."""
        if self.kind != "polygon":
            raise BargainingProblemError("individually rational vertices exist for polygons only")
        clipped = _clip(self.vertices, 0, self.disagreement[0])
        return tuple(_clip(clipped, 1, self.disagreement[1]))

    def ideal_point(self) -> Point:
        """``a(S, d)``: each player's best payoff in ``S_d`` (Kalai & Smorodinsky 1975)."""
        if self.kind == "polygon":
            ir = self.individually_rational_vertices()
            return (max(v[0] for v in ir), max(v[1] for v in ir))
        return (self.domain[1], normalize_number(self.frontier.subs(self.variable, self.domain[0])))

    @property
    def parameters(self) -> frozenset[sympy.Symbol]:
        """Free symbols other than the frontier variable."""
        if self.kind == "polygon":
            return frozenset()
        symbols = set(self.frontier.free_symbols) - {self.variable}
        for c in (*self.disagreement, *self.domain):
            symbols |= getattr(c, "free_symbols", set())
        return frozenset(symbols)


#: How far above ``d1`` the end of a numeric frontier is looked for.
_FAR = 10**6


def _constraint_gap(constraint: object) -> sympy.Expr:
    """``g - c`` for ``g <= c`` (and ``c - g`` for ``g >= c``): the region is ``gap <= 0``."""
    if isinstance(constraint, (sympy.LessThan, sympy.StrictLessThan)):
        return _exact_floats(constraint.lhs - constraint.rhs)
    if isinstance(constraint, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        return _exact_floats(constraint.rhs - constraint.lhs)
    raise BargainingProblemError(
        f"the feasible set must be an inequality such as u1**2/4 + u2**2 <= 1, got {constraint!r}"
    )


def _solved_for(gap: sympy.Expr, u2: sympy.Symbol) -> list[sympy.Expr]:
    """The branches ``u2 = b(u1)`` of ``gap = 0``, for gaps at most quartic in ``u2``."""
    # solving beyond degree 4 in u2 means roots without radicals: a frontier then has no formula
    polynomial = sympy.Poly(gap, u2) if gap.is_polynomial(u2) else None
    if polynomial is None or polynomial.degree() > 4:
        raise BargainingProblemError(
            f"cannot solve the boundary {gap} = 0 for {u2} in closed form; write the frontier "
            f"as {u2} = f(u1) (from_frontier, or the model key frontier)"
        )
    return [sympy.simplify(b) for b in sympy.solve(gap, u2)]


def _upper_branch(
    branches: list[sympy.Expr], u1: sympy.Symbol, d1: sympy.Expr, parameters: set
) -> sympy.Expr | None:
    """The largest branch that is real just above ``d1``, with parameters at a probe point."""
    best, best_value = None, None
    for branch in branches:
        value = _probe_value(branch.subs(u1, d1 + _STEP), parameters)
        if value is not None and (best_value is None or value > best_value):
            best, best_value = branch, value
    return best


def _probe_value(expression: sympy.Expr, parameters: set) -> float | None:
    """``expression`` as a float with every parameter at 1/2; ``None`` when it is not real."""
    value = sympy.N(expression.subs({p: sympy.Rational(1, 2) for p in parameters}), 30)
    if not value.is_number or not value.is_real or not value.is_finite:
        real, imaginary = value.as_real_imag() if value.is_number else (None, 1)
        if real is None or abs(imaginary) > 1e-25:
            return None
        value = real
    return float(value)


def _exact_floats(expression: sympy.Expr) -> sympy.Expr:
    """Floats as the exact decimals they print as (``0.2`` -> ``1/5``)."""
    return expression.xreplace(
        {f: sympy.Rational(str(Fraction(repr(float(f))))) for f in expression.atoms(sympy.Float)}
    )


#: How far right of ``d1`` the branches of a constraint are compared.
_STEP = sympy.Rational(1, 10**6)


def _exact_decimal(value: Number) -> Number:
    return Fraction(repr(value)) if isinstance(value, float) else value


def _maybe(condition: object) -> bool:
    """False only when sympy can prove ``condition`` false."""
    return condition is not sympy.false and condition is not False
