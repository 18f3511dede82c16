"""The numerical kernel of the logit QRE: the fixed-point system and its continuation in λ.

A logit quantal response equilibrium at precision λ (McKelvey & Palfrey 1995, Games and
Economic Behavior 10(1), eq. 3; theory notes section 7.1) solves, for every player i and
strategy j,

    σ_ij = exp(λ U_ij(σ)) / Σ_k exp(λ U_ik(σ)),

with U_ij(σ) the expected payoff of j against the others' mixed strategies. Following Turocy
(2005, Games and Economic Behavior 51(2), section 3) the unknowns are the log-probabilities
v_ij = log σ_ij, and the system becomes H(v, λ) = 0 with, per player,

    v_ij - v_i0 - λ (U_ij - U_i0) = 0   (j >= 1),        Σ_j exp(v_ij) - 1 = 0.

At λ = 0 the solution is uniform play; the principal branch is the curve of solutions through
it, traced by predictor–corrector continuation (Allgower & Georg 1990, *Numerical Continuation
Methods*, ch. 2): step along the tangent (the null vector of the Jacobian of H), then return
to the curve by Gauss–Newton with the Moore–Penrose pseudo-inverse. The step grows while the
corrector converges fast and halves when it does not. Log coordinates keep probabilities that
shrink like exp(-λ c) well resolved, so the branch can be followed to λ in the millions.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["LogitSystem", "solve_at", "trace_branch"]

_NEWTON_TOLERANCE = 1e-13  # residual (max norm) accepted by the corrector
_NEWTON_STEPS = 8
_FIRST_STEP = 0.03
_ACCELERATION = 2.0
_MIN_STEP = 1e-10
_MAX_TURN = 0.6  # radians the tangent may turn in one step before the step is halved


@dataclass(frozen=True, eq=False)
class LogitSystem:
    """The logit fixed-point equations of one game.

    Parameters
    ----------
    tensors:
        One float payoff array per player, each of shape ``(m1, ..., mn)``.
    """

    tensors: tuple[np.ndarray, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        """Strategies per player."""
        return self.tensors[0].shape

    @functools.cached_property
    def offsets(self) -> np.ndarray:
        """Where each player's block starts in the stacked vector of log-probabilities."""
        return np.concatenate([[0], np.cumsum(self.sizes)])

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        """A stacked vector as one array per player."""
        bounds = self.offsets
        return [flat[bounds[i] : bounds[i + 1]] for i in range(len(self.sizes))]

    def contract(
        self, player: int, sigmas: Sequence[np.ndarray], keep: Sequence[int]
    ) -> np.ndarray:
        """``tensors[player]`` summed against the mixed strategies of every player not in
        ``keep``; the axes of ``keep`` remain, in order.

        Axes are contracted from the last to the first, so the positions of the axes still to
        be contracted do not move.
        """
        result = self.tensors[player]
        for k in reversed(range(len(sigmas))):
            if k not in keep:
                result = np.tensordot(result, sigmas[k], axes=([k], [0]))
        return result

    def residual_and_jacobian(self, v: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
        """H(v, λ) and its Jacobian with respect to (v, λ), of shape (N, N + 1)."""
        sigmas = [np.exp(block) for block in self.split(v)]
        offsets, total = self.offsets, int(self.offsets[-1])
        residual = np.empty(total)
        jacobian = np.zeros((total, total + 1))
        for i, size in enumerate(self.sizes):
            start = offsets[i]
            values = self.contract(i, sigmas, [i])
            block = self.split(v)[i]
            residual[start] = sigmas[i].sum() - 1.0
            jacobian[start, start : start + size] = sigmas[i]
            rows = np.arange(start + 1, start + size)
            residual[rows] = block[1:] - block[0] - lam * (values[1:] - values[0])
            jacobian[rows, rows] = 1.0
            jacobian[rows, start] = -1.0
            jacobian[rows, total] = -(values[1:] - values[0])
            for k in range(len(self.sizes)):
                if k == i:
                    continue
                cross = self.contract(i, sigmas, sorted((i, k)))
                if k < i:
                    cross = cross.T
                columns = slice(offsets[k], offsets[k + 1])
                jacobian[rows, columns] = -lam * (cross[1:] - cross[0]) * sigmas[k]
        return residual, jacobian

    def regret(self, v: np.ndarray) -> float:
        """The largest gain any player has from a pure deviation, in payoff units."""
        sigmas = [np.exp(block) for block in self.split(v)]
        worst = 0.0
        for i in range(len(self.sizes)):
            values = self.contract(i, sigmas, [i])
            worst = max(worst, float(values.max() - values @ sigmas[i]))
        return worst

    def start(self) -> np.ndarray:
        """Uniform play, the solution at λ = 0."""
        return np.concatenate([np.full(m, -np.log(m)) for m in self.sizes])


def _tangent(jacobian: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    """The unit null vector of the (N, N + 1) Jacobian, oriented along ``previous`` (or towards
    increasing λ at the start)."""
    q, _ = np.linalg.qr(jacobian.T, mode="complete")
    tangent = q[:, -1]
    reference = previous if previous is not None else np.eye(len(tangent))[-1]
    return tangent if tangent @ reference >= 0 else -tangent


def _correct(system: LogitSystem, point: np.ndarray) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Gauss–Newton back to H = 0 (minimum-norm steps): the point, the Jacobian there (which
    gives the next tangent) and the iterations used; None when it does not converge."""
    for iteration in range(_NEWTON_STEPS + 1):
        residual, jacobian = system.residual_and_jacobian(point[:-1], point[-1])
        # Relative: at large λ the log-probabilities are large and their rounding error too.
        if np.abs(residual).max() < 1e-10 * (1 + np.abs(point).max()):
            return point, jacobian, iteration
        if iteration == _NEWTON_STEPS:
            return None
        point = point + np.linalg.lstsq(jacobian, -residual, rcond=None)[0]
        if not np.all(np.isfinite(point)):
            return None
    return None


def solve_at(system: LogitSystem, v: np.ndarray, lam: float) -> np.ndarray | None:
    """Newton's method for H(·, λ) = 0 at a fixed λ from ``v``; None when it does not converge."""
    total = len(v)
    for _ in range(4 * _NEWTON_STEPS):
        residual, jacobian = system.residual_and_jacobian(v, lam)
        if np.abs(residual).max() < _NEWTON_TOLERANCE:
            return v
        try:
            step = np.linalg.solve(jacobian[:, :total], -residual)
        except np.linalg.LinAlgError:
            return None
        v = v + step
        if not np.all(np.isfinite(v)):
            return None
    residual, _ = system.residual_and_jacobian(v, lam)
    return v if np.abs(residual).max() < 1e-9 else None


def trace_branch(
    system: LogitSystem,
    *,
    stop: Callable[[np.ndarray, float], bool],
    max_points: int = 100_000,
) -> list[np.ndarray]:
    """Points ``(v, λ)`` along the principal branch from λ = 0 until ``stop(v, λ)`` is true.

    Parameters
    ----------
    system:
        The game's logit equations.
    stop:
        Called at each accepted point; the trace ends at the first point where it is true.
    max_points:
        A bound on the number of accepted points, so a trace always ends.

    Examples
    --------
    >>> pennies = LogitSystem((np.array([[1., -1.], [-1., 1.]]), np.array([[-1., 1.], [1., -1.]])))
    >>> points = trace_branch(pennies, stop=lambda v, lam: lam > 5)
    >>> np.exp(points[-1][:2]).round(6).tolist()
    [0.5, 0.5]
    """
    point = np.concatenate([system.start(), [0.0]])
    points = [point]
    step = _FIRST_STEP
    _, jacobian = system.residual_and_jacobian(point[:-1], 0.0)
    tangent = _tangent(jacobian, None)
    for _ in itertools.repeat(None, max_points):
        if stop(point[:-1], point[-1]):
            break
        corrected = _correct(system, point + step * tangent)
        if corrected is not None:
            candidate, jacobian, iterations = corrected
            new_tangent = _tangent(jacobian, tangent)
            turn = np.arccos(np.clip(new_tangent @ tangent, -1.0, 1.0))
            if turn <= _MAX_TURN and candidate[-1] >= 0:
                point, tangent = candidate, new_tangent
                points.append(point)
                if iterations <= 2:
                    step *= _ACCELERATION
                continue
        step /= 2
        if step < _MIN_STEP:
            break
    return points
