"""Every bundled model's symbolic solutions, written down so that a faster solver can be checked
to give the same answer (issue 19 item 5: the cold solve made faster without losing exactness).

For each model in ``models/``, each of its games and each solution concept with a symbolic
solver for the game's kind, :func:`solution_record` lists the solution's pieces (strategies,
payoffs, conditions, singular factors, supports, outcome probabilities, each as sympy prints
it, and it prints different expression trees differently: ``2*(L + 1)`` is not ``2*L + 2``),
its tie surfaces, the conditions as the reports print them and every parameter's thresholds
at the baseline. The solver is called
directly, never through the solution cache.

``python tests/data/solution_reference.py`` (from the project root) rewrites
``tests/data/solution_reference.json``; the file in the repository was written at commit
5f92377, before the change, and ``tests/test_solution_reference.py`` compares against it. One
deliberate change since: the outcome probabilities of Nash equilibria of trees whose chance
moves mix outcomes (beer_quiche, ceasefire_sequence), empty at 5f92377, were added to those
entries alone once the trees' equilibria carried them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).with_suffix(".json")


def solved_games(root: Path = ROOT):
    """(model name, game name, concept, model, game) for every symbolic solve of the bundled
    models, in a fixed order."""
    import bargaining.analysis.parametric  # noqa: F401  (registers the symbolic solvers)
    from bargaining.model import load_model
    from bargaining.solvers.concepts import concept_names, solution_concept

    for path in sorted((root / "models").glob("*.toml")):
        model = load_model(path)
        for name, game in model.games.items():
            for concept in concept_names(type(game)):
                if solution_concept(game, concept).parametric is not None:
                    yield path.stem, name, concept, model, game


def solution_record(model, game, concept: str, *, thresholds: bool = True) -> dict:
    """The solution of ``game`` under ``concept``, solved afresh, as comparable text (without
    the thresholds, which take most of the time, when ``thresholds`` is False)."""
    from bargaining.errors import GameError
    from bargaining.solvers.concepts import solution_concept

    solve = solution_concept(game, concept).parametric
    try:
        solution = solve(game, model.parameters)
    except GameError as error:  # a concept the game does not admit (imperfect information)
        return {"error": str(error)}
    text = str
    pieces = [
        {
            "strategies": [[text(p) for p in vector] for vector in piece.strategies],
            "payoffs": [text(p) for p in piece.payoffs],
            "conditions": [text(c) for c in piece.conditions],
            "singular": [text(s) for s in piece.singular],
            "supports": [list(s) for s in piece.supports],
            "outcomes": [[name, text(p)] for name, p in piece.outcome_probabilities],
            "described": solution.describe_conditions(piece),
        }
        for piece in solution.pieces
    ]
    record = {
        "pieces": pieces,
        "ties": [[text(e) for e in tie.expressions] for tie in solution.ties],
        "complete": solution.complete,
    }
    if thresholds:
        record["thresholds"] = {
            name: [[text(t.value), t.change] for t in solution.thresholds(name)]
            for name in model.parameters.names
        }
    return record


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import time

    records = {}
    for model_name, game_name, concept, model, game in solved_games():
        start = time.process_time()
        records[f"{model_name}/{game_name}/{concept}"] = solution_record(model, game, concept)
        print(f"{model_name}/{game_name}/{concept}: {time.process_time() - start:.2f} CPU-s")
    OUTPUT.write_text(json.dumps(records, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(records)} solutions to {OUTPUT}")


if __name__ == "__main__":
    main()
