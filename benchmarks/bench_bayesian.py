"""Bayes-Nash equilibria: a two-player Bayesian game with two types per player and three
actions per type, exactly, in symbols over the prior, and against pygambit's chance tree.

Run from the project root: ``python benchmarks/bench_bayesian.py [--seed N]``.

1. ``bayes_nash_equilibria`` at one prior (exact; the ex-ante form is 9x9). Target: < 1 s.
2. ``parametric_equilibria`` once in ``mu`` (player 1's probability of its second type), then
   ``ParametricSolution.evaluate`` at 10^6 values of ``mu``. Target: evaluation < 2 s.
3. The peer: the same game as a pygambit tree (chance draws the types, each player moves
   knowing only its own type), solved by ``enummixed_solve(rational=True)`` (every extreme
   equilibrium of the tree's strategic form) and by ``lcp_solve(rational=True)`` (sequence form:
   some equilibria); times, counts, and whether each of Gambit's equilibria, read as per-type
   behaviour, is among ours. Skipped when pygambit is not installed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import machine  # noqa: E402

from bargaining import (  # noqa: E402
    BayesianGame,
    Parameter,
    ParameterSpace,
    bayes_nash_equilibria,
    parametric_equilibria,
)

TYPES = (("a", "b"), ("c", "d"))
ACTIONS = (("x", "y", "z"), ("u", "v", "w"))


def random_game(seed: int, mu: object) -> BayesianGame:
    """Integer payoffs in [0, 9]; types independent: player 1's ``b`` with probability ``mu``,
    player 2's ``d`` with probability 2/5."""
    rng = random.Random(seed)
    payoffs = np.array([rng.randint(0, 9) for _ in range(2 * 2 * 3 * 3 * 2)], dtype=object).reshape(
        2, 2, 3, 3, 2
    )
    q = Fraction(2, 5)
    prior = np.array([[(1 - mu) * (1 - q), (1 - mu) * q], [mu * (1 - q), mu * q]], dtype=object)
    return BayesianGame(("P1", "P2"), TYPES, ACTIONS, prior, payoffs)


def timed(function):
    """Wall-clock seconds and the result; the CPU seconds go to ``CPU[-1]`` (on a shared
    machine they say more than the wall clock)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start, result


CPU: list[float] = []


def behaviour_key(behaviour) -> tuple:
    return tuple(round(float(p), 6) for per_type in behaviour for v in per_type for p in v)


def gambit_tree(gbt, game: BayesianGame):
    """The chance tree: nature draws the type profile, player 1 moves knowing its type, then
    player 2 knowing only its own type (not player 1's type or move)."""
    tree = gbt.Game.new_tree(players=list(game.players))
    profiles = [index for index, _ in game.type_profiles()]
    tree.append_move(tree.root, tree.players.chance, [f"{t}" for t in profiles])
    tree.set_chance_probs(tree.root.infoset, [gbt.Rational(str(game.prior[t])) for t in profiles])
    first: dict[int, object] = {}
    second: dict[int, object] = {}

    def move(node, player: int, own_type: int, infosets: dict[int, object]) -> None:
        """``player`` moves at ``node`` knowing only its own type: one infoset per type."""
        if own_type in infosets:
            tree.append_infoset(node, infosets[own_type])
        else:
            tree.append_move(node, tree.players[game.players[player]], list(game.actions[player]))
            infosets[own_type] = node.infoset
            node.infoset.label = f"P{player + 1}:{game.types[player][own_type]}"

    for node, t in zip(tree.root.children, profiles, strict=True):
        move(node, 0, t[0], first)
        for a, child in enumerate(node.children):
            move(child, 1, t[1], second)
            for b, leaf in enumerate(child.children):
                values = game.payoffs[(*t, a, b)]
                outcome = tree.add_outcome(f"{t}{a}{b}", [gbt.Rational(str(v)) for v in values])
                tree.set_outcome(leaf, outcome)
    return tree, first, second


def gambit_behaviours(first, second, profiles) -> set[tuple]:
    """Gambit's equilibria as per-type behaviour, keyed like ours."""
    found = set()
    for profile in profiles:
        behaviour = profile.as_behavior() if hasattr(profile, "as_behavior") else profile
        per_player = []
        for infosets in (first, second):
            per_player.append(
                tuple(
                    tuple(float(behaviour[action]) for action in infosets[k].actions)
                    for k in sorted(infosets)
                )
            )
        found.add(behaviour_key(per_player))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--points", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"# {machine()}, seed {args.seed}")

    mu_value = Fraction(3, 10)
    game = random_game(args.seed, mu_value)
    exact_time, ours = timed(lambda: bayes_nash_equilibria(game))
    print(
        f"bayes_nash_equilibria at mu = 3/10: {exact_time:.3f} s (CPU {CPU[-1]:.3f} s), "
        f"{len(ours)} equilibria"
    )

    space = ParameterSpace([Parameter("mu", 0, 1, mu_value)])
    symbolic = random_game(args.seed, space.symbols["mu"])
    solve_time, solution = timed(lambda: parametric_equilibria(symbolic, space))
    tipping = [str(t.value) for t in solution.thresholds("mu")]
    print(
        f"parametric_equilibria in mu: {solve_time:.3f} s (CPU {CPU[-1]:.3f} s), "
        f"{len(solution.pieces)} pieces, tipping points {tipping}"
    )
    points = {"mu": np.linspace(0, 1, args.points)}
    solution.evaluate({"mu": np.linspace(0, 1, 1000)})  # compile once, outside the timing
    evaluate_time, values = timed(lambda: solution.evaluate(points))
    print(
        f"evaluate at {args.points:,} points: {evaluate_time:.3f} s (CPU {CPU[-1]:.3f} s) "
        f"(equilibria per point: {values.count.min()} to {values.count.max()})"
    )
    at_point = {(eq.strategies, eq.payoffs) for eq in solution.at({"mu": mu_value})}
    direct = {(eq.strategies, eq.payoffs) for eq in ours}
    print(f"  solution.at(3/10) equals the point solver: {at_point == direct}")

    try:
        import pygambit as gbt
    except ImportError:
        print("pygambit is not installed: the chance-tree comparison is skipped")
        return
    build_time, (tree, first, second) = timed(lambda: gambit_tree(gbt, game))
    mine = {behaviour_key(eq.behaviour) for eq in ours}
    print(f"pygambit {gbt.__version__}: tree built in {build_time:.3f} s")
    for name, solve in (
        ("enummixed_solve(rational=True)", lambda: gbt.nash.enummixed_solve(tree, rational=True)),
        ("lcp_solve(rational=True)", lambda: gbt.nash.lcp_solve(tree, rational=True)),
    ):
        seconds, result = timed(solve)
        theirs = gambit_behaviours(first, second, result.equilibria)
        print(
            f"  {name}: {seconds:.3f} s (CPU {CPU[-1]:.3f} s), {len(result.equilibria)} equilibria "
            f"({len(theirs)} distinct behaviours); all among ours: {theirs <= mine}"
        )


if __name__ == "__main__":
    main()
