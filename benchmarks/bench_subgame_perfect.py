"""Subgame-perfect equilibria: numeric backward induction on large random trees, and the symbolic
solution of the ceasefire tree, with how both grow.

Run from the project root: ``python benchmarks/bench_subgame_perfect.py [--quick]``.

1. ``subgame_perfect`` on random perfect-information trees (two players, about one node in ten
   a chance node, two or three actions per node) of 10^3 to 10^6 nodes, float payoffs and exact
   ones; building the ``ExtensiveGame`` is timed separately. Target: 10^5 nodes in under 2 s.
2. The peer: pygambit's ``lcp_solve`` on the same trees (sequence form, floats: one Nash
   equilibrium of a two-player tree; Gambit has no backward-induction solver), on the sizes it
   finishes in seconds. Its equilibrium payoffs are compared with ours.
3. ``parametric_subgame_perfect`` on ``models/ceasefire_sequence.toml`` (eight parameters),
   with sympy's cache cleared before each call, and ``evaluate`` of the solution at 10^6 points.
   Target: the symbolic solution in under 2 s.
4. Growth of the symbolic solution: the ceasefire tree repeated over k rounds (talking while
   fighting leads to the next round), and random trees with payoffs linear in three parameters.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import sympy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from common import machine  # noqa: E402

from bargaining import (  # noqa: E402
    ExtensiveGame,
    Parameter,
    ParameterSpace,
    load_model,
    parametric_subgame_perfect,
    subgame_perfect,
)
from bargaining.games.extensive import chance, decision, terminal  # noqa: E402
from tests.test_parametric_tree import rounds  # noqa: E402  (the tree its tests check)


def best_time(function, *, repeats: int, budget: float) -> tuple[float, float, int]:
    """Best and median of up to ``repeats`` calls, stopping once ``budget`` seconds are spent."""
    times: list[float] = []
    spent = 0.0
    while len(times) < repeats and (spent < budget or not times):
        start = time.perf_counter()
        function()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    return min(times), statistics.median(times), len(times)


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table with padded columns."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        padded = (str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


# -- random trees ----------------------------------------------------------------------------------


def random_tree(
    size: int, seed: int, *, exact: bool = False, players: int = 2, chance_share: float = 0.1
) -> ExtensiveGame:
    """A random perfect-information tree of exactly ``size`` nodes: leaves are expanded at random
    into two or three children until the size is reached (depth grows like log(size)); one
    inner node in ten (about) is chance, with equal probabilities. Payoffs: floats in [0, 1),
    or integers in [-10^9, 10^9] (ties are then rare too)."""
    rng = random.Random(seed)
    children: list[list[int]] = [[]]
    leaves = [0]
    count = 1
    while count < size:
        k = min(rng.choice((2, 3)), size - count)
        if k < 2:  # one node left: add it to a node that already has children
            parent = rng.choice([i for i, c in enumerate(children) if c])
            children[parent].append(count)
            children.append([])
            count += 1
            break
        position = rng.randrange(len(leaves))
        leaf = leaves[position]
        leaves[position] = leaves[-1]
        leaves.pop()
        for _ in range(k):
            children[leaf].append(count)
            children.append([])
            leaves.append(count)
            count += 1
    names = tuple(f"P{i + 1}" for i in range(players))
    nodes: list[object] = [None] * len(children)
    for index in reversed(range(len(children))):
        kids = children[index]
        if not kids:
            if exact:
                payoffs = tuple(rng.randint(-(10**9), 10**9) for _ in names)
            else:
                payoffs = tuple(rng.random() for _ in names)
            nodes[index] = terminal(payoffs)
        elif rng.random() < chance_share:
            p = Fraction(1, len(kids))
            nodes[index] = chance({f"c{j}": (p, nodes[c]) for j, c in enumerate(kids)})
        else:
            nodes[index] = decision(
                rng.choice(names), {f"a{j}": nodes[c] for j, c in enumerate(kids)}
            )
    return ExtensiveGame(nodes[0], players=names)


def numeric_section(sizes: list[int], repeats: int, budget: float) -> tuple[str, dict]:
    rows, results = [], {}
    for size in sizes:
        for exact in (False, True):
            start = time.perf_counter()
            game = random_tree(size, seed=size + exact, exact=exact)
            build = time.perf_counter() - start
            equilibria = subgame_perfect(game)  # warm the game's cached properties
            # As in bench_equilibria.py: the tree's objects are moved out of the collector's
            # way, so that a full collection during a call does not scan a million nodes.
            gc.collect()
            gc.freeze()
            best, median, runs = best_time(
                lambda game=game: subgame_perfect(game), repeats=repeats, budget=budget
            )
            gc.unfreeze()
            unfrozen, _, _ = best_time(lambda game=game: subgame_perfect(game), repeats=1, budget=0)
            results[(size, exact)] = best
            rows.append(
                [
                    f"{len(game.nodes):,}",
                    "exact" if exact else "float",
                    seconds(build),
                    seconds(best),
                    seconds(median),
                    str(runs),
                    seconds(unfrozen),
                    f"{best / len(game.nodes) * 1e6:.2f} µs",
                    str(len(equilibria)),
                ]
            )
    header = [
        "nodes",
        "payoffs",
        "build game",
        "SPE best",
        "SPE median",
        "runs",
        "one run, gc not frozen",
        "per node (best)",
        "equilibria",
    ]
    return table(header, rows), results


def gambit_section(sizes: list[int], limit: float) -> str:
    try:
        import pygambit
    except ImportError:
        return "pygambit is not installed: no peer run."
    from bargaining.io import write_game

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            game = random_tree(size, seed=size)
            path = Path(folder) / f"tree{size}.efg"
            write_game(game, path)
            gambit_game = pygambit.read_efg(str(path))
            start = time.perf_counter()
            result = pygambit.nash.lcp_solve(gambit_game, rational=False)
            gambit_time = time.perf_counter() - start
            ours, _, _ = best_time(lambda game=game: subgame_perfect(game), repeats=5, budget=1)
            (spe,) = subgame_perfect(game)
            equilibrium = result.equilibria[0]
            theirs = [float(equilibrium.payoff(player)) for player in gambit_game.players]
            same = all(abs(a - float(b)) < 1e-9 for a, b in zip(theirs, spe.payoffs, strict=True))
            rows.append(
                [
                    f"{len(game.nodes):,}",
                    seconds(gambit_time),
                    seconds(ours),
                    f"{gambit_time / ours:,.0f}x",
                    "same" if same else "differ (another Nash equilibrium)",
                ]
            )
            if gambit_time > limit:
                break
    header = [
        "nodes",
        "Gambit lcp_solve (float)",
        "subgame_perfect",
        "ratio",
        "Gambit's payoffs vs the SPE",
    ]
    return table(header, rows)


# -- symbolic --------------------------------------------------------------------------------------


def sequence_section(points: int) -> tuple[str, float]:
    model = load_model(ROOT / "models" / "ceasefire_sequence.toml")
    tree, space = model.game("sequence"), model.parameters
    times = []
    for _ in range(3):
        sympy.core.cache.clear_cache()
        start = time.perf_counter()
        solution = parametric_subgame_perfect(tree, space)
        times.append(time.perf_counter() - start)
    sample = space.sample(points, seed=1)
    solution.evaluate(space.sample(10, seed=2))  # compile once, outside the timing
    start = time.perf_counter()
    evaluation = solution.evaluate(sample)
    evaluate_time = time.perf_counter() - start
    lines = [
        f"parametric_subgame_perfect, ceasefire tree ({len(tree.nodes)} nodes, "
        f"{len(space)} parameters): {len(solution.pieces)} pieces; sympy cache cleared before "
        f"each call: {', '.join(seconds(t) for t in times)} (worst {seconds(max(times))})",
        f"evaluate at {points:,} points: {seconds(evaluate_time)} "
        f"({points / evaluate_time:,.0f} points/s); equilibria per point: "
        f"{sorted(set(evaluation.count.tolist()))}",
    ]
    return "\n".join(lines), max(times)


def symbolic_random_tree(size: int, seed: int, space: ParameterSpace) -> ExtensiveGame:
    """A random tree (as ``random_tree``) whose payoffs are integers in [-5, 5] plus integer
    multiples (-3 to 3) of the three parameters."""
    game = random_tree(size, seed, exact=True)
    rng = random.Random(seed)
    a, b, c = (space.symbols[name] for name in ("a", "b", "c"))

    def payoff() -> sympy.Expr:
        return (
            rng.randint(-5, 5)
            + rng.randint(-3, 3) * a
            + rng.randint(-3, 3) * b
            + rng.randint(-3, 3) * c
        )

    nodes: list[object] = [None] * len(game.nodes)
    for index in reversed(range(len(game.nodes))):
        node = game.nodes[index]
        kids = [nodes[child] for child in game.children[index]]
        if not kids:
            nodes[index] = terminal((payoff(), payoff()))
        elif hasattr(node, "probabilities"):
            nodes[index] = chance(
                {
                    label: (p, kid)
                    for label, p, kid in zip(node.actions, node.probabilities, kids, strict=True)
                }
            )
        else:
            nodes[index] = decision(node.player, dict(zip(node.actions, kids, strict=True)))
    return ExtensiveGame(nodes[0], players=game.players)


def growth_section(round_counts: list[int], sizes: list[int]) -> str:
    model = load_model(ROOT / "models" / "ceasefire_sequence.toml")
    rows = []
    for count in round_counts:
        tree = ExtensiveGame(rounds(model, count), players=("Russia", "Ukraine"))
        sympy.core.cache.clear_cache()
        start = time.perf_counter()
        solution = parametric_subgame_perfect(tree, model.parameters, max_pieces=100_000)
        elapsed = time.perf_counter() - start
        rows.append(
            [
                f"ceasefire, {count} round{'s' * (count > 1)}",
                str(len(tree.nodes)),
                "8",
                str(len(solution.pieces)),
                seconds(elapsed),
            ]
        )
    space = ParameterSpace([Parameter(name, 0, 1, Fraction(1, 2)) for name in ("a", "b", "c")])
    for size in sizes:
        pieces, elapsed_total, trees = [], 0.0, 3
        for seed in range(trees):
            tree = symbolic_random_tree(size, seed, space)
            sympy.core.cache.clear_cache()
            start = time.perf_counter()
            solution = parametric_subgame_perfect(tree, space, max_pieces=100_000)
            elapsed_total += time.perf_counter() - start
            pieces.append(len(solution.pieces))
        rows.append(
            [
                f"random, mean of {trees}",
                str(size),
                "3",
                "/".join(map(str, pieces)),
                seconds(elapsed_total / trees),
            ]
        )
    return table(["tree", "nodes", "parameters", "pieces", "time (cold cache)"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    args = parser.parse_args()
    quick = args.quick
    print(f"machine: {machine()}\n")

    sizes = [1_000, 10_000, 100_000] if quick else [1_000, 10_000, 100_000, 1_000_000]
    print("## 1. subgame_perfect on random perfect-information trees\n")
    text, results = numeric_section(sizes, repeats=3 if quick else 7, budget=2 if quick else 6)
    print(text)
    target = results[(100_000, False)]
    print(
        f"\n10^5 nodes, float payoffs: {seconds(target)} (target < 2 s: "
        f"{'yes' if target < 2 else 'NO'})\n"
    )

    print("## 2. Peer: pygambit lcp_solve on the same kind of trees\n")
    # Gambit's time grows steeply: one run at 400 nodes took about 6 minutes.
    print(gambit_section([25, 50, 100] if quick else [25, 50, 100, 200], limit=20))
    print()

    print("## 3. Symbolic: the ceasefire tree\n")
    text, worst = sequence_section(100_000 if quick else 1_000_000)
    print(text)
    print(
        f"\nsymbolic SPE of the ceasefire tree: worst {seconds(worst)} (target < 2 s: "
        f"{'yes' if worst < 2 else 'NO'})\n"
    )

    print("## 4. Growth of the symbolic solution\n")
    print(
        growth_section(
            [1, 2, 4] if quick else [1, 2, 4, 8], [10, 30] if quick else [10, 30, 60, 100]
        )
    )


if __name__ == "__main__":
    main()
