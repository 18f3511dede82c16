"""The numerical kernel of the logit QRE: the fixed-point system and its continuation in λ.

A logit quantal response equilibrium at precision λ (McKelvey & Palfrey 1995, Games and
Economic Behavior 10(1), eq. 3; theory notes section 7.1) solves, for every player i and
strategy j,

    σ_ij = exp(λ U_ij(σ)) / Σ_k exp(λ U_ik(σ)),

with U_ij(σ) the expected payoff of j against the others' mixed strategies. Following Turocy
(2005, Games and Economic Behavior 51(2), section 3) the unknowns are the log-probabilities
v_ij = log σ_ij, and the system becomes H(v, λ) = 0 with, per player,

    v_ij - v_i0 - λ (U_ij - U_i0) = 0   (j >= 1),        Σ_j exp(v_ij) - 1 = 0.

In matrix form, with E the differences ``e_ij - e_i0`` stacked, S the players' indicator rows
and G(σ) the matrix whose block (i, k) is ∂U_i/∂σ_k (zero for k = i), the Jacobian is

    ∂H/∂v = [E (I - λ G diag σ); S diag σ],        ∂H/∂λ = [-E U; 0],

and U = G σ / (n - 1) because U_i is multilinear. For two players G holds the payoff matrices
themselves and is constant, so one evaluation is a handful of small matrix products.

At λ = 0 the solution is uniform play; the principal branch is the curve of solutions through
it, traced by predictor–corrector continuation (Allgower & Georg 1990, *Numerical Continuation
Methods*, ch. 2 and 6): step along the tangent (the null vector of the Jacobian of H), then
return to the curve by Newton's method orthogonally to the tangent. The step length adapts to
the length of the first corrector step, the rate at which the corrector contracts and the
angle the tangent turns (the deceleration factor of Allgower & Georg, section 6.1); the
angle matters most here, since the arc length is dominated by the log-probabilities of
strategies dying out, which move in straight lines while the strategies still played bend.
Log coordinates keep probabilities that shrink like exp(-λ c) well resolved, so the branch can
be followed to λ in the millions.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["LogitSystem", "solve_at", "trace_branch"]

_NEWTON_TOLERANCE = 1e-13  # residual (max norm) accepted by solve_at
_NEWTON_STEPS = 8
_FIRST_STEP = 0.03
_MAX_ACCELERATION = 2.0  # the most the step may grow (or shrink) from one point to the next
_MAX_DISTANCE = 0.02  # the longest first corrector step accepted, in log-probabilities
_MAX_CONTRACTION = 0.6  # the largest ratio of the second corrector step to the first
_MARGIN = 1.5  # steps aim at the limits above over this factor (squared for the distances)
_MIN_STEP = 1e-10
_MAX_TURN = 0.2  # radians the tangent may turn in one step before the step is refused


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

    @functools.cached_property
    def _differences(self) -> np.ndarray:
        """E: one row ``e_ij - e_i0`` per player i and strategy j >= 1."""
        starts = self.offsets[:-1]
        rows = [
            (start, start + j)
            for start, m in zip(starts, self.sizes, strict=True)
            for j in range(1, m)
        ]
        matrix = np.zeros((len(rows), int(self.offsets[-1])))
        for row, (first, column) in enumerate(rows):
            matrix[row, first], matrix[row, column] = -1.0, 1.0
        return matrix

    @functools.cached_property
    def _owners(self) -> np.ndarray:
        """S: row i is 1 on player i's strategies."""
        matrix = np.zeros((len(self.sizes), int(self.offsets[-1])))
        for i in range(len(self.sizes)):
            matrix[i, self.offsets[i] : self.offsets[i + 1]] = 1.0
        return matrix

    @functools.cached_property
    def _two_player_cross(self) -> tuple[np.ndarray, np.ndarray]:
        # With two players nothing is contracted, so G and E G do not depend on σ.
        cross = self.cross_payoffs([np.ones(m) for m in self.sizes])
        return cross, self._differences @ cross

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
                # einsum in its sublist form: a fraction of tensordot's Python overhead.
                axes = list(range(result.ndim))
                result = np.einsum(result, axes, sigmas[k], [k], axes[:k] + axes[k + 1 :])
        return result

    def cross_payoffs(self, sigmas: Sequence[np.ndarray]) -> np.ndarray:
        """G(σ), of shape (N, N): block (i, k) is ∂U_i/∂σ_k, the payoff of each strategy of i
        against each strategy of k when the others play ``sigmas``; zero for k = i."""
        offsets = self.offsets
        total = int(offsets[-1])
        cross = np.zeros((total, total))
        for i, k in itertools.permutations(range(len(self.sizes)), 2):
            block = self.contract(i, sigmas, sorted((i, k)))
            cross[offsets[i] : offsets[i + 1], offsets[k] : offsets[k + 1]] = (
                block if i < k else block.T
            )
        return cross

    def _payoffs(self, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(E G(σ), U(σ)) at the stacked probabilities ``sigma``."""
        players = len(self.sizes)
        if players == 2:
            cross, difference_cross = self._two_player_cross
            return difference_cross, cross @ sigma
        if players == 1:
            values = np.asarray(self.tensors[0], dtype=float)
            return np.zeros((len(sigma) - 1, len(sigma))), values
        cross = self.cross_payoffs(self.split(sigma))
        return self._differences @ cross, cross @ sigma / (players - 1)

    def evaluate(self, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """H and its Jacobian with respect to (v, λ), of shape (N, N + 1), at ``point`` =
        (v, λ)."""
        v, lam = point[:-1], point[-1]
        sigma = np.exp(v)
        difference_cross, values = self._payoffs(sigma)
        differences, total = self._differences, len(v)
        ratios = len(differences)
        gaps = differences @ values
        residual = np.empty(total)
        residual[:ratios] = differences @ v - lam * gaps
        residual[ratios:] = self._owners @ sigma - 1.0
        jacobian = np.empty((total, total + 1))
        jacobian[:ratios, :total] = differences - lam * difference_cross * sigma
        jacobian[:ratios, total] = -gaps
        jacobian[ratios:, :total] = self._owners * sigma
        jacobian[ratios:, total] = 0.0
        return residual, jacobian

    def residual_and_jacobian(self, v: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
        """H(v, λ) and its Jacobian with respect to (v, λ), of shape (N, N + 1)."""
        return self.evaluate(np.append(v, lam))

    def regret(self, v: np.ndarray) -> float:
        """The largest gain any player has from a pure deviation, in payoff units."""
        sigma = np.exp(v)
        _, values = self._payoffs(sigma)
        starts = self.offsets[:-1]
        best = np.maximum.reduceat(values, starts)
        expected = np.add.reduceat(values * sigma, starts)
        return float(max((best - expected).max(), 0.0))

    def start(self) -> np.ndarray:
        """Uniform play, the solution at λ = 0."""
        return np.concatenate([np.full(m, -np.log(m)) for m in self.sizes])


def _tangent(jacobian: np.ndarray, previous: np.ndarray) -> np.ndarray | None:
    """The unit null vector of the (N, N + 1) Jacobian on the side of ``previous``: the
    solution of [J; previousᵀ] t = e_last (so t · previous > 0), normalised; None when that
    matrix is singular (the tangent turned by a right angle)."""
    augmented = np.vstack([jacobian, previous])
    rhs = np.zeros(len(previous))
    rhs[-1] = 1.0
    try:
        tangent = np.linalg.solve(augmented, rhs)
    except np.linalg.LinAlgError:
        return None
    return tangent / np.linalg.norm(tangent)


def _correct(
    system: LogitSystem, point: np.ndarray, tangent: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Newton's method back to H = 0, each step orthogonal to ``tangent``: the point, the
    Jacobian there (which gives the next tangent) and the deceleration factor for the next
    step length; None when the predictor was too far or the corrector contracted too slowly."""
    with np.errstate(over="ignore", invalid="ignore"):
        # A predictor far off the curve can overflow exp; such a step is refused below.
        return _newton(system, point, tangent)


def _newton(
    system: LogitSystem, point: np.ndarray, tangent: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float] | None:
    augmented = np.empty((len(point), len(point)))
    augmented[-1] = tangent
    rhs = np.zeros(len(point))
    decel = 1 / _MAX_ACCELERATION
    first = 0.0
    for iteration in range(_NEWTON_STEPS + 1):
        residual, jacobian = system.evaluate(point)
        # Relative: at large λ the log-probabilities are large and their rounding error too.
        if np.abs(residual).max() < 1e-10 * (1 + np.abs(point).max()):
            return point, jacobian, decel
        if iteration == _NEWTON_STEPS:
            return None
        augmented[:-1] = jacobian
        rhs[:-1] = -residual
        try:
            step = np.linalg.solve(augmented, rhs)
        except np.linalg.LinAlgError:
            return None
        distance = float(np.linalg.norm(step))
        # The predictor error grows like the square of the step length: hence the roots.
        if iteration == 0:
            if distance > _MAX_DISTANCE:
                return None
            first = distance
            decel = max(decel, np.sqrt(distance / _MAX_DISTANCE) * _MARGIN)
        elif iteration == 1:
            contraction = distance / first
            if contraction > _MAX_CONTRACTION:
                return None
            decel = max(decel, np.sqrt(contraction / _MAX_CONTRACTION) * _MARGIN)
        point = point + step
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
        A bound on the number of steps tried, so a trace always ends.

    Examples
    --------
    >>> pennies = LogitSystem((np.array([[1., -1.], [-1., 1.]]), np.array([[-1., 1.], [1., -1.]])))
    >>> points = trace_branch(pennies, stop=lambda v, lam: lam > 5)
    >>> np.exp(points[-1][:2]).round(6).tolist()
    [0.5, 0.5]
    """
    point = np.append(system.start(), 0.0)
    points = [point]
    step = _FIRST_STEP
    _, jacobian = system.evaluate(point)
    # At λ = 0 the Jacobian in v is invertible, so increasing λ orients the first tangent.
    tangent = _tangent(jacobian, np.eye(len(point))[-1])
    for _ in itertools.repeat(None, max_points):
        if stop(point[:-1], point[-1]):
            break
        corrected = _correct(system, point + step * tangent, tangent)
        if corrected is not None:
            candidate, jacobian, decel = corrected
            new_tangent = _tangent(jacobian, tangent)
            turn = (
                np.arccos(min(float(new_tangent @ tangent), 1.0))
                if new_tangent is not None
                else np.pi
            )
            if turn <= _MAX_TURN and candidate[-1] >= 0:
                point, tangent = candidate, new_tangent
                points.append(point)
                # The turn grows linearly with the step length, the distances quadratically.
                decel = max(decel, turn / _MAX_TURN * _MARGIN)
                step /= min(decel, _MAX_ACCELERATION)
                continue
        step /= _MAX_ACCELERATION
        if step < _MIN_STEP:
            break
    return points
