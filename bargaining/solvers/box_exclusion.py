"""A cheap, exact proof that a support profile of an n-player game holds no equilibrium.

Most support profiles of a game have no equilibrium, and solving their polynomial systems
exactly (a Gröbner basis each) is most of the work of support enumeration. Before that, the
box of probabilities ``[0, 1]^n`` is cut into sub-boxes, and a box is discarded when some
condition of an equilibrium fails everywhere in it: an indifference equation keeps one sign,
an outside strategy pays strictly more, or the support's first probability (one minus the
others) is not positive. When every box is discarded the profile has no equilibrium.

The conditions are multilinear in the unknowns (each term holds at most one probability of
each player), and a multilinear polynomial takes its least and greatest values on a box at
its corners (it is linear in each variable separately), so evaluating the corners gives the
exact range on the box: no interval overestimation (the branch-and-bound of interval
methods, Moore, Kearfott & Cloud 2009, *Introduction to Interval Analysis*, ch. 8, with
exact ranges). The corners have dyadic coordinates, so values are exact integers after
scaling, computed in int64 only when a bound proves they fit; otherwise the profile is not
excluded and is solved as before. Excluding is a proof, never a guess: a profile that is not
excluded is solved exactly.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from bargaining.solvers.polynomial_systems import IntegerPolynomial

__all__ = ["DEFAULT_ROUNDS", "candidate_boxes", "has_no_equilibrium"]

DEFAULT_ROUNDS = 3
"""Times each unknown's range is halved at most by default (boxes of width 1/8): deeper costs
more than the exact solves it saves on 3x3x3 games."""
_MAX_CELLS = 1 << 17
"""Most (box, corner, monomial) values computed at once (1 MB); a profile whose surviving
boxes need more is solved exactly instead."""
_INT64_BITS = 62


def has_no_equilibrium(
    supports: Sequence[Sequence[int]],
    system: list[IntegerPolynomial],
    outside: list[IntegerPolynomial],
    *,
    rounds: int = DEFAULT_ROUNDS,
) -> bool:
    """True when it is proven that no profile with these supports is an equilibrium.

    Parameters
    ----------
    supports:
        Each player's support (strategy indices).
    system:
        The indifference equations (``= 0``) in the unknowns of
        :func:`~bargaining.solvers.support_systems.indifference_system`.
    outside:
        ``u_i(t) - u_i(first of S_i)`` for strategies ``t`` outside the supports (each must
        be ``<= 0``), in the same unknowns (``indifference_system(..., outside=True)``).
    rounds:
        Times each unknown's range is halved at most (sub-boxes of width ``2**-rounds``).

    Returns
    -------
    bool
        False means only "not proven": the profile must be solved.

    Examples
    --------
    >>> # one unknown p; equation 2p - 3 = 0 has its root 3/2 outside [0, 1]
    >>> has_no_equilibrium(((0,), (0, 1)), [{(1,): 2, (0,): -3}], [])
    True
    >>> has_no_equilibrium(((0,), (0, 1)), [{(1,): 2, (0,): -1}], [])   # p = 1/2
    False
    """
    return candidate_boxes(supports, system, outside, rounds=rounds) == []


def candidate_boxes(
    supports: Sequence[Sequence[int]],
    system: list[IntegerPolynomial],
    outside: list[IntegerPolynomial],
    *,
    rounds: int = DEFAULT_ROUNDS,
) -> list[tuple[Fraction, ...]] | None:
    """The centres of the sub-boxes where an equilibrium with these supports may lie (see
    :func:`has_no_equilibrium`, whose arguments these are): ``[]`` proves there is none;
    None when the check does not apply (non-multilinear or too large coefficients).

    The centres are where a search for a point of a continuum of equilibria starts.

    >>> # p in [0, 1] with 4p - 1 = 0: only boxes next to 1/4 remain (width 1/8)
    >>> candidate_boxes(((0,), (0, 1)), [{(1,): 4, (0,): -1}], [])
    [(Fraction(3, 16),), (Fraction(5, 16),)]
    """
    nvars = sum(len(s) - 1 for s in supports)
    polynomials = [*system, *outside]
    if nvars == 0 or not any(polynomials):
        return None
    monomials = sorted({m for p in polynomials for m in p})
    if any(e > 1 for m in monomials for e in m):
        return None  # not multilinear: corners do not bound the range
    degree = max(sum(m) for m in monomials)
    coefficients = np.array([[p.get(m, 0) for m in monomials] for p in polynomials], dtype=object)
    largest = max(int(np.abs(coefficients).sum(axis=1).max()), 1)
    if largest.bit_length() + rounds * degree + 1 > _INT64_BITS:
        return None  # the exact scaled values might not fit in int64
    weights = coefficients.astype(np.int64).T  # (monomials, polynomials)
    present = np.array(monomials, dtype=bool)  # (monomials, nvars)
    shift = np.array([degree - sum(m) for m in monomials], dtype=np.int64) * rounds
    equations = len(system)
    owners = [i for i, s in enumerate(supports) for _ in s[1:]]
    groups = [np.array([k for k, i in enumerate(owners) if i == p]) for p in set(owners)]
    corners = np.array(list(itertools.product((0, 1), repeat=nvars)), dtype=np.int64)
    unit = 1 << rounds
    low = np.zeros((1, nvars), dtype=np.int64)  # box lower corners, in units of 1/2**rounds
    width = np.full(nvars, unit, dtype=np.int64)
    for split in range(nvars * rounds + 1):
        keep = np.ones(len(low), dtype=bool)
        for group in groups:  # the first probability 1 - sum(rest) must be positive
            keep &= low[:, group].sum(axis=1) < unit
        points = low[:, None, :] + corners[None, :, :] * width  # (boxes, corners, nvars)
        values = np.broadcast_to(shift, (*points.shape[:2], len(shift))).copy()
        values = np.left_shift(1, values)
        for k in range(nvars):
            values *= np.where(present[:, k], points[:, :, k : k + 1], 1)
        values = values @ weights  # (boxes, corners, polynomials), scaled exactly
        smallest, greatest = values.min(axis=1), values.max(axis=1)
        keep &= ~((smallest[:, :equations] > 0) | (greatest[:, :equations] < 0)).any(axis=1)
        keep &= ~(smallest[:, equations:] > 0).any(axis=1)
        low = low[keep]
        if len(low) == 0:
            return []
        if split == nvars * rounds or 2 * len(low) * len(corners) * len(shift) > _MAX_CELLS:
            centres = sorted({tuple(row) for row in (2 * low + width).tolist()})
            return [tuple(Fraction(c, 2 * unit) for c in centre) for centre in centres]
        k = split % nvars  # halve every box along the same unknown, in turn
        width[k] //= 2
        upper = low.copy()
        upper[:, k] += width[k]
        low = np.concatenate([low, upper])
    return None  # pragma: no cover - the loop returns
